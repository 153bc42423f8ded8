/**
 * What the review screen shows, read from its state: whether the sample is written, the rule
 * results, the rows of picks and reserves, the header's count. Every judgement is the
 * library's; these only ask it, remembering answers that cannot change.
 */
import type { Case } from '../../src/cohort/case.js';
import { coveredBy, evaluateSample, type RuleResult } from '../../src/rules/evaluate.js';
import { replaceablePicks, type Reserve } from '../../src/solver/index.js';
import { countFor, knownCount, problemKey } from './env.js';
import type { ReviewState, Snapshot } from './types.js';

/** Identifies a sample's content, to tell whether it has been written. */
export function snapshotKey(s: Snapshot): string {
  return JSON.stringify([
    s.picks.map((c) => c.case_id),
    [...s.pinned].sort(),
    s.dropped.map((d) => [d.case_id, d.reason]),
    s.reserves.map((c) => c.case_id),
  ]);
}

export function isDirty(state: ReviewState): boolean {
  return state.written !== snapshotKey(state.sample);
}

/** The command line's exclusions and the session's drops. */
export function excludedIds(state: ReviewState): string[] {
  return [...state.env.excludes, ...state.sample.dropped.map((d) => d.case_id)];
}

export function pinnedIds(state: ReviewState): string[] {
  const pinned = new Set(state.sample.pinned);
  return state.sample.picks.filter((c) => pinned.has(c.case_id)).map((c) => c.case_id);
}

const resultsMemo = new WeakMap<Case[], RuleResult[]>();

/** The rules against the current picks, `size` first. */
export function ruleResults(state: ReviewState): RuleResult[] {
  const picks = state.sample.picks;
  let results = resultsMemo.get(picks);
  if (!results) resultsMemo.set(picks, (results = evaluateSample(picks, state.env.rules)));
  return results;
}

export interface PickRow {
  case: Case;
  /** Rule ids the pick helps meet. */
  covers: string[];
  pinned: boolean;
}

export function pickRows(state: ReviewState): PickRow[] {
  const { picks, pinned } = state.sample;
  const pinnedSet = new Set(pinned);
  return picks.map((c) => ({ case: c, covers: coveredBy(c, picks, state.env.rules), pinned: pinnedSet.has(c.case_id) }));
}

/** Each reserve with the picks it could replace now, every rule still met. */
export function reserveRows(state: ReviewState): Reserve[] {
  const { picks, reserves } = state.sample;
  return reserves.map((r) => ({
    case: r,
    replaces: replaceablePicks(picks, r, state.env.rules).map((c) => c.case_id),
  }));
}

/** Pins and exclusions the header's count is for: the pinned picks and everything excluded. */
export function countKey(state: ReviewState): string {
  return problemKey(pinnedIds(state), excludedIds(state));
}

/** Valid samples that keep the pinned picks and avoid the excluded cases, if counted yet. */
export function validSamples(state: ReviewState): bigint | undefined {
  return knownCount(state.env, pinnedIds(state), excludedIds(state));
}

/** Counts now (slow on a large cohort with nothing pinned: the app calls it after rendering). */
export function countValid(state: ReviewState): bigint {
  return countFor(state.env, pinnedIds(state), excludedIds(state));
}
