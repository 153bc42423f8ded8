/**
 * Excel workbooks for the people who open results in a spreadsheet. Unlike a CSV, a workbook
 * says each cell's type, so nothing is retyped: every string is a text cell (a case_id like
 * `1E5` or `00123`, a count of any length, a label like "Age 5 to 10"), numbers are numbers, and
 * a value that starts with `=` is text, never a formula (no cell is given one).
 */
import * as XLSX from '@e965/xlsx';

export type Cell = string | number;

export interface Sheet {
  name: string;
  /** The first row is the header. */
  rows: readonly (readonly Cell[])[];
}

export function workbook(sheets: readonly Sheet[]): Uint8Array {
  const book = XLSX.utils.book_new();
  for (const { name, rows } of sheets) XLSX.utils.book_append_sheet(book, typedSheet(rows), name);
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}

/** Cells built one by one, so SheetJS parses nothing: strings as 's', numbers as 'n'. */
function typedSheet(rows: readonly (readonly Cell[])[]): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  let width = 0;
  rows.forEach((row, r) => {
    width = Math.max(width, row.length);
    row.forEach((value, c) => {
      // An empty value is an empty cell, as a spreadsheet saves it, not an empty string.
      if (value === '') return;
      ws[XLSX.utils.encode_cell({ r, c })] = typeof value === 'number' ? { t: 'n', v: value } : { t: 's', v: value };
    });
  });
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, rows.length - 1), c: Math.max(0, width - 1) } });
  // Columns as wide as their longest value (within reason), so the sheet reads when opened.
  ws['!cols'] = Array.from({ length: width }, (_, c) => ({
    wch: Math.min(60, rows.reduce((most, row) => Math.max(most, String(row[c] ?? '').length), 6)),
  }));
  return ws;
}
