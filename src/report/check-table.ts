/**
 * `check --out F.csv`: one row per group (or one for the whole file), for an analyst's
 * spreadsheet or `pandas.read_csv`. The rows are the JSON's group objects flattened the way
 * `pandas.json_normalize(groups, sep=".")` flattens them, so the CSV and the JSON name every
 * field alike, and a field added to the JSON's groups becomes a column with nothing to change
 * here.
 */
import { stringify } from 'csv-stringify/sync';
import { csvOptions } from './csv.js';
import type { CheckReport } from '../analysis/check.js';
import { fileGroup } from '../analysis/check.js';
import { groupJson, type GroupJson } from './json.js';
import { workbook, type Cell as SheetCell } from './xlsx.js';

type Cell = string | number | boolean | null;

/**
 * json_normalize's naming: at the top level the plain values come first, in order, then each
 * nested object's leaves as `parent.child` (deeper levels keep their own order); an empty
 * object gives no column; a list is one value. Columns are the union over the rows, in order
 * of first appearance.
 */
export function flattenRecord(record: Record<string, unknown>, sep = '.'): Record<string, Cell | unknown[]> {
  const out: Record<string, Cell | unknown[]> = {};
  const nested: [string, Record<string, unknown>][] = [];
  for (const [key, value] of Object.entries(record)) {
    if (isObject(value)) nested.push([key, value]);
    else out[key] = value as Cell;
  }
  const walk = (prefix: string, value: Record<string, unknown>) => {
    for (const [key, v] of Object.entries(value)) {
      const name = `${prefix}${sep}${key}`;
      if (isObject(v)) walk(name, v);
      else out[name] = v as Cell;
    }
  };
  for (const [key, value] of nested) walk(key, value);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function flattenRecords(records: readonly Record<string, unknown>[]): { columns: string[]; rows: Record<string, Cell | unknown[]>[] } {
  const rows = records.map((r) => flattenRecord(r));
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return { columns: [...columns], rows };
}

/** The group objects of the report: the JSON's `groups` with --by, else the file as one. */
export function checkGroups(report: CheckReport): GroupJson[] {
  if (report.by !== null) return report.by.groups.map((g) => groupJson(report.by!.column, g, report.rules));
  return [groupJson(null, fileGroup(report), report.rules)];
}

/** As every CSV of the tool: yes/no for booleans, empty for none, formulas defused. */
function cell(value: Cell | unknown[]): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // A list of objects (a group's relaxation) is written as its JSON, so nothing is lost.
  if (Array.isArray(value)) return value.length > 0 && value.every((v) => typeof v === 'object' && v !== null) ? JSON.stringify(value) : value.join(';');
  return String(value);
}

export function checkCsv(report: CheckReport): string {
  const { columns, rows } = flattenRecords(checkGroups(report));
  const cells = rows.map((row) => columns.map((c) => cell(row[c] ?? null)));
  return stringify(cells, { header: true, columns, ...csvOptions() });
}

/**
 * `check --out F.xlsx`: the CSV's table as a workbook, one sheet, the same columns in the same
 * order. Counts are number cells; everything else is text as the CSV writes it, the exact
 * number of valid samples included (a spreadsheet number keeps only 15 digits).
 */
export function checkXlsx(report: CheckReport): Uint8Array {
  const { columns, rows } = flattenRecords(checkGroups(report));
  const cells = rows.map((row) => columns.map((c): SheetCell => {
    const value = row[c] ?? null;
    return typeof value === 'number' ? value : cell(value);
  }));
  return workbook([{ name: 'Groups', rows: [columns, ...cells] }]);
}
