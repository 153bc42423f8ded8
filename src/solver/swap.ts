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

function pickIds(picks: readonly Case[]): Set<string> {
  return new Set(picks.map((c) => c.case_id));
}

/**
 * Up to `count` reserves, drawn uniformly among the cases that can replace at least one pick,
 * each listing the picks it can replace.
 */
export function findReserves(problem: Problem, picks: readonly Case[], count: number, random: () => number): Reserve[] {
  if (count <= 0 || picks.length === 0 || problem.weighted) return [];
  const taken = pickIds(picks);
  const byProfile = replaceableByProfile(problem, picks);
  // The candidates are the members of profiles that can replace some pick, less the picks:
  // positions in one virtual list, drawn without replacement (picks drawn are skipped), so a
  // million-case pool costs a few draws, not a list of a million candidates.
  const qualifying = problem.profiles.map((p, pi) => ({ p, pi })).filter(({ pi }) => byProfile[pi]!.length > 0);
  const total = qualifying.reduce((n, { p }) => n + p.members.length, 0);
  const at = (pos: number): { index: number; profile: number } => {
    for (const { p, pi } of qualifying) {
      if (pos < p.members.length) return { index: p.members[pos]!, profile: pi };
      pos -= p.members.length;
    }
    throw new Error('reserve position out of range');
  };
  // At most picks.length positions are picks; count them exactly only when that matters.
  let available = total - picks.length;
  if (available < count) {
    available = total;
    for (const { p } of qualifying) for (const m of p.members) if (taken.has(problem.pool[m]!.case_id)) available--;
  }
  const seen = new Set<number>();
  const chosen: { index: number; profile: number }[] = [];
  while (chosen.length < Math.min(count, available)) {
    const pos = Math.floor(random() * total);
    if (seen.has(pos)) continue;
    seen.add(pos);
    const candidate = at(pos);
    if (!taken.has(problem.pool[candidate.index]!.case_id)) chosen.push(candidate);
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
  const taken = pickIds(picks);
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
