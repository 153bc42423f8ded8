import type { Case } from '../cohort/case.js';
import type { Rule, Rules } from '../rules/schema.js';
import { describeRule } from '../rules/describe.js';
import { caseValues, columnReader, sameValue } from '../rules/columns.js';
import { countValidSamples } from './count.js';
import { prepareProblem, type Problem } from './problem.js';

/** Why no valid sample exists, and what would change that. Every claim is checked by the solver. */
export interface Explanation {
  /** The smallest sets of rules that cannot be met together (by id), smallest first. */
  conflicts: string[][];
  /** What the cohort holds for the rules in those conflicts, in words. */
  facts: string[];
  /** Single changes to the rules that make a sample possible, each verified by counting. */
  relaxations: { change: string; rules: Rules; valid_samples: bigint }[];
  /** One paragraph for people. */
  summary: string;
}

/**
 * Whether a sample can exist depends on each kind of case only up to `size` of them: no sample
 * takes more. So feasibility questions (dozens of them) are asked of a cohort cut down to at
 * most `size` cases of each combination of the columns the rules read; only the counts that
 * are reported are made on the whole cohort.
 */
function reducedCohort(problem: Problem): Case[] {
  const readers = [...new Set(problem.rules.rules.map((r) => r.column))].map((col) => columnReader(col, problem.rules));
  const kept = new Map<string, number>();
  const out: Case[] = [...problem.pins];
  for (const c of problem.pool) {
    let key = '';
    for (const read of readers) key += read(c).join('\u0002') + '\u0001';
    const n = kept.get(key) ?? 0;
    if (n >= problem.rules.size) continue;
    kept.set(key, n + 1);
    out.push(c);
  }
  return out;
}

function feasibleIn(cases: readonly Case[], pins: readonly string[]) {
  return (rules: Rules) => countValidSamples(prepareProblem({ cases, rules, pins })) > 0n;
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

/** What the pool offers a rule, in words: "2 cases in setting ap: both at service_stage established, aged 11-15". */
function supplyFact(problem: Problem, rule: Rule): string {
  const pool = problem.pool;
  if (rule.kind === 'spread') {
    const values = new Set(pool.map((c) => caseValues(c, rule.column, problem.rules)[0]).filter((v) => v !== undefined));
    return `${rule.id}: the cohort has ${values.size} different ${rule.column} value${values.size === 1 ? '' : 's'} (${[...values].sort().join(', ') || 'none'})`;
  }
  const parts = rule.values.map((v) => {
    const matching = pool.filter((c) => caseValues(c, rule.column, problem.rules).some((x) => sameValue(x, v)));
    let detail = '';
    if (matching.length > 0 && matching.length <= 5) {
      const describe = (col: 'service_stage' | 'age_band', label: string) => {
        const vals = [...new Set(matching.map((c) => c[col]))];
        return vals.length === 1 ? `${matching.length === 1 ? '' : 'all '}${label} ${vals[0]}` : `${label}s ${vals.join(', ')}`;
      };
      detail = `: ${describe('service_stage', 'at stage')}, ${describe('age_band', 'aged')}`;
    }
    return `${matching.length} case${matching.length === 1 ? '' : 's'} with ${rule.column} ${v}${detail}`;
  });
  return `${rule.id} needs ${rule.atLeast}${rule.each ? ' of each' : ''}: the cohort has ${parts.join('; ')}`;
}

export function explainInfeasible(problem: Problem): Explanation {
  const rules = problem.rules;
  const feasible = feasibleIn(reducedCohort(problem), problem.pins.map((c) => c.case_id));
  const enabled = rules.rules.filter((r) => r.enabled).map((r) => r.id);
  const conflicts: string[][] = [];
  // Smallest sets first; a superset of a known conflict is not news.
  for (let k = 0; k <= Math.min(enabled.length, 3) && conflicts.length === 0; k++) {
    for (const ids of subsetsOfSize(enabled, k)) {
      if (!feasible(onlyRules(rules, ids))) conflicts.push(ids);
    }
  }
  const relaxations = candidateChanges(rules)
    .filter((c) => feasible(c.rules))
    .map((c) => {
      const p = prepareProblem({ cases: problem.cases, rules: c.rules, pins: problem.pins.map((x) => x.case_id), excludes: problem.excluded.map((x) => x.case_id) });
      return { ...c, valid_samples: countValidSamples(p) };
    })
    .filter((c) => c.valid_samples > 0n);
  const involved = new Set(conflicts.flat());
  const facts = rules.rules.filter((r) => involved.has(r.id)).map((r) => supplyFact(problem, r));
  const pinNote = problem.pins.length ? ` with ${problem.pins.length} pinned` : '';
  let summary: string;
  if (conflicts.length && conflicts[0]!.length === 0) {
    summary = `No sample of ${rules.size} can be drawn${pinNote}: the cohort has only ${problem.pool.length + problem.pins.length} usable cases, or the pins already break a rule.`;
  } else if (conflicts.length) {
    const sets = conflicts.map((ids) => ids.map((id) => `${id} (${describeRule(rules.rules.find((r) => r.id === id)!)})`).join(' together with '));
    summary = `No sample${pinNote} meets every rule: ${sets.join('; or ')} cannot be met.`;
  } else {
    summary = `No sample${pinNote} meets every rule, though every three of them can be met together.`;
  }
  if (relaxations.length) summary += ` A sample becomes possible if you ${relaxations.map((r) => r.change).join(', or ')}.`;
  return { conflicts, facts, relaxations, summary };
}
