/**
 * What happens to a drawn sample when an inspector changes it: the seed each change draws
 * with, the reserves topped up after a change, what fills a dropped pick's place, and a redraw
 * around the pinned picks. Decided here, beside `drawSample`, so that the review screen holds
 * only what the inspector did and every choice is the solver's, made one way.
 */
import seedrandom from 'seedrandom';
import type { Case } from '../cohort/case.js';
import { meetsRules } from '../rules/evaluate.js';
import type { Rules } from '../rules/schema.js';
import { createSampler } from './draw.js';
import { drawFair, type FairDistribution } from './fair-draw.js';
import type { Problem } from './problem.js';
import { findReserves, swapOptions, type Reserve } from './swap.js';

/** Reserves listed when none is asked for: one a pick, for a sample of six. */
export const DEFAULT_RESERVES = 6;

/** The changes that draw at random, each from its own seed. */
export type SeededChange = 'swap' | 'drop' | 'redraw' | 'reserves';

/**
 * The seed a change draws with, from the session's seed and a counter every change advances
 * ("2026-11-23:redraw:4"): a saved session replays exactly, and no two changes share a stream.
 */
export function deriveSeed(seed: string, change: SeededChange, nonce: number, ...more: string[]): string {
  return [seed, change, String(nonce), ...more].join(':');
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((x, i) => (i === index ? item : x));
}

/** Whether `incoming` in place of pick `index` meets every rule. */
export function fitsInPlace(picks: readonly Case[], index: number, incoming: Case, rules: Rules): boolean {
  return meetsRules(replaceAt(picks, index, incoming), rules);
}

/** The picks a case could replace with every rule still met. */
export function replaceablePicks(picks: readonly Case[], reserve: Case, rules: Rules): Case[] {
  return picks.filter((_, i) => fitsInPlace(picks, i, reserve, rules));
}

/**
 * The draw and its reserves from one seeded stream, the draw first (as `drawSample` makes them):
 * uniform, or from the fair distribution when one is given.
 */
export function drawWithReserves(
  problem: Problem,
  count: bigint,
  random: () => number,
  reserves: number,
  fair: FairDistribution | null = null,
): { sample: Case[]; reserves: Reserve[] } {
  const sample = fair ? drawFair(problem, fair, random) : createSampler(problem, count).draw(random)!;
  return { sample, reserves: findReserves(problem, sample, reserves, random) };
}

/**
 * The reserves after a change: those that can still stand in for a pick, in their order, then
 * new ones drawn fairly from `pool` to make up `want`. Asking for as many more as there are
 * cases to skip keeps the draw uniform: the first n of a uniform order that are not skipped
 * are a uniform choice among the rest.
 */
export function topUpReserves(
  pool: Problem,
  picks: readonly Case[],
  current: readonly Case[],
  skip: readonly string[],
  want: number,
  seed: string,
): Case[] {
  const reserves = current.filter((r) => replaceablePicks(picks, r, pool.rules).length > 0);
  const need = want - reserves.length;
  if (need <= 0 || picks.length === 0) return reserves;
  const skipped = new Set([...reserves.map((c) => c.case_id), ...skip]);
  const drawn = findReserves(pool, picks, need + skipped.size, seedrandom(seed))
    .map((r) => r.case)
    .filter((c) => !skipped.has(c.case_id))
    .slice(0, need);
  return [...reserves, ...drawn];
}

export interface DropInput {
  picks: readonly Case[];
  index: number;
  reserves: readonly Case[];
  /** No pins, the session's exclusions: where swaps come from. */
  pool: Problem;
  /** Every case taken out so far, the dropped pick included. */
  gone: ReadonlySet<string>;
  /** The problem with the other picks pinned and every excluded case out, with its count. */
  completion: () => { problem: Problem; count: bigint };
  seed: string;
}

/**
 * What takes a dropped pick's place: the first reserve that keeps every rule met; else a
 * completion drawn with the other picks pinned; else (no case keeps the rules) the case that
 * breaks fewest rules; else nothing. `how` says which, for the audit record.
 */
export function replaceDropped(input: DropInput): { incoming: Case[]; how: string } {
  const { picks, index, pool, seed } = input;
  const reserve = input.reserves.find((r) => fitsInPlace(picks, index, r, pool.rules));
  if (reserve) return { incoming: [reserve], how: 'the first reserve that keeps every rule met' };
  const { problem, count } = input.completion();
  if (count > 0n) {
    const rest = new Set(picks.filter((_, i) => i !== index).map((c) => c.case_id));
    const sample = createSampler(problem, count).draw(seedrandom(seed))!;
    return {
      incoming: sample.filter((c) => !rest.has(c.case_id)),
      how: `drawn by the solver with the other picks pinned (seed ${seed}), as no reserve keeps every rule met`,
    };
  }
  const options = swapOptions(pool, picks, index, seedrandom(seed), true);
  const best = [...options.fits, ...options.breaking]
    .filter((o) => !input.gone.has(o.case.case_id))
    .sort((a, b) => a.breaks.length - b.breaks.length)[0];
  return best
    ? { incoming: [best.case], how: 'the case breaking fewest rules, as no case keeps every rule met' }
    : { incoming: [], how: 'nothing: no case is left to take its place' };
}

/**
 * A new draw for every pick not pinned (`problem` pins them), the pinned picks staying in
 * their rows and new picks filling the others in order; reserves from the same stream.
 */
export function redrawAround(
  problem: Problem,
  count: bigint,
  current: readonly Case[],
  pinned: ReadonlySet<string>,
  reserveCount: number,
  seed: string,
): { picks: Case[]; reserves: Case[]; fresh: number } {
  const drawn = drawWithReserves(problem, count, seedrandom(seed), reserveCount);
  const fresh = drawn.sample.filter((c) => !pinned.has(c.case_id));
  const picks: Case[] = [];
  let next = 0;
  for (const c of current) {
    if (pinned.has(c.case_id)) picks.push(c);
    else if (next < fresh.length) picks.push(fresh[next++]!);
  }
  picks.push(...fresh.slice(next));
  return { picks, reserves: drawn.reserves.map((r) => r.case), fresh: fresh.length };
}
