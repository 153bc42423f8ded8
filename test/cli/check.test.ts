import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, tempDir, write, removeTempDirs } from './run.js';
import { HEADER, cohortCsv, cohortRows } from './fixtures.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

interface Group {
  la_code: string | null;
  rows: number;
  valid_rows: number;
  invalid_rows: number;
  feasible: boolean | null;
  valid_samples: string | null;
  short: string | null;
  supply: Record<string, number | Record<string, number>>;
}

describe('check', () => {
  const dir = tempDir();
  const cohort = write(dir, 'cohort.csv', cohortCsv());

  it('reports the file, coverage and a verdict with the exact count (exit 0)', () => {
    const run = cli(['check', cohort]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('24 rows · 24 valid · 0 invalid');
    expect(run.stdout).toMatch(/need_area\s+cases\s+%/);
    expect(run.stdout).toMatch(/✓ The cohort can meet the rules: [\d,]+ valid samples of 6/);
    const json = JSON.parse(cli(['check', cohort, '--json']).stdout);
    expect(json).toMatchObject({ feasible: true, refused: false, cohort: { rows: 24, valid: 24 }, coverage: { cases: 24, alternative_provision: { yes: 5, no: 19 } } });
    const draw = JSON.parse(cli(['draw', cohort, '--json']).stdout);
    expect(json.valid_samples).toBe(draw.valid_samples);
  });

  it('exits 1 with the explanation when the cohort cannot meet the rules', () => {
    const run = cli(['check', write(dir, 'no-ap.csv', cohortCsv({ ap: false }))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ No valid sample.');
    expect(run.stdout).toMatch(/alternative-provision/);
  });

  it('lists invalid rows grouped by kind and exits 2 without --skip-invalid; with it, judges the rest', () => {
    const rows = cohortRows();
    rows[2] = rows[2]!.replace(/^C003,12,/, 'C003,31,');
    rows[3] = rows[3]!.replace(/^C004,17,/, 'C004,40,');
    const file = write(dir, 'invalid.csv', [HEADER, ...rows].join('\n') + '\n');
    const refused = cli(['check', file]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('value · age: 2 rows');
    expect(refused.stdout).toContain("line 5, age: '40'");
    expect(refused.stdout).toContain('No verdict');
    expect(refused.stderr).toMatch(/^error: .*invalid\.csv has 2 invalid rows .*--skip-invalid/);
    const json = cli(['check', file, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ refused: true, feasible: null, problems: { invalid_rows: [{ line: 4 }, { line: 5 }] } });
    const skipped = cli(['check', file, '--skip-invalid']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('2 invalid rows left out (--skip-invalid)');
  });

  describe('--by la_code', () => {
    // E02 holds no case in alternative provision: it alone cannot meet the rules.
    const laCode = (i: number) => (i % 5 === 0 || i < 12 ? 'E01' : 'E02');
    const split = write(dir, 'areas.csv', cohortCsv({ laCode }));

    it('gives one verdict per value, exit 1 when any group cannot meet the rules', () => {
      const run = cli(['check', split, '--by', 'la_code', '--json']);
      expect(run.code).toBe(1);
      const json = JSON.parse(run.stdout) as { by: string; feasible: boolean; groups: Group[] };
      expect(json.by).toBe('la_code');
      expect(json.feasible).toBe(false);
      expect(json.groups.map((g) => [g.la_code, g.feasible])).toEqual([['E01', true], ['E02', false]]);
      expect(json.groups[1]!.short).toBe('alternative-provision: 0 cases (needs 1)');
      const text = cli(['check', split, '--by', 'la_code']);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/E01\s+\d+\s+✓/);
      expect(text.stdout).toMatch(/E02\s+\d+\s+✗\s+0/);
      expect(text.stdout).toContain('1 of 2 groups by la_code cannot meet the rules');
    });

    it('counts each group exactly as a file holding that group alone', () => {
      const json = JSON.parse(cli(['check', split, '--by', 'la_code', '--json']).stdout) as { groups: Group[] };
      const rows = cohortRows({ laCode });
      const alone = write(dir, 'e01.csv', [HEADER, ...rows.filter((r) => r.endsWith(',E01'))].join('\n') + '\n');
      const single = JSON.parse(cli(['check', alone, '--json']).stdout);
      expect(json.groups[0]!.valid_samples).toBe(single.valid_samples);
      expect(json.groups[0]!.valid_rows).toBe(single.cohort.valid);
    });

    it('exits 0 when every group can meet the rules', () => {
      const run = cli(['check', cohort, '--by', 'la_code']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('every la_code can meet the rules (2 groups)');
    });

    it('refuses a column the cohort does not have', () => {
      const run = cli(['check', cohort, '--by', 'postcode_district']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--by postcode_district is not a column');
    });

    it('checks --by against the header before reading the rows, with the nearest column', () => {
      // Row 2 would stop the read (a case_id shaped like a UPN): the --by error must come first.
      const rows = cohortRows();
      rows[1] = rows[1]!.replace(/^C002,/, 'A123456789012,');
      const file = write(dir, 'upn.csv', [HEADER, ...rows].join('\n') + '\n');
      expect(cli(['check', file]).stderr).toMatch(/UPN/);
      const run = cli(['check', file, '--by', 'la_cdoe']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--by la_cdoe is not a column of");
      expect(run.stderr).toContain("did you mean 'la_code'?");
      expect(run.stderr).not.toMatch(/UPN/);
    });
  });
});
