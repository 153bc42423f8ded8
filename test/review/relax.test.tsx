import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../cli/review/App.js';
import { createEnv } from '../../cli/review/env.js';
import { initialState, reviewReducer } from '../../cli/review/state.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { relax } from '../../src/solver/relax.js';
import { HANG_MS } from '../helpers/patience.js';
import { reviewContext, smallCohort } from './fixtures.js';

afterEach(cleanup);

// eslint-disable-next-line no-control-regex
const plain = (s: string | undefined) => (s ?? '').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

/** The review fixture with every case in alternative provision moved to a mainstream school. */
const cases = smallCohort().map((c) => (c.setting === 'ap' ? { ...c, setting: 'mainstream' as const, alternative_provision: false } : c));
const relaxation = relax(prepareProblem({ cases, rules: HANDBOOK_RULES }));

describe('review --relax', () => {
  it('judges the sample and its swaps against the eased rules', () => {
    expect(relaxation.relaxed).toBe(true);
    const given = initialState(createEnv({ cases, rules: HANDBOOK_RULES, seed: 's', reserves: 4 }), '2025-06-01T10:00:00.000Z');
    expect(given.status).toBe('infeasible');
    const eased = initialState(createEnv({ cases, rules: relaxation.rules, seed: 's', reserves: 4 }), '2025-06-01T10:00:00.000Z');
    expect(eased.status).toBe('ready');
    const opened = reviewReducer(eased, { type: 'openSwap' });
    expect(opened.swap?.fits.length ?? 0).toBeGreaterThan(0);
  });

  it('shows an eased rule in its own words on its chip', async () => {
    const initial = initialState(createEnv({ cases, rules: relaxation.rules, seed: 's', reserves: 4 }), '2025-06-01T10:00:00.000Z');
    const app = render(<App initial={initial} ctx={reviewContext(cases, { rules: relaxation.rules, relaxation, givenRules: HANDBOOK_RULES })} columns={100} rows={30} onExit={() => {}} />);
    const deadline = Date.now() + HANG_MS;
    while (!plain(app.lastFrame()).includes('eased') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const frame = plain(app.lastFrame());
    expect(frame).toMatch(/✓ alternative-provision 0 \(at least 0\) eased/);
    expect(frame).not.toMatch(/need-areas [^✓✗]* eased/);
  });
});
