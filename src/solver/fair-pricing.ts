/**
 * The pricing search of fair mode's column generation (see fair.ts and docs/fair-selection.md):
 * given a weight per profile, the valid samples whose total weight is largest.
 *
 * Cases of one profile look the same to every rule, so a sample is described by how many of its
 * picks come from each profile: a *count vector*. Only the count vector matters for the rules
 * and for the weight, so the search runs over count vectors, never over cases.
 *
 * It is the counting graph again, walked for the heaviest path instead of the number of paths.
 * The graph that counting uses leaves the "at least one" targets out of its state (inclusion–
 * exclusion handles them there) and merges profiles that differ only in them into one layer.
 * Inclusion–exclusion has no analogue for a maximum, so the walk carries those targets itself:
 * a value per (graph state, targets met so far). Taking c cases from a merged layer can meet
 * different targets depending on which of its profiles they come from, so each layer offers,
 * for each c, the heaviest way to take c of its cases for each set of targets that meets (a
 * small knapsack over the layer's profiles). The walk is exact: every valid count vector is a
 * path with its targets met, and every such path is a valid count vector.
 *
 * Of two ways to reach one graph state, one that has met a superset of the other's targets and
 * weighs at least as much does at least as well on every way on (whatever finishes the one
 * finishes the other), so only undominated (state, targets met) pairs are carried on: about
 * half of those reached, for the handbook rules.
 */

import { openTargets, splitTargets } from './count.js';
import { DEAD, DONE } from './dp.js';
import { pinnedMask, relaxedGraph, type Problem } from './problem.js';

/** A count vector, sparse: profiles (indices into problem.profiles, ascending) and counts. */
export interface CountVector {
  profiles: number[];
  counts: number[];
}

export interface Pricer {
  /** Free slots: the sample size less the pins. */
  free: number;
  /**
   * Valid count vectors with weight above `above` (at most `limit`, distinct), heaviest first,
   * the first being the heaviest of all; empty when no valid count vector weighs more.
   */
  improving(weights: ArrayLike<number>, above: number, limit?: number): CountVector[];
}

export function countVectorKey(v: CountVector): string {
  return v.profiles.map((p, i) => `${p}:${v.counts[i]}`).join(',');
}

export function createPricer(problem: Problem): Pricer {
  const { compiled } = problem;
  const free = compiled.size - problem.pins.length;
  const { state, ie } = splitTargets(openTargets(problem));
  const { graph: g, profilesOf } = relaxedGraph(problem, state);
  const k = g.size;
  const K = k + 1;
  const L = g.layers.length;
  // The walk's own target bits: bit b stands for compiled target ie[b].
  const B = ie.length;
  const M = 1 << B;
  const all = M - 1;
  const bitsOf = (targetMask: number) => ie.reduce((m, t, b) => (targetMask & (1 << t) ? m | (1 << b) : m), 0);
  const startMask = bitsOf(pinnedMask(problem));
  const profileBits = problem.profiles.map((p) => bitsOf(p.features.targetMask));

  // Per visited layer, the ways to take c of its cases: a knapsack over the layer's profiles,
  // table[x][c * M + mask] = the heaviest way to take c cases from its first x profiles meeting
  // exactly `mask`, with back[x][c * M + mask] = how many profile x gave (times 256, plus the
  // mask before it), to rebuild a chosen option. The tables are made once and refilled by
  // every call; only the few options on returned vectors are ever rebuilt.
  const cMaxOf = g.layers.map((layer) => Math.min(k, layer.n));
  const tables = g.layers.map((_, i) => profilesOf[g.order[i]!]!.map(() => new Float64Array((cMaxOf[i]! + 1) * M)));
  const backs = g.layers.map((_, i) => profilesOf[g.order[i]!]!.map(() => new Int32Array((cMaxOf[i]! + 1) * M)));
  /** Per layer and c: the options that no other beats on both counts, heaviest first. */
  const optMask = g.layers.map((_, i) => Array.from({ length: cMaxOf[i]! + 1 }, () => new Int32Array(M)));
  const optWeight = g.layers.map((_, i) => Array.from({ length: cMaxOf[i]! + 1 }, () => new Float64Array(M)));
  const optCount = g.layers.map((_, i) => new Int32Array(cMaxOf[i]! + 1));
  const sup = new Float64Array(M);
  const order = new Int32Array(M);

  /** Fills the layer's options for this call's weights. */
  const layerOptions = (i: number, weights: ArrayLike<number>): void => {
    const members = profilesOf[g.order[i]!]!;
    const cMax = cMaxOf[i]!;
    const size = (cMax + 1) * M;
    let prev: Float64Array | null = null;
    members.forEach((p, x) => {
      const table = tables[i]![x]!;
      const back = backs[i]![x]!;
      const n = problem.profiles[p]!.size;
      const w = weights[p]!;
      const bits = profileBits[p]!;
      if (prev === null) {
        table.fill(-Infinity);
        table[0] = 0;
        back[0] = 0;
        for (let a = 1; a <= Math.min(n, cMax); a++) {
          table[a * M + bits] = a * w;
          back[a * M + bits] = a * 256;
        }
      } else {
        table.set(prev);
        for (let j = 0; j < size; j++) back[j] = j % M;
        for (let c0 = 0; c0 < cMax; c0++) {
          for (let mask = 0; mask < M; mask++) {
            const base = prev[c0 * M + mask]!;
            if (base === -Infinity) continue;
            const to = mask | bits;
            for (let a = 1; a <= Math.min(n, cMax - c0); a++) {
              const at = (c0 + a) * M + to;
              const weight = base + a * w;
              if (weight > table[at]!) {
                table[at] = weight;
                back[at] = a * 256 + mask;
              }
            }
          }
        }
      }
      prev = table;
    });
    const final = prev!;
    // Keep, for each c, the options no other beats on both counts (meets a superset of
    // targets and weighs as much), heaviest first.
    for (let c = 0; c <= cMax; c++) {
      const row = c * M;
      let count = 0;
      for (let mask = all; mask >= 0; mask--) {
        let best = -Infinity;
        for (let b = 0; b < B; b++) if (!(mask & (1 << b)) && sup[mask | (1 << b)]! > best) best = sup[mask | (1 << b)]!;
        const v = final[row + mask]!;
        sup[mask] = v > best ? v : best;
        if (v > best) order[count++] = mask;
      }
      const sorted = Array.from(order.subarray(0, count)).sort((a, b) => final[row + b]! - final[row + a]! || a - b);
      sorted.forEach((mask, x) => {
        optMask[i]![c]![x] = mask;
        optWeight[i]![c]![x] = final[row + mask]!;
      });
      optCount[i]![c] = count;
    }
  };

  /** Adds to `counts` the cases option (c, mask) of layer i takes from each of its profiles. */
  const rebuild = (i: number, c: number, mask: number, counts: Map<number, number>): void => {
    const members = profilesOf[g.order[i]!]!;
    for (let x = members.length - 1; x >= 0; x--) {
      const code = backs[i]![x]![c * M + mask]!;
      const a = code >> 8;
      if (a > 0) counts.set(members[x]!, a);
      c -= a;
      mask = code & 255;
    }
  };

  // One slice per layer boundary i (states before layer i, times target sets), in one buffer.
  const offsets = [0];
  for (let i = 0; i <= L; i++) offsets.push(offsets[i]! + (g.stateCount[i] ?? 0) * M);
  const valBuffer = new Float64Array(offsets[L + 1]!);
  const fromBuffer = new Int32Array(offsets[L + 1]!);
  const viaBuffer = new Int32Array(offsets[L + 1]!);
  const layerViews = <T extends Float64Array | Int32Array>(buffer: T): T[] =>
    offsets.slice(0, L + 1).map((o, i) => buffer.subarray(o, offsets[i + 1]!) as T);
  const val = layerViews(valBuffer);
  const from = layerViews(fromBuffer);
  const via = layerViews(viaBuffer);
  // Per state, this layer and next: which target sets it has been reached with, as bit
  // (set mod 32): 0 when none, and when M ≤ 32 (`exact`) a single bit says exactly which one.
  const exact = M <= 32;
  const widest = g.stateCount.reduce((a, b) => Math.max(a, b), 1);
  let reached = new Int32Array(widest);
  let reachedNext = new Int32Array(widest);
  const live = new Int32Array(M);
  const seen = new Int32Array(M);
  let stamp = 0;
  // The option lists flattened per (c, targets met so far), remade per layer (see the walk).
  const goStart = new Int32Array(K * M + 1);
  const doneStart = new Int32Array(K * M + 1);
  const goMask = new Int32Array(K * M * M);
  const goWeight = new Float64Array(K * M * M);
  const doneWeight = new Float64Array(K * M * M);
  const doneMask = new Int32Array(K * M * M);
  const ahead = g.stateCount.map((n) => new Float64Array(n));

  return {
    free,
    improving(weights, above, limit = 40) {
      if (g.startDead || (!g.startDone && g.stateCount[0] === 0)) return [];
      if (g.startDone) return (startMask & all) === all && 0 > above ? [{ profiles: [], counts: [] }] : [];
      for (let i = 0; i < L; i++) layerOptions(i, weights);
      // ahead[i][s]: the heaviest way to finish from state s before layer i, targets aside (an
      // upper bound): a partial path that cannot beat the floor even so is not carried on.
      ahead[L]!.fill(-Infinity);
      for (let i = L - 1; i >= 0; i--) {
        const t = g.trans[i]!;
        const after = ahead[i + 1]!;
        const here = ahead[i]!;
        const cTop = Math.min(K, cMaxOf[i]! + 1);
        const counts = optCount[i]!;
        const weight = optWeight[i]!;
        for (let s = 0; s < here.length; s++) {
          let best = -Infinity;
          for (let c = 0; c < cTop; c++) {
            const to = t[s * K + c]!;
            if (to === DEAD || counts[c] === 0) continue;
            const v = weight[c]![0]! + (to === DONE ? 0 : after[to]!);
            if (v > best) best = v;
          }
          here[s] = best;
        }
      }
      // val[i][s * M + mask]: the heaviest way to reach state s before layer i having met `mask`;
      // from and via say how. Only `val` needs resetting, and only where `reached` says it was
      // set: `from` and `via` are read only where this call set `val`.
      val[0]!.fill(-Infinity);
      val[0]![startMask] = 0;
      reached.fill(0);
      reached[0] = 1 << (startMask & 31);
      // The `limit` heaviest finished paths so far; `floor` is what a new one must beat.
      const ends: { value: number; i: number; at: number; c: number; mask: number }[] = [];
      let floor = above;
      // Keeps a finished path among the heaviest; returns the weight the next must beat.
      const keep = (value: number, i: number, at: number, c: number, mask: number): number => {
        if (ends.length < limit) ends.push({ value, i, at, c, mask });
        else {
          let low = 0;
          for (let x = 1; x < ends.length; x++) if (ends[x]!.value < ends[low]!.value) low = x;
          ends[low] = { value, i, at, c, mask };
        }
        if (ends.length < limit) return above;
        let least = Infinity;
        for (const e of ends) least = Math.min(least, e.value);
        return Math.max(above, least);
      };
      for (let i = 0; i < L; i++) {
        const S = g.stateCount[i]!;
        const here = val[i]!;
        const next = val[i + 1]!;
        const nextFrom = from[i + 1]!;
        const nextVia = via[i + 1]!;
        const t = g.trans[i]!;
        const cTop = Math.min(K, cMaxOf[i]! + 1);
        // The options as flat lists per (c, targets met so far): going on to another state, the
        // heaviest option per resulting set of targets; finishing, every option that completes
        // the targets (each is a different count vector). The options come heaviest first, so
        // both lists do, and a loop over them stops at the first that cannot beat the floor.
        let goAt = 0;
        let doneAt = 0;
        for (let c = 0; c < cTop; c++) {
          const count = optCount[i]![c]!;
          const masks = optMask[i]![c]!;
          const weight = optWeight[i]![c]!;
          for (let mk = 0; mk < M; mk++) {
            if (++stamp > 1 << 30) {
              seen.fill(0);
              stamp = 1;
            }
            for (let x = 0; x < count; x++) {
              const om = masks[x]!;
              const nm = mk | om;
              if (nm === all) {
                doneWeight[doneAt] = weight[x]!;
                doneMask[doneAt++] = om;
              }
              if (seen[nm] !== stamp) {
                seen[nm] = stamp;
                goWeight[goAt] = weight[x]!;
                goMask[goAt++] = om;
              }
            }
            goStart[c * M + mk + 1] = goAt;
            doneStart[c * M + mk + 1] = doneAt;
          }
        }
        const after = ahead[i + 1]!;
        const bound = ahead[i]!;
        const nextStates = g.stateCount[i + 1]!;
        // With at most 32 target sets, `reachedNext` says exactly which values of `next` this
        // layer has set, and no other is read: the slice (a tenth of the call's time to fill)
        // need not be reset.
        if (!exact) next.fill(-Infinity);
        reachedNext.fill(0, 0, nextStates);
        for (let s = 0; s < S; s++) {
          const r = reached[s]!;
          if (r === 0 || bound[s]! === -Infinity) continue;
          // The target sets worth going on from: those whose value can still beat the floor
          // and that no superset reached here matches or beats (whatever finishes one finishes
          // the superset as well, at least as heavy).
          const cut = floor - bound[s]!;
          const base = s * M;
          let n = 0;
          // Supersets are larger numbers, so going down from the largest meets them first; a
          // set that one of them dominates is dominated by one that is live, or is under the cut.
          for (let rest = exact ? r : -1, mk = all; mk >= 0; mk--) {
            if (exact) {
              if (rest === 0) break;
              mk = 31 - Math.clz32(rest);
              rest ^= 1 << mk;
            }
            const v = here[base + mk]!;
            if (!(v > cut)) continue;
            let dominated = false;
            for (let x = 0; x < n; x++) {
              const other = live[x]!;
              if ((other & mk) === mk && here[base + other]! >= v) {
                dominated = true;
                break;
              }
            }
            if (!dominated) live[n++] = mk;
          }
          if (n === 0) continue;
          for (let c = 0; c < cTop; c++) {
            const to = t[s * K + c]!;
            if (to === DEAD) continue;
            if (to === DONE) {
              for (let x = 0; x < n; x++) {
                const mk = live[x]!;
                const v = here[base + mk]!;
                const list = c * M + mk;
                for (let o = doneStart[list]!; o < doneStart[list + 1]!; o++) {
                  const nv = v + doneWeight[o]!;
                  if (nv <= floor) break;
                  floor = keep(nv, i, base + mk, c, doneMask[o]!);
                }
              }
              continue;
            }
            const rest = after[to]!;
            const toBase = to * M;
            for (let x = 0; x < n; x++) {
              const mk = live[x]!;
              const v = here[base + mk]!;
              const list = c * M + mk;
              for (let o = goStart[list]!; o < goStart[list + 1]!; o++) {
                const nv = v + goWeight[o]!;
                if (nv + rest <= floor) break;
                const nm = mk | goMask[o]!;
                const at = toBase + nm;
                const bit = 1 << (nm & 31);
                if (nv > next[at]! || (exact && (reachedNext[to]! & bit) === 0)) {
                  next[at] = nv;
                  nextFrom[at] = base + mk;
                  nextVia[at] = c * 256 + goMask[o]!;
                  reachedNext[to] = reachedNext[to]! | bit;
                }
              }
            }
          }
        }
        [reached, reachedNext] = [reachedNext, reached];
      }
      ends.sort((a, b) => b.value - a.value || a.i - b.i || a.at - b.at || a.c - b.c || a.mask - b.mask);
      return ends.map((e) => {
        const counts = new Map<number, number>();
        rebuild(e.i, e.c, e.mask, counts);
        let at = e.at;
        for (let i = e.i; i > 0; i--) {
          const code = via[i]![at]!;
          rebuild(i - 1, code >> 8, code & 255, counts);
          at = from[i]![at]!;
        }
        const profiles = [...counts.keys()].sort((a, b) => a - b);
        return { profiles, counts: profiles.map((p) => counts.get(p)!) };
      });
    },
  };
}
