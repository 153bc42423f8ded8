/**
 * The generator's randomness: seeded streams (seedrandom's Alea, fast and pure JavaScript, so a
 * seed gives the same numbers on every machine and Node version), sampling from cumulative
 * tables, and an opaque permutation of case numbers. Nothing here calls Math.random.
 */
import seedrandom from 'seedrandom';

export type Rng = () => number;

/**
 * A stream named by the seed and a path of labels, so that each part of the file (the layout of
 * areas, the rows of one area) has its own stream and does not shift when another part changes.
 */
export function stream(seed: string, ...labels: string[]): Rng {
  return seedrandom.alea(JSON.stringify([seed, ...labels]));
}

/** Weights (any non-negative numbers) to a cumulative table ending at exactly 1. */
export function cumulative(weights: readonly number[]): Float64Array {
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`invalid weight ${w}`);
    total += w;
  }
  if (total <= 0) throw new Error('all weights are zero');
  const table = new Float64Array(weights.length);
  let run = 0;
  weights.forEach((w, i) => {
    run += w;
    table[i] = run / total;
  });
  // Guard against rounding: the last non-zero entry and everything after it is exactly 1.
  let last = weights.length - 1;
  while (last > 0 && weights[last] === 0) last--;
  for (let i = last; i < table.length; i++) table[i] = 1;
  return table;
}

/** The index drawn from a cumulative table for a uniform `r` in [0, 1). */
export function pick(table: Float64Array, r: number): number {
  let i = 0;
  const last = table.length - 1;
  while (i < last && r >= table[i]!) i++;
  return i;
}

/** A standard normal deviate (Box–Muller), for the lognormal spread of area sizes and rates. */
export function normal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Case numbers run 0 … ID_SPACE - 1 and are written with 7 digits. */
export const ID_SPACE = 10_000_000;
export const ID_DIGITS = 7;

/**
 * A keyed permutation of 0 … ID_SPACE - 1: a 4-round Feistel network on 24 bits, cycle-walked
 * back into range. Row i gets case number permute(i), so references are unique without a set
 * in memory and do not give away the order the rows were made in.
 */
export function idPermutation(rng: Rng): (i: number) => number {
  const keys = [0, 1, 2, 3].map(() => Math.floor(rng() * 0x1_0000_0000) >>> 0);
  const round = (half: number, key: number): number => {
    let h = Math.imul(half ^ key, 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h & 0xfff;
  };
  const feistel = (x: number): number => {
    let left = x >>> 12;
    let right = x & 0xfff;
    for (const key of keys) {
      const next = (left ^ round(right, key)) & 0xfff;
      left = right;
      right = next;
    }
    return (left << 12) | right;
  };
  return (i: number): number => {
    let x = i;
    do x = feistel(x);
    while (x >= ID_SPACE);
    return x;
  };
}
