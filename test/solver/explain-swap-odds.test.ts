import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cohort/case.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { meetsRules } from '../../src/rules/evaluate.js';
import { countValidSamples } from '../../src/solver/count.js';
import { createSampler } from '../../src/solver/draw.js';
import { explainInfeasible } from '../../src/solver/explain.js';
import { caseChances } from '../../src/solver/odds.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { drawSample } from '../../src/solver/sample.js';
import { findReserves, swapOptions } from '../../src/solver/swap.js';
import { arbCohort, makeCase } from '../helpers/cases.js';
import { arbRules } from '../helpers/rules.js';

/** A cohort that meets everything but alternative provision: its 2 AP cases share a stage. */
function twoApSameStage(): Case[] {
  const cases: Case[] = [];
  const stages = ['identifying', 'assessing', 'new_plan', 'established', 'transition', 'ceasing'] as const;
  const needs = ['ASD', 'MLD', 'SEMH', 'HI'] as const;
  let n = 0;
  for (const age of [3, 8, 13, 17, 22]) {
    for (const stage of stages) {
      for (const need of needs) {
        cases.push(makeCase({ case_id: `N${++n}`, age, service_stage: stage, primary_need: need, need_area: makeCase({ primary_need: need }).need_area, sen_status: n % 2 ? 'EHCP' : 'SEN support' }));
      }
    }
  }
  return cases;
}

describe('explaining impossibility', () => {
  it('names the rule that cannot be met, what the cohort holds, and relaxations that are verified', () => {
    const cases = twoApSameStage(); // no AP at all
    const problem = prepareProblem({ cases, rules: HANDBOOK_RULES });
    const result = drawSample(problem, { seed: 's' });
    expect(result.feasible).toBe(false);
    expect(result.validSamples).toBe(0n);
    const e = result.explanation!;
    expect(e.conflicts).toEqual([['alternative-provision']]);
    expect(e.facts.join(' ')).toMatch(/alternative-provision needs 1: the cohort has 0 cases with setting ap/);
    expect(e.relaxations.map((r) => r.change)).toEqual(['switch off alternative-provision']);
    expect(e.relaxations[0]!.validSamples).toBe(countValidSamples(prepareProblem({ cases, rules: e.relaxations[0]!.rules })));
    expect(e.summary).toMatch(/alternative-provision/);
  });

  it('finds a conflict between rules that each hold alone, with the scarce cases described', () => {
    const cases = twoApSameStage();
    // Two AP cases, both at "established" and aged 11-15, both EHCP, both C&I.
    cases.push(makeCase({ case_id: 'AP1', setting: 'ap', alternative_provision: true, service_stage: 'established', age: 13, sen_status: 'EHCP' }));
    cases.push(makeCase({ case_id: 'AP2', setting: 'ap', alternative_provision: true, service_stage: 'established', age: 12, sen_status: 'EHCP' }));
    // Pin two other cases at "established" aged 11-15: no AP case can join without breaking a cap.
    const pins = cases.filter((c) => c.service_stage === 'established' && c.age === 13 && !c.alternative_provision).slice(0, 2).map((c) => c.case_id);
    const problem = prepareProblem({ cases, rules: HANDBOOK_RULES, pins });
    expect(countValidSamples(problem)).toBe(0n);
    const e = explainInfeasible(problem);
    for (const conflict of e.conflicts) expect(conflict).toContain('alternative-provision');
    expect(e.facts.join(' ')).toMatch(/2 cases with setting ap: all at stage established, all aged 11 to 15/);
    for (const r of e.relaxations) expect(r.validSamples).toBeGreaterThan(0n);
    expect(e.relaxations.map((r) => r.change)).toContain('switch off alternative-provision');
  });

  it('says so when no single change makes a sample possible', () => {
    // No alternative provision and no SEMH: two rules would have to give.
    const cases = twoApSameStage().filter((c) => c.primary_need !== 'SEMH');
    const e = explainInfeasible(prepareProblem({ cases, rules: HANDBOOK_RULES }));
    expect(e.relaxations).toEqual([]);
    expect(e.conflicts).toEqual([['need-areas'], ['alternative-provision']]);
    expect(e.summary).toContain('No single change to one rule (or to the size) makes a sample possible.');
  });
});

describe('swaps and reserves', () => {
  it('offers exactly the cases that keep every rule met, and marks the others with what they break', () => {
    fc.assert(
      fc.property(arbCohort(4, 12), arbRules, fc.string(), (cases, rules, seed) => {
        const problem = prepareProblem({ cases, rules });
        const sample = createSampler(problem).draw(seedrandom(seed));
        if (!sample || sample.length === 0) return;
        const index = 0;
        const { fits, breaking } = swapOptions(problem, sample, index, seedrandom(seed), true);
        const inSample = new Set(sample.map((c) => c.case_id));
        for (const c of cases) {
          if (inSample.has(c.case_id)) continue;
          const trial = sample.map((x, i) => (i === index ? c : x));
          const fit = fits.some((o) => o.case.case_id === c.case_id);
          const broken = breaking.find((o) => o.case.case_id === c.case_id);
          expect(fit).toBe(meetsRules(trial, rules));
          expect(fit || broken !== undefined).toBe(true);
          if (broken) expect(broken.breaks.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it('lists reserves that can each replace the picks they name, and only those', () => {
    fc.assert(
      fc.property(arbCohort(4, 12), arbRules, fc.string(), (cases, rules, seed) => {
        const problem = prepareProblem({ cases, rules });
        const sample = createSampler(problem).draw(seedrandom(seed));
        if (!sample || sample.length === 0) return;
        const reserves = findReserves(problem, sample, 3, seedrandom(seed));
        const candidates = cases.filter(
          (c) => !sample.includes(c) && sample.some((_, i) => meetsRules(sample.map((x, j) => (j === i ? c : x)), rules)),
        );
        expect(reserves.length).toBe(Math.min(3, candidates.length));
        for (const r of reserves) {
          const can = sample.filter((_, i) => meetsRules(sample.map((x, j) => (j === i ? r.case : x)), rules)).map((c) => c.case_id);
          expect(r.replaces).toEqual(can);
        }
      }),
      { numRuns: 300, seed: 23 },
    );
  });
});

describe("each case's chance", () => {
  it('matches the frequencies of many seeded draws', () => {
    const cases = fc.sample(arbCohort(14, 14), { numRuns: 1, seed: 8 })[0]!;
    const rules = { ...HANDBOOK_RULES, size: 4, rules: HANDBOOK_RULES.rules.map((r) => (r.kind === 'spread' ? { ...r, distinct: 2 } : r)) };
    const problem = prepareProblem({ cases, rules });
    const count = countValidSamples(problem);
    expect(count).toBeGreaterThan(0n);
    const chances = caseChances(problem, count);
    const sampler = createSampler(problem, count);
    const random = seedrandom('odds');
    const draws = 20000;
    const seen = new Map<string, number>();
    for (let i = 0; i < draws; i++) for (const c of sampler.draw(random)!) seen.set(c.case_id, (seen.get(c.case_id) ?? 0) + 1);
    for (const ch of chances) {
      const freq = (seen.get(ch.case.case_id) ?? 0) / draws;
      // Five standard errors of a proportion over 20,000 draws.
      const se = Math.sqrt(Math.max(ch.chance * (1 - ch.chance), 1e-9) / draws);
      expect(Math.abs(freq - ch.chance)).toBeLessThan(5 * se + 1e-9);
      if (ch.chance === 0) expect(freq).toBe(0);
    }
    // The chances add up to the sample size: every sample has exactly `size` cases.
    expect(chances.reduce((s, c) => s + c.chance, 0)).toBeCloseTo(rules.size, 9);
  });

  it('gives pinned cases 1 and excluded cases 0', () => {
    const cases = twoApSameStage();
    cases.push(makeCase({ case_id: 'AP1', setting: 'ap', alternative_provision: true, service_stage: 'established', age: 13 }));
    const problem = prepareProblem({ cases, rules: HANDBOOK_RULES, pins: ['AP1'], excludes: ['N1'] });
    const chances = caseChances(problem);
    expect(chances.find((c) => c.case.case_id === 'AP1')!.chance).toBe(1);
    expect(chances.find((c) => c.case.case_id === 'N1')!.chance).toBe(0);
    expect(chances.reduce((s, c) => s + c.chance, 0)).toBeCloseTo(6, 9);
  });
});

describe('when not even the size can be met', () => {
  it('says the cohort is too small, or the pins too many, in so many words', () => {
    const few = twoApSameStage().slice(0, 3);
    expect(explainInfeasible(prepareProblem({ cases: few, rules: HANDBOOK_RULES })).summary).toContain(
      'No sample of 6 can be drawn: the cohort has only 3 cases that can be picked.',
    );
    const cases = twoApSameStage();
    const pins = cases.slice(0, 3).map((c) => c.case_id);
    const e = explainInfeasible(prepareProblem({ cases, rules: { ...HANDBOOK_RULES, size: 2 }, pins }));
    expect(e.summary).toContain('No sample of 2 can be drawn with 3 pinned: 3 pinned cases are more than a sample of 2 holds.');
  });
});
