import { describe, expect, it } from 'vitest';
import { createEnv } from '../../cli/review/env.js';
import { sampleRecord } from '../../cli/review/record.js';
import { fromSession, toSession } from '../../cli/review/session.js';
import { ruleResults } from '../../cli/review/selectors.js';
import { initialState, reviewReducer } from '../../cli/review/state.js';
import type { Action, ReviewState } from '../../cli/review/types.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { drawSample, prepareProblem } from '../../src/solver/index.js';
import { fairFor } from '../../src/solver/fair.js';
import { reviewContext, smallCohort } from './fixtures.js';

const cases = smallCohort();
const at = '2025-06-01T10:00:00.000Z';
const run = (state: ReviewState, ...actions: Action[]) => actions.reduce(reviewReducer, state);
const ids = (s: ReviewState) => s.sample.picks.map((c) => c.case_id);

describe('review under fair selection', () => {
  it('first draws what `draw --selection fair` draws, then swaps as a person’s choice, and records both', async () => {
    const problem = prepareProblem({ cases, rules: HANDBOOK_RULES });
    const fair = await fairFor(problem);
    const env = createEnv({ cases, rules: HANDBOOK_RULES, seed: 'fair-review', reserves: 4, selection: 'fair', fair });
    let s = initialState(env, at);
    const expected = drawSample(problem, { seed: 'fair-review', reserves: 4, fair });
    expect(ids(s)).toEqual(expected.picks.map((p) => p.case.case_id));
    expect(expected.selection).toBe('fair');
    expect(s.events[0]!.detail).toMatch(/by fair selection/);

    // A swap works as it does under uniform selection and is recorded as the inspector's.
    let index = -1;
    for (let i = 0; i < s.sample.picks.length && index < 0; i++) {
      const opened = run(s, { type: 'select', index: i }, { type: 'openSwap' });
      if (opened.swap && opened.swap.fits.length > 0) index = i;
    }
    expect(index).toBeGreaterThanOrEqual(0);
    s = run(s, { type: 'select', index }, { type: 'openSwap' });
    const chosen = s.swap!.visible[0]!.case;
    const before = ids(s)[index];
    s = run(s, { type: 'takeSwap', at });
    expect(ids(s)[index]).toBe(chosen.case_id);
    expect(ruleResults(s).every((r) => r.satisfied)).toBe(true);
    expect(s.events.at(-1)).toMatchObject({ action: 'swap', case_id: before, with: chosen.case_id });

    const record = sampleRecord(s, reviewContext(cases), at);
    expect(record.options.selection).toBe('fair');
    expect(record.events.map((e) => e.action)).toEqual(['draw', 'swap']);
    // A saved session remembers the selection, so a resumed one records it too.
    const saved = toSession(s, { file: 'cohort.csv', sha256: 'f'.repeat(64), rows: cases.length }, at);
    expect(saved.options.selection).toBe('fair');
    const resumedEnv = createEnv({ cases, rules: HANDBOOK_RULES, seed: saved.seed, reserves: 4, selection: saved.options.selection });
    expect(sampleRecord(fromSession(saved, resumedEnv), reviewContext(cases), at).options.selection).toBe('fair');
  });
});
