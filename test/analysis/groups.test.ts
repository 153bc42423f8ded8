import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cohort/case.js';
import { GroupAccumulator, plainShortfalls } from '../../src/analysis/check.js';
import { CoverageAccumulator, ruleSupplies } from '../../src/analysis/coverage.js';
import { parseRules } from '../../src/rules/load.js';
import { countValidSamples } from '../../src/solver/count.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { createTally } from '../../src/solver/tally.js';
import { arbCohort, makeCase } from '../helpers/cases.js';
import { arbRules } from '../helpers/rules.js';

/** Random cohorts split into a few groups by locality or by an arbitrary label. */
const arbGrouped = fc.tuple(arbCohort(0, 30), arbRules, fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 30, maxLength: 30 })).map(
  ([cases, rules, labels]) => ({ cases: cases.map((c, i) => ({ ...c, la_code: `A${labels[i]}` })), rules }),
);

describe('check --by: every group judged as a file of its own', () => {
  it('gives each group the exact count of that group alone, deciding some without counting', async () => {
    let plain = 0;
    await fc.assert(
      fc.asyncProperty(arbGrouped, async ({ cases, rules }) => {
        const groups = new GroupAccumulator('la_code', rules);
        for (const c of cases) groups.add(c);
        for (const g of await groups.judgeAll()) {
          const alone = cases.filter((c) => c.la_code === g.key);
          const expected = countValidSamples(prepareProblem({ cases: alone, rules }));
          expect(g.validSamples).toBe(expected);
          expect(g.feasible).toBe(expected > 0n);
          expect(g.validRows).toBe(alone.length);
          expect(g.short === null).toBe(expected > 0n);
          if (plainShortfalls(g.supply, alone.length, rules).length > 0) plain++;
        }
      }),
      { numRuns: 150, seed: 11 },
    );
    // The shortcut was taken, and (above) never for a group that has a sample.
    expect(plain).toBeGreaterThan(20);
  });

  it('gives the same verdicts when the groups are counted on worker threads', async () => {
    // Up to 8 groups of about 20 cases, so that several are counted and each worker counts more than one.
    const arbMany = fc.tuple(arbCohort(120, 160), arbRules, fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 160, maxLength: 160 }));
    let counted = 0;
    await fc.assert(
      fc.asyncProperty(arbMany, async ([drawn, rules, labels]) => {
        const groups = new GroupAccumulator('la_code', rules);
        for (const [i, c] of drawn.entries()) groups.add({ ...c, la_code: `A${labels[i]}` });
        const verdicts = async (workers: number) => (await groups.judgeAll(undefined, workers)).map(({ explain: _, ...v }) => v);
        const inThread = await verdicts(0);
        expect(await verdicts(2)).toEqual(inThread);
        counted += inThread.filter((v) => v.validSamples !== null && v.validSamples > 0n).length;
      }),
      { numRuns: 6, seed: 13 },
    );
    expect(counted).toBeGreaterThan(10);
  });

  it('finds the same kinds of case when given coverage\'s kinds (as check passes them on) as when not', async () => {
    await fc.assert(
      fc.asyncProperty(arbGrouped, fc.boolean(), async ({ cases: drawn, rules: random }, localityOff) => {
        // A switched-off rule is read by a tally too (explanations switch rules on): here one on
        // a column coverage does not count, and every case has a twin in another locality.
        const off = { id: 'locality-off', kind: 'spread', column: 'locality', distinct: 2, enabled: false };
        const rules = localityOff ? parseRules({ ...random, rules: [...random.rules, off] }) : random;
        const twins = drawn.map((c, i) => ({ ...c, case_id: `T${i}`, line: c.line + drawn.length, locality: c.locality === 'North' ? 'South' : 'North' }));
        const cases = [...drawn, ...twins];
        const coverage = new CoverageAccumulator(rules);
        const plain = new GroupAccumulator('la_code', rules);
        const given = new GroupAccumulator('la_code', rules);
        const whole = createTally(rules);
        const wholeGiven = createTally(rules);
        for (const c of cases) {
          const kind = coverage.add(c);
          plain.add(c);
          given.add(c, kind);
          whole.add(c);
          wholeGiven.addOfKind(c, kind);
        }
        // The same representative cases (the first of each kind), in the same order, with the same weights.
        const { cases: reps, weights } = wholeGiven.kinds();
        expect(reps.length).toBe(whole.kinds().cases.length);
        reps.forEach((c, i) => expect(c).toBe(whole.kinds().cases[i]));
        expect(weights).toEqual(whole.kinds().weights);
        expect(wholeGiven.rows).toBe(cases.length);
        const verdicts = async (g: GroupAccumulator) => (await g.judgeAll()).map(({ explain: _, ...v }) => v);
        expect(await verdicts(given)).toEqual(await verdicts(plain));
      }),
      { numRuns: 150, seed: 12 },
    );
  });

  it('says in words what a group is short of', () => {
    const rules = parseRules({ size: 2, rules: [
      { id: 'ap', kind: 'at-least', column: 'setting', values: ['ap'], atLeast: 1 },
      { id: 'bands', kind: 'spread', column: 'age_band', distinct: 2 },
    ] });
    const kinds = (cs: Case[]) => ({ cases: cs, weights: cs.map(() => 1) });
    const mk = (age: number): Case => makeCase({ age, age_band: age < 5 ? 'Age 0 to 4' : 'Age 5 to 10', setting: 'mainstream', alternative_provision: false });
    const supply = ruleSupplies(kinds([mk(3), mk(4)]), rules);
    expect(plainShortfalls(supply, 2, rules)).toEqual([
      { id: 'ap', words: 'ap: 0 cases (needs 1)' },
      { id: 'bands', words: 'bands: 1 age_band value (needs 2)' },
    ]);
  });

  it('names a spread once when it has both too few values and too little room under its cap', () => {
    const rules = parseRules({ size: 4, rules: [{ id: 'bands', kind: 'spread', column: 'age_band', distinct: 3, atMost: 1 }] });
    const cs = [3, 4, 7, 8].map((age) => makeCase({ age, age_band: age < 5 ? 'Age 0 to 4' : 'Age 5 to 10' }));
    const supply = ruleSupplies({ cases: cs, weights: cs.map(() => 1) }, rules);
    expect(plainShortfalls(supply, 4, rules)).toEqual([
      { id: 'bands', words: 'bands: 2 age_band values (needs 3), and room for 2 picks at 1 per age_band (needs 4)' },
    ]);
  });
});
