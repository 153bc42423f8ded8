/**
 * How every CSV the tool writes is stringified, decided once. These files are meant to be
 * opened in a spreadsheet as well as read by programs:
 *
 * - A byte-order mark first. Excel opens a UTF-8 CSV without one in the machine's ANSI code page
 *   (Windows-1252 in the UK), so a locality like "Ynys Môn" shows as "Ynys MÃ´n"; with it, Excel
 *   and LibreOffice both read UTF-8. Programs skip it: csv-parse's `bom` option (this tool's own
 *   reader), Python's `utf-8-sig`, R's readr. A plain CSV still cannot keep every value as text
 *   (a case_id like `1E5`, a 25-digit count): for a spreadsheet, write `.xlsx` instead.
 * - Cells that would run as a formula (starting `=`, `+`, `-`, `@`, a tab or a carriage return)
 *   are escaped (OWASP "CSV Injection"): locality and la_code are free text from the export.
 *
 * The labels the tool itself chooses are chosen so that no spreadsheet retypes them (age bands
 * are "Age 5 to 10", not "5-10"; see src/cohort/codes.ts).
 */
import type { Options } from 'csv-stringify';

/** Options for a CSV's pieces; `first` is the piece the file starts with (it carries the BOM). */
export function csvOptions(first = true): Pick<Options, 'bom' | 'escape_formulas'> {
  return { bom: first, escape_formulas: true };
}
