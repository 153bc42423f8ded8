import type { Case } from '../cohort/case.js';
import { countValidSamples, profilePickTotals } from './count.js';
import type { Problem } from './problem.js';

/** Each case's exact chance of being in a uniformly drawn valid sample. */
export interface CaseChance {
  case: Case;
  /** Valid samples that contain the case (exact). */
  samples: bigint;
  /** The chance under the selection asked for (fair or uniform). */
  chance: number;
  /** The chance under uniform selection (the share of valid samples that hold the case). */
  uniformChance: number;
  pinned: boolean;
  excluded: boolean;
  /** The profile (index into problem.profiles) of a case in the pool; -1 for pins and exclusions. */
  profile: number;
}

/** The chance shared by every case of a profile. */
export interface ProfileChance {
  /** Valid samples that contain any one case of the profile (exact). */
  samples: bigint;
  chance: number;
}

/** Per profile: the chance each of its cases has of being drawn. */
export function profileChances(problem: Problem, count = countValidSamples(problem)): ProfileChance[] {
  if (problem.weighted) throw new Error('chances are given per case: prepare the problem from the cases, not a tally');
  const totals = profilePickTotals(problem);
  return problem.profiles.map((p, pi) => {
    const samples = totals[pi]! / BigInt(p.size);
    return { samples, chance: ratio(samples, count) };
  });
}

/** bigint ratio to a float without losing precision on huge numbers. */
export function ratio(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) return 0;
  const scale = 10n ** 15n;
  return Number((numerator * scale) / denominator) / 1e15;
}

/**
 * Every case's chance, in file order: pins 1, exclusions 0, the pool by its profile. A
 * generator, so that a million-row cohort's chances are made as they are written, not held.
 */
export function* eachCaseChance(
  problem: Problem,
  count = countValidSamples(problem),
  byProfile = profileChances(problem, count),
  /** Per profile: the fair chances, when fair selection was asked for. */
  fair: readonly number[] | null = null,
): Generator<CaseChance> {
  const profileOf = new Int32Array(problem.pool.length);
  problem.profiles.forEach((p, pi) => {
    for (const m of p.members) profileOf[m] = pi;
  });
  // The pool is in file order; pins and exclusions are merged in by their lines.
  const others: CaseChance[] = [
    ...problem.pins.map((c) => ({ case: c, samples: count, chance: count > 0n ? 1 : 0, uniformChance: count > 0n ? 1 : 0, pinned: true, excluded: false, profile: -1 })),
    ...problem.excluded.map((c) => ({ case: c, samples: 0n, chance: 0, uniformChance: 0, pinned: false, excluded: true, profile: -1 })),
  ].sort((a, b) => a.case.line - b.case.line);
  let next = 0;
  for (let i = 0; i < problem.pool.length; i++) {
    const c = problem.pool[i]!;
    while (next < others.length && others[next]!.case.line < c.line) yield others[next++]!;
    const pi = profileOf[i]!;
    const uniformChance = byProfile[pi]!.chance;
    yield { case: c, samples: byProfile[pi]!.samples, chance: fair ? fair[pi]! : uniformChance, uniformChance, pinned: false, excluded: false, profile: pi };
  }
  while (next < others.length) yield others[next++]!;
}

/** Every case's chance as an array, in file order (see eachCaseChance). */
export function caseChances(
  problem: Problem,
  count = countValidSamples(problem),
  byProfile = profileChances(problem, count),
  fair: readonly number[] | null = null,
): CaseChance[] {
  return [...eachCaseChance(problem, count, byProfile, fair)];
}
