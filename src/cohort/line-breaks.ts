/**
 * Line breaks inside a CSV record's fields: how many there are, so that line numbers stay
 * those an editor shows, and whether they betray a quote opened by mistake that took in rows.
 */
import { makeProblem, type CohortProblem } from './problems.js';

/**
 * Physical line breaks inside a record's fields; "\r\n" is one, as an editor shows it. A "\r"
 * ending the record is the first half of its line ending (a CRLF line in a file whose first
 * line ended in "\n"), not a break.
 */
export function lineBreaks(record: string[]): number {
  let breaks = 0;
  const last = record.length - 1;
  for (let i = 0; i <= last; i++) {
    const field = record[i] as string;
    if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) continue;
    const end = i === last && field.endsWith('\r') ? field.length - 1 : field.length;
    for (let j = 0; j < end; j++) {
      const c = field.charCodeAt(j);
      if (c === 10 || (c === 13 && field.charCodeAt(j + 1) !== 10)) breaks++;
    }
  }
  return breaks;
}

/** What a row of the file looks like: its header, and how many fields a row may have. */
export interface RowShape {
  headers: readonly string[];
  /** A row may omit trailing columns whose header is empty. */
  minFields: number;
  fieldCount: number;
  delimiter: string;
}

/**
 * A quoted value whose line breaks enclose lines shaped like rows (as many delimiters as the
 * header) is almost surely a quote opened by mistake: the rows it took in would otherwise
 * vanish into one value. Returns the problem for the whole record (lines `start` to `end`), or
 * null. Inside a quoted value a lone quote would have closed it, so counting delimiters on
 * each enclosed line is exact. Only called for records that hold a line break.
 */
export function swallowedRows(record: string[], shape: RowShape, file: string, start: number, end: number): CohortProblem | null {
  let line = start;
  const last = record.length - 1;
  for (let i = 0; i <= last; i++) {
    const field = record[i] as string;
    if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) continue;
    // As in lineBreaks: a "\r" ending the record is half of its line ending.
    const lines = (i === last && field.endsWith('\r') ? field.slice(0, -1) : field).split(/\r\n|\r|\n/);
    let rowLike = 0;
    for (let j = 1; j < lines.length; j++) {
      const delimiters = countOf(lines[j] as string, shape.delimiter);
      if (delimiters >= shape.minFields - 1 && delimiters <= shape.fieldCount - 1) rowLike++;
    }
    const opened = line;
    line += lines.length - 1;
    if (rowLike === 0) continue;
    const header = shape.headers[i];
    const column = header === undefined || header === '' ? `column ${i + 1}` : header;
    const taken = rowLike === 1 ? '1 line that looks like a row' : `${rowLike.toLocaleString('en-GB')} lines that look like rows`;
    return makeProblem({
      kind: 'quote',
      file,
      line: start,
      endLine: end,
      column,
      reason: `a quote opened on line ${opened} closes on line ${line}, taking in ${taken}; is a closing double quote missing on line ${opened}?`,
      subject: `${file} lines ${start}-${end}, ${column}:`,
    });
  }
  return null;
}

function countOf(text: string, char: string): number {
  let n = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) n++;
  return n;
}
