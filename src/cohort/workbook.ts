/**
 * Reads a cohort held in a workbook (.xlsx from Excel, .ods from LibreOffice or the handbook's
 * template) into the same records a CSV gives, so that every row goes through the one
 * RecordReader: columns, mapping, identifier guard, row schema, --skip-invalid.
 *
 * The parsing is SheetJS (`@e965/xlsx`, pinned: a republish of SheetJS 0.20.3, past the
 * prototype-pollution and ReDoS fixes that the registry's `xlsx` 0.18.5 lacks). A workbook is a
 * zip whose central directory is at its end, so it is read whole; a 100,000-row sheet stays
 * well under the memory the tool allows itself (`npm run bench` measures it).
 */
import * as XLSX from '@e965/xlsx';
import { foldHeader } from '../spelling.js';
import { canonicalColumn } from './columns.js';
import type { Mapping } from './mapping.js';
import { fileError, type CohortError } from './problems.js';

/** One row of the chosen sheet: its row number as the spreadsheet shows it, and its cells as text. */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface SheetRecords {
  /** The sheet's name as written in the workbook. */
  sheet: string;
  /** The header row's number (found, or as given by --header-row). */
  headerRow: number;
  /** The header row and every non-empty row after it, in order. */
  rows: SheetRow[];
}

/** How a file's first bytes say what it is. */
export type FileKind = 'gzip' | 'zip' | 'ole' | 'text';

export function fileKind(head: Uint8Array): FileKind {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x1f, 0x8b)) return 'gzip';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'ole';
  return 'text';
}

/** How many rows from the top a header is looked for, below title rows. */
const HEADER_SEARCH_ROWS = 50;

const TO_CSV = "or save the sheet as 'CSV UTF-8 (Comma delimited)'";

/**
 * The rows of one sheet, from the header row down. `sheetName` chooses the sheet (exactly, or
 * ignoring case and surrounding spaces); by default the first. The header is the first row
 * that names case_id (or an alias, or the mapping's case_id column), so that title rows above
 * it are skipped, unless `headerRow` says which row it is.
 */
export function readWorkbook(
  bytes: Buffer,
  file: string,
  options: { sheet?: string; headerRow?: number; mapping?: Mapping },
): SheetRecords {
  const kind = fileKind(bytes);
  if (kind === 'ole') throw oleError(bytes, file);
  const cells: XLSX.ParsingOptions = { dense: true, cellDates: false, cellNF: true, cellHTML: false, cellFormula: false };
  let book: XLSX.WorkBook;
  let sheet: string;
  if (isOds(bytes)) {
    // An .ods keeps its sheet names in the one XML document that holds every sheet, so asking
    // for the names alone parses it all too: parse once (a first pass for the names took
    // `check` on a 100,000-row sheet from about 560 to 760 MiB at peak).
    book = parse(bytes, file, cells);
    sheet = chooseSheet(book.SheetNames, options.sheet, file);
  } else {
    // An .xlsx names its sheets in a small part of its own: read the names, then the one sheet.
    sheet = chooseSheet(parse(bytes, file, { bookSheets: true }).SheetNames, options.sheet, file);
    book = parse(bytes, file, { sheets: sheet, ...cells });
  }
  const ws = book.Sheets[sheet];
  if (ws === undefined) throw workbookError(file, `has no sheet "${sheet}" that could be read`);
  const rows = sheetRows(ws);
  const headerRow = options.headerRow ?? findHeaderRow(rows, options.mapping);
  const kept = rows.filter((r) => r.row >= headerRow);
  // A sheet has no ragged rows, only empty trailing cells: every row is as wide as the header,
  // and only a value past the header's last column is a problem.
  const width = kept[0]?.row === headerRow ? kept[0].cells.length : 0;
  for (const { cells } of kept) while (cells.length < width) cells.push('');
  return { sheet, headerRow, rows: kept };
}

/**
 * An OpenDocument spreadsheet: a zip with a `content.xml` and no `xl/workbook.xml` (entry names
 * are stored uncompressed). Both ways of parsing read the same cells: this only saves a pass.
 */
function isOds(bytes: Buffer): boolean {
  return bytes.includes('content.xml') && !bytes.includes('xl/workbook.xml');
}

function parse(bytes: Buffer, file: string, opts: XLSX.ParsingOptions): XLSX.WorkBook {
  try {
    return XLSX.read(bytes, { type: 'buffer', ...opts });
  } catch (error) {
    throw zipError(bytes, file, error);
  }
}

function chooseSheet(names: string[], wanted: string | undefined, file: string): string {
  const list = names.map((n) => `"${n}"`).join(', ');
  if (wanted === undefined) {
    const first = names[0];
    if (first === undefined) throw workbookError(file, 'has no sheets');
    return first;
  }
  if (names.includes(wanted)) return wanted;
  const folded = wanted.trim().toLowerCase();
  const near = names.find((n) => n.trim().toLowerCase() === folded);
  if (near !== undefined) return near;
  throw workbookError(file, `has no sheet "${wanted}" (--sheet); its sheets are ${list}`);
}

/**
 * Every non-empty row as text, trailing empty cells cut. A cell is read as the person sees it:
 * a number as displayed, a formula as its last calculated value, a date as an ISO date
 * (yyyy-mm-dd), whatever the display format, since "05/10/2015" reads differently by locale.
 */
function sheetRows(ws: XLSX.WorkSheet): SheetRow[] {
  const data = (ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const out: SheetRow[] = [];
  for (let r = 0; r < data.length; r++) {
    const cells = data[r];
    if (cells === undefined) continue;
    const text: string[] = [];
    let last = -1;
    for (let c = 0; c < cells.length; c++) {
      const value = cellText(cells[c]);
      text.push(value);
      if (value.trim() !== '') last = c;
    }
    if (last === -1) continue;
    text.length = last + 1;
    out.push({ row: r + 1, cells: text });
  }
  return out;
}

export function cellText(cell: XLSX.CellObject | undefined): string {
  if (cell === undefined) return '';
  switch (cell.t) {
    case 's':
      return String(cell.v ?? '');
    case 'd':
      return isoDate(cell.v);
    case 'n': {
      if (typeof cell.v === 'number' && typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) {
        const d = XLSX.SSF.parse_date_code(cell.v);
        if (d !== null && d !== undefined) return ymd(d.y, d.m, d.d);
      }
      return cell.w ?? String(cell.v ?? '');
    }
    case 'b':
      return cell.w ?? (cell.v ? 'TRUE' : 'FALSE');
    case 'e':
      return cell.w ?? '#ERROR';
    default:
      return cell.w ?? '';
  }
}

function isoDate(v: unknown): string {
  if (v instanceof Date) return ymd(v.getFullYear(), v.getMonth() + 1, v.getDate());
  return String(v ?? '');
}

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first row that names case_id; without one, the first non-empty row (whose missing columns are then reported). */
function findHeaderRow(rows: readonly SheetRow[], mapping: Mapping | undefined): number {
  const mapped = mapping?.columns.case_id;
  const names = (cell: string) =>
    mapped !== undefined ? foldHeader(cell) === foldHeader(mapped) : canonicalColumn(cell) === 'case_id';
  for (const { row, cells } of rows.slice(0, HEADER_SEARCH_ROWS)) {
    if (cells.some(names)) return row;
  }
  return rows[0]?.row ?? 1;
}

/**
 * An OLE compound file is either a legacy .xls or, as Office stores them, a password-protected
 * .xlsx (its "EncryptionInfo" stream names the encryption).
 */
function oleError(bytes: Buffer, file: string): CohortError {
  if (bytes.includes(Buffer.from('EncryptionInfo', 'utf16le'))) return passwordError(file);
  return workbookError(
    file,
    `is a legacy Excel 97-2003 workbook (.xls), which is not read: open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx), ${TO_CSV}, then try again`,
  );
}

function passwordError(file: string): CohortError {
  return workbookError(
    file,
    `is a password-protected workbook, which cannot be read: open it in Excel or LibreOffice with its password, save a copy without one (the data must stay on this machine), and try the copy; ${TO_CSV}`,
  );
}

/** A zip that SheetJS could not read: an encrypted .ods, some other zip, or a damaged workbook. */
function zipError(bytes: Buffer, file: string, error: unknown): CohortError {
  if (odsIsEncrypted(bytes)) return passwordError(file);
  if (fileKind(bytes) === 'ole') return oleError(bytes, file);
  const why = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const password = /password|encrypt/i.test(why);
  if (password) return passwordError(file);
  return workbookError(
    file,
    `could not be read as an .xlsx or .ods workbook (${why || 'unknown format'}); if it opens in Excel or LibreOffice, save it again as .xlsx, ${TO_CSV}`,
  );
}

/** LibreOffice encrypts an .ods's parts and says so in its (unencrypted) manifest. */
function odsIsEncrypted(bytes: Buffer): boolean {
  try {
    const zip = XLSX.CFB.read(bytes, { type: 'buffer' });
    const manifest = XLSX.CFB.find(zip, 'META-INF/manifest.xml');
    const content = manifest?.content;
    return content !== undefined && Buffer.from(content as Uint8Array).includes('encryption-data');
  } catch {
    return false;
  }
}

function workbookError(file: string, reason: string): CohortError {
  return fileError(file, reason);
}
