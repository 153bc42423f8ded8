import type { Case } from '../../src/cohort/case.js';
import type { Rules } from '../../src/rules/schema.js';
import { countValidSamples, prepareProblem, type Problem } from '../../src/solver/index.js';
import type { FairDistribution } from '../../src/solver/fair-draw.js';
import { DEFAULT_RESERVES } from '../../src/solver/review.js';
import type { Selection } from '../../src/solver/selection.js';

/**
 * What stays fixed for a whole review session: the cohort, the rules and the draw options, with
 * the solver's prepared problems cached. Preparing a problem reads every case (a few hundred
 * milliseconds on 100,000 rows), so the screen prepares one *base* problem up front for swaps
 * and reserves, and prepares pinned problems only when a redraw, a completion or the header's
 * count needs one.
 */
export interface ReviewEnv {
  cases: readonly Case[];
  byId: ReadonlyMap<string, Case>;
  rules: Rules;
  /** The session's seed: every random choice derives its own seed from it, so a session replays. */
  seed: string;
  /** The command line's pins (pinned in the first draw) and exclusions (for the whole session). */
  pins: readonly string[];
  excludes: readonly string[];
  /** How many reserves to hold. */
  reserveCount: number;
  /** How the first draw chose among the valid samples (the audit record says which). */
  selection: Selection;
  /**
   * Under fair selection, the distribution the first draw comes from. Later changes are a
   * person's choices, recorded as such; a redraw or a filled drop draws uniformly among the
   * samples that hold the pinned picks.
   */
  fair: FairDistribution | null;
  /** No pins, the command line's exclusions: the pool swaps and reserves are taken from. */
  base: Problem;
  /** Memo tables, not state: a prepared problem or a count is the same whenever it is asked for. */
  cache: { problems: Map<string, Problem>; counts: Map<string, bigint> };
}

export interface EnvInput {
  cases: readonly Case[];
  rules: Rules;
  seed: string;
  pins?: readonly string[];
  excludes?: readonly string[];
  reserves?: number;
  selection?: Selection;
  fair?: FairDistribution | null;
}

/** Problems kept in memory at once; each holds arrays over the whole cohort. */
const MAX_PROBLEMS = 6;

/** Throws the solver's SampleInputError when a pin or exclusion names no case. */
export function createEnv(input: EnvInput): ReviewEnv {
  const env: ReviewEnv = {
    cases: input.cases,
    byId: new Map(input.cases.map((c) => [c.case_id, c])),
    rules: input.rules,
    seed: input.seed,
    pins: [...(input.pins ?? [])],
    excludes: [...(input.excludes ?? [])],
    reserveCount: input.reserves ?? DEFAULT_RESERVES,
    selection: input.selection ?? 'uniform',
    fair: input.fair ?? null,
    base: undefined as unknown as Problem,
    cache: { problems: new Map(), counts: new Map() },
  };
  env.base = problemFor(env, [], env.excludes);
  return env;
}

/** One key per (pins, exclusions), whatever their order. */
export function problemKey(pins: readonly string[], excludes: readonly string[]): string {
  return `${[...pins].sort().join(',')}|${[...excludes].sort().join(',')}`;
}

export function problemFor(env: ReviewEnv, pins: readonly string[], excludes: readonly string[]): Problem {
  const key = problemKey(pins, excludes);
  const cached = env.cache.problems.get(key);
  if (cached) return cached;
  const problem = prepareProblem({ cases: env.cases, rules: env.rules, pins, excludes });
  const baseKey = problemKey([], env.excludes);
  if (env.cache.problems.size >= MAX_PROBLEMS) {
    const oldest = [...env.cache.problems.keys()].find((k) => k !== baseKey);
    if (oldest !== undefined) env.cache.problems.delete(oldest);
  }
  env.cache.problems.set(key, problem);
  return problem;
}

/** The exact number of valid samples with these pins and exclusions, if already counted. */
export function knownCount(env: ReviewEnv, pins: readonly string[], excludes: readonly string[]): bigint | undefined {
  return env.cache.counts.get(problemKey(pins, excludes));
}

export function countFor(env: ReviewEnv, pins: readonly string[], excludes: readonly string[]): bigint {
  const key = problemKey(pins, excludes);
  let n = env.cache.counts.get(key);
  if (n === undefined) {
    n = countValidSamples(problemFor(env, pins, excludes));
    env.cache.counts.set(key, n);
  }
  return n;
}

export function caseById(env: ReviewEnv, id: string): Case {
  const c = env.byId.get(id);
  if (!c) throw new Error(`no case has case_id ${id} in the cohort`);
  return c;
}
