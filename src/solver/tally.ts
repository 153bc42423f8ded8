import type { Case } from '../cohort/case.js';
import { kindKeyer } from './kinds.js';
import type { Rules } from '../rules/schema.js';
import { prepareProblem, type Problem } from './problem.js';

/**
 * Counts a cohort as it streams past, keeping one case of each kind the rules can tell apart
 * and how many there are: enough to count valid samples and explain a verdict exactly, with
 * memory that grows with the kinds of case, not the rows (a national file for `check`).
 */
export interface Tally {
  add(c: Case): void;
  /** Cases seen. */
  readonly rows: number;
  /** A problem that can be counted and explained (not drawn from). */
  problem(): Problem;
}

export function createTally(rules: Rules): Tally {
  // Every column any rule reads, enabled or not (explanations switch rules on and off), and
  // the stage and age band that explanations describe scarce cases by.
  const columns = new Set([...rules.rules.map((r) => r.column), 'service_stage', 'age_band']);
  const keyOf = kindKeyer([...columns], rules);
  const index = new Map<number | string, number>();
  const cases: Case[] = [];
  const weights: number[] = [];
  let rows = 0;
  return {
    add(c) {
      rows++;
      const key = keyOf(c);
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, cases.length);
        cases.push(c);
        weights.push(1);
      } else weights[at]!++;
    },
    get rows() {
      return rows;
    },
    problem: () => prepareProblem({ cases, weights, rules }),
  };
}
