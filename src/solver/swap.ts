import type { Case } from '../cohort/case.js';
import { evaluateSample } from '../rules/evaluate.js';
import { meetsCompiled } from './compile.js';
import type { Problem } from './problem.js';

/** A case that could stand in for picks if a family declines. */
export interface Reserve {
  case: Case;
  /** case_ids of the picks it can replace with every rule still met. */
  replaces: string[];
}

export interface SwapOption {
  case: Case;
  /** Rule ids the sample would break with this case in place of the pick; empty when it fits. */
  breaks: string[];
}

/** Shuffles a copy with the given generator (Fisher–Yates), so orders are fair and repeatable. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * For each profile, which picks one of its cases could replace with the rules still met.
 * Validity depends only on features, so one check per profile and pick covers every member.
 */
function replaceableByProfile(problem: Problem, picks: readonly Case[]): number[][] {
  const pickFeatures = picks.map(problem.features);
  return problem.profiles.map((p) =>
    picks
      .map((_, i) => i)
      .filter((i) => meetsCompiled(problem.compiled, pickFeatures.map((f, j) => (j === i ? p.features : f)))),
  );
}

function poolOutside(problem: Problem, picks: readonly Case[]): Set<string> {
  return new Set(picks.map((c) => c.case_id));
}

/**
 * Up to `count` reserves, drawn uniformly among the cases that can replace at least one pick,
 * each listing the picks it can replace.
 */
export function findReserves(problem: Problem, picks: readonly Case[], count: number, random: () => number): Reserve[] {
  if (count <= 0 || picks.length === 0 || problem.weighted) return [];
  const taken = poolOutside(problem, picks);
  const byProfile = replaceableByProfile(problem, picks);
  const candidates: { index: number; profile: number }[] = [];
  problem.profiles.forEach((p, pi) => {
    if (byProfile[pi]!.length === 0) return;
    for (const m of p.members) if (!taken.has(problem.pool[m]!.case_id)) candidates.push({ index: m, profile: pi });
  });
  // A partial shuffle: only the first `count` places need to be fair.
  const chosen: typeof candidates = [];
  const n = candidates.length;
  for (let i = 0; i < Math.min(count, n); i++) {
    const j = i + Math.floor(random() * (n - i));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
    chosen.push(candidates[i]!);
  }
  return chosen.map(({ index, profile }) => ({
    case: problem.pool[index]!,
    replaces: byProfile[profile]!.map((i) => picks[i]!.case_id),
  }));
}

/**
 * The cases that could take the place of picks[index]: those that keep every rule met, in a
 * seeded random order (so the first few are a fair draw), then, if asked, the others with the
 * rules they would break.
 */
export function swapOptions(
  problem: Problem,
  picks: readonly Case[],
  index: number,
  random: () => number,
  includeBreaking = false,
): { fits: SwapOption[]; breaking: SwapOption[] } {
  const taken = poolOutside(problem, picks);
  const pickFeatures = picks.map(problem.features);
  const fits: SwapOption[] = [];
  const breaking: SwapOption[] = [];
  for (const p of problem.profiles) {
    const trial = pickFeatures.map((f, j) => (j === index ? p.features : f));
    const ok = meetsCompiled(problem.compiled, trial);
    let breaks: string[] = [];
    if (!ok) {
      if (!includeBreaking) continue;
      const first = problem.pool[p.members[0]!]!;
      const sample = picks.map((c, j) => (j === index ? first : c));
      breaks = evaluateSample(sample, problem.rules).filter((r) => !r.satisfied).map((r) => r.id);
    }
    for (const m of p.members) {
      const c = problem.pool[m]!;
      if (taken.has(c.case_id)) continue;
      (ok ? fits : breaking).push({ case: c, breaks });
    }
  }
  return { fits: shuffled(fits, random), breaking: shuffled(breaking, random) };
}
