/**
 * What the text of one parsed record says, before any column means anything: a cell's trimmed
 * value, and whether the record is blank. (Its line breaks are line-breaks.ts's.)
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

/** Blank lines, and Excel's rows of empty cells (",,,,"), are not rows. */
export function isBlank(record: readonly string[]): boolean {
  for (let i = 0; i < record.length; i++) {
    const field = record[i] as string;
    if (field.length !== 0 && field.trim() !== '') return false;
  }
  return true;
}
