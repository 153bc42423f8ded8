import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { STACK, cli, ensureBuilt, tempDir, write, removeTempDirs } from './run.js';
import { HEADER, cohortCsv, cohortRows } from './fixtures.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const oneLine = (text: string) => text.trim().split('\n').length === 1;

describe('input problems exit 2 with a clear message, never a stack trace', () => {
  const dir = tempDir();

  it('a missing cohort file', () => {
    const run = cli(['draw', join(dir, 'nope.csv')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: ${join(dir, 'nope.csv')} does not exist\n`);
    expect(run.stderr).not.toMatch(STACK);
  });

  it('invalid rows are refused, listed by line; --skip-invalid leaves them out and says which', () => {
    const rows = cohortRows();
    rows[2] = rows[2]!.replace(/^C003,12,/, 'C003,31,');
    rows[7] = rows[7]!.replace(',mainstream,', ',spaceship,');
    const file = write(dir, 'invalid.csv', [HEADER, ...rows].join('\n') + '\n');

    const refused = cli(['draw', file, '--seed', 's']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^error: .*invalid\.csv has 2 problems in 2 rows; fix them, or use --skip-invalid/);
    expect(refused.stderr).toContain('line 4, age');
    expect(refused.stderr).toContain('line 9, setting');
    expect(refused.stderr).not.toMatch(STACK);

    const skipped = cli(['draw', file, '--seed', 's', '--skip-invalid', '--json']);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('left out 2 invalid rows (--skip-invalid): lines 4, 9');
    const d = JSON.parse(skipped.stdout);
    expect(d.cohort).toMatchObject({ rows: 24, valid: 22, skipped: 2 });
    expect(d.picks.map((p: { case_id: string }) => p.case_id)).not.toContain('C003');
  });

  it('an identifier column is refused; --allow-identifiers withholds it from stdout and every file', () => {
    const nhs = (i: number) => `943 476 ${String(5900 + i)}`;
    const rows = cohortRows().map((r, i) => `${r},${nhs(i)}`);
    const file = write(dir, 'ids.csv', [`${HEADER},NHS number`, ...rows].join('\n') + '\n');

    const refused = cli(['draw', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/NHS number/);
    expect(refused.stderr).toContain('--allow-identifiers');
    expect(refused.stderr).not.toContain(nhs(0));

    const out = join(dir, 'ids-sample.csv');
    const text = cli(['draw', file, '--seed', 's', '--allow-identifiers', '--out', out]);
    expect(text.code).toBe(0);
    const json = cli(['draw', file, '--seed', 's', '--allow-identifiers', '--json']);
    expect(json.code).toBe(0);
    const check = cli(['check', file, '--allow-identifiers', '--json']);
    expect(check.code).toBe(0);
    const written = readFileSync(out, 'utf8') + readFileSync(join(dir, 'ids-sample.audit.json'), 'utf8');
    for (const output of [text.stdout, text.stderr, json.stdout, check.stdout, written]) {
      for (let i = 0; i < 24; i++) expect(output).not.toContain(nhs(i));
      expect(output).not.toMatch(/943 476/);
    }
    expect(JSON.parse(check.stdout).cohort.columns.withheld).toEqual(['NHS number']);
  });

  it('a rules file that is not valid names the file and what is wrong', () => {
    const bad = write(dir, 'bad-rules.json', JSON.stringify({ size: 6, rules: [{ id: 'x', kind: 'at-least', column: 'setting', values: ['ap'], atLeast: -1 }] }));
    const cohort = write(dir, 'cohort.csv', cohortCsv());
    const run = cli(['draw', cohort, '--rules', bad]);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe(true);
    expect(run.stderr).toContain(bad);
    expect(run.stderr).toContain('atLeast');

    const missing = cli(['draw', cohort, '--rules', join(dir, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(join(dir, 'none.json'));
    expect(oneLine(missing.stderr)).toBe(true);

    const notJson = cli(['check', cohort, '--rules', write(dir, 'x.json', '{size: 6')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/x\.json: not valid JSON/);
    expect(notJson.stderr).not.toMatch(STACK);
  });

  it('extra columns reach the rules and --by that name them, while the reader drops the rest', () => {
    const rows = cohortRows().map((r, i) => `${r},${i % 3 === 0 ? 'Blue' : i % 3 === 1 ? 'Red' : 'Green'},note ${i},${i < 12 ? 'east' : 'west'}`);
    const cohort = write(dir, 'wide.csv', [`${HEADER},Team,Notes,Patch`, ...rows].join('\n') + '\n');
    const rules = write(dir, 'team-spread.json', JSON.stringify({ ...HANDBOOK_RULES, rules: [...HANDBOOK_RULES.rules, { id: 'teams', kind: 'spread', column: 'team', distinct: 3 }] }));
    const drawn = cli(['draw', cohort, '--rules', rules, '--seed', 's', '--json']);
    expect(drawn.code).toBe(0);
    const picks = (JSON.parse(drawn.stdout) as { picks: { extra?: Record<string, string> }[] }).picks;
    expect(new Set(picks.map((p) => p.extra?.Team)).size).toBe(3);
    expect(picks.every((p) => Object.keys(p.extra ?? {}).join() === 'Team')).toBe(true);
    const grouped = cli(['check', cohort, '--by', 'patch', '--json']);
    expect(grouped.code).toBe(0);
    const groups = (JSON.parse(grouped.stdout) as { groups: { Patch: string; rows: number }[] }).groups;
    expect(groups.map((g) => [g.Patch, g.rows])).toEqual([['east', 12], ['west', 12]]);
  });

  it('a rule over a column the cohort lacks is refused', () => {
    const rules = write(dir, 'team-rules.json', JSON.stringify({ ...HANDBOOK_RULES, rules: [{ id: 'team-spread', kind: 'spread', column: 'team', distinct: 2 }] }));
    const run = cli(['draw', write(dir, 'c.csv', cohortCsv()), '--rules', rules]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"team" is not a column of the cohort');
  });
});

describe('the command line', () => {
  const dir = tempDir();
  const cohort = write(dir, 'cohort.csv', cohortCsv());

  it.each([
    [['draw', cohort, '--sede', '1'], "unknown option '--sede'; did you mean '--seed'?"],
    [['drow', cohort], "unknown command 'drow'; did you mean 'draw'?"],
    [['draw'], 'draw needs a cohort file'],
    [['check', cohort, '--seed', '1'], '--seed does not apply to check'],
    [['draw', cohort, '--size', '0'], '--size must be from 1 to 20'],
    [['draw', cohort, '--reserves', 'many'], '--reserves must be a whole number'],
    [['draw', cohort, '--seed'], '--seed needs a value'],
    [['draw', cohort, 'other.csv'], "unexpected argument 'other.csv'"],
  ])('%j is a usage error in one line (exit 2)', (args, message) => {
    const run = cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toBe(true);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('--help');
  });

  it('with no arguments, prints the usage on stderr (exit 2)', () => {
    const run = cli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: tracking-sampler');
  });
});
