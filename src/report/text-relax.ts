/** What --relax did, as text: the first thing draw, odds and check say when rules gave way. */
import { describeEasing } from '../rules/ease.js';
import type { Relaxation } from '../solver/relax.js';
import type { Style } from './style.js';

/**
 * Lines for the top of a report, or none when --relax was not given. Eased rules are shown in
 * their own colour (warn) and, for a pipe or a printout, in their own words ("eased").
 */
export function renderRelaxation(r: Relaxation | null, s: Style, indent = ''): string[] {
  if (r === null) return [];
  if (r.relaxed) {
    return [
      `${indent}${s.warn('Rules eased')} (--relax): no sample meets every rule as given, so the fewest and least important gave way, as little as they could:`,
      ...r.easings.map((e) => `${indent}  - ${s.warn(describeEasing(e))}`),
    ];
  }
  return r.feasible
    ? [`${indent}--relax: every rule can be met as given; nothing was eased.`]
    : [`${indent}--relax: no sample exists even with every rule that may give way eased as far as it goes (size and hard rules never give way).`];
}
