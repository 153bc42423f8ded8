/**
 * Drawing from fair mode's distribution (fair.ts works it out): the solution rounded to a fixed
 * integer grid in a fixed order, so that a draw depends only on the seed, and the seeded draw
 * itself. See docs/fair-selection.md, *Drawing*.
 */

import type { Case } from '../cohort/case.js';
import { pickMembers } from './draw.js';
import type { CountVector } from './fair-pricing.js';
import type { Problem } from './problem.js';

/**
 * The distribution is rounded to whole multiples of 2^-48 before drawing, so that a draw depends
 * only on the seed and on integers: two machines whose floating point differed in the last bit
 * of some probability still draw the same sample from the same seed.
 */
export const GRID = 2 ** 48;

export interface FairDistribution {
  /** Valid count vectors over problem.profiles, in a fixed order (by their profiles and counts). */
  vectors: CountVector[];
  /** Each vector's probability in units of 1/GRID: whole numbers summing to GRID. */
  weights: number[];
  /** Per profile: each of its cases' chance under the rounded distribution (0 if never pickable). */
  chances: number[];
  /** The smallest chance of any case that can be picked (the maximin level). */
  smallest: number;
  /** The largest chance of any case in the pool. */
  largest: number;
  leximin: boolean;
  /**
   * How the solve went: rounds of leximin, linear programs solved (and how many of them primal
   * simplex stalled on), count vectors generated and pruned.
   */
  stats: { rounds: number; solves: number; stalls: number; columns: number; pruned: number };
}

/**
 * The solution rounded to the grid, in a fixed order, with each profile's chance under it.
 * colValue[j + 1] is columns[j]'s share, in any scale (the shares are divided by their sum).
 */
export function rounded(
  problem: Problem,
  candidates: readonly number[],
  columns: readonly CountVector[],
  colValue: Float64Array,
  leximin: boolean,
  stats: FairDistribution['stats'],
): FairDistribution {
  const support = columns
    .map((v, j) => ({ v, x: Math.max(0, colValue[j + 1]!) }))
    .filter((e) => e.x > 0)
    .sort((a, b) => compareVectors(a.v, b.v));
  const total = support.reduce((s, e) => s + e.x, 0);
  // Largest remainder: floor every share, then hand the units left over to the largest
  // remainders (ties to the earlier vector), so the weights sum to GRID exactly.
  const exact = support.map((e) => (e.x / total) * GRID);
  const weights = exact.map(Math.floor);
  let left = GRID - weights.reduce((s, w) => s + w, 0);
  const byRemainder = exact.map((_, j) => j).sort((a, b) => exact[b]! - weights[b]! - (exact[a]! - weights[a]!) || a - b);
  for (const j of byRemainder) {
    if (left <= 0) break;
    weights[j]!++;
    left--;
  }
  // A share too small to earn one unit of the grid is never drawn: leave it out.
  const kept = weights.map((_, j) => j).filter((j) => weights[j]! > 0);
  const vectors = kept.map((j) => support[j]!.v);
  weights.splice(0, weights.length, ...kept.map((j) => weights[j]!));
  const picks = new Float64Array(problem.profiles.length);
  vectors.forEach((v, j) => v.profiles.forEach((p, x) => (picks[p] = picks[p]! + (weights[j]! / GRID) * v.counts[x]!)));
  const chances = problem.profiles.map((prof, p) => picks[p]! / prof.size);
  const pool = candidates.map((p) => chances[p]!);
  return {
    vectors,
    weights,
    chances,
    smallest: pool.length ? pool.reduce((a, b) => Math.min(a, b)) : 0,
    largest: pool.length ? pool.reduce((a, b) => Math.max(a, b)) : 0,
    leximin,
    stats,
  };
}

function compareVectors(a: CountVector, b: CountVector): number {
  const n = Math.min(a.profiles.length, b.profiles.length);
  for (let i = 0; i < n; i++) {
    if (a.profiles[i] !== b.profiles[i]) return a.profiles[i]! - b.profiles[i]!;
    if (a.counts[i] !== b.counts[i]) return a.counts[i]! - b.counts[i]!;
  }
  return a.profiles.length - b.profiles.length;
}

/**
 * One draw from the fair distribution: a count vector chosen with the seeded generator on the
 * integer grid, then, within each profile, that many of its cases uniformly. Pins first, then
 * the picks in cohort order, as a uniform draw returns them.
 */
export function drawFair(problem: Problem, distribution: FairDistribution, random: () => number): Case[] {
  // 48 random bits from two 24-bit halves: every integer below GRID equally likely.
  const u = Math.floor(random() * 2 ** 24) * 2 ** 24 + Math.floor(random() * 2 ** 24);
  let at = 0;
  let j = 0;
  for (; j < distribution.weights.length - 1; j++) {
    at += distribution.weights[j]!;
    if (u < at) break;
  }
  const v = distribution.vectors[j]!;
  const picked: number[] = [];
  v.profiles.forEach((p, x) => picked.push(...pickMembers(problem, [p], v.counts[x]!, random)));
  picked.sort((a, b) => a - b);
  return [...problem.pins, ...picked.map((i) => problem.pool[i]!)];
}
