import seedrandom from 'seedrandom';
import type { Case } from '../cohort/case.js';
import { coveredBy, evaluateSample, type RuleResult } from '../rules/evaluate.js';
import { countValidSamples } from './count.js';
import { explainInfeasible, type Explanation } from './explain.js';
import type { FairDistribution } from './fair-draw.js';
import type { Selection } from './selection.js';
import type { Problem } from './problem.js';
import { DEFAULT_RESERVES, drawWithReserves } from './review.js';
import type { Reserve } from './swap.js';

export interface Pick {
  case: Case;
  /** Rule ids this pick helps meet. */
  covers: string[];
  pinned: boolean;
}

export interface DrawResult {
  feasible: boolean;
  seed: string;
  /** The exact number of valid samples under the rules, pins and exclusions. */
  validSamples: bigint;
  /** How the sample was chosen among the valid ones. */
  selection: Selection;
  /** Under fair selection: the smallest and largest chance of a case that can be picked. */
  fairRange: { smallest: number; largest: number } | null;
  picks: Pick[];
  reserves: Reserve[];
  ruleResults: RuleResult[];
  explanation: Explanation | null;
}

export interface DrawOptions {
  seed: string;
  /** How many reserves to list (default {@link DEFAULT_RESERVES}). */
  reserves?: number;
  /** Draw from this fair distribution (fairDistribution of the same problem) instead of uniformly. */
  fair?: FairDistribution | null;
}


/**
 * The whole draw: count, one draw from the seed (uniform, or from the fair distribution), the reserves (from the same seeded
 * stream, after the draw) and, when nothing can be drawn, the explanation.
 */
export function drawSample(problem: Problem, options: DrawOptions): DrawResult {
  const count = countValidSamples(problem);
  const random = seedrandom(options.seed);
  if (count === 0n) {
    return {
      feasible: false,
      seed: options.seed,
      validSamples: 0n,
      selection: options.fair ? 'fair' : 'uniform',
      fairRange: null,
      picks: [],
      reserves: [],
      ruleResults: evaluateSample([], problem.rules),
      explanation: explainInfeasible(problem),
    };
  }
  const fair = options.fair ?? null;
  const { sample, reserves } = drawWithReserves(problem, count, random, options.reserves ?? DEFAULT_RESERVES, fair);
  return {
    feasible: true,
    seed: options.seed,
    validSamples: count,
    selection: fair ? 'fair' : 'uniform',
    fairRange: fair ? { smallest: fair.smallest, largest: fair.largest } : null,
    picks: describePicks(problem, sample),
    reserves,
    ruleResults: evaluateSample(sample, problem.rules),
    explanation: null,
  };
}

export function describePicks(problem: Problem, sample: readonly Case[]): Pick[] {
  const pinned = new Set(problem.pins.map((c) => c.case_id));
  return sample.map((c) => ({ case: c, covers: coveredBy(c, sample, problem.rules), pinned: pinned.has(c.case_id) }));
}
