/** What a cohort holds and can support: coverage, the check's verdicts, each case's odds. */
export * from './coverage.js';
export * from './check.js';
export * from './odds.js';
