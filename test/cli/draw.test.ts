import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, STACK, cli, ensureBuilt, tempDir, write, removeTempDirs } from './run.js';
import { cohortCsv } from './fixtures.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

interface DrawJson {
  feasible: boolean;
  seed: string;
  size: number;
  cohort: { file: string; rows: number; sha256: string };
  picks: { case_id: string; covers: string[]; pinned: boolean; age_band: string }[];
  reserves: { case_id: string; replaces: string[] }[];
  rule_results: { id: string; description: string; satisfied: boolean }[];
  valid_samples: string;
  explanation: { summary: string; conflicts: string[][] } | null;
}

function drawJson(args: string[], cwd?: string): DrawJson {
  const run = cli(['draw', ...args, '--json'], { cwd });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as DrawJson;
}

const ids = (d: DrawJson) => d.picks.map((p) => p.case_id);

describe('draw', () => {
  const dir = tempDir();
  const cohort = write(dir, 'cohort.csv', cohortCsv());

  it('draws six picks, printing the seed and the number of valid samples (exit 0)', () => {
    const run = cli(['draw', cohort, '--seed', 'ofsted']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Seed ofsted');
    expect(run.stdout).toMatch(/[\d,]+ valid samples/);
    expect(run.stdout).toMatch(/✓\s+need-areas/);
    expect(run.stdout).not.toMatch(/\u001b\[/);
    expect(run.stderr).toBe('');
  });

  it('prints a fresh seed when none is given, and that seed draws the same sample again', () => {
    const first = drawJson([cohort]);
    expect(first.seed).toMatch(/^\S+$/);
    expect(ids(drawJson([cohort, '--seed', first.seed]))).toEqual(ids(first));
  });

  it('--json carries the fields the README names', () => {
    const d = drawJson([cohort, '--seed', 's1']);
    expect(d).toMatchObject({ feasible: true, seed: 's1', size: 6, explanation: null });
    expect(d.cohort).toMatchObject({ file: cohort, rows: 24 });
    expect(d.cohort.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(d.picks).toHaveLength(6);
    expect(d.valid_samples).toMatch(/^[1-9]\d*$/);
    expect(d.rule_results.every((r) => r.satisfied)).toBe(true);
    expect(d.reserves.length).toBe(6);
    for (const r of d.reserves) for (const id of r.replaces) expect(ids(d)).toContain(id);
  });

  it('same seed, same picks; the seed matters', () => {
    const a = drawJson([cohort, '--seed', 'same']);
    const b = drawJson([cohort, '--seed', 'same']);
    expect(ids(b)).toEqual(ids(a));
    expect(b.reserves).toEqual(a.reserves);
    const others = ['x1', 'x2', 'x3', 'x4'].map((s) => ids(drawJson([cohort, '--seed', s])).join());
    expect(others.some((o) => o !== ids(a).join())).toBe(true);
  });

  it('--size overrides the rules size', () => {
    expect(drawJson([cohort, '--seed', 's', '--size', '7']).picks).toHaveLength(7);
  });

  it('honours --pin and --exclude (repeatable or comma-separated)', () => {
    for (const seed of ['p1', 'p2', 'p3']) {
      const d = drawJson([cohort, '--seed', seed, '--pin', 'C002', '--pin', 'C008', '--exclude', 'C001,C006,C011']);
      expect(ids(d)).toEqual(expect.arrayContaining(['C002', 'C008']));
      expect(d.picks.filter((p) => p.pinned).map((p) => p.case_id).sort()).toEqual(['C002', 'C008']);
      const all = [...ids(d), ...d.reserves.map((r) => r.case_id)];
      for (const excluded of ['C001', 'C006', 'C011']) expect(all).not.toContain(excluded);
    }
  });

  it('refuses an unknown pin in one line (exit 2)', () => {
    const run = cli(['draw', cohort, '--pin', 'NOPE']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--pin NOPE');
  });

  it('reads the cohort from stdin with -', () => {
    const run = cli(['draw', '-', '--seed', 'pipe', '--json'], { input: cohortCsv() });
    expect(run.code).toBe(0);
    const d = JSON.parse(run.stdout) as DrawJson;
    expect(d.cohort.file).toBe('stdin');
    expect(ids(d)).toEqual(ids(drawJson([cohort, '--seed', 'pipe'])));
  });

  it('exits 1 with the explanation when no valid sample exists, writing nothing', () => {
    const none = write(dir, 'no-ap.csv', cohortCsv({ ap: false }));
    const out = join(dir, 'none.csv');
    const run = cli(['draw', none, '--seed', 's', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ No valid sample.');
    expect(run.stdout).toMatch(/alternative-provision/);
    expect(run.stdout).toContain('What would make a sample possible');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'none.audit.json'))).toBe(false);
    const json = cli(['draw', none, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ feasible: false, valid_samples: '0', picks: [] });
    expect(JSON.parse(json.stdout).explanation.conflicts).toContainEqual(['alternative-provision']);
  });
});

describe('draw --out', () => {
  it('writes the sample CSV and its audit record, whose rerun command draws the same picks', () => {
    const dir = tempDir();
    write(dir, 'cohort.csv', cohortCsv());
    const run = cli(['draw', 'cohort.csv', '--seed', 'audit', '--pin', 'C004', '--reserves', '3', '--out', 'sample.csv'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('wrote sample.csv and sample.audit.json');
    expect(readdirSync(dir).sort()).toEqual(['cohort.csv', 'sample.audit.json', 'sample.csv']);

    const rows = parse(readFileSync(join(dir, 'sample.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.role)).toEqual([...Array(6).fill('pick'), ...Array(3).fill('reserve')]);
    expect(rows.find((r) => r.case_id === 'C004')).toMatchObject({ role: 'pick', pinned: 'yes' });

    const audit = JSON.parse(readFileSync(join(dir, 'sample.audit.json'), 'utf8'));
    expect(audit).toMatchObject({ seed: 'audit', cohort: { file: 'cohort.csv', rows: 24 }, options: { pinned: ['C004'], reserves: 3 } });
    expect(audit.picks.map((p: { case_id: string }) => p.case_id)).toEqual(rows.slice(0, 6).map((r) => r.case_id));

    const [tool, ...args] = (audit.rerun as string).split(' ');
    expect(tool).toBe('tracking-sampler');
    const again = cli([...args, '--json'], { cwd: dir });
    expect(again.code).toBe(0);
    const d = JSON.parse(again.stdout) as DrawJson;
    expect(ids(d)).toEqual(audit.picks.map((p: { case_id: string }) => p.case_id));
    expect(d.reserves.map((r) => r.case_id)).toEqual(audit.reserves.map((r: { case_id: string }) => r.case_id));
  });

  it('fails in one line, writing nothing, when the folder does not exist', () => {
    const dir = tempDir();
    write(dir, 'cohort.csv', cohortCsv());
    const run = cli(['draw', 'cohort.csv', '--out', 'missing/sample.csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: cannot write missing\/sample.csv: the folder missing does not exist; nothing was written\n$/);
    expect(run.stderr).not.toMatch(STACK);
  });
});

describe('samples/cohort.csv end to end', () => {
  const sample = join(ROOT, 'samples/cohort.csv');
  it.skipIf(!existsSync(sample))('draws a valid sample of six, the same for the same seed', () => {
    const a = drawJson([sample, '--seed', 'inspection-2025']);
    expect(a.picks).toHaveLength(6);
    expect(a.rule_results.every((r) => r.satisfied)).toBe(true);
    expect(ids(drawJson([sample, '--seed', 'inspection-2025']))).toEqual(ids(a));
    const text = cli(['draw', sample, '--seed', 'inspection-2025']);
    expect(text.code).toBe(0);
    for (const id of ids(a)) expect(text.stdout).toContain(id);
  });
});
