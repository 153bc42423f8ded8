import { mkdtemp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/report/atomic.js';
import {
  HANDBOOK_RULES_SOURCE,
  SAMPLE_CSV_COLUMNS,
  auditJson,
  auditPathFor,
  recordFromDraw,
  rerunCommand,
  sampleCsv,
  writeSampleFiles,
  type SampleRecord,
} from '../../src/report/output.js';
import { defaultRules } from '../../src/rules/load.js';
import { drawSample } from '../../src/solver/sample.js';
import { prepareProblem } from '../../src/solver/problem.js';
import type { CohortSummary } from '../../src/cohort/summary.js';
import { smallCohort } from './fixtures.js';

function summaryFor(rows: number): CohortSummary {
  return {
    file: 'cohort.csv',
    sha256: 'ab'.repeat(32),
    rows,
    valid: rows,
    columns: { found: [], canonical: {}, extra: [], withheld: [] },
    skipped: [],
    warnings: [],
    maskedIds: 0,
  };
}

function drawnRecord(overrides: Partial<SampleRecord['options']> = {}, seed = 'seed-1'): SampleRecord {
  const cases = smallCohort();
  const rules = defaultRules();
  const options: SampleRecord['options'] = { size: rules.size, pins: [], excludes: [], excludeFile: null, relax: false, selection: 'uniform', reserves: 4, skipInvalid: false, allowIdentifiers: false, mapping: null, ...overrides };
  const result = drawSample(prepareProblem({ cases, rules, pins: options.pins, excludes: options.excludes }), { seed, reserves: options.reserves });
  return recordFromDraw({ result, summary: summaryFor(cases.length), rules, rulesSource: HANDBOOK_RULES_SOURCE, relaxation: null, options, toolVersion: '0.1.0', createdAt: '2025-01-02T03:04:05.000Z' });
}

function rows(csv: string): Record<string, string>[] {
  return parse(csv, { bom: true, columns: true }) as Record<string, string>[];
}

describe('sampleCsv', () => {
  it('lists the picks, then the reserves, with the role, covers and replaces columns', () => {
    const record = drawnRecord();
    const table = rows(sampleCsv(record));
    expect(Object.keys(table[0]!)).toEqual([...SAMPLE_CSV_COLUMNS]);
    expect(table.map((r) => r.role)).toEqual([...record.picks.map(() => 'pick'), ...record.reserves.map(() => 'reserve')]);
    expect(table.map((r) => r.case_id)).toEqual([...record.picks.map((p) => p.case.case_id), ...record.reserves.map((r) => r.case.case_id)]);
    const firstPick = record.picks[0]!;
    expect(table[0]!.covers).toBe(firstPick.covers.join(';'));
    expect(table[0]!.replaces).toBe('');
    expect(table[0]!.need_area).toBe(firstPick.case.need_area ?? '');
    const firstReserve = table[record.picks.length]!;
    expect(firstReserve.replaces).toBe(record.reserves[0]!.replaces.join(';'));
    expect(firstReserve.covers).toBe('');
    expect(record.reserves[0]!.replaces.length).toBeGreaterThan(0);
  });

  it.each([
    ['=SUM(A1:A9)'],
    ['+44 20 7946 0000'],
    ['-1+1'],
    ['@cmd'],
    ['\tTabbed'],
    ['\rReturn'],
  ])('escapes a value starting %j so a spreadsheet reads it as text', (value) => {
    const record = drawnRecord();
    record.picks[0] = { ...record.picks[0]!, case: { ...record.picks[0]!.case, locality: value, la_code: value } };
    const first = rows(sampleCsv(record))[0]!;
    expect(first.locality).toBe(`'${value}`);
    expect(first.la_code).toBe(`'${value}`);
  });

  it('leaves ordinary values as they are', () => {
    const record = drawnRecord();
    const first = rows(sampleCsv(record))[0]!;
    expect(first.locality).toBe(record.picks[0]!.case.locality);
    expect(first.age).toBe(String(record.picks[0]!.case.age));
  });
});

describe('auditJson', () => {
  it('holds what a re-run needs: version, time, cohort, rules in full, seed, options, picks, count, events', () => {
    const record = drawnRecord({ pins: ['C001'], excludes: ['C002'] });
    const audit = JSON.parse(auditJson(record));
    expect(audit.tool_version).toBe('0.1.0');
    expect(audit.created_at).toBe('2025-01-02T03:04:05.000Z');
    expect(audit.cohort).toEqual({ file: 'cohort.csv', rows: 24, valid: 24, skipped: 0, sha256: 'ab'.repeat(32) });
    expect(audit.rules_file).toEqual(JSON.parse(JSON.stringify(defaultRules())));
    expect(audit.seed).toBe('seed-1');
    expect(audit.options).toMatchObject({ size: 6, pinned: ['C001'], excluded: ['C002'], reserves: 4 });
    expect(audit.valid_samples).toBe(record.validSamples.toString());
    expect(audit.picks.map((p: { case_id: string }) => p.case_id)).toEqual(record.picks.map((p) => p.case.case_id));
    expect(audit.picks.find((p: { case_id: string }) => p.case_id === 'C001').pinned).toBe(true);
    expect(audit.events).toEqual([expect.objectContaining({ action: 'draw', seed: 'seed-1' })]);
    expect(audit.rerun).toBe('tracking-sampler draw cohort.csv --size 6 --seed seed-1 --pin C001 --exclude C002 --reserves 4');
  });

  it('names the rules file, the mapping and the read options in the rerun line, quoting for the shell', () => {
    const record = { ...drawnRecord({ skipInvalid: true, allowIdentifiers: true, mapping: 'local map.json' }, '-odd seed'), rulesSource: 'my rules.json' };
    expect(rerunCommand(record)).toBe(
      "tracking-sampler draw cohort.csv --rules 'my rules.json' --map 'local map.json' --size 6 '--seed=-odd seed' --reserves 4 --skip-invalid --allow-identifiers",
    );
  });
});

describe('auditPathFor', () => {
  it('puts the audit record beside the sample', () => {
    expect(auditPathFor('sample.csv')).toBe('sample.audit.json');
    expect(auditPathFor('/tmp/out/Sample.CSV')).toBe('/tmp/out/Sample.audit.json');
    expect(auditPathFor('sample')).toBe('sample.audit.json');
  });
});

describe('writeSampleFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-output-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the CSV and its audit record', async () => {
    const record = drawnRecord();
    const written = await writeSampleFiles(join(dir, 'sample.csv'), record, { inputs: [] });
    expect(written).toEqual({ csv: join(dir, 'sample.csv'), audit: join(dir, 'sample.audit.json') });
    expect(await readFile(written.csv, 'utf8')).toBe(sampleCsv(record));
    expect(JSON.parse(await readFile(written.audit, 'utf8')).seed).toBe('seed-1');
    expect((await readdir(dir)).sort()).toEqual(['sample.audit.json', 'sample.csv']);
  });

  it('writes neither file, and leaves no temporary file, when one cannot be written', async () => {
    await mkdir(join(dir, 'sample.audit.json'));
    await expect(writeSampleFiles(join(dir, 'sample.csv'), drawnRecord(), { inputs: [] })).rejects.toThrow(OutputError);
    expect(await readdir(dir)).toEqual(['sample.audit.json']);
  });

  it('says which folder is missing', async () => {
    const target = join(dir, 'nowhere', 'sample.csv');
    await expect(writeSampleFiles(target, drawnRecord(), { inputs: [] })).rejects.toThrow(/does not exist; nothing was written/);
    expect(await readdir(dir)).toEqual([]);
  });
});
