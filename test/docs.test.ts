import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KEY_COMMANDS } from '../cli/review/keymap.js';
import { CANONICAL_COLUMNS, COLUMN_ALIASES } from '../src/cohort/columns.js';
import { HANDBOOK_RULES } from '../src/rules/defaults.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DESIGN = readFileSync(join(ROOT, 'docs/design.md'), 'utf8');

/** Repository paths a page names in code spans, and where its relative links point. */
function namedPaths(page: string, text: string): string[] {
  const spans = [...text.matchAll(/`((?:src|cli|test|docs|samples)\/[^`\s]*)`/g)].map((m) => m[1]!);
  const links = [...text.matchAll(/\]\((?!https?:|#)([^)#\s]+)/g)].map((m) => join(dirname(page), m[1]!));
  return [...spans, ...links];
}

describe('docs/design.md', () => {
  it('names only paths that exist', () => {
    const paths = namedPaths('docs/design.md', DESIGN);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('lists every handbook rule, every column with all its aliases, and every key action', () => {
    for (const rule of HANDBOOK_RULES.rules) expect(DESIGN).toContain(`| \`${rule.id}\` |`);
    for (const column of CANONICAL_COLUMNS) {
      const aliases = COLUMN_ALIASES[column].map((a) => `\`${a}\``).join(', ') || '–';
      expect(DESIGN).toContain(`| \`${column}\` | ${aliases} |`);
    }
    const actions = new Set(
      KEY_COMMANDS.flatMap((c) => c.bindings.map((b) => b.command({ input: '1', text: 'a', page: 1 })?.type)),
    );
    for (const action of actions) expect(DESIGN).toContain(`\`${action}\``);
  });
});

describe('the repository', () => {
  it('links only to files it holds (README.md and docs/)', () => {
    const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const missing = pages.flatMap((page) =>
      namedPaths(page, readFileSync(join(ROOT, page), 'utf8'))
        .filter((p) => !p.includes('*') && !existsSync(join(ROOT, p)))
        .map((p) => `${page}: ${p}`),
    );
    expect(missing).toEqual([]);
  });

  it('refers to no notes kept outside it', () => {
    let files: string[];
    try {
      files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch {
      return; // not a git checkout (an unpacked package): nothing to check
    }
    // Built from parts so that this file does not match itself.
    const outside = new RegExp(['shared', '/'].join('') + '|' + ['DESIGN', 'DOMAIN', 'STYLE'].map((n) => `\\b${n}\\.md`).join('|'));
    const found = files
      .filter((f) => existsSync(join(ROOT, f)) && !f.endsWith('.csv'))
      .filter((f) => outside.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });
});
