/**
 * The public API of tracking-sampler: read a cohort, load or build rules, count and draw
 * samples, and render reports, without the command line. Everything here is pure or returns
 * data (nothing writes to the terminal or exits the process), as in the rest of `src/`.
 *
 * ```ts
 * import { loadCohort, prepareProblem, drawSample, HANDBOOK_RULES } from 'tracking-sampler';
 * const { cases } = await loadCohort('cohort.csv');
 * const result = drawSample(prepareProblem({ cases, rules: HANDBOOK_RULES }), { seed: '2026-11-23' });
 * ```
 *
 * The five parts' barrels export no name twice; should two ever clash, `export *` would quietly
 * drop it and tsc would refuse this file, so the clash must then be resolved here by name.
 */
export * from './cohort/index.js';
export * from './rules/index.js';
export * from './solver/index.js';
export * from './analysis/index.js';
export * from './report/index.js';
