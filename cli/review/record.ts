import { cohortJson } from '../../src/report/json.js';
import type { SampleRecord } from '../../src/report/output.js';
import type { ReviewContext } from './context.js';
import { pickRows, reserveRows, ruleResults } from './selectors.js';
import type { ReviewState } from './types.js';

/**
 * The record `w` writes, as `draw --out` writes one: the seed and options reproduce the first
 * draw (so `validSamples` is that draw's count), and the events say what the inspector changed
 * since, in order. Pinned picks are marked `pinned`.
 */
export function sampleRecord(state: ReviewState, ctx: ReviewContext, createdAt: string): SampleRecord {
  const { env } = state;
  return {
    toolVersion: ctx.toolVersion,
    createdAt,
    cohort: cohortJson(ctx.summary),
    rules: ctx.relaxation?.relaxed ? ctx.givenRules ?? env.rules : env.rules,
    rulesSource: ctx.rulesSource,
    relaxation: ctx.relaxation ?? null,
    seed: env.seed,
    options: {
      size: env.rules.size,
      pins: [...env.pins],
      excludes: [...env.excludes],
      excludeFile: ctx.excludeFile ?? null,
      relax: ctx.relaxation !== undefined && ctx.relaxation !== null,
      selection: env.selection,
      reserves: env.reserveCount,
      skipInvalid: ctx.skipInvalid ?? false,
      allowIdentifiers: ctx.allowIdentifiers ?? false,
      mapping: ctx.mapping ?? null,
      sheet: ctx.sheet ?? null,
      headerRow: ctx.headerRow ?? null,
    },
    validSamples: state.firstCount,
    picks: pickRows(state).map((p) => ({ case: p.case, covers: p.covers, pinned: p.pinned })),
    reserves: reserveRows(state),
    ruleResults: ruleResults(state),
    events: state.events,
  };
}
