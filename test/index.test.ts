/**
 * The public API (src/index.ts) as a program using the library would call it: everything a draw
 * needs comes from the one entry point, nothing from inside the parts.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { drawSample, HANDBOOK_RULES, loadCohort, meetsRules, prepareProblem } from '../src/index.js';

const SAMPLE_COHORT = new URL('../samples/cohort.csv', import.meta.url).pathname;

describe('the public API', () => {
  it('reads samples/cohort.csv, draws a seeded sample and the picks meet the handbook rules', async () => {
    const { summary, cases } = await loadCohort(SAMPLE_COHORT);
    expect(summary.rows).toBe(2000);
    expect(cases).toHaveLength(2000);

    const problem = prepareProblem({ cases, rules: HANDBOOK_RULES });
    const result = drawSample(problem, { seed: 'public-api' });
    expect(result.feasible).toBe(true);
    expect(result.validSamples).toBeGreaterThan(0n);
    const picks = result.picks.map((p) => p.case);
    expect(picks).toHaveLength(HANDBOOK_RULES.size);
    expect(new Set(picks.map((c) => c.case_id)).size).toBe(picks.length);
    expect(meetsRules(picks, HANDBOOK_RULES)).toBe(true);

    // The same seed gives the same sample.
    const again = drawSample(prepareProblem({ cases, rules: HANDBOOK_RULES }), { seed: 'public-api' });
    expect(again.picks.map((p) => p.case.case_id)).toEqual(picks.map((c) => c.case_id));
  });

  it('carries each part: reading, rules, solver and reports', () => {
    for (const name of ['readCohort', 'loadMapping', 'CohortError', 'parseRules', 'loadRules', 'RulesError', 'countValidSamples', 'explainInfeasible', 'drawJson', 'renderDraw']) {
      expect(api, name).toHaveProperty(name);
    }
  });
});
