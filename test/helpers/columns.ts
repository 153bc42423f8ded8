/**
 * How many terminal columns text takes, worked out here from first principles for the
 * scripts the tests use, so that the code's own measure (string-width) is checked against
 * something it does not share: a combining mark takes none, a CJK ideograph or kana two,
 * anything else one. Colour codes are removed first.
 */
export function columnsOf(text: string): number {
  let n = 0;
  // eslint-disable-next-line no-control-regex
  for (const ch of text.replace(/\u001b\[[0-9;]*m/g, '')) {
    if (/\p{M}/u.test(ch)) continue;
    n += /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(ch) ? 2 : 1;
  }
  return n;
}

/** The column at which `part` starts in `line` (the first match). */
export function columnOf(line: string, part: string): number {
  const at = line.indexOf(part);
  if (at < 0) throw new Error(`'${part}' is not in '${line}'`);
  return columnsOf(line.slice(0, at));
}

/** Places as a local-authority export may spell them: a CJK name, `Môn` decomposed (o + U+0302). */
export const WIDE = '東区';
export const DECOMPOSED = 'Ynys Mo\u0302n';
