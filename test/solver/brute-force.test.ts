import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cohort/case.js';
import { meetsRules } from '../../src/rules/evaluate.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import type { Rules } from '../../src/rules/schema.js';
import { countValidSamples, profilePickTotals } from '../../src/solver/count.js';
import { createSampler } from '../../src/solver/draw.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { arbCohort, combinations } from '../helpers/cases.js';
import { arbRules } from '../helpers/rules.js';

/** The reference: every subset of the pool, judged by the same rule evaluation the reports use. */
function bruteForce(cases: Case[], rules: Rules, pins: string[], excludes: string[]): Case[][] {
  const pinned = cases.filter((c) => pins.includes(c.case_id));
  const pool = cases.filter((c) => !pins.includes(c.case_id) && !excludes.includes(c.case_id));
  const need = rules.size - pinned.length;
  if (need < 0) return [];
  const valid: Case[][] = [];
  for (const rest of combinations(pool, need)) {
    const sample = [...pinned, ...rest];
    if (meetsRules(sample, rules)) valid.push(sample);
  }
  return valid;
}

const arbInstance = fc
  .tuple(arbCohort(1, 12), arbRules, fc.nat(), fc.nat())
  .map(([cases, rules, pinSeed, exSeed]) => {
    const ids = cases.map((c) => c.case_id);
    const pins = ids.filter((_, i) => (pinSeed >> i) % 7 === 1).slice(0, 2);
    const excludes = ids.filter((id, i) => (exSeed >> i) % 5 === 1 && !pins.includes(id));
    return { cases, rules, pins, excludes };
  });

const key = (s: Case[]) => s.map((c) => c.case_id).sort().join(',');

describe('the solver against brute-force enumeration', () => {
  it('counts exactly the valid samples, on many small random cohorts and rule sets', () => {
    fc.assert(
      fc.property(arbInstance, ({ cases, rules, pins, excludes }) => {
        const expected = bruteForce(cases, rules, pins, excludes).length;
        const problem = prepareProblem({ cases, rules, pins, excludes });
        expect(countValidSamples(problem)).toBe(BigInt(expected));
      }),
      { numRuns: 1000, seed: 20261123 },
    );
  });

  it('draws only valid samples that honour pins and exclusions, and draws whenever one exists', () => {
    fc.assert(
      fc.property(arbInstance, fc.string(), fc.boolean(), ({ cases, rules, pins, excludes }, seed, fewTries) => {
        const valid = new Set(bruteForce(cases, rules, pins, excludes).map(key));
        // Also with every target moved into the sampler's graph (as fair mode's start asks for
        // few tries a draw), where a draw is never rejected.
        const sampler = fewTries ? createSampler(prepareProblem({ cases, rules, pins, excludes }), undefined, 1) : createSampler(prepareProblem({ cases, rules, pins, excludes }));
        if (fewTries && valid.size > 0) expect(sampler.expectedTries).toBeCloseTo(1, 9);
        const random = seedrandom(seed);
        for (let i = 0; i < 5; i++) {
          const sample = sampler.draw(random);
          if (valid.size === 0) {
            expect(sample).toBeNull();
            return;
          }
          expect(sample).not.toBeNull();
          expect(valid.has(key(sample!))).toBe(true);
          for (const id of pins) expect(sample!.map((c) => c.case_id)).toContain(id);
          for (const id of excludes) expect(sample!.map((c) => c.case_id)).not.toContain(id);
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("gives each case's exact number of valid samples containing it", () => {
    fc.assert(
      fc.property(arbInstance, ({ cases, rules, pins, excludes }) => {
        const valid = bruteForce(cases, rules, pins, excludes);
        const problem = prepareProblem({ cases, rules, pins, excludes });
        const totals = profilePickTotals(problem);
        problem.profiles.forEach((p, pi) => {
          for (const member of p.members) {
            const id = problem.pool[member]!.case_id;
            const containing = valid.filter((s) => s.some((c) => c.case_id === id)).length;
            expect(totals[pi]! / BigInt(p.members.length)).toBe(BigInt(containing));
          }
        });
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('uniformity', () => {
  it.each([
    ['as uniform draws ask', undefined],
    ['with one expected try a draw', 1],
  ])('draws every valid sample equally often (chi-square over many seeded draws), %s', (_, maxTries) => {
    // A cohort with a few dozen valid samples under the handbook rules scaled down.
    const rules: Rules = { ...HANDBOOK_RULES, size: 4, rules: HANDBOOK_RULES.rules.map((r) => (r.kind === 'spread' ? { ...r, distinct: 2 } : r)) };
    const sample = fc.sample(arbCohort(12, 12), { numRuns: 200, seed: 3 });
    const cases = sample.find((cs) => {
      const n = bruteForce(cs, rules, [], []).length;
      return n >= 15 && n <= 60;
    });
    expect(cases, 'a test cohort with 15–60 valid samples').toBeDefined();
    const valid = bruteForce(cases!, rules, [], []).map(key);
    const sampler = createSampler(prepareProblem({ cases: cases!, rules }), undefined, maxTries);
    expect(sampler.count).toBe(BigInt(valid.length));
    if (maxTries === 1) expect(sampler.expectedTries).toBeCloseTo(1, 9);
    else expect(sampler.expectedTries).toBeGreaterThan(1);
    const random = seedrandom('uniformity');
    const draws = 400 * valid.length;
    const seen = new Map<string, number>(valid.map((k) => [k, 0]));
    for (let i = 0; i < draws; i++) {
      const k = key(sampler.draw(random)!);
      expect(seen.has(k)).toBe(true);
      seen.set(k, seen.get(k)! + 1);
    }
    const expected = draws / valid.length;
    const chi2 = [...seen.values()].reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    // 99.9th percentile of chi-square with df = n - 1, by the Wilson–Hilferty approximation.
    const df = valid.length - 1;
    const z = 3.09;
    const critical = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
    expect(chi2).toBeLessThan(critical);
  });
});
