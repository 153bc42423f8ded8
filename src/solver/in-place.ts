/**
 * Where each state's residues live while countTermsMod walks the graph, so that it can update
 * one buffer in place rather than add every state into a fresh buffer per layer.
 *
 * Why: most transitions take none of a layer's cases (c = 0), and the state they reach is the
 * same state one layer on. With a buffer per layer, each of those was an addition of every term
 * and prime (a third of the counting time on a national file, and clearing the next buffer
 * another tenth). Here such a state keeps its *slot*: its residues stay where they are and cost
 * nothing. Only what remains is done: picks (c ≥ 1), and the rarer c = 0 moves that merge two
 * states into one.
 *
 * Updating in place is safe only in the right order. Every write into a slot must come after
 * the slot's present state has been read. Picks only ever add, so a layer's states are taken
 * from most picks to fewest:
 * - a pick goes to a state with more picks than its source, whose slot is either held by that
 *   state's own c = 0 predecessor (more picks, so already read) or a slot freed by a state with
 *   at least as many picks (see below, also already read);
 * - a merge (c = 0 into a state whose slot another predecessor keeps) goes between states with
 *   the same picks, so the state that keeps the slot is taken before every state merging into it;
 * - a slot whose state leaves it (merged, or with no c = 0 move) is cleared once read, and given
 *   to a new state of the next layer only if that state has no more picks than the one that left.
 * The tests compare the counts with a pass that uses a fresh buffer per layer (passesMod).
 */
import { DONE, type DpGraph } from './dp.js';

/** What the plan reads of a graph (the same plain data a counting worker is sent). */
type PlannedGraph = Pick<DpGraph, 'size' | 'stateCount' | 'trans'>;

/** One layer's work, in the order it must be done: one entry per state of the layer. */
export interface InPlaceLayer {
  /** The slot of the n-th state taken. */
  slot: Int32Array;
  /** What its c = 0 move does: KEEP (the next state has its slot), CLEAR (none), or the slot it merges into. */
  move: Int32Array;
  /** Its picks (c ≥ 1) are picks[from[n]] up to picks[from[n + 1]]. */
  from: Int32Array;
  /** Per pick: how many cases it takes. */
  take: Int32Array;
  /** Per pick: the slot of the state it reaches, or FINISHED for a finished sample. */
  to: Int32Array;
}

export interface InPlacePlan {
  layers: InPlaceLayer[];
  /** Slots in all: the buffer holds slots × terms × primes residues. */
  slots: number;
}

/** The state's slot passes to the state its c = 0 move reaches. */
export const KEEP = -1;
/** The state has no c = 0 move, or merges: its slot is cleared once read. */
export const CLEAR = -2;
/** A pick that finishes the sample: its residues go to the totals. */
export const FINISHED = -1;

/** Plans are kept per graph: every group and term of a `check --by` is counted over one graph. */
const plans = new WeakMap<readonly Int32Array[], InPlacePlan>();

export function inPlacePlan(g: PlannedGraph): InPlacePlan {
  const known = plans.get(g.trans);
  if (known !== undefined) return known;
  const K = g.size + 1;
  const first = g.stateCount[0] ?? 0;
  // Picks are counted from the start state's: only their order matters.
  let picks = new Int32Array(first);
  let slotOf = Int32Array.from({ length: first }, (_, s) => s);
  let slots = first;
  const layers: InPlaceLayer[] = [];
  for (let i = 0; i + 1 < g.stateCount.length; i++) {
    const tr = g.trans[i]!;
    const S = g.stateCount[i]!;
    const S1 = g.stateCount[i + 1]!;
    const nextPicks = new Int32Array(S1);
    // The first state whose c = 0 move reaches each next state keeps its slot for it.
    const keeper = new Int32Array(S1).fill(-1);
    for (let s = 0; s < S; s++) {
      for (let c = 0; c < K; c++) {
        const to = tr[s * K + c]!;
        if (to >= 0) nextPicks[to] = picks[s]! + c;
      }
      const stay = tr[s * K]!;
      if (stay >= 0 && keeper[stay] === -1) keeper[stay] = s;
    }
    const keeps = (s: number): boolean => {
      const stay = tr[s * K]!;
      return stay >= 0 && keeper[stay] === s;
    };
    const nextSlot = new Int32Array(S1).fill(-1);
    /** Freed slots by the picks of the state that left them. */
    const freed: number[][] = Array.from({ length: K }, () => []);
    for (let s = 0; s < S; s++) {
      if (keeps(s)) nextSlot[tr[s * K]!] = slotOf[s]!;
      else freed[picks[s]!]!.push(slotOf[s]!);
    }
    for (let t = 0; t < S1; t++) {
      if (nextSlot[t] !== -1) continue;
      let slot: number | undefined;
      for (let q = nextPicks[t]!; q < K && slot === undefined; q++) slot = freed[q]!.pop();
      nextSlot[t] = slot ?? slots++;
    }
    // Most picks first; of equal picks, the states that keep their slot first.
    const order = Array.from({ length: S }, (_, s) => s).sort((a, b) => picks[b]! - picks[a]! || Number(keeps(b)) - Number(keeps(a)) || a - b);
    const slot = new Int32Array(S);
    const move = new Int32Array(S);
    const from = new Int32Array(S + 1);
    const take: number[] = [];
    const to: number[] = [];
    order.forEach((s, n) => {
      slot[n] = slotOf[s]!;
      const stay = tr[s * K]!;
      move[n] = stay < 0 ? CLEAR : keeps(s) ? KEEP : nextSlot[stay]!;
      from[n] = take.length;
      for (let c = 1; c < K; c++) {
        const next = tr[s * K + c]!;
        if (next >= 0 || next === DONE) {
          take.push(c);
          to.push(next === DONE ? FINISHED : nextSlot[next]!);
        }
      }
    });
    from[S] = take.length;
    layers.push({ slot, move, from, take: Int32Array.from(take), to: Int32Array.from(to) });
    picks = nextPicks;
    slotOf = nextSlot;
  }
  const plan = { layers, slots };
  plans.set(g.trans, plan);
  return plan;
}
