import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeTempDirs, tempDir, write } from './run.js';
import { cohortCsv } from './fixtures.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

interface Json {
  feasible: boolean;
  relaxed: boolean;
  relaxation: { id: string; field: string; from: unknown; to: unknown; why: string }[];
  picks: { case_id: string; setting: string; sen_status: string }[];
  rule_results: { id: string; satisfied: boolean }[];
  valid_samples: string;
  explanation: unknown;
}

describe('draw --relax', () => {
  const dir = tempDir();
  const noAp = write(dir, 'no-ap.csv', cohortCsv({ ap: false }));
  const withAp = write(dir, 'cohort.csv', cohortCsv());

  it('on a cohort with no case in alternative provision, draws a sample meeting every other rule and says what gave way', () => {
    const run = cli(['draw', noAp, '--relax', '--seed', 'r1']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    // The report starts (after its title) with what gave way and why.
    expect(lines[2]).toMatch(/^Rules eased/);
    expect(lines[3]).toBe('  - alternative-provision eased from at least 1 to 0: the cohort has no case in alternative provision');
    expect(run.stdout).toMatch(/✓\s+need-areas/);
    expect(run.stdout).toMatch(/✓\s+alternative-provision \(eased\)/);
    expect(run.stdout).not.toMatch(/✗/);
    expect(run.stdout).toContain('--relax');
  });

  it('--json keeps feasible false, with relaxed and the relaxation, and every rule satisfied under it', () => {
    const run = cli(['draw', noAp, '--relax', '--seed', 'r1', '--json']);
    expect(run.code).toBe(0);
    const d = JSON.parse(run.stdout) as Json;
    expect(d.feasible).toBe(false);
    expect(d.relaxed).toBe(true);
    expect(d.relaxation).toEqual([{ id: 'alternative-provision', field: 'atLeast', from: 1, to: 0, why: 'the cohort has no case in alternative provision' }]);
    expect(d.picks).toHaveLength(6);
    expect(d.rule_results.every((r) => r.satisfied)).toBe(true);
    expect(BigInt(d.valid_samples)).toBeGreaterThan(0n);
    // Why the rules as given fail is still said, apart from what was done about it.
    expect(d.explanation).toMatchObject({ conflicts: [['alternative-provision']] });
    // The same draw without --relax: no sample, exit 1, and nothing relaxed.
    const plain = cli(['draw', noAp, '--seed', 'r1', '--json']);
    expect(plain.code).toBe(1);
    expect(JSON.parse(plain.stdout)).toMatchObject({ feasible: false, relaxed: false, relaxation: [], picks: [] });
  });

  it('changes nothing on a cohort that meets every rule: the same picks and count as without it', () => {
    const relaxed = JSON.parse(cli(['draw', withAp, '--relax', '--seed', 's', '--json']).stdout) as Json;
    const plain = JSON.parse(cli(['draw', withAp, '--seed', 's', '--json']).stdout) as Json;
    expect(relaxed).toMatchObject({ feasible: true, relaxed: false, relaxation: [] });
    expect(relaxed.picks).toEqual(plain.picks);
    expect(relaxed.valid_samples).toBe(plain.valid_samples);
  });

  it('exits 1 when no sample exists even eased (the alternative provision rule made hard)', () => {
    const rules = JSON.parse(cli(['rules']).stdout) as { rules: { id: string; hard: boolean }[] };
    rules.rules.find((r) => r.id === 'alternative-provision')!.hard = true;
    const path = write(dir, 'hard-ap.json', JSON.stringify(rules));
    const run = cli(['draw', noAp, '--relax', '--rules', path, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ feasible: false, relaxed: false, relaxation: [] });
  });

  it('the audit record holds the relaxation, and its rerun command draws the same sample again', () => {
    const out = join(dir, 'sample.csv');
    const run = cli(['draw', noAp, '--relax', '--seed', 'a1', '--out', out]);
    expect(run.code).toBe(0);
    const audit = JSON.parse(readFileSync(join(dir, 'sample.audit.json'), 'utf8')) as Record<string, unknown>;
    expect(audit).toMatchObject({ relaxed: true, relaxation: [{ id: 'alternative-provision', field: 'atLeast', from: 1, to: 0 }] });
    expect((audit.rules_file_in_force as { rules: { id: string; atLeast?: number }[] }).rules.find((r) => r.id === 'alternative-provision')!.atLeast).toBe(0);
    expect(audit.rerun).toContain('--relax');
    const first = JSON.parse(cli(['draw', noAp, '--relax', '--seed', 'a1', '--json']).stdout) as Json;
    const args = (audit.rerun as string).split(' ').slice(2);
    const again = JSON.parse(cli(['draw', ...args, '--json']).stdout) as Json;
    expect(again.picks).toEqual(first.picks);
  });
});

describe('--exclude-file', () => {
  const dir = tempDir();
  const cohort = write(dir, 'cohort.csv', cohortCsv());

  it('excludes the case_ids a file lists one a line, and lists those the cohort lacks without failing', () => {
    const ids = write(dir, 'seen.txt', 'C001\nC002\r\n\nZZZ9\n');
    const run = cli(['draw', cohort, '--exclude-file', ids, '--seed', 'e', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: ${ids} lists 1 case_id that is not in the cohort (nothing to exclude for them): ZZZ9`);
    const d = JSON.parse(run.stdout) as Json & { reserves: { case_id: string }[] };
    const drawn = [...d.picks, ...d.reserves].map((p) => p.case_id);
    expect(drawn).not.toContain('C001');
    expect(drawn).not.toContain('C002');
  });

  it('reads a CSV with a case_id column (a past sample file), and excludes every case it names', () => {
    const first = JSON.parse(cli(['draw', cohort, '--seed', 'x', '--json']).stdout) as Json;
    const past = write(dir, 'past.csv', `role,Case ID,age\n${first.picks.map((p) => `pick,${p.case_id},9`).join('\n')}\n`);
    const again = JSON.parse(cli(['draw', cohort, '--exclude-file', past, '--seed', 'x', '--json']).stdout) as Json;
    for (const p of again.picks) expect(first.picks.map((q) => q.case_id)).not.toContain(p.case_id);
  });

  it('refuses a CSV with no case_id column, a missing file, and the file as --out (exit 2)', () => {
    const wide = write(dir, 'wide.csv', 'a,b\n1,2\n');
    expect(cli(['draw', cohort, '--exclude-file', wide]).stderr).toMatch(/wide\.csv: has several columns but no case_id column/);
    const missing = cli(['draw', cohort, '--exclude-file', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.txt: does not exist/);
    const ids = write(dir, 'ids.txt', 'C001\n');
    expect(cli(['draw', cohort, '--exclude-file', ids, '--out', ids]).code).toBe(2);
  });
});

describe('check and odds --relax', () => {
  const dir = tempDir();
  const noAp = write(dir, 'no-ap.csv', cohortCsv({ ap: false }));
  // E01 has no case in alternative provision; E02 has them all.
  const areas = write(dir, 'areas.csv', cohortCsv({ laCode: (i) => (i % 5 === 0 || i >= 12 ? 'E02' : 'E01') }));

  it('check --relax: exit 0 with the relaxation and the count under it; without it, exit 1', () => {
    const run = cli(['check', noAp, '--relax', '--json']);
    expect(run.code).toBe(0);
    const d = JSON.parse(run.stdout) as Json;
    expect(d).toMatchObject({ feasible: false, relaxed: true, relaxation: [{ id: 'alternative-provision', field: 'atLeast', from: 1, to: 0 }] });
    expect(BigInt(d.valid_samples)).toBeGreaterThan(0n);
    // The explanation of the rules as given stays, apart from what was eased.
    expect(d.explanation).not.toBeNull();
    expect(cli(['check', noAp, '--json']).code).toBe(1);
    expect(cli(['check', noAp, '--relax']).stdout).toContain('alternative-provision eased from at least 1 to 0: the cohort has no case in alternative provision');
  });

  it('check --by --relax gives each group its own relaxation, and exits 0 when every group can give a sample', () => {
    const run = cli(['check', areas, '--by', 'la_code', '--relax', '--json']);
    expect(run.code).toBe(0);
    const d = JSON.parse(run.stdout) as { feasible: boolean; relaxed: boolean; groups: (Json & { la_code: string })[] };
    expect(d).toMatchObject({ feasible: false, relaxed: true });
    const byKey = new Map(d.groups.map((g) => [g.la_code, g]));
    expect(byKey.get('E01')).toMatchObject({ feasible: false, relaxed: true, relaxation: [{ id: 'alternative-provision', to: 0 }] });
    expect(BigInt(byKey.get('E01')!.valid_samples)).toBeGreaterThan(0n);
    expect(byKey.get('E02')).toMatchObject({ relaxed: false, relaxation: [] });
    expect(cli(['check', areas, '--by', 'la_code']).code).toBe(1);
    // check --out: each group's row carries its relaxation as well.
    const out = join(dir, 'groups.csv');
    expect(cli(['check', areas, '--by', 'la_code', '--relax', '--out', out]).code).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    const e01 = rows.find((r) => r.la_code === 'E01')!;
    expect(e01.relaxed).toBe('yes');
    expect(JSON.parse(e01.relaxation!)).toMatchObject([{ id: 'alternative-provision', field: 'atLeast', from: 1, to: 0 }]);
  });

  it('odds --relax gives chances under the eased rules, and says what gave way', () => {
    const run = cli(['odds', noAp, '--relax', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ feasible: false, relaxed: true, relaxation: [{ id: 'alternative-provision' }] });
    expect(cli(['odds', noAp]).code).toBe(1);
    expect(cli(['odds', noAp, '--relax']).stdout).toMatch(/^Rules eased/m);
  });
});
