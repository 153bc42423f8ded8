import { openTargets, splitTargets } from './count.js';
import { DEAD, DONE } from './dp.js';
import { pinnedMask, relaxedGraph, type Problem } from './problem.js';

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
 */

/** A count vector, sparse: profiles (indices into problem.profiles, ascending) and counts. */
export interface CountVector {
  profiles: number[];
  counts: number[];
}

export interface Pricer {
  /** Free slots: the sample size less the pins. */
  free: number;
  /**
   * Valid count vectors with weight above `above`, heaviest first (at most `limit`, distinct);
   * empty when no valid count vector weighs more.
   */
  improving(weights: ArrayLike<number>, above: number, limit?: number): CountVector[];
}

export function countVectorKey(v: CountVector): string {
  return v.profiles.map((p, i) => `${p}:${v.counts[i]}`).join(',');
}

/** One way to take c cases from a layer: which targets it meets, its weight, and from where. */
interface Option {
  c: number;
  mask: number;
  weight: number;
  /** Per profile of the layer (in profilesOf order): how many. */
  alloc: number[];
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

  /** Per visited layer, per c: the undominated options, given this call's weights. */
  const layerOptions = (i: number, weights: ArrayLike<number>): Option[][] => {
    const members = profilesOf[g.order[i]!]!;
    const cMax = Math.min(k, g.layers[i]!.n);
    // table[c] : mask → best option; built profile by profile (c picks among those so far).
    let table: Map<number, Option>[] = Array.from({ length: cMax + 1 }, () => new Map());
    table[0]!.set(0, { c: 0, mask: 0, weight: 0, alloc: members.map(() => 0) });
    members.forEach((p, x) => {
      const n = problem.profiles[p]!.size;
      const next: Map<number, Option>[] = table.map((m) => new Map(m));
      for (let c0 = 0; c0 <= cMax; c0++) {
        for (const o of table[c0]!.values()) {
          for (let a = 1; a <= Math.min(n, cMax - c0); a++) {
            const c = c0 + a;
            const mask = o.mask | profileBits[p]!;
            const weight = o.weight + a * weights[p]!;
            const have = next[c]!.get(mask);
            if (have === undefined || weight > have.weight) {
              const alloc = o.alloc.slice();
              alloc[x] = a;
              next[c]!.set(mask, { c, mask, weight, alloc });
            }
          }
        }
      }
      table = next;
    });
    // Drop options another beats on both counts: meets a superset of targets and weighs as much.
    return table.map((m) => {
      const opts = [...m.values()].sort((a, b) => b.weight - a.weight || a.mask - b.mask);
      const kept: Option[] = [];
      for (const o of opts) if (!kept.some((q) => (q.mask & o.mask) === o.mask && q.weight >= o.weight)) kept.push(o);
      return kept;
    });
  };

  // One slice per layer boundary i (states before layer i, times target sets), in one buffer.
  const offsets = [0];
  for (let i = 0; i <= L; i++) offsets.push(offsets[i]! + (g.stateCount[i] ?? 0) * M);
  const valBuffer = new Float64Array(offsets[L + 1]!);
  const fromBuffer = new Int32Array(offsets[L + 1]!);
  const viaBuffer = new Int32Array(offsets[L + 1]!);
  function layerViews<T extends Float64Array | Int32Array>(buffer: T): T[] {
    return offsets.slice(0, L + 1).map((o, i) => buffer.subarray(o, offsets[i + 1]!) as T);
  }

  return {
    free,
    improving(weights, above, limit = 40) {
      if (g.startDead || (!g.startDone && g.stateCount[0] === 0)) return [];
      if (g.startDone) return (startMask & all) === all && 0 > above ? [{ profiles: [], counts: [] }] : [];
      const options = g.layers.map((_, i) => layerOptions(i, weights));
      // ahead[i][s]: the heaviest way to finish from state s before layer i, targets aside (an
      // upper bound): a partial path that cannot beat the floor even so is not carried on.
      const ahead: Float64Array[] = new Array(L + 1);
      ahead[L] = new Float64Array(g.stateCount[L]!).fill(-Infinity);
      for (let i = L - 1; i >= 0; i--) {
        const heaviest = options[i]!.map((list) => (list.length ? list[0]!.weight : -Infinity));
        const t = g.trans[i]!;
        const after = ahead[i + 1]!;
        const here = new Float64Array(g.stateCount[i]!).fill(-Infinity);
        for (let s = 0; s < here.length; s++) {
          let best = -Infinity;
          for (let c = 0; c < heaviest.length && c < K; c++) {
            const to = t[s * K + c]!;
            if (to === DEAD) continue;
            const v = heaviest[c]! + (to === DONE ? 0 : after[to]!);
            if (v > best) best = v;
          }
          here[s] = best;
        }
        ahead[i] = here;
      }
      // val[i][s * M + mask]: the heaviest way to reach state s before layer i having met `mask`.
      // (Views into buffers kept between calls: a call is one of many in column generation, and
      // fresh arrays of a million entries each time cost more than the walk.) Only `val` needs
      // resetting: `from` and `via` are read only where this call set `val`.
      valBuffer.fill(-Infinity);
      const val = layerViews(valBuffer);
      const from = layerViews(fromBuffer);
      const via = layerViews(viaBuffer);
      val[0]![startMask] = 0;
      // The `limit` heaviest finished paths so far; `floor` is what a new one must beat.
      const ends: { value: number; i: number; at: number; c: number; opt: number }[] = [];
      let floor = above;
      // Keeps a finished path among the heaviest; returns the weight the next must beat.
      const keep = (value: number, i: number, at: number, c: number, opt: number): number => {
        if (ends.length < limit) ends.push({ value, i, at, c, opt });
        else {
          let low = 0;
          for (let x = 1; x < ends.length; x++) if (ends[x]!.value < ends[low]!.value) low = x;
          ends[low] = { value, i, at, c, opt };
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
        const opts = options[i]!;
        const cTop = Math.min(K, opts.length);
        // The options as flat arrays, per (c, targets met so far): the inner loop runs for
        // every (state, targets met) pair, so what it can skip is worked out here once. Going on
        // to another state, only the heaviest option per resulting set of targets matters;
        // finishing, only options that complete the targets, all of them (each is a different
        // count vector). Both lists are heaviest first, so a loop stops at the first that
        // cannot beat the floor.
        const lists = cTop * M;
        const goStart = new Int32Array(lists + 1);
        const doneStart = new Int32Array(lists + 1);
        const goMask: number[] = [];
        const goWeight: number[] = [];
        const goOpt: number[] = [];
        const doneWeight: number[] = [];
        const doneOpt: number[] = [];
        const bestFor = new Float64Array(M);
        const optFor = new Int32Array(M);
        for (let c = 0; c < cTop; c++) {
          const list = opts[c]!;
          for (let mk = 0; mk < M; mk++) {
            bestFor.fill(-Infinity);
            list.forEach((o, x) => {
              const nm = mk | o.mask;
              if (nm === all) {
                doneWeight.push(o.weight);
                doneOpt.push(x);
              }
              if (o.weight > bestFor[nm]!) {
                bestFor[nm] = o.weight;
                optFor[nm] = x;
              }
            });
            const go: number[] = [];
            for (let nm = 0; nm < M; nm++) if (bestFor[nm]! > -Infinity) go.push(nm);
            go.sort((a, b) => bestFor[b]! - bestFor[a]! || a - b);
            for (const nm of go) {
              goMask.push(nm);
              goWeight.push(bestFor[nm]!);
              goOpt.push(optFor[nm]!);
            }
            goStart[c * M + mk + 1] = goMask.length;
            doneStart[c * M + mk + 1] = doneWeight.length;
          }
        }
        const after = ahead[i + 1]!;
        const bound = ahead[i]!;
        for (let s = 0; s < S; s++) {
          if (bound[s]! === -Infinity) continue;
          for (let mk = 0; mk < M; mk++) {
            const v = here[s * M + mk]!;
            if (v === -Infinity || v + bound[s]! <= floor) continue;
            for (let c = 0; c < cTop; c++) {
              const to = t[s * K + c]!;
              if (to === DEAD) continue;
              const list = c * M + mk;
              if (to === DONE) {
                // Options come heaviest first (list order is by weight within a (c, mask)).
                for (let o = doneStart[list]!; o < doneStart[list + 1]!; o++) {
                  const nv = v + doneWeight[o]!;
                  if (nv <= floor) break;
                  floor = keep(nv, i, s * M + mk, c, doneOpt[o]!);
                }
                continue;
              }
              const rest = after[to]!;
              for (let o = goStart[list]!; o < goStart[list + 1]!; o++) {
                const nv = v + goWeight[o]!;
                if (nv + rest <= floor) break;
                const at = to * M + goMask[o]!;
                if (nv > next[at]!) {
                  next[at] = nv;
                  nextFrom[at] = s * M + mk;
                  nextVia[at] = c * 65536 + goOpt[o]!;
                }
              }
            }
          }
        }
      }
      ends.sort((a, b) => b.value - a.value || a.i - b.i || a.at - b.at || a.c - b.c || a.opt - b.opt);
      return ends.slice(0, limit).map((e) => {
        const counts = new Map<number, number>();
        const take = (i: number, opt: Option) => {
          const members = profilesOf[g.order[i]!]!;
          opt.alloc.forEach((a, x) => {
            if (a > 0) counts.set(members[x]!, a);
          });
        };
        take(e.i, options[e.i]![e.c]![e.opt]!);
        let at = e.at;
        for (let i = e.i; i > 0; i--) {
          const code = via[i]![at]!;
          take(i - 1, options[i - 1]![Math.floor(code / 65536)]![code % 65536]!);
          at = from[i]![at]!;
        }
        const profiles = [...counts.keys()].sort((a, b) => a - b);
        return { profiles, counts: profiles.map((p) => counts.get(p)!) };
      });
    },
  };
}
