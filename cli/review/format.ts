/**
 * Text helpers for the review screen. Cells are cut to their width here, never wrapped by the
 * terminal, so a long locality cannot break the table.
 */

import { printable } from '../../src/report/printable.js';

export { printable };

/** Cut to `width` characters, ending in "…" when cut. */
export function truncate(text: string, width: number): string {
  const chars = [...printable(text)];
  if (width <= 0) return '';
  if (chars.length <= width) return chars.join('');
  return `${chars.slice(0, width - 1).join('')}…`;
}

/** Exactly `width` characters: cut or padded on the right. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - [...cut].length));
}

/** Exactly `width` characters, padded on the left (numbers). */
export function fitRight(text: string, width: number): string {
  const cut = truncate(text, width);
  return ' '.repeat(Math.max(0, width - [...cut].length)) + cut;
}

export function textWidth(text: string): number {
  return [...text].length;
}



/** Greedy word wrap into at most `max` lines of `width`; the last line is cut with "…" if need be. */
export function wrapText(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  const words = printable(text).split(' ');
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = line ? `${line} ${word}` : word;
    if (textWidth(next) <= width || !line) {
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
