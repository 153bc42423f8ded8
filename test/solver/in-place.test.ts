import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { countTermsMod, passesMod } from '../../src/solver/dp-mod.js';
import { KEEP, inPlacePlan } from '../../src/solver/in-place.js';
import { primesFor } from '../../src/solver/modular.js';
import { prepareProblem, relaxedGraph } from '../../src/solver/problem.js';
import { arbCohort } from '../helpers/cases.js';
import { arbRules } from '../helpers/rules.js';

describe('counting in place (in-place.ts)', () => {
  it('gives every term the total of a forward pass with a fresh buffer per layer (passesMod)', () => {
    let merges = 0;
    let reused = 0;
    fc.assert(
      fc.property(
        arbCohort(1, 80),
        fc.oneof(arbRules, fc.constant(HANDBOOK_RULES)),
        // Per term, per layer: any size up to 40 (the two passes must agree on any sizes).
        fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 80, maxLength: 80 }), { minLength: 1, maxLength: 6 }),
        (cases, rules, sizes) => {
          const { graph } = relaxedGraph(prepareProblem({ cases, rules }), []);
          // The graph's layers are the cohort's; each term gives each of them a size.
          const termSizes = sizes.map((row) => row.slice(0, graph.layers.length));
          const primes = primesFor(10n ** 20n);
          const totals = countTermsMod(graph, termSizes, primes);
          termSizes.forEach((layerSizes, t) => {
            const { total } = passesMod(graph, layerSizes, primes, false);
            expect([...totals.subarray(t * primes.length, (t + 1) * primes.length)]).toEqual([...total]);
          });
          const plan = inPlacePlan(graph);
          let fresh = graph.stateCount[0] ?? 0;
          plan.layers.forEach((layer, i) => {
            merges += layer.move.filter((m) => m >= 0).length;
            fresh += graph.stateCount[i + 1]! - layer.move.filter((m) => m === KEEP).length;
          });
          // Fewer slots than states that needed one: a freed slot was given to a new state.
          reused += fresh - plan.slots;
        },
      ),
      { numRuns: 300, seed: 20261202 },
    );
    // The orderings that make updating in place safe were needed, not just present.
    expect(merges).toBeGreaterThan(0);
    expect(reused).toBeGreaterThan(0);
  });

  it('is worked out once per graph', () => {
    const [cases] = fc.sample(arbCohort(30, 30), { numRuns: 1, seed: 1 });
    const { graph } = relaxedGraph(prepareProblem({ cases: cases!, rules: HANDBOOK_RULES }), []);
    expect(inPlacePlan(graph)).toBe(inPlacePlan({ ...graph }));
  });
});
