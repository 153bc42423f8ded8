import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cohort/case.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { meetsRules } from '../../src/rules/evaluate.js';
import { meetsCompiled } from '../../src/solver/compile.js';
import { countValidSamples } from '../../src/solver/count.js';
import { createSampler } from '../../src/solver/draw.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { drawSample } from '../../src/solver/sample.js';
import { arbCohort, combinations, makeCase } from '../helpers/cases.js';
import { arbRules } from '../helpers/rules.js';

describe('the handbook rules', () => {
  it('count matches brute force on random cohorts of 12–14 cases', () => {
    fc.assert(
      fc.property(arbCohort(12, 14), (cases) => {
        let expected = 0;
        for (const s of combinations(cases, 6)) if (meetsRules(s, HANDBOOK_RULES)) expected++;
        expect(countValidSamples(prepareProblem({ cases, rules: HANDBOOK_RULES }))).toBe(BigInt(expected));
      }),
      { numRuns: 40, seed: 99 },
    );
  });

  it("the solver's own check agrees with the rules' evaluation on every sample", () => {
    fc.assert(
      fc.property(arbCohort(1, 8), arbRules, (cases, rules) => {
        const problem = prepareProblem({ cases, rules });
        const sample = cases.slice(0, rules.size);
        expect(meetsCompiled(problem.compiled, sample.map(problem.features))).toBe(meetsRules(sample, rules));
      }),
      { numRuns: 1000, seed: 5 },
    );
  });
});

/**
 * A cohort where picking greedily fails: the only cases that cover two rules at once
 * (alternative provision and sensory/physical need) all share one scarce stage, and so do
 * the only SEN support cases in alternative provision. A greedy picker that grabs the
 * double-covering cases first overfills that stage and gets stuck.
 */
function greedyTrap(): Case[] {
  const cases: Case[] = [];
  let id = 0;
  const add = (n: number, partial: Partial<Case>) => {
    for (let i = 0; i < n; i++) cases.push(makeCase({ case_id: `G${String(++id).padStart(5, '0')}`, line: id + 1, ...partial }));
  };
  // Three AP cases with a sensory need, all at stage "ceasing": only two may be taken.
  add(3, { setting: 'ap', alternative_provision: true, primary_need: 'HI', need_area: 'sensory_and_physical', service_stage: 'ceasing', age: 17, age_band: 'Age 16 to 19', sen_status: 'EHCP' });
  // The bulk: EHCP cases at "ceasing" too, in the two common areas only.
  add(2000, { primary_need: 'ASD', need_area: 'communication_and_interaction', service_stage: 'ceasing', sen_status: 'EHCP', age: 13, age_band: 'Age 11 to 15' });
  add(990, { primary_need: 'MLD', need_area: 'cognition_and_learning', service_stage: 'established', sen_status: 'EHCP', age: 8, age_band: 'Age 5 to 10' });
  // Few SEMH and SEN support cases, spread over other stages and bands.
  add(4, { primary_need: 'SEMH', need_area: 'social_emotional_and_mental_health', service_stage: 'identifying', sen_status: 'SEN support', age: 3, age_band: 'Age 0 to 4' });
  add(3, { primary_need: 'SLCN', need_area: 'communication_and_interaction', service_stage: 'assessing', sen_status: 'SEN support', age: 21, age_band: 'Age 20 to 25' });
  return cases;
}

describe('a 3,000-row cohort where greedy picking fails', () => {
  const cases = greedyTrap();
  const problem = prepareProblem({ cases, rules: HANDBOOK_RULES });

  it('has valid samples, and greedy picking (most rules covered first) finds none', () => {
    expect(cases).toHaveLength(3000);
    expect(countValidSamples(problem)).toBeGreaterThan(0n);
    // Greedy: repeatedly take the case that meets the most still-unmet rules.
    const greedy: Case[] = [];
    const unmet = (s: Case[]) => [
      s.some((c) => c.alternative_provision) ? 0 : 1,
      s.some((c) => c.need_area === 'sensory_and_physical') ? 0 : 1,
      s.some((c) => c.need_area === 'social_emotional_and_mental_health') ? 0 : 1,
      s.filter((c) => c.sen_status === 'SEN support').length >= 2 ? 0 : 1,
    ].reduce((a, b) => a + b, 0);
    const pool = [...cases];
    while (greedy.length < 6) {
      pool.sort((a, b) => unmet([...greedy, a]) - unmet([...greedy, b]) || (a.service_stage === 'ceasing' ? -1 : 1));
      greedy.push(pool.shift()!);
    }
    expect(meetsRules(greedy, HANDBOOK_RULES)).toBe(false);
  });

  it('draws a valid sample every time, and the same seed gives the same sample', () => {
    for (let i = 0; i < 50; i++) {
      const result = drawSample(problem, { seed: `trap-${i}` });
      expect(result.feasible).toBe(true);
      expect(meetsRules(result.picks.map((p) => p.case), HANDBOOK_RULES)).toBe(true);
    }
    const a = drawSample(problem, { seed: 'same' }).picks.map((p) => p.case.case_id);
    const b = drawSample(problem, { seed: 'same' }).picks.map((p) => p.case.case_id);
    const c = drawSample(problem, { seed: 'other' }).picks.map((p) => p.case.case_id);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('never takes all three AP cases (that would break stage-spread)', () => {
    const sampler = createSampler(problem);
    const random = seedrandom('ap');
    for (let i = 0; i < 300; i++) {
      const s = sampler.draw(random)!;
      expect(s.filter((c) => c.alternative_provision).length).toBeLessThanOrEqual(2);
    }
  });
});

describe('a tally (check on a streamed cohort)', () => {
  it('counts and explains exactly as the full cohort does', async () => {
    const { createTally } = await import('../../src/solver/tally.js');
    const { explainInfeasible } = await import('../../src/solver/explain.js');
    fc.assert(
      fc.property(arbCohort(1, 40), arbRules, (cases, rules) => {
        const tally = createTally(rules);
        for (const c of cases) tally.add(c);
        const full = prepareProblem({ cases, rules });
        const counted = tally.problem();
        expect(tally.rows).toBe(cases.length);
        const n = countValidSamples(full);
        expect(countValidSamples(counted)).toBe(n);
        if (n === 0n) {
          const a = explainInfeasible(full);
          const b = explainInfeasible(counted);
          expect(b.conflicts).toEqual(a.conflicts);
          expect(b.facts).toEqual(a.facts);
          expect(b.relaxations.map((r) => [r.change, r.validSamples])).toEqual(a.relaxations.map((r) => [r.change, r.validSamples]));
        }
      }),
      { numRuns: 150, seed: 31 },
    );
  });
});

describe('counting many groups over one graph (check --by)', () => {
  it('gives each group the count it has as a cohort of its own', async () => {
    const { createTally, countTallies } = await import('../../src/solver/tally.js');
    fc.assert(
      fc.property(fc.array(arbCohort(0, 14), { minLength: 1, maxLength: 4 }), arbRules, (groups, rules) => {
        const tallies = groups.map((cases) => {
          const t = createTally(rules);
          for (const c of cases) t.add(c);
          return t;
        });
        const together = countTallies(tallies, rules);
        groups.forEach((cases, g) => expect(together[g]).toBe(countValidSamples(prepareProblem({ cases, rules }))));
      }),
      { numRuns: 200, seed: 41 },
    );
  });
});
