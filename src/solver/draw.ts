import type { Case } from '../cohort/case.js';
import { countValidSamples, openTargets } from './count.js';
import type { DpGraph } from './dp.js';
import { backwardFloat, drawCounts, type FloatTables } from './dp-float.js';
import { relaxedGraph, type Problem } from './problem.js';

/**
 * Draws valid samples uniformly at random.
 *
 * The exact DP keeps some "at least one" targets out of its state (count.ts handles them by
 * inclusion–exclusion, which has no positive weights to sample with). So the sampler walks a
 * *relaxed* graph that keeps only some targets in state, draws a sample uniformly from what
 * it allows, and rejects it unless the other targets are met too. Rejection from a uniform
 * draw over a superset is uniform over the valid samples; the expected number of tries is
 * relaxed/valid, known before drawing, and targets are moved into state (scarcest first)
 * until that is small.
 */
export interface Sampler {
  /** Exact number of valid samples. */
  count: bigint;
  /** Expected tries per draw (for benchmarks and curiosity). */
  expectedTries: number;
  /** A uniformly drawn valid sample (pins first, then picks in cohort order), or null if none. */
  draw(random: () => number): Case[] | null;
  /** The same draw's picks (pins aside) as ascending indices into problem.pool, or null if none. */
  drawPicks(random: () => number): number[] | null;
}

/**
 * A try walks the layers once (microseconds), while each target moved into state can double
 * the graph, so a few hundred expected tries beat a bigger graph (handbook rules on 100,000
 * rows: 65 tries on a 37-thousand-state graph against 8 tries on 170 thousand states). A caller
 * that draws thousands of samples at once (fair mode's start) can pass a lower limit.
 */
const MAX_EXPECTED_TRIES = 200;

export function createSampler(problem: Problem, count = countValidSamples(problem), maxExpectedTries = MAX_EXPECTED_TRIES): Sampler {
  if (problem.weighted) throw new Error('a tally (weighted cases) can be counted but not drawn from');
  const open = openTargets(problem);
  const scarcity = (t: number) =>
    problem.profiles.reduce((n, p) => n + (p.features.targetMask & (1 << t) ? p.size : 0), 0);
  const byScarcity = [...open].sort((a, b) => scarcity(a) - scarcity(b) || a - b);
  if (count === 0n) return { count, expectedTries: Infinity, draw: () => null, drawPicks: () => null };

  let state: number[] = [];
  let built = relaxed(problem, state);
  let tries = built.total / Number(count);
  while (tries > maxExpectedTries && state.length < byScarcity.length) {
    state = byScarcity.slice(0, state.length + 1);
    built = relaxed(problem, state);
    tries = built.total / Number(count);
  }
  const { graph, back, profilesOf } = built;
  const ie = open.filter((t) => !state.includes(t));
  const needMask = ie.reduce((m, t) => m | (1 << t), 0);
  const pinCases = problem.pins;

  const drawPicks = (random: () => number): number[] | null => {
    // The rejection loop ends with probability 1; the cap only guards against a bug.
    for (let attempt = 0; attempt < 1_000_000; attempt++) {
      const counts = drawCounts(graph, back, random);
      if (!counts) return null;
      const picked: number[] = [];
      let mask = 0;
      counts.forEach((c, li) => {
        if (c === 0) return;
        for (const i of pickMembers(problem, profilesOf[li]!, c, random)) {
          picked.push(i);
          mask |= problem.poolFeatures[i]!.targetMask;
        }
      });
      if ((mask & needMask) === needMask) return picked.sort((a, b) => a - b);
    }
    throw new Error('sampler: rejection did not converge (this is a bug)');
  };
  return {
    count,
    expectedTries: tries,
    draw(random) {
      const picked = drawPicks(random);
      return picked && [...pinCases, ...picked.map((i) => problem.pool[i]!)];
    },
    drawPicks,
  };
}

function relaxed(problem: Problem, state: number[]): { graph: DpGraph; back: FloatTables; profilesOf: number[][]; total: number } {
  const { graph, profilesOf } = relaxedGraph(problem, state);
  const back = backwardFloat(graph);
  const total = graph.startDone ? 1 : graph.stateCount[0] ? back.back[0]![0]! : 0;
  return { graph, back, profilesOf, total };
}

/** c distinct pool indices, uniformly among the members of the given profiles. */
export function pickMembers(problem: Problem, profileIds: readonly number[], c: number, random: () => number): number[] {
  let n = 0;
  for (const p of profileIds) n += problem.profiles[p]!.members.length;
  const chosen = new Set<number>();
  // Floyd's algorithm: c distinct positions out of n with c draws.
  for (let j = n - c; j < n; j++) {
    const r = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(r) ? j : r);
  }
  const out: number[] = [];
  for (const pos of chosen) {
    let rest = pos;
    for (const p of profileIds) {
      const m = problem.profiles[p]!.members;
      if (rest < m.length) {
        out.push(m[rest]!);
        break;
      }
      rest -= m.length;
    }
  }
  return out;
}
