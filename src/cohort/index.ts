/** The cohort reader's public API: codes, the Case type, reading, mapping files and problems. */
export * from './codes.js';
export type * from './case.js';
export * from './columns.js';
export * from './problems.js';
export * from './identifiers.js';
export * from './identifier-values.js';
export * from './mapping.js';
export * from './row-schema.js';
export * from './encoding.js';
export * from './delimiter.js';
export * from './source.js';
export * from './records.js';
export * from './read.js';
export type * from './summary.js';
