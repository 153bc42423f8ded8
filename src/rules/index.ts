export * from './schema.js';
export * from './columns.js';
export * from './defaults.js';
export * from './describe.js';
export * from './load.js';
export * from './evaluate.js';
export * from './ease.js';
