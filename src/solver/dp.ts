/**
 * The dynamic program at the heart of the solver: over a list of *layers* (groups of
 * interchangeable cases), it builds every reachable partial-sample state and the transitions
 * "take c cases from this layer". Counting, drawing and per-layer expectations are then simple
 * passes over that graph.
 *
 * What keeps the graph small (docs/design.md, "Why counting is exact and fast"):
 * - layers are ordered by one spread column (the *primary*), so for that column only the count
 *   in the current value and the number of values seen so far are kept, not a count per value;
 * - counters are capped at their threshold, "at least one" targets are single bits (or left out
 *   altogether and handled by inclusion–exclusion, see count.ts);
 * - a sample is finished the moment it has `size` picks: it is judged there and not carried on;
 * - states that can no longer be completed (not enough slots, or no supply left in the layers
 *   that follow) are dropped at once.
 */

export interface DpLayer {
  /** How many cases the layer holds. */
  n: number;
  /** Which of the spec's state targets its cases meet (bit i = spec target i). */
  mask: number;
  /** Per counter: 1 if its cases count towards it. */
  inc: readonly number[];
  /** Per spread: the value index its cases have, -1 for none. */
  vals: readonly number[];
}

export interface DpSpread {
  values: number;
  atMost: number;
  distinct: number;
}

export interface DpSpec {
  size: number;
  /** Number of state targets (bits). */
  targets: number;
  counters: readonly number[];
  spreads: readonly DpSpread[];
}

/** What the sample already holds before the layers are taken: the pins. */
export interface DpStart {
  picks: number;
  mask: number;
  counters: readonly number[];
  /** Per spread, per value: pinned picks with that value. */
  spreadCounts: readonly (readonly number[])[];
}

export const DEAD = -1;
export const DONE = -2;

export interface DpGraph {
  size: number;
  /** Layers in the order the graph visits them (sorted by the primary spread value). */
  layers: DpLayer[];
  /** Original index of each visited layer. */
  order: number[];
  /** Number of states before each layer i (and after the last, at index layers.length). */
  stateCount: number[];
  /** trans[i][s * (size + 1) + c]: the state before layer i+1 after taking c from layer i. */
  trans: Int32Array[];
  /** Whether the start state itself is a finished valid sample (size 0 after pins). */
  startDone: boolean;
  /** Whether the start state is impossible from the outset (pins already break a cap). */
  startDead: boolean;
}

/**
 * Chooses the primary spread: the one whose per-value vector would cost the most states,
 * so that it is the one reduced to (current, distinct).
 */
function choosePrimary(spec: DpSpec): number {
  let best = -1;
  let bestCost = 0;
  spec.spreads.forEach((s, j) => {
    const cap = Math.min(s.atMost, spec.size);
    const cost = s.values * Math.log(Math.min(cap, spec.size) + 1);
    if (s.values > 0 && cost > bestCost) [best, bestCost] = [j, cost];
  });
  return best;
}

export function buildGraph(inputLayers: readonly DpLayer[], spec: DpSpec, start: DpStart): DpGraph {
  const k = spec.size;
  const primary = choosePrimary(spec);
  const order = inputLayers.map((_, i) => i);
  if (primary >= 0) order.sort((a, b) => inputLayers[a]!.vals[primary]! - inputLayers[b]!.vals[primary]! || a - b);
  const layers = order.map((i) => inputLayers[i]!);
  const L = layers.length;
  const C = spec.counters.length;
  const allTargets = spec.targets === 0 ? 0 : spec.targets >= 31 ? -1 >>> 0 : (1 << spec.targets) - 1;

  // Per spread, the cap kept in state: the atMost, or 1 where only variety matters.
  const keep = spec.spreads.map((s) => (Number.isFinite(s.atMost) ? Math.min(s.atMost, k) : 1));
  // Digit layout: t, counters..., mask, [primary cur, primary dist], vector spreads' values...
  const vectorSpreads = spec.spreads.map((_, j) => j).filter((j) => j !== primary);
  const vecOffset: number[] = [];
  let D = 1 + C + 1;
  const P_CUR = D;
  const P_DIST = D + 1;
  if (primary >= 0) D += 2;
  for (const j of vectorSpreads) {
    vecOffset[j] = D;
    D += spec.spreads[j]!.values;
  }
  const radix: number[] = [k + 1, ...spec.counters.map((a) => a + 1), 2 ** spec.targets];
  if (primary >= 0) radix.push(keep[primary]! + 1, spec.spreads[primary]!.distinct + 1);
  for (const j of vectorSpreads) for (let v = 0; v < spec.spreads[j]!.values; v++) radix.push(keep[j]! + 1);
  const numericKeys = radix.reduce((a, b) => a * b, 1) < 2 ** 50;
  const key = numericKeys
    ? (d: Int16Array | number[]) => {
        let x = 0;
        for (let i = 0; i < D; i++) x = x * radix[i]! + d[i]!;
        return x;
      }
    : (d: Int16Array | number[]) => Array.prototype.join.call(d, ',');

  // Primary groups: pinned picks per value, and how many pinned-only values lie ahead.
  const pinnedPrimary = primary >= 0 ? start.spreadCounts[primary]! : [];
  const groupOf = (i: number) => (primary >= 0 ? layers[i]!.vals[primary]! : -1);
  // pinnedAfter[i]: values with pins whose groups come after layer i's group; they count
  // towards variety when opened, or at the end if the sample fills before they are reached.
  const pinnedAfter = new Int16Array(L + 1);
  for (let i = L - 1; i >= 0; i--) {
    const g = groupOf(i);
    if (i + 1 < L && groupOf(i + 1) === g) pinnedAfter[i] = pinnedAfter[i + 1]!;
    else if (i + 1 < L) pinnedAfter[i] = pinnedAfter[i + 1]! + ((pinnedPrimary[groupOf(i + 1)] ?? 0) > 0 ? 1 : 0);
  }
  // Supply left from layer i on: prunes states whose needs nothing ahead can meet.
  const supplyMask = new Array<number>(L + 1).fill(0);
  const supplyCounter = Array.from({ length: L + 1 }, () => new Array<number>(C).fill(0));
  for (let i = L - 1; i >= 0; i--) {
    supplyMask[i] = supplyMask[i + 1]! | layers[i]!.mask;
    for (let c = 0; c < C; c++) supplyCounter[i]![c] = supplyCounter[i + 1]![c]! + layers[i]!.n * layers[i]!.inc[c]!;
  }

  const init = new Int16Array(D);
  init[0] = start.picks;
  let startDead = start.picks > k;
  for (let c = 0; c < C; c++) init[1 + c] = Math.min(spec.counters[c]!, start.counters[c]!);
  init[1 + C] = start.mask & allTargets;
  spec.spreads.forEach((s, j) => {
    const counts = start.spreadCounts[j]!;
    if (Number.isFinite(s.atMost) && counts.some((n) => n > s.atMost)) startDead = true;
    if (j === primary) return;
    counts.forEach((n, v) => (init[vecOffset[j]! + v] = Math.min(n, keep[j]!)));
  });
  if (primary >= 0) {
    // Values pinned but with no layer left are counted now; the others when their group opens.
    const withLayers = new Set(layers.map((l) => l.vals[primary]!));
    let dist = 0;
    pinnedPrimary.forEach((n, v) => {
      if (n > 0 && !withLayers.has(v)) dist++;
    });
    init[P_DIST] = Math.min(dist, spec.spreads[primary]!.distinct);
    if (L > 0) init[P_CUR] = Math.min(pinnedPrimary[groupOf(0)] ?? 0, keep[primary]!);
  }

  /** Is a state with all its picks a valid sample? `ahead` = pinned-only values still unopened. */
  const finished = (d: Int16Array, ahead: number): boolean => {
    for (let c = 0; c < C; c++) if (d[1 + c]! < spec.counters[c]!) return false;
    if ((d[1 + C]! & allTargets) !== allTargets) return false;
    if (primary >= 0) {
      const dist = d[P_DIST]! + (d[P_CUR]! > 0 ? 1 : 0) + ahead;
      if (dist < spec.spreads[primary]!.distinct) return false;
    }
    for (const j of vectorSpreads) {
      const s = spec.spreads[j]!;
      if (s.distinct === 0) continue;
      let used = 0;
      for (let v = 0; v < s.values; v++) if (d[vecOffset[j]! + v]! > 0) used++;
      if (used < s.distinct) return false;
    }
    return true;
  };

  /** Cheap necessary conditions for a state before layer i to be completable. */
  const completable = (d: Int16Array, i: number): boolean => {
    const r = k - d[0]!;
    for (let c = 0; c < C; c++) {
      const need = spec.counters[c]! - d[1 + c]!;
      if (need > r || need > supplyCounter[i]![c]!) return false;
    }
    const missing = allTargets & ~d[1 + C]!;
    if (missing && (r === 0 || (missing & ~supplyMask[i]!) !== 0)) return false;
    if (primary >= 0) {
      const have = d[P_DIST]! + (d[P_CUR]! > 0 ? 1 : 0) + pinnedAfter[i]!;
      if (spec.spreads[primary]!.distinct - have > r) return false;
    }
    for (const j of vectorSpreads) {
      const s = spec.spreads[j]!;
      if (s.distinct === 0) continue;
      let used = 0;
      for (let v = 0; v < s.values; v++) if (d[vecOffset[j]! + v]! > 0) used++;
      if (s.distinct - used > r) return false;
    }
    return true;
  };

  const stateCount: number[] = [];
  const trans: Int32Array[] = [];
  const startDone = !startDead && init[0] === k && finished(init, pinnedAfter[0]!);
  // States live side by side in one flat array per layer (D digits each): tens of thousands of
  // small typed arrays cost more to allocate and collect than the work done with them.
  let states = startDead || init[0]! >= k || !completable(init, 0) ? new Int16Array(0) : Int16Array.from(init);
  let count = states.length / D;
  const next = new Int16Array(D);
  for (let i = 0; i < L; i++) {
    const layer = layers[i]!;
    stateCount.push(count);
    const t = new Int32Array(count * (k + 1)).fill(DEAD);
    let nextStates = new Int16Array(Math.max(64, count * 2) * D);
    let nextCount = 0;
    const index = new Map<number | string, number>();
    const opensGroup = i + 1 < L && groupOf(i + 1) !== groupOf(i);
    const pv = primary >= 0 ? layer.vals[primary]! : -1;
    for (let s = 0; s < count; s++) {
      const base = s * D;
      const picks = states[base]!;
      const cMax = Math.min(layer.n, k - picks);
      for (let c = 0; c <= cMax; c++) {
        for (let x = 0; x < D; x++) next[x] = states[base + x]!;
        next[0] = picks + c;
        let ok = true;
        if (c > 0) {
          for (let x = 0; x < C; x++) if (layer.inc[x]) next[1 + x] = Math.min(spec.counters[x]!, next[1 + x]! + c);
          next[1 + C] = (next[1 + C]! | layer.mask) & allTargets;
          if (primary >= 0 && pv >= 0) {
            const cur = states[base + P_CUR]! + c;
            if (cur > spec.spreads[primary]!.atMost) ok = false;
            next[P_CUR] = Math.min(cur, keep[primary]!);
          }
          for (const j of vectorSpreads) {
            const v = layer.vals[j]!;
            if (v < 0) continue;
            const o = vecOffset[j]! + v;
            const n = states[base + o]! + c;
            if (n > spec.spreads[j]!.atMost) ok = false;
            next[o] = Math.min(n, keep[j]!);
          }
        }
        // Caps only tighten with c: once over, more picks from this layer are over too.
        if (!ok) break;
        if (next[0] === k) {
          if (finished(next, pinnedAfter[i]!)) t[s * (k + 1) + c] = DONE;
          continue;
        }
        if (i + 1 === L) continue;
        if (primary >= 0 && opensGroup) {
          // Close the current value (count it once if picked), open the next with its pins.
          if (next[P_CUR]! > 0) next[P_DIST] = Math.min(next[P_DIST]! + 1, spec.spreads[primary]!.distinct);
          next[P_CUR] = Math.min(pinnedPrimary[groupOf(i + 1)] ?? 0, keep[primary]!);
        }
        if (!completable(next, i + 1)) continue;
        const kx = key(next);
        let idx = index.get(kx);
        if (idx === undefined) {
          idx = nextCount++;
          index.set(kx, idx);
          if (nextCount * D > nextStates.length) {
            const bigger = new Int16Array(nextStates.length * 2);
            bigger.set(nextStates);
            nextStates = bigger;
          }
          nextStates.set(next, idx * D);
        }
        t[s * (k + 1) + c] = idx;
      }
    }
    trans.push(t);
    states = nextStates;
    count = nextCount;
  }
  stateCount.push(count);
  return { size: k, layers, order, stateCount, trans, startDone, startDead };
}
