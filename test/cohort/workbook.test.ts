/**
 * Workbooks (.xlsx, .ods) and gzipped CSV go through the same RecordReader as a CSV. The
 * fixtures in test/fixtures/workbooks were saved by LibreOffice from the CSVs beside them
 * (cohort.*) and from a hand-written flat ODS with title rows and formulas (titled.*); the
 * LibreOffice test regenerates and compares them where LibreOffice is installed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cohort/case.js';
import { loadCohort } from '../../src/cohort/read.js';
import type { ReadOptions } from '../../src/cohort/summary.js';
import { HEADER, caught, csv, row, streamOf, tempFile } from './helpers.js';

const FIXTURES = new URL('../fixtures/workbooks/', import.meta.url).pathname;
const fixture = (name: string) => `${FIXTURES}${name}`;

const withoutLine = (cases: Case[]) => cases.map(({ line: _line, ...rest }) => rest);

/** A workbook made in the test, one sheet per entry, each an array of rows. */
function workbook(sheets: Record<string, unknown[][]>, bookType: XLSX.BookType = 'xlsx', cellDates = false): Buffer {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows, { cellDates }), name);
  return XLSX.write(wb, { type: 'buffer', bookType }) as Buffer;
}

const HEAD = HEADER.split(',');
const rowCells = (id: string, fields: Parameters<typeof row>[1] = {}) => row(id, fields).split(',');

function readBytes(bytes: Buffer, options: ReadOptions = {}, name = 'cohort.xlsx', chunk = 4096) {
  return loadCohort(streamOf(bytes, chunk), options, name);
}

describe('a workbook reads exactly as the CSV it was saved from', () => {
  const fromCsv = loadCohort(fixture('cohort.csv'));

  for (const ext of ['xlsx', 'ods']) {
    it(`cohort.${ext} (saved by LibreOffice from cohort.csv)`, async () => {
      const expected = await fromCsv;
      const got = await loadCohort(fixture(`cohort.${ext}`));
      expect(got.cases).toEqual(expected.cases);
      expect(got.summary.rows).toBe(60);
      expect(got.summary.valid).toBe(60);
      expect(got.summary.columns).toEqual(expected.summary.columns);
      expect(got.summary.sheet).toBe('cohort');
      // The hash is of the file as given.
      expect(got.summary.sha256).toBe(createHash('sha256').update(readFileSync(fixture(`cohort.${ext}`))).digest('hex'));
    });

    it(`titled.${ext}: title rows skipped, formulas read as their values, header found by its case_id alias`, async () => {
      const expected = await loadCohort(fixture('titled.csv'));
      const got = await loadCohort(fixture(`titled.${ext}`));
      expect(withoutLine(got.cases)).toEqual(withoutLine(expected.cases));
      // Row numbers are the sheet's: the header is on row 4.
      expect(got.cases.map((c) => c.line)).toEqual(expected.cases.map((c) => c.line + 3));
      expect(got.cases[0]?.age).toBe(14); // =10+4
      expect(got.cases[1]?.locality).toBe('East'); // ="Ea"&"st"
      expect(got.summary.sheet).toBe('Cohort');
    });

    it(`titled.${ext} --sheet chooses another sheet, ignoring case`, async () => {
      const got = await loadCohort(fixture(`titled.${ext}`), { sheet: 'second AREA' });
      expect(got.summary.sheet).toBe('Second area');
      expect(got.cases.map((c) => c.case_id)).toEqual(['B-101', 'B-102', 'B-103', 'B-104', 'B-105', 'B-106', 'B-107', 'B-108']);
    });
  }

  it('an unknown --sheet is refused, listing the sheets', async () => {
    const error = await caught(loadCohort(fixture('titled.xlsx'), { sheet: 'Cohrt' }));
    expect(error.message).toBe(`${fixture('titled.xlsx')} has no sheet "Cohrt" (--sheet); its sheets are "Cohort", "Second area"`);
  });

  it('is recognised by content, not by name, also on standard input', async () => {
    const bytes = readFileSync(fixture('cohort.ods'));
    const expected = await fromCsv;
    const got = await readBytes(bytes, {}, 'stdin', 1000);
    expect(got.cases).toEqual(expected.cases);
    const renamed = await loadCohort(tempFile('export.csv', bytes));
    expect(renamed.cases).toEqual(expected.cases);
  });
});

describe('problems in a sheet are located as the spreadsheet shows them', () => {
  const local = ['Case ref', 'Age', 'SEN provision', 'Primary need', 'Placement', 'Stage'];
  const good = (id: string, need = 'SEMH') => [id, 14, 'EHCP', need, 'ap', 'established'];
  const sheetRows = [['Cohort return, November'], [], local, ...Array.from({ length: 8 }, (_, i) => good(`A${i}`))];

  it('sheet "Cohort" row 12, column "Primary need"', async () => {
    const bytes = workbook({ Cohort: [...sheetRows, good('A8', 'XYZ')], Notes: [['x']] });
    const error = await caught(readBytes(bytes, { mapping: { columns: { primary_need: 'Primary need' }, values: {} } }));
    expect(error.problems[0]?.message).toBe(
      `cohort.xlsx sheet "Cohort" row 12, column "Primary need": 'XYZ' is not a SEN type code; expected one of SLCN, ASD, SPLD, MLD, SLD, PMLD, SEMH, HI, VI, MSI, PD, DS, OTH, NSA`,
    );
    expect(error.problems[0]).toMatchObject({ line: 12, sheet: 'Cohort', column: 'primary_need', value: 'XYZ' });
  });

  it('--skip-invalid leaves the row out and names it', async () => {
    const bytes = workbook({ Cohort: [...sheetRows, good('A8', 'XYZ'), good('A9')] });
    const got = await readBytes(bytes, { skipInvalid: true, mapping: { columns: { primary_need: 'Primary need' }, values: {} } });
    expect(got.cases.map((c) => c.case_id)).toEqual(['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A9']);
    expect(got.summary.skipped.map((p) => p.line)).toEqual([12]);
    expect(got.summary.rows).toBe(10);
  });

  it('duplicate case_ids name the first row', async () => {
    const bytes = workbook({ Cohort: [...sheetRows, good('A3')] });
    const error = await caught(readBytes(bytes, { mapping: { columns: { primary_need: 'Primary need' }, values: {} } }));
    expect(error.problems[0]?.message).toBe(`cohort.xlsx sheet "Cohort" row 12, column "Case ref": 'A3' is already the case_id of row 7; each case_id must be unique`);
  });

  it('the identifier guard refuses a date-of-birth column, and withholds it when allowed', async () => {
    const rows = [[...HEAD, 'Date of birth'], [...rowCells('C1'), '2012-03-04'], [...rowCells('C2'), '2013-04-05']];
    const error = await caught(readBytes(workbook({ S: rows })));
    expect(error.message).toContain("column 'Date of birth' looks like it holds dates of birth");
    const got = await readBytes(workbook({ S: rows }), { allowIdentifiers: true });
    expect(got.summary.columns.withheld).toEqual(['Date of birth']);
    expect(got.cases[0]?.extra).toEqual({});
  });

  it('--header-row says where the header is', async () => {
    const bytes = workbook({ S: [['case_id is the first column below'], HEAD, rowCells('C1'), rowCells('C2')] });
    // Found by itself, the first row mentioning case_id would be taken; the real header is row 2.
    const got = await readBytes(bytes, { headerRow: 2 });
    expect(got.cases.map((c) => [c.case_id, c.line])).toEqual([['C1', 3], ['C2', 4]]);
    const empty = await caught(readBytes(workbook({ S: [[], [], HEAD, rowCells('C1')] }), { headerRow: 2 }));
    expect(empty.message).toBe('cohort.xlsx has no header at sheet "S" row 2 (--header-row 2): that row is empty');
  });

  it('values past the header are a located problem; empty trailing cells and rows are not', async () => {
    const bytes = workbook({ S: [[...HEAD, '', ''], [...rowCells('C1'), '', ''], [...rowCells('C2'), '', 'stray'], [], ['', ''], []] });
    const error = await caught(readBytes(bytes));
    expect(error.message).toBe('cohort.xlsx sheet "S" row 3 has values in 12 columns; the header row names 10');
  });
});

describe('cells are read as a person sees them', () => {
  it('dates as ISO dates whatever their format, numbers as shown, errors as their code', async () => {
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([
      [...HEAD, 'seen', 'score', 'check'],
      [...rowCells('C1'), new Date(Date.UTC(2015, 9, 5)), 3.5, 'x'],
    ], { cellDates: true });
    ws['K2'] = { t: 'n', v: 42282, z: 'dd/mm/yyyy' }; // 5 October 2015 as a serial with a UK format
    ws['L2'] = { t: 'n', v: 0.125, z: '0.0%', w: '12.5%' };
    ws['M2'] = { t: 'e', v: 0x2a, w: '#N/A' };
    ws['!ref'] = 'A1:M2';
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const got = await readBytes(bytes);
    expect(got.cases[0]?.extra).toEqual({ seen: '2015-10-05', score: '12.5%', check: '#N/A' });
  });

  it('an age typed as a number reads as that number', async () => {
    const bytes = workbook({ S: [HEAD, ['C1', 7, 'EHCP', 'SEMH', '', 'ap', 'established']] });
    const got = await readBytes(bytes);
    expect(got.cases[0]?.age).toBe(7);
  });
});

describe('files that cannot be read say what to do', () => {
  it('a legacy .xls', async () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, 'Workbook', Buffer.from('BIFF8 data'));
    const bytes = Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
    const error = await caught(readBytes(bytes, {}, 'old.xls'));
    expect(error.message).toMatch(/^old\.xls is a legacy Excel 97-2003 workbook \(\.xls\), which is not read: open it in Excel or LibreOffice and save it as an Excel Workbook \(\.xlsx\)/);
  });

  it('a password-protected workbook (Office stores it as an encrypted compound file)', async () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, 'EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(cfb, 'EncryptedPackage', Buffer.alloc(64, 7));
    const bytes = Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
    const error = await caught(readBytes(bytes, {}, 'locked.xlsx'));
    expect(error.message).toMatch(/^locked\.xlsx is a password-protected workbook, which cannot be read: open it in Excel or LibreOffice with its password, save a copy without one/);
  });

  it('a zip that is not a workbook', async () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, 'notes.txt', Buffer.from('hello'));
    const bytes = Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer', fileType: 'zip' }) as Uint8Array);
    const error = await caught(readBytes(bytes, {}, 'notes.zip'));
    expect(error.message).toMatch(/^notes\.zip could not be read as an \.xlsx or \.ods workbook/);
  });
});

describe('.csv.gz is unpacked as it streams', () => {
  const text = csv([HEADER, row('C1'), row('C2', { age: '7' }), row('C3', { need: 'XYZ' })]);
  const gz = gzipSync(Buffer.from(text));

  it('reads as the CSV it holds, hashing the compressed bytes', async () => {
    const plain = await loadCohort(streamOf(text, 5), { skipInvalid: true }, 'c.csv');
    const got = await loadCohort(streamOf(gz, 5), { skipInvalid: true }, 'c.csv.gz');
    expect(got.cases).toEqual(plain.cases);
    expect(got.summary.skipped[0]?.message).toBe(plain.summary.skipped[0]?.message.replace('c.csv', 'c.csv.gz'));
    expect(got.summary.sha256).toBe(createHash('sha256').update(gz).digest('hex'));
  });

  it('a cut-short or damaged gzip is a clear file problem', async () => {
    const short = await caught(loadCohort(streamOf(gz.subarray(0, gz.length - 12), 5), {}, 'c.csv.gz'));
    expect(short.message).toBe('c.csv.gz is gzip-compressed but could not be unpacked (it ends too soon: the file may be cut short)');
    const damaged = Buffer.from(gz);
    damaged.fill(0xff, 12, 30);
    const bad = await caught(loadCohort(streamOf(damaged, 5), {}, 'c.csv.gz'));
    expect(bad.message).toBe('c.csv.gz is gzip-compressed but could not be unpacked (the compressed data is damaged)');
  });

  it('the fixture cohort, gzipped, reads as the CSV', async () => {
    const path = tempFile('cohort.csv.gz', gzipSync(readFileSync(fixture('cohort.csv'))));
    expect((await loadCohort(path)).cases).toEqual((await loadCohort(fixture('cohort.csv'))).cases);
  });
});
