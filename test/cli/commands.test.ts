import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { ROOT, cli, ensureBuilt, tempDir, write, removeTempDirs } from './run.js';
import { cohortCsv } from './fixtures.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

describe('rules', () => {
  it('prints the handbook defaults as JSON, and --rules of that file draws the same sample', () => {
    const run = cli(['rules']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(HANDBOOK_RULES);
    const dir = tempDir();
    const rules = write(dir, 'rules.json', run.stdout);
    const cohort = write(dir, 'cohort.csv', cohortCsv());
    const plain = JSON.parse(cli(['draw', cohort, '--seed', 'r', '--json']).stdout);
    const viaFile = JSON.parse(cli(['draw', cohort, '--seed', 'r', '--json', '--rules', rules]).stdout);
    expect(viaFile.picks).toEqual(plain.picks);
    expect(viaFile.valid_samples).toBe(plain.valid_samples);
  });
});

describe('odds', () => {
  const dir = tempDir();
  const cohort = write(dir, 'cohort.csv', cohortCsv());

  it('summarises each case’s chance by rule value and writes one CSV row per case', () => {
    const out = join(dir, 'odds.csv');
    const run = cli(['odds', cohort, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/alternative-provision\s+setting ap\s+5\s+[\d.]+%/);
    const rows = parse(readFileSync(out, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(24);
    const total = rows.reduce((n, r) => n + Number(r.chance), 0);
    expect(total).toBeCloseTo(6, 4);
    const json = JSON.parse(cli(['odds', cohort, '--json']).stdout);
    expect(json).toMatchObject({ feasible: true, size: 6, cases: 24 });
    expect(json.by_rule.find((r: { rule: string }) => r.rule === 'alternative-provision').cases).toBe(5);
  });

  it('exits 1 when no valid sample exists, writing no file', () => {
    const out = join(dir, 'none.csv');
    const run = cli(['odds', write(dir, 'no-ap.csv', cohortCsv({ ap: false })), '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('No valid sample');
    expect(() => readFileSync(out)).toThrow();
  });
});

describe('review', () => {
  it('refuses outside a terminal in one line (exit 2), before reading anything', () => {
    const run = cli(['review', join(tempDir(), 'does-not-exist.csv')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: review needs an interactive terminal; use `tracking-sampler draw` for scripts\n');
  });
});

describe('--help and --version', () => {
  it.each([[[]], [['draw']], [['review']], [['check']], [['odds']], [['rules']]])('--help %j prints help with an example (exit 0)', (command) => {
    const run = cli([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Example');
    expect(run.stdout).toContain(command.length ? `tracking-sampler ${command[0]}` : 'Usage:');
    expect(run.stderr).toBe('');
  });

  it('--version prints the package version', () => {
    const run = cli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('colour', () => {
  const cohort = write(tempDir(), 'cohort.csv', cohortCsv());
  it('is off in a pipe, on with FORCE_COLOR, off with NO_COLOR', () => {
    expect(cli(['draw', cohort, '--seed', 'c']).stdout).not.toMatch(/\u001b\[/);
    expect(cli(['draw', cohort, '--seed', 'c'], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\u001b\[/);
    expect(cli(['draw', cohort, '--seed', 'c'], { env: { NO_COLOR: '1', FORCE_COLOR: undefined } }).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('outputs never overwrite inputs', () => {
  it('refuses --out naming the cohort file (exit 2), leaving it as it was', () => {
    const dir = tempDir();
    const cohort = write(dir, 'cohort.csv', cohortCsv());
    const run = cli(['draw', 'cohort.csv', '--out', './cohort.csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is one of the input files');
    expect(readFileSync(cohort, 'utf8')).toBe(cohortCsv());
  });
});
