/**
 * Crashes and wrong exit codes: what used to end in exit 70 (a stack overflow) or a puzzling
 * message now ends in a clear one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../cli/args.js';
import { table } from '../../src/report/table.js';
import { style } from '../../src/report/style.js';
import { ROOT } from '../cli/run.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('no spread of an unbounded array', () => {
  it('a table of 300,000 rows renders (Math.max(...rows) overflowed the stack: exit 70)', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [`rule-${i}`, 'x'.repeat(i % 50)]);
    const text = table([{ header: 'rule' }, { header: 'description' }], rows, style(false));
    expect(text.split('\n')).toHaveLength(300_002);
  });

  it('no Math.max(...xs) or Math.min(...xs) anywhere in src/ or cli/', () => {
    const found = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'cli'))].filter((f) => /Math\.(max|min)\((?:[^()]*,\s*)?\.\.\./.test(readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});

describe('a value starting with a dash', () => {
  it.each([['--pin', '-1'], ['--reserves', '-1']])('%s %s says to write %s=%s', (option, value) => {
    expect(() => parseCommandLine(['draw', 'c.csv', option, value])).toThrow(`${option} ${value}: a value starting with '-' reads as an option; write ${option}=${value}`);
  });
});
