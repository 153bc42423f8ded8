import type { Case } from '../cohort/case.js';
import type { Rules } from '../rules/schema.js';
import { kindKeyer } from './kinds.js';
import {
  buildProfiles,
  caseFeatures,
  compileRules,
  type CaseFeatures,
  type Compiled,
  type Profile,
} from './compile.js';
import { buildGraph, type DpGraph, type DpLayer, type DpSpec, type DpStart } from './dp.js';

/** A pin or exclusion that names no case, or both at once: the command line is wrong. */
export class SampleInputError extends Error {
  override name = 'SampleInputError';
}

export interface ProblemInput {
  cases: readonly Case[];
  rules: Rules;
  /** case_ids that must be in the sample. */
  pins?: readonly string[];
  /** case_ids that must not be. */
  excludes?: readonly string[];
  /**
   * How many cases each of `cases` stands for (a tally: one representative per kind of case).
   * Such a problem can be counted and explained, not drawn from. Default: 1 each.
   */
  weights?: readonly number[];
}

/**
 * Everything the solver needs about one draw: the rules compiled to integers, the candidate
 * cases grouped into profiles, and what the pins already hold. Built once; counting, drawing,
 * odds and explanations all read it.
 */
export interface Problem {
  rules: Rules;
  compiled: Compiled;
  cases: readonly Case[];
  pins: Case[];
  excluded: Case[];
  /** Cases that can still be picked: not pinned, not excluded (the cohort itself when none are). */
  pool: readonly Case[];
  poolFeatures: CaseFeatures[];
  /** How many cases each pool entry stands for (1 unless the problem is a tally). */
  poolWeights: number[] | null;
  /** Cases in the pool, weights counted. */
  poolSize: number;
  weighted: boolean;
  pinFeatures: CaseFeatures[];
  profiles: Profile[];
  features: (c: Case) => CaseFeatures;
}

function byId(cases: readonly Case[]): Map<string, Case> {
  return new Map(cases.map((c) => [c.case_id, c]));
}

export function prepareProblem(input: ProblemInput): Problem {
  const pinIds = [...new Set(input.pins ?? [])];
  const excludeIds = [...new Set(input.excludes ?? [])];
  // Only a draw with pins or exclusions needs to look cases up by id.
  const index = pinIds.length || excludeIds.length ? byId(input.cases) : new Map<string, Case>();
  for (const [flag, ids] of [
    ['--pin', pinIds],
    ['--exclude', excludeIds],
  ] as const) {
    for (const id of ids) {
      if (!index.has(id)) throw new SampleInputError(`${flag} ${id}: no case has that case_id in the cohort`);
    }
  }
  const both = pinIds.filter((id) => excludeIds.includes(id));
  if (both.length) throw new SampleInputError(`${both.join(', ')}: a case cannot be both pinned and excluded`);
  // Cases that read alike in every column the rules use are one kind: the rules are compiled
  // against one case of each kind, and every case shares its kind's features.
  const kinds = groupKinds(input.cases, input.rules);
  const compiled = compileRules(input.rules, kinds.representatives);
  const features = caseFeatures(input.rules, compiled);
  const kindFeatures = kinds.representatives.map(features);
  const pinned = new Set(pinIds);
  const excluded = new Set(excludeIds);
  // Without pins or exclusions the pool is the cohort itself: a national file's two million
  // cases are not copied, and the per-case arrays are made at their full length at once, so
  // that building the problem leaves no grown-and-dropped copies behind for the collector.
  const leftOut = pinned.size > 0 || excluded.size > 0;
  const pool: readonly Case[] = leftOut ? input.cases.filter((c) => !pinned.has(c.case_id) && !excluded.has(c.case_id)) : input.cases;
  const poolFeatures: CaseFeatures[] = new Array<CaseFeatures>(pool.length);
  const poolWeights: number[] | null = input.weights ? new Array<number>(pool.length) : null;
  const kindMembers = kindFeatures.map(() => [] as number[]);
  for (let i = 0, at = 0; i < input.cases.length; i++) {
    if (leftOut && pool[at] !== input.cases[i]) continue;
    const kind = kinds.kindOf[i]!;
    kindMembers[kind]!.push(at);
    poolFeatures[at] = kindFeatures[kind]!;
    if (poolWeights !== null) poolWeights[at] = input.weights![i]!;
    at++;
  }
  const pins = pinIds.map((id) => index.get(id)!);
  return {
    rules: input.rules,
    compiled,
    cases: input.cases,
    pins,
    excluded: excludeIds.map((id) => index.get(id)!),
    pool,
    poolFeatures,
    poolWeights,
    poolSize: poolWeights ? poolWeights.reduce((a, b) => a + b, 0) : pool.length,
    weighted: poolWeights !== null,
    pinFeatures: pins.map(features),
    profiles: buildProfiles(
      kindFeatures.map((f, k) => ({ features: f, members: kindMembers[k]! })),
      poolWeights ?? undefined,
    ),
    features,
  };
}

/**
 * Groups cases by what the rules can see of them. Most of a large cohort repeats a combination
 * already seen, so the rules are worked out once per combination.
 */
function groupKinds(cases: readonly Case[], rules: Rules): { representatives: Case[]; kindOf: Int32Array } {
  const keyOf = kindKeyer([...new Set(rules.rules.filter((r) => r.enabled).map((r) => r.column))], rules);
  const byKey = new Map<number | string, number>();
  const representatives: Case[] = [];
  const kindOf = new Int32Array(cases.length);
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const key = keyOf(c);
    let kind = byKey.get(key);
    if (kind === undefined) {
      kind = representatives.length;
      byKey.set(key, kind);
      representatives.push(c);
    }
    kindOf[i] = kind;
  }
  return { representatives, kindOf };
}

export function dpSpec(compiled: Compiled, stateTargets: readonly number[]): DpSpec {
  return {
    size: compiled.size,
    targets: stateTargets.length,
    counters: compiled.counters.map((c) => c.atLeast),
    spreads: compiled.spreads.map((s) => ({
      values: s.values.length,
      atMost: s.atMost,
      // With six picks and at most two per value, three values hold by themselves: the DP
      // then need not track variety at all (a quarter of the states for the handbook rules).
      distinct: s.everyCaseHasValue && Math.ceil(compiled.size / s.atMost) >= s.distinct ? 0 : s.distinct,
    })),
  };
}

/** Re-indexes a full target mask to the bits of the chosen state targets. */
export function projectMask(mask: number, stateTargets: readonly number[]): number {
  let out = 0;
  stateTargets.forEach((t, bit) => {
    if (mask & (1 << t)) out |= 1 << bit;
  });
  return out;
}

export function dpStart(problem: Problem, stateTargets: readonly number[]): DpStart {
  const { compiled, pinFeatures } = problem;
  let mask = 0;
  for (const f of pinFeatures) mask |= f.targetMask;
  return {
    picks: pinFeatures.length,
    mask: projectMask(mask, stateTargets),
    counters: compiled.counters.map((_, c) => pinFeatures.reduce((n, f) => n + f.counterInc[c]!, 0)),
    spreadCounts: compiled.spreads.map((s, j) => {
      const counts = new Array<number>(s.values.length).fill(0);
      for (const f of pinFeatures) if (f.spreadValue[j]! >= 0) counts[f.spreadValue[j]!]!++;
      return counts;
    }),
  };
}

/** The targets the pins already meet: they need nothing more from the pool. */
export function pinnedMask(problem: Problem): number {
  return problem.pinFeatures.reduce((m, f) => m | f.targetMask, 0);
}

/**
 * Groups profiles into DP layers for one inclusion–exclusion term: profiles meeting any
 * target in `avoid` are left out, and profiles that differ only in targets that are neither
 * kept in state nor avoided are merged (their cases look alike to this term).
 */
export function layersFor(
  problem: Problem,
  stateTargets: readonly number[],
  avoid: number,
): { layers: DpLayer[]; profilesOf: number[][] } {
  const byKey = new Map<string, number>();
  const layers: DpLayer[] = [];
  const profilesOf: number[][] = [];
  problem.profiles.forEach((p, pi) => {
    if (p.features.targetMask & avoid) return;
    const mask = projectMask(p.features.targetMask, stateTargets);
    const key = `${mask}|${p.features.counterInc.join('')}|${p.features.spreadValue.join(',')}`;
    let i = byKey.get(key);
    if (i === undefined) {
      i = layers.length;
      byKey.set(key, i);
      layers.push({ n: 0, mask, inc: p.features.counterInc, vals: p.features.spreadValue });
      profilesOf.push([]);
    }
    layers[i]!.n += p.size;
    profilesOf[i]!.push(pi);
  });
  return { layers, profilesOf };
}

const graphCache = new WeakMap<Problem, Map<string, { graph: DpGraph; profilesOf: number[][] }>>();

/**
 * The DP graph with the given targets in state and none avoided. Counting and drawing both
 * start from the one with no targets in state, so it is built once per problem.
 */
export function relaxedGraph(problem: Problem, stateTargets: readonly number[]): { graph: DpGraph; profilesOf: number[][] } {
  let byState = graphCache.get(problem);
  if (!byState) graphCache.set(problem, (byState = new Map()));
  const key = stateTargets.join(',');
  let entry = byState.get(key);
  if (!entry) {
    const { layers, profilesOf } = layersFor(problem, stateTargets, 0);
    entry = { graph: buildGraph(layers, dpSpec(problem.compiled, stateTargets), dpStart(problem, stateTargets)), profilesOf };
    byState.set(key, entry);
  }
  return entry;
}
