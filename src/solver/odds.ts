import type { Case } from '../cohort/case.js';
import { countValidSamples, profilePickTotals } from './count.js';
import type { Problem } from './problem.js';

/** Each case's exact chance of being in a uniformly drawn valid sample. */
export interface CaseChance {
  case: Case;
  /** Valid samples that contain the case (exact). */
  samples: bigint;
  chance: number;
  pinned: boolean;
  excluded: boolean;
}

/** bigint ratio to a float without losing precision on huge numbers. */
export function ratio(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) return 0;
  const scale = 10n ** 15n;
  return Number((numerator * scale) / denominator) / 1e15;
}

export function caseChances(problem: Problem, count = countValidSamples(problem)): CaseChance[] {
  if (problem.weighted) throw new Error('chances are given per case: prepare the problem from the cases, not a tally');
  const totals = profilePickTotals(problem);
  const out: CaseChance[] = [];
  for (const c of problem.pins) out.push({ case: c, samples: count, chance: count > 0n ? 1 : 0, pinned: true, excluded: false });
  problem.profiles.forEach((p, pi) => {
    const perCase = totals[pi]! / BigInt(p.members.length);
    for (const m of p.members) {
      out.push({ case: problem.pool[m]!, samples: perCase, chance: ratio(perCase, count), pinned: false, excluded: false });
    }
  });
  for (const c of problem.excluded) out.push({ case: c, samples: 0n, chance: 0, pinned: false, excluded: true });
  return out.sort((a, b) => a.case.line - b.case.line);
}
