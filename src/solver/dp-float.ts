/**
 * The draw's passes over the DP graph (dp.ts), in float64: the completions from each state
 * and a walk that picks how many to take from each layer. Floats are accurate enough for a
 * draw's probabilities (no subtraction, so no cancellation); exact counts are dp-mod.ts's.
 */
import { DEAD, DONE, type DpGraph } from './dp.js';

/** C(n, c) as floats for c = 0..kMax: the draw's weights (accurate, not exact; no subtraction). */
export function binomialsFloat(n: number, kMax: number): number[] {
  const row = [1];
  for (let c = 1; c <= kMax; c++) row.push(c > n ? 0 : (row[c - 1]! * (n - c + 1)) / c);
  return row;
}

/**
 * Completions from each state, backwards, in float64 (no subtraction, so no cancellation):
 * the weights a draw needs. back[i][s] = ways to finish from state s before layer i.
 */
export interface FloatTables {
  back: Float64Array[];
  /** binom[i][c] = C(n_i, c) as a float, kept for every draw. */
  binom: Float64Array[];
}

export function backwardFloat(g: DpGraph): FloatTables {
  const k = g.size;
  const L = g.layers.length;
  const back: Float64Array[] = new Array(L + 1);
  const binoms = g.layers.map((l) => Float64Array.from(binomialsFloat(l.n, k)));
  back[L] = new Float64Array(g.stateCount[L]!);
  for (let i = L - 1; i >= 0; i--) {
    const binom = binoms[i]!;
    const t = g.trans[i]!;
    const after = back[i + 1]!;
    const here = new Float64Array(g.stateCount[i]!);
    for (let s = 0; s < here.length; s++) {
      let sum = 0;
      for (let c = 0; c <= k; c++) {
        const to = t[s * (k + 1) + c]!;
        if (to === DEAD) continue;
        sum += binom[c]! * (to === DONE ? 1 : after[to]!);
      }
      here[s] = sum;
    }
    back[i] = here;
  }
  return { back, binom: binoms };
}

/**
 * Draws how many cases to take from each layer, with probability proportional to the number
 * of valid samples each choice leads to. Returns counts per original layer index, or null when
 * the graph holds no valid sample.
 */
export function drawCounts(g: DpGraph, tables: FloatTables, random: () => number): number[] | null {
  const { back } = tables;
  const counts = new Array<number>(g.layers.length).fill(0);
  if (g.startDone) return counts;
  if (g.startDead || g.stateCount[0] === 0 || !(back[0]![0]! > 0)) return null;
  const k = g.size;
  let s = 0;
  for (let i = 0; i < g.layers.length; i++) {
    const binom = tables.binom[i]!;
    const t = g.trans[i]!;
    const after = back[i + 1]!;
    let u = random() * back[i]![s]!;
    let chosen = -1;
    let chosenTo = DEAD;
    for (let c = 0; c <= k; c++) {
      const to = t[s * (k + 1) + c]!;
      if (to === DEAD) continue;
      const w = binom[c]! * (to === DONE ? 1 : after[to]!);
      if (w <= 0) continue;
      chosen = c;
      chosenTo = to;
      if (u < w) break;
      u -= w;
    }
    if (chosen < 0) return null;
    counts[g.order[i]!] = chosen;
    if (chosenTo === DONE) return counts;
    s = chosenTo;
  }
  return null;
}
