/**
 * The CSVs the tool writes, opened as a person in the UK opens them: LibreOffice headless
 * imports each as en-GB with dates detected as Excel does (the filter below) and saves it as
 * .xlsx; every cell read back must show exactly the text the CSV holds, and the labels the tool
 * chose (age bands above all) must stay text. Skips, saying so, without LibreOffice.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_BANDS } from '../../src/cohort/codes.js';
import { NO_LIBREOFFICE, Office, libreOffice } from '../helpers/libreoffice.js';
import { ROOT, cli, ensureBuilt, removeTempDirs, tempDir } from './run.js';

/** Comma-separated, double quotes, UTF-8, from line 1, default column types, en-GB, detect special numbers (dates) as Excel. */
const EN_GB = 'CSV:44,34,76,1,,2057,false,true';

const soffice = libreOffice();
if (soffice === null) console.warn(NO_LIBREOFFICE);
const office = soffice === null ? null : new Office(soffice);

beforeAll(ensureBuilt);
afterAll(() => {
  office?.close();
  removeTempDirs();
});

const COHORT = join(ROOT, 'test/fixtures/workbooks/cohort.csv');

/** Each cell of the first sheet: its type and the text a person sees. */
function cellsOf(xlsx: string): { t: string; text: string }[][] {
  const book = XLSX.read(readFileSync(xlsx), { type: 'buffer', dense: true });
  const sheet = book.Sheets[book.SheetNames[0]!]!;
  const data = (sheet['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  return data.map((row) => (row ?? []).map((c) => ({ t: c?.t ?? 'z', text: c === undefined ? '' : (c.w ?? String(c.v ?? '')) })));
}

function csvRows(path: string): string[][] {
  return parse(readFileSync(path), { bom: true, relax_column_count: true }) as string[][];
}

describe.skipIf(office === null)('CSV outputs opened in LibreOffice Calc as en-GB', () => {
  const dir = tempDir();

  it('the hazard is real: a band written "5-10" becomes a date under this filter', () => {
    const plain = join(dir, 'old-labels.csv');
    writeFileSync(plain, 'age_band\n5-10\n11-15\n');
    const cells = cellsOf(office!.convert(plain, 'xlsx', dir, EN_GB));
    expect(cells[1]?.[0]?.t).toBe('n');
    expect(cells[1]?.[0]?.text).not.toBe('5-10');
  });

  const outputs: [string, string[]][] = [
    ['sample.csv', ['draw', COHORT, '--seed', 'spreadsheet', '--reserves', '10', '--out']],
    ['odds.csv', ['odds', COHORT, '--out']],
  ];
  for (const [name, args] of outputs) {
    it(`${name}: every cell keeps its text, and every age band stays a text label`, () => {
      const out = join(dir, name);
      const run = cli([...args, out]);
      expect(run.code, run.stderr).toBe(0);
      const bytes = readFileSync(out);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = csvRows(out);
      const cells = cellsOf(office!.convert(out, 'xlsx', dir, EN_GB));
      expect(cells.length).toBe(rows.length);
      rows.forEach((row, r) => row.forEach((text, c) => expect(cells[r]?.[c]?.text ?? '', `row ${r + 1} column ${rows[0]![c]}`).toBe(text)));
      const band = rows[0]!.indexOf('age_band');
      const bands = rows.slice(1).map((row, r) => ({ value: row[band]!, cell: cells[r + 1]![band]! }));
      expect(bands.length).toBeGreaterThan(5);
      for (const { value, cell } of bands) {
        expect(AGE_BANDS).toContain(value);
        expect(cell.t).toBe('s');
      }
    });
  }

  it('sample.xlsx opened and saved again by LibreOffice keeps every cell, text as text', () => {
    const out = join(dir, 'sample.xlsx');
    const run = cli(['draw', COHORT, '--seed', 'spreadsheet', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const mine = cellsOf(out);
    const again = join(dir, 'again');
    mkdirSync(again);
    const saved = cellsOf(office!.convert(out, 'xlsx', again));
    expect(saved).toEqual(mine);
    const band = mine[0]!.findIndex((c) => c.text === 'age_band');
    for (const row of saved.slice(1)) expect(row[band]?.t).toBe('s');
    const id = mine[0]!.findIndex((c) => c.text === 'case_id');
    for (const row of saved.slice(1)) expect(row[id]?.t).toBe('s');
  });
});
