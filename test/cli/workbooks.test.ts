/**
 * The files users hold, through the command line: an .xlsx, an .ods and a .csv.gz of one cohort
 * give the same check and the same sample for a seed as the CSV, and say which sheet they read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, STACK, cli, ensureBuilt, removeTempDirs, tempDir } from './run.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const FIXTURES = join(ROOT, 'test/fixtures/workbooks');

function json(args: string[], input?: string): Record<string, unknown> {
  const run = cli(args, input === undefined ? {} : { input });
  expect(run.stderr).not.toMatch(STACK);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('xlsx, ods and csv.gz draw and check exactly as the CSV', () => {
  const dir = tempDir();
  const gz = join(dir, 'cohort.csv.gz');
  writeFileSync(gz, gzipSync(readFileSync(join(FIXTURES, 'cohort.csv'))));
  const csv = join(FIXTURES, 'cohort.csv');
  const others = [join(FIXTURES, 'cohort.xlsx'), join(FIXTURES, 'cohort.ods'), gz];

  const withoutFile = (j: Record<string, unknown>) => ({ ...j, cohort: null });

  it('check: the same coverage, rules and verdict', () => {
    const expected = withoutFile(json(['check', csv, '--json']));
    for (const file of others) expect(withoutFile(json(['check', file, '--json'])), file).toEqual(expected);
  });

  it('draw: the same picks and reserves for a seed', () => {
    const expected = withoutFile(json(['draw', csv, '--seed', 'w1', '--json']));
    expect((expected as { picks?: unknown[] }).picks?.length).toBe(6);
    for (const file of others) expect(withoutFile(json(['draw', file, '--seed', 'w1', '--json'])), file).toEqual(expected);
  });

  it("the audit names the workbook's sheet, and its rerun line reads the same sheet", () => {
    const out = join(dir, 'sample.csv');
    const run = cli(['draw', join(FIXTURES, 'titled.xlsx'), '--sheet', 'Cohort', '--header-row', '4', '--seed', 's', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const audit = JSON.parse(readFileSync(join(dir, 'sample.audit.json'), 'utf8')) as { cohort: { sheet: string }; rerun: string };
    expect(audit.cohort.sheet).toBe('Cohort');
    expect(audit.rerun).toContain('--sheet Cohort --header-row 4');
  });
});

describe('--out sample.xlsx', () => {
  it('writes a workbook and its audit record, the same picks as the CSV', () => {
    const dir = tempDir();
    const csv = cli(['draw', join(FIXTURES, 'cohort.csv'), '--seed', 'x1', '--out', join(dir, 'sample.csv')]);
    expect(csv.code, csv.stderr).toBe(0);
    const xlsx = cli(['draw', join(FIXTURES, 'cohort.csv'), '--seed', 'x1', '--out', join(dir, 'sample.xlsx')]);
    expect(xlsx.code, xlsx.stderr).toBe(0);
    expect(xlsx.stderr).toContain(`wrote ${join(dir, 'sample.xlsx')} and ${join(dir, 'sample.audit.json')}`);
    const book = XLSX.read(readFileSync(join(dir, 'sample.xlsx')), { type: 'buffer' });
    const fromBook = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.Sample!).map((r) => r.case_id);
    const fromCsv = (parse(readFileSync(join(dir, 'sample.csv')), { bom: true, columns: true }) as Record<string, string>[]).map((r) => r.case_id);
    expect(fromBook).toEqual(fromCsv);
    const audit = JSON.parse(readFileSync(join(dir, 'sample.audit.json'), 'utf8')) as { files: { file: string }[] };
    expect(audit.files.map((f) => f.file)).toEqual(['sample.xlsx']);
    // The CSV reads back into the tool as a cohort of its picks and reserves, BOM and all.
    const again = cli(['check', join(dir, 'sample.csv'), '--size', '1', '--json']);
    expect((JSON.parse(again.stdout) as { cohort: { rows: number; valid: number } }).cohort).toMatchObject({ rows: fromCsv.length, valid: fromCsv.length });
  });
});

describe('problems and refusals at the command line', () => {
  it('an unknown sheet: exit 2, the sheets listed, no stack', () => {
    const run = cli(['check', join(FIXTURES, 'titled.ods'), '--sheet', 'Nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${join(FIXTURES, 'titled.ods')} has no sheet "Nope" (--sheet); its sheets are "Cohort", "Second area"\n`);
  });

  it('gzip on standard input', () => {
    const bytes = gzipSync(readFileSync(join(FIXTURES, 'cohort.csv')));
    const run = cli(['check', '-', '--json'], { input: bytes });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { cohort: { rows: number } }).cohort.rows).toBe(60);
  });

  it('--header-row must be a whole number', () => {
    const run = cli(['check', join(FIXTURES, 'titled.xlsx'), '--header-row', 'four']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--header-row must be a whole number from 1 to 1000');
  });
});
