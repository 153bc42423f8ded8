/**
 * `check --out F.csv`: the groups as a table whose columns are exactly what
 * `pandas.json_normalize(groups, sep=".")` names the JSON's groups.
 *
 * pandas is not installed where these tests run, so `jsonNormalizeColumns` below is a line by
 * line port of pandas' own code for that call (pandas/io/json/_normalize.py, 2.x:
 * `_simple_json_normalize` → `_normalise_json_ordered` → `_normalise_json`, then the
 * DataFrame's union of keys in order of first appearance). It is written here, apart from the
 * tool's flattening, so that the two can disagree.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER, cohortCsv, cohortRows } from './fixtures.js';
import { cli, ensureBuilt, removeTempDirs, tempDir, write } from './run.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

type Json = Record<string, unknown>;
const isDict = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// def _normalise_json(data, key_string, normalized_dict, separator):
function normaliseJson(data: unknown, keyString: string, normalized: Json, separator: string): Json {
  if (isDict(data)) {
    for (const [key, value] of Object.entries(data)) {
      let newKey = `${keyString}${separator}${key}`;
      if (!keyString) newKey = newKey.startsWith(separator) ? newKey.slice(separator.length) : newKey; // removeprefix
      normaliseJson(value, newKey, normalized, separator);
    }
  } else {
    normalized[keyString] = data;
  }
  return normalized;
}

// def _normalise_json_ordered(data, separator):
function normaliseJsonOrdered(data: Json, separator: string): Json {
  const top = Object.fromEntries(Object.entries(data).filter(([, v]) => !isDict(v)));
  const nested = normaliseJson(Object.fromEntries(Object.entries(data).filter(([, v]) => isDict(v))), '', {}, separator);
  return { ...top, ...nested };
}

/** pd.json_normalize(ds, sep=".").columns: DataFrame(list of dicts) takes keys in first-seen order. */
function jsonNormalizeColumns(ds: Json[], sep = '.'): string[] {
  const columns: string[] = [];
  for (const row of ds.map((d) => normaliseJsonOrdered(d, sep))) for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
  return columns;
}

function readCsv(path: string): { header: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(path, 'utf8');
  // The file starts with a byte-order mark for Excel; pandas' read_csv skips it, as csv-parse's bom option does.
  const [header] = parse(text, { bom: true, to_line: 1 }) as string[][];
  return { header: header!, rows: parse(text, { bom: true, columns: true }) as Record<string, string>[] };
}

const cellOf = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));

describe('check --out F.csv', () => {
  const dir = tempDir();
  // E02 holds no case in alternative provision: it alone cannot meet the rules.
  const laCode = (i: number) => (i % 5 === 0 || i < 12 ? 'E01' : 'E02');
  const areas = write(dir, 'areas.csv', cohortCsv({ laCode }));

  it('writes one row per group, named and filled exactly as the JSON groups flatten', () => {
    const out = join(dir, 'areas-out.csv');
    const run = cli(['check', areas, '--by', 'la_code', '--out', out, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`wrote ${out}`);
    const groups = JSON.parse(run.stdout).groups as Json[];
    const { header, rows } = readCsv(out);
    expect(header).toEqual(jsonNormalizeColumns(groups));
    expect(header.slice(0, 7)).toEqual(['la_code', 'rows', 'valid_rows', 'invalid_rows', 'feasible', 'valid_samples', 'short']);
    expect(header).toContain('supply.need-areas.sensory_and_physical');
    expect(header).toContain('supply.alternative-provision');
    expect(rows).toHaveLength(groups.length);
    groups.forEach((g, i) => {
      const flat = normaliseJsonOrdered(g, '.');
      for (const column of header) expect(rows[i]![column], column).toBe(cellOf(flat[column]));
    });
    expect(rows[1]).toMatchObject({ la_code: 'E02', feasible: 'no', valid_samples: '0', 'supply.alternative-provision': '0' });
  });

  it('without --by, one row for the whole file', () => {
    const out = join(dir, 'file.csv');
    const run = cli(['check', areas, '--out', out, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    const { header, rows } = readCsv(out);
    expect(header.slice(0, 6)).toEqual(['rows', 'valid_rows', 'invalid_rows', 'feasible', 'valid_samples', 'short']);
    expect(rows).toEqual([expect.objectContaining({ rows: '24', valid_rows: '24', feasible: 'yes', valid_samples: json.valid_samples, short: '' })]);
  });

  it('counts invalid rows in their group, and rows whose --by value is invalid in (invalid)', () => {
    const rows = cohortRows();
    rows[2] = rows[2]!.replace(/^C003,12,/, 'C003,31,'); // E01: a bad age
    rows[20] = rows[20]!.replace(/,(special|mainstream|ap),/, ',spaceship,'); // E02: a bad setting
    rows[21] = `${rows[21]!},extra-field`; // E02, but ragged: its fields cannot be trusted
    const file = write(dir, 'invalid.csv', [HEADER, ...rows].join('\n') + '\n');
    const out = join(dir, 'invalid-out.csv');

    const refused = cli(['check', file, '--by', 'la_code', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not written');
    expect(existsSync(out)).toBe(false);

    const byArea = cli(['check', file, '--by', 'la_code', '--out', out, '--skip-invalid', '--json']);
    expect(byArea.code).toBe(0);
    const table = readCsv(out).rows.map((r) => [r.la_code, r.rows, r.valid_rows, r.invalid_rows, r.feasible]);
    expect(table).toEqual([
      ['E01', '12', '11', '1', 'yes'],
      ['E02', '11', '10', '1', 'yes'],
      ['(invalid)', '1', '0', '1', ''],
    ]);

    const bySetting = cli(['check', file, '--by', 'setting', '--out', out, '--skip-invalid']);
    expect(bySetting.code).toBe(1);
    const invalid = readCsv(out).rows.find((r) => r.setting === '(invalid)');
    expect(invalid).toMatchObject({ rows: '2', invalid_rows: '2', feasible: '', valid_samples: '' });
  });

  it('--out F.xlsx: the same table as a workbook, counts as numbers and the rest as the CSV has it', () => {
    const csvOut = join(dir, 'areas-table.csv');
    const xlsxOut = join(dir, 'areas-table.xlsx');
    const asCsv = cli(['check', areas, '--by', 'la_code', '--out', csvOut]);
    const run = cli(['check', areas, '--by', 'la_code', '--out', xlsxOut]);
    expect(run.code).toBe(asCsv.code);
    expect(run.code).not.toBe(2);
    expect(run.stderr).toContain(`wrote ${xlsxOut}`);
    const book = XLSX.read(readFileSync(xlsxOut), { type: 'buffer' });
    expect(book.SheetNames).toEqual(['Groups']);
    const sheet = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.Groups!, { header: 1, defval: '' });
    const { header, rows } = readCsv(csvOut);
    expect(sheet[0]).toEqual(header);
    expect(sheet.slice(1).map((r) => r.map(String))).toEqual(rows.map((r) => header.map((c) => r[c])));
    const rowsAt = header.indexOf('rows');
    expect(sheet.slice(1).map((r) => typeof r[rowsAt])).toEqual(rows.map(() => 'number'));
    const samplesAt = header.indexOf('valid_samples');
    expect(sheet.slice(1).map((r) => typeof r[samplesAt])).toEqual(rows.map(() => 'string'));
  });

  it('refuses --out naming an input, and a workbook name it cannot write', () => {
    expect(cli(['check', areas, '--out', areas]).stderr).toMatch(/is one of the input files/);
    expect(cli(['check', areas, '--out', join(dir, 'x.json')]).code).toBe(2);
    expect(cli(['check', areas, '--out', join(dir, 'x.ods')]).stderr).toContain('give it a name ending .csv or .xlsx');
  });
});
