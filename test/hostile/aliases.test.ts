/**
 * An output that is an input under another name: `draw latest.csv --out cohort.csv` where
 * latest.csv links to cohort.csv, through a symlinked folder, or a hard link. Every such
 * command is refused (exit 2) and the input stays as it was.
 */
import { linkSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortCsv } from '../cli/fixtures.js';
import { cli, ensureBuilt, removeTempDirs, tempDir, write } from '../cli/run.js';

beforeAll(ensureBuilt, 600_000);
afterAll(removeTempDirs);

describe('an output that is an input under another name', () => {
  const text = cohortCsv();
  const rules = JSON.stringify({ size: 6 });

  it.each([
    ['draw through a symlink to the cohort', (d: string) => (symlinkSync('cohort.csv', join(d, 'latest.csv')), ['draw', 'latest.csv', '--out', 'cohort.csv'])],
    ['draw onto a symlink to the cohort', (d: string) => (symlinkSync('cohort.csv', join(d, 'latest.csv')), ['draw', 'cohort.csv', '--out', 'latest.csv'])],
    ['draw through a symlinked folder', (d: string) => (symlinkSync('.', join(d, 'here')), ['draw', 'here/cohort.csv', '--out', 'cohort.csv'])],
    ['draw onto a hard link to the cohort', (d: string) => (linkSync(join(d, 'cohort.csv'), join(d, 'hard.csv')), ['draw', 'cohort.csv', '--out', 'hard.csv'])],
    ['draw whose audit would be the rules file', (d: string) => (write(d, 'x.audit.json', rules), ['draw', 'cohort.csv', '--rules', 'x.audit.json', '--out', 'x.csv'])],
    ['odds onto a symlink to the cohort', (d: string) => (symlinkSync('cohort.csv', join(d, 'latest.csv')), ['odds', 'cohort.csv', '--out', 'latest.csv'])],
    [
      'odds onto the mapping through a symlinked folder',
      (d: string) => (mkdirSync(join(d, 'sub')), symlinkSync('..', join(d, 'sub', 'up')), write(d, 'map.json', '{}'), ['odds', 'cohort.csv', '--map', 'map.json', '--out', 'sub/up/map.json']),
    ],
  ])('%s: refused, exit 2, the input untouched', (_, setUp) => {
    const dir = tempDir();
    write(dir, 'cohort.csv', text);
    const args = setUp(dir);
    const before = (name: string) => readFileSync(join(dir, name), 'utf8');
    const inputs = ['cohort.csv', 'x.audit.json', 'map.json'].filter((n) => args.includes(n) || n === 'cohort.csv');
    const was = Object.fromEntries(inputs.map((n) => [n, before(n)]));
    const run = cli([...args, '--seed', 's'].filter((a) => args[0] === 'draw' || a !== '--seed' && a !== 's'), { cwd: dir });
    expect(run.stderr).toMatch(/^error: .* is one of the input files/m);
    expect(run.code).toBe(2);
    for (const n of inputs) expect(before(n)).toBe(was[n]);
  });
});
