/**
 * The field delimiter, decided from the header line. Excel in a locale that writes decimal
 * commas saves "CSV" with semicolons, and some case-management systems export tab-separated
 * text; the header of such a file has no comma (column names do not contain one), which is a
 * safer signal than guessing from data rows, where free text may hold any of the three.
 */
export type Delimiter = ',' | ';' | '\t';

export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** Counts delimiters outside double quotes on the first line of `text`. */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char]++;
  }
  if (counts[','] > 0) return ',';
  if (counts[';'] === 0 && counts['\t'] === 0) return ',';
  return counts['\t'] > counts[';'] ? '\t' : ';';
}

export type LineEnding = 'lf' | 'crlf' | 'cr';

/** How the first line ends ("\n" when there is no line break at all). */
export function detectLineEnding(bytes: Uint8Array): LineEnding {
  const at = bytes.findIndex((b) => b === 0x0a || b === 0x0d);
  if (at === -1 || bytes[at] === 0x0a) return 'lf';
  return bytes[at + 1] === 0x0a ? 'crlf' : 'cr';
}

/**
 * Excel's own hint: a first line `sep=;` (or `sep=,`, `sep=<tab>`) names the delimiter, and is
 * not the header. `null` when the first line is not one; `{ named }` for a character we do not
 * read as a delimiter, so that the caller can say so instead of guessing.
 */
export function excelSeparator(text: string): { delimiter: Delimiter } | { named: string } | null {
  const match = /^\uFEFF?"?sep=(.)"?[ \t]*(?:\r\n|\r|\n|$)/i.exec(text.slice(0, 16));
  if (match === null) return null;
  const named = match[1] as string;
  return named === ',' || named === ';' || named === '\t' ? { delimiter: named } : { named };
}
