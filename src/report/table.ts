/**
 * Aligned plain-text tables, csvkit style: a header, a rule under it, columns padded to their
 * widest cell, numbers right-aligned so that digits line up.
 */
import { LONGEST_SHOWN, cutLongRuns } from './printable.js';
import { formatPercent, visibleWidth, type Style } from './style.js';
import { formatCount } from '../words.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Rows of cells, each already a string (and possibly styled); returns lines without a final newline. */
export function table(columns: readonly Column[], rawRows: readonly (readonly string[])[], s: Style, indent = '  '): string {
  // A huge value (a 900 KB header name as a --by group) is cut before it sets a column's width.
  const rows = rawRows.map((r) => (r.some(isLong) ? r.map(cutLongRuns) : r));
  const headers = columns.map((c) => cutLongRuns(c.header));
  const widths = columns.map((_, i) => rows.reduce((w, r) => Math.max(w, visibleWidth(r[i] ?? '')), visibleWidth(headers[i]!)));
  const line = (cells: readonly string[]) =>
    indent +
    columns
      .map((c, i) => pad(cells[i] ?? '', widths[i]!, c.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const head = line(headers.map((h) => s.bold(h)));
  const rule = indent + widths.map((w) => '─'.repeat(w)).join('  ');
  return [head, s.dim(rule), ...rows.map(line)].join('\n');
}

function isLong(cell: string): boolean {
  return cell.length > LONGEST_SHOWN;
}

/** Label / count / percentage rows for a frequency table. */
export function frequencyRows(counts: Record<string, number>, total: number, label: (key: string) => string = (k) => k): string[][] {
  return Object.entries(counts).map(([key, n]) => [label(key), formatCount(n), formatPercent(n, total)]);
}
