/**
 * How a sample is chosen among the valid ones. `uniform`: every valid sample equally likely (the
 * default). `fair`: the distribution over valid samples that gives every child who can be picked
 * as equal a chance as the rules allow (fair.ts, docs/fair-selection.md).
 */
export const SELECTIONS = ['uniform', 'fair'] as const;
export type Selection = (typeof SELECTIONS)[number];
