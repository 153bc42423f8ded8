/**
 * What the text of one parsed record says, before any column means anything: a cell's trimmed
 * value, whether the record is blank, and how many line breaks its fields hold (so that line
 * numbers stay those an editor shows).
 */

/** The trimmed value, `undefined` when empty. Most cells start and end with a printable ASCII
 * character, where trimming would change nothing; only the others pay for `trim()`. */
export function cell(record: readonly string[], at: number): string | undefined {
  if (at < 0) return undefined;
  const value = record[at] ?? '';
  if (value.length === 0) return undefined;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first > 32 && first < 127 && last > 32 && last < 127) return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Physical line breaks inside a record's fields; "\r\n" is one, as an editor shows it. A "\r"
 * ending the record is the first half of its line ending (a CRLF line in a file whose first
 * line ended in "\n"), not a break.
 */
export function lineBreaks(record: readonly string[]): number {
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

/** Blank lines, and Excel's rows of empty cells (",,,,"), are not rows. */
export function isBlank(record: readonly string[]): boolean {
  for (let i = 0; i < record.length; i++) {
    const field = record[i] as string;
    if (field.length !== 0 && field.trim() !== '') return false;
  }
  return true;
}
