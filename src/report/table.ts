/**
 * Aligned plain-text tables, csvkit style: a header, a rule under it, columns padded to their
 * widest cell, numbers right-aligned so that digits line up.
 */
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
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], s: Style, indent = '  '): string {
  const widths = columns.map((c, i) => rows.reduce((w, r) => Math.max(w, visibleWidth(r[i] ?? '')), visibleWidth(c.header)));
  const line = (cells: readonly string[]) =>
    indent +
    columns
      .map((c, i) => pad(cells[i] ?? '', widths[i]!, c.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const head = line(columns.map((c) => s.bold(c.header)));
  const rule = indent + widths.map((w) => '─'.repeat(w)).join('  ');
  return [head, s.dim(rule), ...rows.map(line)].join('\n');
}

/** Label / count / percentage rows for a frequency table. */
export function frequencyRows(counts: Record<string, number>, total: number, label: (key: string) => string = (k) => k): string[][] {
  return Object.entries(counts).map(([key, n]) => [label(key), formatCount(n), formatPercent(n, total)]);
}
