import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeTempDirs, tempDir, write } from './run.js';
import { cohortCsv } from './fixtures.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

describe('--selection fair', () => {
  const dir = tempDir();
  const cohort = write(dir, 'cohort.csv', cohortCsv());

  it('odds: raises the smallest chance above uniform’s, says so, and writes both chances per case', () => {
    const out = join(dir, 'fair.csv');
    const run = cli(['odds', cohort, '--selection', 'fair', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Fair selection/);
    expect(run.stdout).toMatch(/Chances run from [\d.]+% to [\d.]+% \(uniform selection: [\d.]+% to [\d.]+%\)/);
    const rows = parse(readFileSync(out, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(24);
    // Six picks in every sample, whichever way they are chosen.
    expect(rows.reduce((n, r) => n + Number(r.chance), 0)).toBeCloseTo(6, 4);
    expect(rows.reduce((n, r) => n + Number(r.uniform_chance), 0)).toBeCloseTo(6, 4);
    const json = JSON.parse(cli(['odds', cohort, '--selection', 'fair', '--json']).stdout);
    expect(json.selection).toBe('fair');
    expect(json.smallest_chance).toBeGreaterThan(json.uniform_smallest_chance);
    expect(json.largest_chance).toBeLessThanOrEqual(1);
    const smallest = Math.min(...rows.filter((r) => Number(r.uniform_chance) > 0).map((r) => Number(r.chance)));
    expect(smallest).toBeCloseTo(json.smallest_chance, 5);
    const uniform = JSON.parse(cli(['odds', cohort, '--json']).stdout);
    expect(uniform.selection).toBe('uniform');
    expect(uniform.smallest_chance).toBe(json.uniform_smallest_chance);
  });

  it('draw: draws a valid sample, says how, and records the selection in the audit and its rerun command', () => {
    const run = cli(['draw', 'cohort.csv', '--selection', 'fair', '--seed', 'fair-1', '--out', 'sample.csv'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/fair selection: every case that can be picked had a chance from [\d.]+% to [\d.]+%/);
    const audit = JSON.parse(readFileSync(join(dir, 'sample.audit.json'), 'utf8'));
    expect(audit.options.selection).toBe('fair');
    expect(audit.rerun).toContain('--selection fair');
    const [, ...args] = (audit.rerun as string).split(' ');
    const again = JSON.parse(cli([...args, '--json'], { cwd: dir }).stdout);
    expect(again.selection).toBe('fair');
    expect(again.picks.map((p: { case_id: string }) => p.case_id)).toEqual(audit.picks.map((p: { case_id: string }) => p.case_id));
    expect(again.rule_results.every((r: { satisfied: boolean }) => r.satisfied)).toBe(true);
    // A uniform draw's record says so too, and its rerun command needs no --selection.
    cli(['draw', 'cohort.csv', '--seed', 'u', '--out', 'uniform.csv'], { cwd: dir });
    const plain = JSON.parse(readFileSync(join(dir, 'uniform.audit.json'), 'utf8'));
    expect(plain.options.selection).toBe('uniform');
    expect(plain.rerun).not.toContain('--selection');
  });

  it('composes with --relax: a fair draw under the eased rules, which the audit and rerun repeat', () => {
    write(dir, 'no-ap.csv', cohortCsv({ ap: false }));
    const run = cli(['draw', 'no-ap.csv', '--relax', '--selection', 'fair', '--seed', 'rf', '--json', '--out', 'relaxed.csv'], { cwd: dir });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.relaxed).toBe(true);
    expect(json.selection).toBe('fair');
    expect(json.smallest_chance).toBeGreaterThan(0);
    expect(json.rule_results.every((r: { satisfied: boolean }) => r.satisfied)).toBe(true);
    const audit = JSON.parse(readFileSync(join(dir, 'relaxed.audit.json'), 'utf8'));
    expect(audit.rerun).toContain('--relax');
    expect(audit.rerun).toContain('--selection fair');
    const [, ...args] = (audit.rerun as string).split(' ');
    const again = JSON.parse(cli([...args, '--json'], { cwd: dir }).stdout);
    expect(again.picks.map((p: { case_id: string }) => p.case_id)).toEqual(json.picks.map((p: { case_id: string }) => p.case_id));
    const odds = JSON.parse(cli(['odds', 'no-ap.csv', '--relax', '--selection', 'fair', '--json'], { cwd: dir }).stdout);
    expect(odds.selection).toBe('fair');
    expect(odds.smallest_chance).toBeGreaterThanOrEqual(odds.uniform_smallest_chance);
  });

  it('refuses a selection it does not know, naming the two it does (exit 2)', () => {
    const run = cli(['odds', cohort, '--selection', 'fairest']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--selection must be uniform or fair \(found 'fairest'\)/);
  });
});
