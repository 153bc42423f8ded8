/**
 * Terminal styling, decided by the caller (`cli/` knows whether stdout is a terminal and
 * whether NO_COLOR is set). State is always carried by a symbol or a word as well, never by
 * colour alone: ✓ and ✗ read the same in a pipe, a screen reader or a printout.
 */
import stringWidth from 'string-width';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  good(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  tick: string;
  cross: string;
}

/** SGR attributes: bold, dim, normal intensity, red, green, yellow, default colour. */
const SGR = { bold: 1, dim: 2, normal: 22, red: 31, green: 32, yellow: 33, plain: 39 } as const;

/**
 * Every colour code this tool writes, and no other: the terminal sanitiser (printable.ts) lets
 * these through and shows any other escape code, from a file say, as "?".
 */
export const STYLE_CODES: ReadonlySet<string> = new Set(Object.values(SGR).map((n) => `\u001b[${n}m`));

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function style(color: boolean): Style {
  if (!color) {
    const plain = (text: string) => text;
    return { bold: plain, dim: plain, good: plain, bad: plain, warn: plain, tick: '✓', cross: '✗' };
  }
  const good = ansi(SGR.green, SGR.plain);
  const bad = ansi(SGR.red, SGR.plain);
  return {
    bold: ansi(SGR.bold, SGR.normal),
    dim: ansi(SGR.dim, SGR.normal),
    good,
    bad,
    warn: ansi(SGR.yellow, SGR.plain),
    tick: good('✓'),
    cross: bad('✗'),
  };
}

/**
 * The columns text takes on a terminal: colour codes none, a combining accent none (a
 * decomposed `Môn` is three), a CJK character or an emoji two (`東区` is four). string-width
 * knows Unicode's width tables and grapheme rules, which a count of code points does not.
 */
export function visibleWidth(text: string): number {
  return stringWidth(text);
}

/** "31.2%"; a share that is not zero never shows as 0.0%. */
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '–';
  return formatShare(part / whole);
}

export function formatShare(share: number): string {
  if (share === 0) return '0%';
  // Small chances keep two significant digits: 0.047% and 0.0012% are worth telling apart.
  if (share < 0.000001) return '<0.0001%';
  if (share < 0.001) return `${Number((share * 100).toPrecision(2))}%`;
  if (share > 0.999 && share < 1) return '>99.9%';
  return `${(share * 100).toFixed(1)}%`;
}
