import type { Case } from '../cohort/case.js';
import { ageBandShort } from '../cohort/codes.js';
import type { Rule, Rules } from '../rules/schema.js';
import { describeRule } from '../rules/describe.js';
import { caseValues, sameValue, spreadKey } from '../rules/columns.js';
import { kindKeyer } from './kinds.js';
import { countValidSamples } from './count.js';
import { prepareProblem, type Problem } from './problem.js';
import { plural } from '../words.js';

/** Why no valid sample exists, and what would change that. Every claim is checked by the solver. */
export interface Explanation {
  /** The smallest sets of rules that cannot be met together (by id), smallest first. */
  conflicts: string[][];
  /** What the cohort holds for the rules in those conflicts, in words. */
  facts: string[];
  /** Single changes to the rules that make a sample possible, each verified by counting. */
  relaxations: { change: string; rules: Rules; validSamples: bigint }[];
  /** One paragraph for people. */
  summary: string;
}

/**
 * Whether a sample can exist depends on each kind of case only up to `size` of them: no sample
 * takes more. So feasibility questions (dozens of them) are asked of a cohort cut down to at
 * most `size` cases of each combination of the columns the rules read; only the counts that
 * are reported are made on the whole cohort.
 */
function reducedCohort(problem: Problem): { cases: Case[]; weights: number[] } {
  const keyOf = kindKeyer([...new Set(problem.rules.rules.map((r) => r.column))], problem.rules);
  const index = new Map<number | string, number>();
  const cases: Case[] = [...problem.pins];
  const weights: number[] = problem.pins.map(() => 1);
  problem.pool.forEach((c, i) => {
    const key = keyOf(c);
    const w = problem.poolWeights ? problem.poolWeights[i]! : 1;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, cases.length);
      cases.push(c);
      weights.push(Math.min(w, problem.rules.size));
    } else weights[at] = Math.min(weights[at]! + w, problem.rules.size);
  });
  return { cases, weights };
}

/**
 * Answers "can a sample exist under these rules (with these cases pinned as well)?" for the
 * problem's cohort, quickly enough to be asked dozens of times of a million-row file.
 */
export function feasibilityOf(problem: Problem): (rules: Rules, alsoPinned?: readonly Case[]) => boolean {
  const { cases, weights } = reducedCohort(problem);
  const pins = problem.pins.map((c) => c.case_id);
  return (rules, alsoPinned = []) => {
    // A case pinned here may have been cut from the reduced cohort: put it back, one of a kind.
    const missing = alsoPinned.filter((c) => !cases.includes(c));
    return (
      countValidSamples(
        prepareProblem({
          cases: [...cases, ...missing],
          weights: [...weights, ...missing.map(() => 1)],
          rules,
          pins: [...pins, ...alsoPinned.map((c) => c.case_id)],
        }),
      ) > 0n
    );
  };
}

/** The same cases as the problem, under other rules (weights and pins kept). */
export function sameCohort(problem: Problem, rules: Rules): Problem {
  return prepareProblem({
    cases: [...problem.pins, ...problem.pool],
    weights: problem.poolWeights ? [...problem.pins.map(() => 1), ...problem.poolWeights] : undefined,
    rules,
    pins: problem.pins.map((c) => c.case_id),
  });
}

function onlyRules(rules: Rules, ids: readonly string[]): Rules {
  return { ...rules, rules: rules.rules.map((r) => ({ ...r, enabled: r.enabled && ids.includes(r.id) })) };
}

function withRule(rules: Rules, id: string, change: (r: Rule) => Rule): Rules {
  return { ...rules, rules: rules.rules.map((r) => (r.id === id ? change(r) : r)) };
}

/** One-step changes to try: drop a rule, or move one of its numbers one step the easy way. */
function candidateChanges(rules: Rules): { change: string; rules: Rules }[] {
  const out: { change: string; rules: Rules }[] = [];
  for (const r of rules.rules) {
    if (!r.enabled) continue;
    if (r.kind === 'at-least' && r.atLeast > 1) {
      out.push({ change: `lower ${r.id} atLeast from ${r.atLeast} to ${r.atLeast - 1}`, rules: withRule(rules, r.id, (x) => ({ ...x, atLeast: r.atLeast - 1 }) as Rule) });
    }
    if (r.kind === 'spread' && r.distinct !== undefined && r.distinct > 1) {
      out.push({ change: `lower ${r.id} distinct from ${r.distinct} to ${r.distinct - 1}`, rules: withRule(rules, r.id, (x) => ({ ...x, distinct: r.distinct! - 1 }) as Rule) });
    }
    if (r.kind === 'spread' && r.atMost !== undefined && r.atMost < rules.size) {
      out.push({ change: `raise ${r.id} atMost from ${r.atMost} to ${r.atMost + 1}`, rules: withRule(rules, r.id, (x) => ({ ...x, atMost: r.atMost! + 1 }) as Rule) });
    }
    out.push({ change: `switch off ${r.id}`, rules: withRule(rules, r.id, (x) => ({ ...x, enabled: false })) });
  }
  if (rules.size > 1) out.push({ change: `lower size from ${rules.size} to ${rules.size - 1}`, rules: { ...rules, size: rules.size - 1 } });
  return out;
}

function subsetsOfSize<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items;
  return [...subsetsOfSize(rest, k - 1).map((s) => [first!, ...s]), ...subsetsOfSize(rest, k)];
}

/** What the pool offers a rule, in words: "2 cases in setting ap: both at service_stage established, aged 11 to 15". */
function supplyFact(problem: Problem, rule: Rule): string {
  const pool = problem.pool;
  if (rule.kind === 'spread') {
    // Values a spread counts as one (North, north) are listed once, as first written.
    const byKey = new Map<string, string>();
    for (const c of pool) {
      const v = caseValues(c, rule.column, problem.rules)[0];
      if (v !== undefined && !byKey.has(spreadKey(v))) byKey.set(spreadKey(v), v);
    }
    const values = new Set(byKey.values());
    return `${rule.id}: the cohort has ${plural(values.size, `different ${rule.column} value`)} (${[...values].sort().join(', ') || 'none'})`;
  }
  const parts = rule.values.map((v) => {
    const matching: Case[] = [];
    let n = 0;
    pool.forEach((c, i) => {
      if (!caseValues(c, rule.column, problem.rules).some((x) => sameValue(x, v))) return;
      matching.push(c);
      n += problem.poolWeights ? problem.poolWeights[i]! : 1;
    });
    let detail = '';
    if (n > 0 && n <= 5) {
      const describe = (col: 'service_stage' | 'age_band', one: string, many: string) => {
        const vals = [...new Set(matching.map((c) => (col === 'age_band' ? ageBandShort(c.age_band) : c[col])))];
        return vals.length === 1 ? `${n === 1 ? '' : 'all '}${one} ${vals[0]}` : `${many} ${vals.join(', ')}`;
      };
      detail = `: ${describe('service_stage', 'at stage', 'at stages')}, ${describe('age_band', 'aged', 'in age bands')}`;
    }
    return `${plural(n, 'case')} with ${rule.column} ${v}${detail}`;
  });
  return `${rule.id} needs ${rule.atLeast}${rule.each ? ' of each' : ''}: the cohort has ${parts.join('; ')}`;
}

/** Why not even the size can be met, with no other rule: too few cases, or too many pins. */
function sizeReason(problem: Problem): string {
  const size = problem.rules.size;
  const pins = problem.pins.length;
  if (pins > size) return `${pins} pinned cases are more than a sample of ${size} holds`;
  const usable = problem.poolSize + pins;
  if (usable < size) return `the cohort has only ${plural(usable, 'case')} that can be picked`;
  return 'the pinned cases already break a rule that any sample must meet';
}

/**
 * The smallest sets of enabled rules (up to three) that cannot be met together, by asking
 * `feasible` of each set with the other rules switched off; smallest sets first, since a
 * superset of a known conflict is not news. `first` stops at the first set found.
 */
export function smallestConflicts(rules: Rules, feasible: (rules: Rules) => boolean, first = false): string[][] {
  const enabled = rules.rules.filter((r) => r.enabled).map((r) => r.id);
  const conflicts: string[][] = [];
  for (let k = 0; k <= Math.min(enabled.length, 3) && conflicts.length === 0; k++) {
    for (const ids of subsetsOfSize(enabled, k)) {
      if (feasible(onlyRules(rules, ids))) continue;
      conflicts.push(ids);
      if (first) return conflicts;
    }
  }
  return conflicts;
}

export function explainInfeasible(problem: Problem): Explanation {
  const rules = problem.rules;
  const feasible = feasibilityOf(problem);
  const conflicts = smallestConflicts(rules, feasible);
  const relaxations = candidateChanges(rules)
    .filter((c) => feasible(c.rules))
    .map((c) => ({ ...c, validSamples: countValidSamples(sameCohort(problem, c.rules)) }))
    .filter((c) => c.validSamples > 0n);
  const involved = new Set(conflicts.flat());
  const facts = rules.rules.filter((r) => involved.has(r.id)).map((r) => supplyFact(problem, r));
  const pinNote = problem.pins.length ? ` with ${problem.pins.length} pinned` : '';
  let summary: string;
  if (conflicts.length && conflicts[0]!.length === 0) {
    summary = `No sample of ${rules.size} can be drawn${pinNote}: ${sizeReason(problem)}.`;
  } else if (conflicts.length) {
    const sets = conflicts.map((ids) => ids.map((id) => `${id} (${describeRule(rules.rules.find((r) => r.id === id)!)})`).join(' together with '));
    summary = `No sample${pinNote} meets every rule: ${sets.join('; or ')} cannot be met.`;
  } else {
    summary = `No sample${pinNote} meets every rule, though every three of them can be met together.`;
  }
  summary += relaxations.length
    ? ` A sample becomes possible if you ${relaxations.map((r) => r.change).join(', or ')}.`
    : ' No single change to one rule (or to the size) makes a sample possible.';
  return { conflicts, facts, relaxations, summary };
}
