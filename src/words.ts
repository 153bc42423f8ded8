/**
 * Counts in words, written one way everywhere: digits grouped as in en-GB ("8,949") and the
 * noun agreeing with the number ("1 case", "2 cases"). The library's messages, the reports and
 * the review screen all count through here, so no message says "1 cases" or "12345 rows"
 * while another says "12,345 rows".
 */

/**
 * "8,949". `compact`: from a trillion on, three figures ("6.72×10^24"), for a line that has no
 * room for 25 digits (the review screen's header); the reports always give the exact count.
 */
export function formatCount(n: number | bigint, compact = false): string {
  if (!compact || n < 1e12) return n.toLocaleString('en-GB');
  const digits = BigInt(typeof n === 'number' ? Math.round(n) : n).toString();
  return `${digits[0]}.${digits.slice(1, 3)}×10^${digits.length - 1}`;
}

/** The form of a word that agrees with `n`: agree(1, 'case') is "case", agree(2, 'keeps', 'keep') "keep". */
export function agree(n: number | bigint, one: string, many = `${one}s`): string {
  return n === 1 || n === 1n ? one : many;
}

/** "1 case", "1,204 cases", "2 matches" (with `many` given). */
export function plural(n: number | bigint, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${agree(n, one, many)}`;
}
