/**
 * The exact counting passes over the DP graph (dp.ts), modulo a few primes (modular.ts): the
 * forward pass for one inclusion–exclusion term, and every term's total at once.
 */
import { DEAD, DONE, type DpGraph } from './dp.js';
import { CLEAR, FINISHED, KEEP, inPlacePlan } from './in-place.js';
import { binomialsMod } from './modular.js';

/** What the term count reads of a graph: plain numbers and typed arrays, so a worker can be sent it. */
export type CountingGraph = Pick<DpGraph, 'size' | 'order' | 'stateCount' | 'trans' | 'startDone' | 'startDead'>;

/**
 * Forward pass modulo each prime, with the layers' sizes given per original layer index (an
 * inclusion–exclusion term shrinks some layers; the graph built for the full sizes still holds
 * every path, and a layer too small for c picks simply weighs 0 there).
 * Returns the total residues, and when `perLayer` is set also each layer's pick totals.
 */
export function passesMod(
  g: DpGraph,
  sizes: readonly number[],
  primes: readonly number[],
  perLayer: boolean,
): { total: Float64Array; layers: Float64Array[] } {
  const k = g.size;
  const K = k + 1;
  const P = primes.length;
  const L = g.layers.length;
  const total = new Float64Array(P);
  const layerTotals: Float64Array[] = [];
  if (g.startDead) return { total, layers: layerTotals };
  if (g.startDone) {
    total.fill(1);
    return { total, layers: layerTotals };
  }
  const binoms = g.layers.map((_, i) => {
    const n = sizes[g.order[i]!]!;
    const row = new Float64Array(K * P);
    primes.forEach((p, j) => binomialsMod(n, k, p).forEach((b, c) => (row[c * P + j] = b)));
    return row;
  });
  // x mod p for 0 <= x < 2^53 without fmod (a slow call in V8): floor by the float inverse,
  // then one correction either way for its rounding. Written out in each loop: this is the
  // hot path of counting.
  const pr = Float64Array.from(primes);
  const inv = pr.map((p) => 1 / p);
  const fwd: Float64Array[] = [];
  let w = new Float64Array(g.stateCount[0]! * P);
  if (g.stateCount[0]! > 0) w.fill(1, 0, P);
  for (let i = 0; i < L; i++) {
    if (perLayer) fwd.push(w);
    const b = binoms[i]!;
    const t = g.trans[i]!;
    const nw = new Float64Array(g.stateCount[i + 1]! * P);
    const S = g.stateCount[i]!;
    for (let s = 0; s < S; s++) {
      const base = s * P;
      let zero = true;
      for (let j = 0; j < P; j++) if (w[base + j] !== 0) zero = false;
      if (zero) continue;
      for (let c = 0; c < K; c++) {
        const to = t[s * K + c]!;
        if (to === DEAD) continue;
        const bc = c * P;
        const into = to === DONE ? total : nw;
        const tb = to === DONE ? 0 : to * P;
        for (let j = 0; j < P; j++) {
          const p = pr[j]!;
          let x = into[tb + j]! + w[base + j]! * b[bc + j]!;
          x -= Math.floor(x * inv[j]!) * p;
          into[tb + j] = x < 0 ? x + p : x >= p ? x - p : x;
        }
      }
    }
    w = nw;
  }
  if (!perLayer) return { total, layers: layerTotals };
  for (let i = 0; i < L; i++) layerTotals.push(new Float64Array(P));
  let after = new Float64Array(g.stateCount[L]! * P);
  for (let i = L - 1; i >= 0; i--) {
    const b = binoms[i]!;
    const t = g.trans[i]!;
    const S = g.stateCount[i]!;
    const here = new Float64Array(S * P);
    const lt = layerTotals[g.order[i]!]!;
    const f = fwd[i]!;
    const picked = new Float64Array(P);
    for (let s = 0; s < S; s++) {
      picked.fill(0);
      const base = s * P;
      for (let c = 0; c < K; c++) {
        const to = t[s * K + c]!;
        if (to === DEAD) continue;
        const bc = c * P;
        for (let j = 0; j < P; j++) {
          const p = pr[j]!;
          const q = inv[j]!;
          let ways = to === DONE ? b[bc + j]! : b[bc + j]! * after[to * P + j]!;
          ways -= Math.floor(ways * q) * p;
          ways = ways < 0 ? ways + p : ways >= p ? ways - p : ways;
          let h = here[base + j]! + ways;
          h -= Math.floor(h * q) * p;
          here[base + j] = h < 0 ? h + p : h >= p ? h - p : h;
          let k2 = picked[j]! + c * ways;
          k2 -= Math.floor(k2 * q) * p;
          picked[j] = k2 < 0 ? k2 + p : k2 >= p ? k2 - p : k2;
        }
      }
      for (let j = 0; j < P; j++) {
        const p = pr[j]!;
        let x = lt[j]! + f[base + j]! * picked[j]!;
        x -= Math.floor(x * inv[j]!) * p;
        lt[j] = x < 0 ? x + p : x >= p ? x - p : x;
      }
    }
    after = here;
  }
  return { total, layers: layerTotals };
}

/**
 * The forward count for many inclusion–exclusion terms at once: each state carries a residue
 * per term and prime, so the graph is walked once and the work per transition is a tight
 * loop over terms × primes. The states' residues are updated in one buffer, in the order
 * in-place.ts works out. Returns the totals, term-major (total[t * P + j]).
 */
export function countTermsMod(g: CountingGraph, termSizes: readonly (readonly number[])[], primes: readonly number[]): Float64Array {
  const k = g.size;
  const K = k + 1;
  const P = primes.length;
  const T = termSizes.length;
  const W = T * P;
  const total = new Float64Array(W);
  if (g.startDead) return total;
  if (g.startDone) return total.fill(1);
  const plan = inPlacePlan(g);
  // Moduli and inverses repeated per term, so the inner loop runs straight over W slots.
  const pr = new Float64Array(W);
  const inv = new Float64Array(W);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < P; j++) {
      pr[t * P + j] = primes[j]!;
      inv[t * P + j] = 1 / primes[j]!;
    }
  }
  const w = new Float64Array(plan.slots * W);
  if (g.stateCount[0]! > 0) w.fill(1, 0, W);
  const b = new Float64Array(K * W);
  for (let i = 0; i < plan.layers.length; i++) {
    layerBinomials(b, termSizes, g.order[i]!, k, primes);
    const { slot, move, from, take, to } = plan.layers[i]!;
    for (let n = 0; n < slot.length; n++) {
      const base = slot[n]! * W;
      // A state no path reaches in any term passes nothing on. A graph shared by many groups
      // (check --by) has many such states for each small group: skipping them is most of the
      // saving of one graph for all groups over a graph each.
      let reached = false;
      for (let x = 0; x < W; x++) {
        if (w[base + x] !== 0) {
          reached = true;
          break;
        }
      }
      if (!reached) continue;
      for (let o = from[n]!, end = from[n + 1]!; o < end; o++) {
        const next = to[o]!;
        const into = next === FINISHED ? total : w;
        const tb = next === FINISHED ? 0 : next * W;
        const bc = take[o]! * W;
        for (let x = 0; x < W; x++) {
          const bx = b[bc + x]!;
          if (bx === 0) continue;
          const p = pr[x]!;
          let v = into[tb + x]! + w[base + x]! * bx;
          v -= Math.floor(v * inv[x]!) * p;
          into[tb + x] = v < 0 ? v + p : v >= p ? v - p : v;
        }
      }
      const m = move[n]!;
      if (m === KEEP) continue;
      if (m !== CLEAR) {
        // Merging into the state that kept its slot: a sum of two residues needs one
        // subtraction, not a division.
        const mb = m * W;
        for (let x = 0; x < W; x++) {
          const v = w[mb + x]! + w[base + x]!;
          w[mb + x] = v >= pr[x]! ? v - pr[x]! : v;
        }
      }
      w.fill(0, base, base + W);
    }
  }
  return total;
}

/**
 * b[c * W + t * P + j] = C(n_t, c) mod p_j for one layer, where n_t is the layer's size in term
 * t. Terms often give a layer the same size (all of it, or none), so each size is worked out once.
 */
function layerBinomials(b: Float64Array, termSizes: readonly (readonly number[])[], layer: number, k: number, primes: readonly number[]): void {
  const P = primes.length;
  const W = termSizes.length * P;
  const firstWith = new Map<number, number>();
  for (let t = 0; t < termSizes.length; t++) {
    const n = termSizes[t]![layer]!;
    const same = firstWith.get(n);
    if (same !== undefined) {
      for (let c = 0; c <= k; c++) for (let j = 0; j < P; j++) b[c * W + t * P + j] = b[c * W + same * P + j]!;
      continue;
    }
    firstWith.set(n, t);
    for (let j = 0; j < P; j++) {
      const row = binomialsMod(n, k, primes[j]!);
      for (let c = 0; c <= k; c++) b[c * W + t * P + j] = row[c]!;
    }
  }
}
