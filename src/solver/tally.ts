import type { Case } from '../cohort/case.js';
import { kindKeyer } from './kinds.js';
import type { Rules } from '../rules/schema.js';
import { countValidSamplesByGroup, countValidSamplesByGroupInWorkers } from './count.js';
import { prepareProblem, type Problem } from './problem.js';

/**
 * Counts a cohort as it streams past, keeping one case of each kind the rules can tell apart
 * and how many there are: enough to count valid samples and explain a verdict exactly, with
 * memory that grows with the kinds of case, not the rows (a national file for `check`).
 */
export interface Tally {
  add(c: Case): void;
  /**
   * Adds a case whose kind the caller has already numbered, by a key that reads at least every
   * column the tally does (check's coverage: CoverageAccumulator.add), so that the tally works
   * out its own kind once per such kind rather than once per case.
   */
  addOfKind(c: Case, kind: number): void;
  /** Cases seen. */
  readonly rows: number;
  /** A problem that can be counted and explained (not drawn from). */
  problem(): Problem;
  /** One case of each kind seen, and how many cases of that kind there are. */
  kinds(): { cases: readonly Case[]; weights: readonly number[] };
}

export function createTally(rules: Rules): Tally {
  // Every column any rule reads, enabled or not (explanations switch rules on and off), and
  // the stage and age band that explanations describe scarce cases by.
  const columns = new Set([...rules.rules.map((r) => r.column), 'service_stage', 'age_band']);
  // Kinds are numbered in order of first appearance: the number is the index into cases.
  const keyOf = kindKeyer([...columns], rules);
  const cases: Case[] = [];
  const weights: number[] = [];
  let rows = 0;
  /** The caller's kind → the tally's (addOfKind). */
  const ofKind: (number | undefined)[] = [];
  const add = (c: Case, at: number) => {
    rows++;
    if (at === cases.length) {
      cases.push(c);
      weights.push(1);
    } else weights[at]!++;
  };
  return {
    add(c) {
      add(c, keyOf(c));
    },
    addOfKind(c, kind) {
      let at = ofKind[kind];
      if (at === undefined) ofKind[kind] = at = keyOf(c);
      add(c, at);
    },
    get rows() {
      return rows;
    },
    problem: () => prepareProblem({ cases, weights, rules }),
    kinds: () => ({ cases, weights }),
  };
}

/**
 * The exact number of valid samples of each tallied group, as if each were a cohort of its own:
 * one problem over every group's kinds, counted once per group's sizes over a shared graph.
 */
export function countTallies(tallies: readonly Tally[], rules: Rules, onGroup?: (done: number) => void): bigint[] {
  const { union, sizes } = unionOf(tallies, rules);
  return countValidSamplesByGroup(union, sizes, onGroup);
}

/** countTallies with the groups counted on `workers` worker threads: the same numbers. */
export function countTalliesInWorkers(tallies: readonly Tally[], rules: Rules, workers: number, onGroup?: (done: number) => void): Promise<bigint[]> {
  const { union, sizes } = unionOf(tallies, rules);
  return countValidSamplesByGroupInWorkers(union, sizes, workers, onGroup);
}

/** One problem over every tally's kinds of case, and how many of each group's cases are in each of its profiles. */
function unionOf(tallies: readonly Tally[], rules: Rules): { union: Problem; sizes: number[][] } {
  const cases: Case[] = [];
  const weights: number[] = [];
  const ranges: [number, number][] = [];
  for (const t of tallies) {
    const k = t.kinds();
    ranges.push([cases.length, cases.length + k.cases.length]);
    for (let i = 0; i < k.cases.length; i++) {
      cases.push(k.cases[i]!);
      weights.push(k.weights[i]!);
    }
  }
  const union = prepareProblem({ cases, weights, rules });
  // With no pins or exclusions the pool is the cases in order, so each group is a range of it.
  const profileOf = new Int32Array(cases.length);
  union.profiles.forEach((p, pi) => {
    for (const m of p.members) profileOf[m] = pi;
  });
  const sizes = ranges.map(([from, to]) => {
    const s = new Array<number>(union.profiles.length).fill(0);
    for (let i = from; i < to; i++) s[profileOf[i]!]! += weights[i]!;
    return s;
  });
  return { union, sizes };
}
