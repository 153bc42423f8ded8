/**
 * Text helpers for the review screen. Cells are cut to their width here, never wrapped by the
 * terminal, so a long locality cannot break the table. Widths are display widths (as the
 * terminal draws them, visibleWidth): `東区` takes four columns and a decomposed `Môn` three.
 */

import { printable } from '../../src/report/printable.js';
import { visibleWidth } from '../../src/report/style.js';

export { printable, visibleWidth };

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Cut to `width` columns, ending in "…" when cut; never between a letter and its accent, nor
 * through a wide character (the line may then come out a column short, which fit() pads).
 */
export function truncate(text: string, width: number): string {
  const shown = printable(text);
  if (width <= 0) return '';
  if (visibleWidth(shown) <= width) return shown;
  let cut = '';
  let used = 0;
  for (const { segment } of graphemes.segment(shown)) {
    const w = visibleWidth(segment);
    if (used + w > width - 1) break;
    cut += segment;
    used += w;
  }
  return `${cut}…`;
}

/** Cut from the left to `width` columns, starting with "…" when cut: the end stays in sight. */
export function truncateStart(text: string, width: number): string {
  const shown = printable(text);
  if (width <= 0) return '';
  if (visibleWidth(shown) <= width) return shown;
  const kept: string[] = [];
  let used = 0;
  for (const { segment } of [...graphemes.segment(shown)].reverse()) {
    const w = visibleWidth(segment);
    if (used + w > width - 1) break;
    kept.unshift(segment);
    used += w;
  }
  return `…${kept.join('')}`;
}

/** Exactly `width` columns: cut or padded on the right. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - visibleWidth(cut)));
}

/** Exactly `width` columns, padded on the left (numbers). */
export function fitRight(text: string, width: number): string {
  const cut = truncate(text, width);
  return ' '.repeat(Math.max(0, width - visibleWidth(cut))) + cut;
}



/** Greedy word wrap into at most `max` lines of `width` columns; the last line is cut with "…" if need be. */
export function wrapText(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  const words = printable(text).split(' ');
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = line ? `${line} ${word}` : word;
    if (visibleWidth(next) <= width || !line) {
      line = next;
      continue;
    }
    if (lines.length === max - 1) {
      lines.push(truncate(`${line} ${words.slice(i).join(' ')}`, width));
      return lines;
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(truncate(line, width));
  return lines;
}
