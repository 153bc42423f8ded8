import type { DpGraph } from './dp.js';
import { countTermsInWorkers } from './count-workers.js';
import { countTermsMod, passesMod } from './dp-mod.js';
import { binomial, fromResidues, primesFor } from './modular.js';
import { pinnedMask, relaxedGraph, type Problem } from './problem.js';

/** The targets the pool still has to meet, as indices. */
export function openTargets(problem: Problem): number[] {
  const met = pinnedMask(problem);
  return problem.compiled.targets.map((_, i) => i).filter((i) => !(met & (1 << i)));
}

/**
 * How the "at least one" targets are split between the DP state (a bit each) and
 * inclusion–exclusion (a term per subset). Leaving a target out of state lets profiles that
 * differ only in it merge into one layer, which shrinks the graph far more than the extra
 * terms cost (the handbook rules: 559 layers and 19 million states with all five targets in
 * state; 60 layers and about 31 thousand states with none, times 32 terms). Past eight targets
 * the 2^n terms would win, so the rest stay in state.
 */
export function splitTargets(open: readonly number[]): { state: number[]; ie: number[] } {
  return { state: open.slice(8), ie: open.slice(0, 8) };
}

/**
 * One graph serves every inclusion–exclusion term: a term only removes cases (those meeting
 * a target it avoids), which changes layer sizes, not the paths through the graph.
 */
interface CountPlan {
  graph: DpGraph;
  ie: number[];
  /** Per layer: the profiles merged into it. */
  profilesOf: number[][];
  primes: number[];
}

function plan(problem: Problem, extraFactor = 1n): CountPlan {
  const { state, ie } = splitTargets(openTargets(problem));
  const { graph, profilesOf } = relaxedGraph(problem, state);
  const free = Math.max(0, problem.compiled.size - problem.pins.length);
  const bound = binomial(problem.poolSize, free) * extraFactor + 1n;
  return { graph, ie, profilesOf, primes: primesFor(bound) };
}

/** Every subset of the given target bits, with its inclusion–exclusion sign. */
function* terms(bits: readonly number[]): Generator<{ avoid: number; negative: boolean }> {
  for (let s = 0; s < 1 << bits.length; s++) {
    let avoid = 0;
    let size = 0;
    bits.forEach((b, i) => {
      if (s & (1 << i)) {
        avoid |= 1 << b;
        size++;
      }
    });
    yield { avoid, negative: size % 2 === 1 };
  }
}

/** Layer sizes for one term; `profileSizes` overrides the profiles' own (one group's cases). */
function layerSizes(problem: Problem, p: CountPlan, avoid: number, profileSizes?: readonly number[]): number[] {
  return p.profilesOf.map((ids) =>
    ids.reduce((n, pi) => {
      const prof = problem.profiles[pi]!;
      return prof.features.targetMask & avoid ? n : n + (profileSizes ? profileSizes[pi]! : prof.size);
    }, 0),
  );
}

function accumulate(into: Float64Array, add: Float64Array, negative: boolean, primes: readonly number[]): void {
  primes.forEach((p, j) => {
    into[j] = (into[j]! + (negative ? p - add[j]! : add[j]!)) % p;
  });
}

/** The exact number of valid samples. */
export function countValidSamples(problem: Problem): bigint {
  return countWithSizes(problem, plan(problem));
}

function countWithSizes(problem: Problem, p: CountPlan, profileSizes?: readonly number[]): bigint {
  const all = [...terms(p.ie)];
  return combineTerms(countTermsMod(p.graph, termSizesOf(problem, p, all, profileSizes), p.primes), all, p.primes);
}

function termSizesOf(problem: Problem, p: CountPlan, all: readonly { avoid: number }[], profileSizes?: readonly number[]): number[][] {
  return all.map(({ avoid }) => layerSizes(problem, p, avoid, profileSizes));
}

/** The count from each term's total: the inclusion–exclusion sum, then the Chinese remainder. */
function combineTerms(totals: Float64Array, all: readonly { negative: boolean }[], primes: readonly number[]): bigint {
  const P = primes.length;
  const sum = new Float64Array(P);
  all.forEach(({ negative }, t) => accumulate(sum, totals.subarray(t * P, t * P + P), negative, primes));
  return fromResidues(sum, primes);
}

/**
 * Σ over valid samples of the picks from each profile (exact), by inclusion–exclusion over
 * forward–backward totals. Within a term a layer's cases are interchangeable, so the layer's
 * total is shared among its profiles by their size in that term.
 */
export function profilePickTotals(problem: Problem): bigint[] {
  const p = plan(problem, BigInt(problem.compiled.size + 1));
  const P = p.primes.length;
  const perProfile = problem.profiles.map(() => new Float64Array(P));
  for (const { avoid, negative } of terms(p.ie)) {
    const sizes = layerSizes(problem, p, avoid);
    const { layers } = passesMod(p.graph, sizes, p.primes, true);
    layers.forEach((residues, li) => {
      const n = sizes[li]!;
      if (n === 0) return;
      // Per case in this term: the layer total over n (exact division, done mod p by inverse).
      for (const pi of p.profilesOf[li]!) {
        const prof = problem.profiles[pi]!;
        if (prof.features.targetMask & avoid) continue;
        const share = new Float64Array(P);
        p.primes.forEach((q, j) => {
          share[j] = Number((BigInt(residues[j]!) * modInv(n, q) % BigInt(q)) * BigInt(prof.size) % BigInt(q));
        });
        accumulate(perProfile[pi]!, share, negative, p.primes);
      }
    });
  }
  return perProfile.map((r) => fromResidues(r, p.primes));
}

function modInv(n: number, p: number): bigint {
  // Fermat: p is prime and n < p (a layer never holds 2^26 cases... guard anyway).
  const P = BigInt(p);
  let base = BigInt(n) % P;
  if (base === 0n) throw new Error('layer size is a multiple of the modulus');
  let exp = P - 2n;
  let result = 1n;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % P;
    base = (base * base) % P;
    exp >>= 1n;
  }
  return result;
}

/**
 * The exact number of valid samples for each of many groups of one cohort under the same rules
 * (`check --by la_code`: 150 areas), as if each group were a cohort of its own. `union` is a
 * problem over every group's cases (no pins); `profileSizes[g][pi]` is how many of group g's
 * cases are in union profile pi. One graph serves every group, as it serves every term: a
 * group, like a term, only changes layer sizes. Its pruning used the union's supply, which
 * only ever keeps more states than a group's own would, never fewer.
 */
export function countValidSamplesByGroup(
  union: Problem,
  profileSizes: readonly (readonly number[])[],
  onGroup?: (done: number) => void,
): bigint[] {
  if (union.pins.length > 0) throw new Error('groups are counted without pins');
  const shared = plan(union);
  return profileSizes.map((sizes, g) => {
    const count = countWithSizes(union, { ...shared, primes: groupPrimes(union, sizes) }, sizes);
    onGroup?.(g + 1);
    return count;
  });
}

/** Primes enough for any count of a group of these sizes: C(n, k) bounds it. */
function groupPrimes(union: Problem, sizes: readonly number[]): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  return primesFor(binomial(n, union.compiled.size) + 1n);
}

/**
 * countValidSamplesByGroup with the groups counted on `workers` worker threads (count-workers.ts):
 * the same numbers, for many groups in a fraction of the time on a machine with cores to spare.
 */
export async function countValidSamplesByGroupInWorkers(
  union: Problem,
  profileSizes: readonly (readonly number[])[],
  workers: number,
  onGroup?: (done: number) => void,
): Promise<bigint[]> {
  if (union.pins.length > 0) throw new Error('groups are counted without pins');
  const shared = plan(union);
  const all = [...terms(shared.ie)];
  const primes = profileSizes.map((sizes) => groupPrimes(union, sizes));
  const jobAt = (g: number) => ({ termSizes: termSizesOf(union, { ...shared, primes: primes[g]! }, all, profileSizes[g]), primes: primes[g]! });
  const totals = await countTermsInWorkers(shared.graph, profileSizes.length, jobAt, workers, onGroup);
  return totals.map((t, g) => combineTerms(t, all, primes[g]!));
}
