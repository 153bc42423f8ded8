/**
 * Fitting tables and chips to the terminal: columns get their minimum first, optional ones
 * leave when even that does not fit, and what room is left goes to the columns that can use it.
 * Every line comes out exactly as wide as asked, in display columns, so nothing wraps.
 */
import { fit, fitRight, visibleWidth } from './format.js';

export interface Column<T> {
  header: string;
  min: number;
  /** The widest it is ever worth making (Infinity: takes whatever is left). */
  max: number;
  /** Optional columns go first when the terminal is too narrow, lowest number first. */
  optional?: number;
  /** Which columns get spare room first (lowest first); those without wait until last. */
  grow?: number;
  align?: 'right';
  value: (row: T, width: number) => string;
}

export interface Fitted<T> {
  columns: Column<T>[];
  widths: number[];
}

/**
 * Chooses columns and widths for `width` characters, one space between columns. A column is
 * never made wider than its header and the rows shown need, so short values leave room for the
 * others.
 */
export function fitColumns<T>(all: readonly Column<T>[], width: number, rows: readonly T[] = []): Fitted<T> {
  const ideal = new Map(
    all.map((c) => {
      const content = rows.reduce((w, r) => Math.max(w, visibleWidth(c.value(r, c.max))), visibleWidth(c.header));
      return [c, Math.min(c.max, Math.max(1, content))];
    }),
  );
  const least = (c: Column<T>) => Math.min(c.min, ideal.get(c)!);
  let columns = [...all];
  const need = (cols: Column<T>[]) => cols.reduce((n, c) => n + least(c), 0) + Math.max(0, cols.length - 1);
  while (need(columns) > width) {
    const optional = columns.filter((c) => c.optional !== undefined);
    if (optional.length === 0) break;
    const first = optional.reduce((a, b) => (b.optional! < a.optional! ? b : a));
    columns = columns.filter((c) => c !== first);
  }
  const widths = columns.map(least);
  let spare = width - need(columns);
  const order = columns.map((c, i) => ({ c, i })).sort((a, b) => (a.c.grow ?? Infinity) - (b.c.grow ?? Infinity) || a.i - b.i);
  for (const { c, i } of order) {
    if (spare <= 0) break;
    const add = Math.min(spare, ideal.get(c)! - widths[i]!);
    if (add > 0) {
      widths[i]! += add;
      spare -= add;
    }
  }
  // What is left goes to an open-ended column, or else is spread over the last one.
  const open = columns.findIndex((c) => c.max === Infinity);
  if (spare > 0 && open >= 0) widths[open]! += spare;
  return { columns, widths };
}

export function headerLine<T>(f: Fitted<T>): string {
  return f.columns.map((c, i) => (c.align === 'right' ? fitRight(c.header, f.widths[i]!) : fit(c.header, f.widths[i]!))).join(' ');
}

export function rowLine<T>(f: Fitted<T>, row: T): string {
  return f.columns
    .map((c, i) => {
      const w = f.widths[i]!;
      const v = c.value(row, w);
      return c.align === 'right' ? fitRight(v, w) : fit(v, w);
    })
    .join(' ');
}

/** Chips laid out greedily into lines of `width`, `gap` spaces apart. */
export function chipLines<T extends { text: string }>(chips: readonly T[], width: number, gap = 2): T[][] {
  const lines: T[][] = [];
  let line: T[] = [];
  let used = 0;
  for (const chip of chips) {
    const w = visibleWidth(chip.text);
    if (line.length > 0 && used + gap + w > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    used += (line.length > 0 ? gap : 0) + w;
    line.push(chip);
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
