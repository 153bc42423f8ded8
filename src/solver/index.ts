export * from './problem.js';
export * from './count.js';
export * from './draw.js';
export * from './swap.js';
export * from './explain.js';
export * from './sample.js';
export * from './odds.js';
export * from './tally.js';
