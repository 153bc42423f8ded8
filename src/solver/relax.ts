/**
 * --relax: when no sample meets every rule, the smallest easing of the rules that lets one
 * exist. The result is a plain rules object, so drawing, odds, review and `check --by` use the
 * eased rules exactly as they would use a rules file (docs/soft-rules.md).
 *
 * "Smallest" is a total order on easings (each rule eased by some units, see rules/ease.ts):
 *   1. the fewest rules eased;
 *   2. then the eased rules' priorities, sorted lowest first and compared in turn;
 *   3. then the fewest units eased in all;
 *   4. then the eased rules' positions in the file, compared in turn (earlier gives way first);
 *   5. then, for the same rules, the units each takes, with the rules in the order they give way
 *      (priority, then file order): more units on the rule that gives way first;
 *   6. then each rule's own choice (rules/ease.ts, easingsOf), in that same order.
 *
 * The search is exact, with no easing larger than needed, because easing never removes a sample:
 * if some easing of a set of rules works, so does switching that whole set off. So it first
 * finds the fewest rules whose switching off is enough, keeps only the sets of that size with
 * the lowest priorities, and then tries easings of those sets by units, smallest first: the
 * first that works is the smallest. Each try asks the solver whether a sample exists, on the
 * cohort cut down to what feasibility can see (explain.ts, feasibilityOf).
 */
import type { Case } from '../cohort/case.js';
import { caseValues, sameValue, spreadKey } from '../rules/columns.js';
import { describeRule } from '../rules/describe.js';
import { applyEasings, canEase, easingsOf, indexSubsets, maxUnits, type Easing, type RuleEasing } from '../rules/ease.js';
import type { Rule, Rules } from '../rules/schema.js';
import { feasibilityOf } from './explain.js';
import { prepareProblem, type Problem, type ProblemInput } from './problem.js';
import { agree, plural } from '../words.js';

export interface Relaxation {
  /** Whether a sample meets every rule as given. */
  feasible: boolean;
  /** Whether any rule was eased: false when the rules can be met as given, or not even eased. */
  relaxed: boolean;
  /** The rules in force: the eased rules when relaxed, otherwise the rules as given. */
  rules: Rules;
  /** What gave way, field by field, in file order; empty when nothing did. */
  easings: Easing[];
}

/** Nothing eased: the rules as given, feasible or not. */
export function notRelaxed(rules: Rules, feasible: boolean): Relaxation {
  return { feasible, relaxed: false, rules, easings: [] };
}

type Feasible = (rules: Rules) => boolean;

function memo(feasible: Feasible): Feasible {
  const seen = new Map<string, boolean>();
  return (rules) => {
    const key = JSON.stringify([rules.size, rules.rules.map((r) => (r.enabled ? [r.kind, r.column, r.kind === 'at-least' ? [r.values, r.each, r.atLeast] : [r.distinct, r.atMost]] : 0))]);
    let answer = seen.get(key);
    if (answer === undefined) seen.set(key, (answer = feasible(rules)));
    return answer;
  };
}

function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * The unit counts for rules (in the order they give way) that add up to `total`, each from 1 to
 * its most, more units on earlier rules first.
 */
function* distributions(most: readonly number[], total: number): Generator<number[]> {
  if (most.length === 0) {
    if (total === 0) yield [];
    return;
  }
  const restMost = most.slice(1).reduce((a, b) => a + b, 0);
  const rest = most.length - 1;
  for (let u = Math.min(most[0]!, total - rest); u >= Math.max(1, total - restMost); u--) {
    for (const tail of distributions(most.slice(1), total - u)) yield [u, ...tail];
  }
}

/** Every combination of one easing per rule, with the given units each, first rule slowest. */
function* combine(rules: Rules, order: readonly number[], units: readonly number[], at = 0): Generator<RuleEasing[]> {
  if (at === order.length) {
    yield [];
    return;
  }
  const index = order[at]!;
  for (const e of easingsOf(rules.rules[index]!, index, units[at]!, rules.size)) {
    for (const tail of combine(rules, order, units, at + 1)) yield [e, ...tail];
  }
}

/**
 * The smallest easing that makes `feasible` true, as the rule easings it makes (null when the
 * rules already hold, or when not even switching every soft rule off is enough).
 */
export function smallestEasing(rules: Rules, isFeasible: Feasible): RuleEasing[] | null {
  const feasible = memo(isFeasible);
  if (feasible(rules)) return null;
  const soft = rules.rules.map((_, i) => i).filter((i) => canEase(rules.rules[i]!, rules.size));
  const off = (set: readonly number[]): Rules => ({ ...rules, rules: rules.rules.map((r, i) => (set.includes(i) ? { ...r, enabled: false } : r)) });
  const priority = (i: number) => rules.rules[i]!.priority;
  for (let k = 1; k <= soft.length; k++) {
    // Sets of k rules whose switching off is enough, in file order.
    const enough = [...indexSubsets(soft.length, k)].map((s) => s.map((j) => soft[j]!)).filter((set) => feasible(off(set)));
    if (enough.length === 0) continue;
    const prioritiesOf = (set: readonly number[]) => set.map(priority).sort((a, b) => a - b);
    const lowest = enough.map(prioritiesOf).reduce((best, p) => (lexCompare(p, best) < 0 ? p : best));
    const candidates = enough.filter((set) => lexCompare(prioritiesOf(set), lowest) === 0);
    const most = (set: readonly number[]) => set.reduce((n, i) => n + maxUnits(rules.rules[i]!, rules.size), 0);
    const top = candidates.reduce((t, set) => Math.max(t, most(set)), 0);
    for (let total = k; total <= top; total++) {
      for (const set of candidates) {
        if (most(set) < total) continue;
        // The order this set's rules give way in: lowest priority, then earliest in the file.
        const order = [...set].sort((a, b) => priority(a) - priority(b) || a - b);
        const caps = order.map((i) => maxUnits(rules.rules[i]!, rules.size));
        for (const units of distributions(caps, total)) {
          for (const easing of combine(rules, order, units)) {
            if (feasible(applyEasings(rules, easing))) return easing.sort((a, b) => a.index - b.index);
          }
        }
      }
    }
    // Unreachable: each candidate set, eased all the way, is enough.
    throw new Error('relaxation search: a set that is enough switched off was not enough eased fully (this is a bug)');
  }
  return null;
}

/** "in alternative provision", "on SEN support", "with need_area sensory_and_physical". */
export function casesWith(column: string, values: readonly string[]): string {
  if (column === 'setting' && values.length === 1 && values[0] === 'ap') return 'in alternative provision';
  if (column === 'sen_status' && values.length === 1) return `on ${values[0]}`;
  return `with ${column} ${values.join(' or ')}`;
}

function countMatching(cases: readonly Case[], weights: readonly number[] | null, rule: Rule, values: readonly string[], rules: Rules): number {
  let n = 0;
  cases.forEach((c, i) => {
    if (caseValues(c, rule.column, rules).some((v) => values.some((w) => sameValue(v, w)))) n += weights ? weights[i]! : 1;
  });
  return n;
}

function nCases(n: number): string {
  return n === 0 ? 'no case' : `only ${plural(n, 'case')}`;
}

/**
 * Why a rule gave way, in words: what the cohort lacks when it cannot be met even alone, or
 * else the fewest other rules (as eased) it cannot be met together with.
 */
function whyEased(problem: Problem, given: Rules, eased: Rules, index: number, feasible: Feasible): string {
  const rule = given.rules[index]!;
  const cases = [...problem.pins, ...problem.pool];
  const weights = problem.poolWeights ? [...problem.pins.map(() => 1), ...problem.poolWeights] : null;
  const alone: Rules = { ...eased, rules: eased.rules.map((r, i) => (i === index ? rule : { ...r, enabled: false })) };
  if (!feasible(alone)) {
    if (rule.kind === 'at-least') {
      const short = rule.each ? rule.values.filter((v) => countMatching(cases, weights, rule, [v], given) < rule.atLeast) : [];
      if (rule.each && short.length > 0) {
        return short.map((v) => `the cohort has ${nCases(countMatching(cases, weights, rule, [v], given))} ${casesWith(rule.column, [v])}`).join('; ');
      }
      const n = countMatching(cases, weights, rule, rule.values, given);
      if (!rule.each && n < rule.atLeast) return `the cohort has ${nCases(n)} ${casesWith(rule.column, rule.values)}`;
    } else {
      const values = new Set(cases.map((c) => caseValues(c, rule.column, given)[0]).filter((v) => v !== undefined).map(spreadKey));
      const some = `the cohort has ${values.size === 0 ? 'no' : `only ${values.size}`} different ${rule.column} ${agree(values.size, 'value')}`;
      if (rule.distinct !== undefined && values.size < rule.distinct) return some;
      if (rule.atMost !== undefined && values.size * rule.atMost < given.size) {
        return `${some}, and ${given.size} picks cannot share them with no more than ${rule.atMost} on each`;
      }
    }
    return problem.pins.length > 0
      ? `it cannot be met in a sample of ${given.size} with the pinned cases`
      : `it cannot be met in a sample of ${given.size} from this cohort`;
  }
  const others = eased.rules.map((_, i) => i).filter((i) => i !== index && eased.rules[i]!.enabled);
  for (let k = 1; k <= Math.min(others.length, 3); k++) {
    for (const pick of indexSubsets(others.length, k)) {
      const set = pick.map((j) => others[j]!);
      const together: Rules = { ...eased, rules: eased.rules.map((r, i) => (i === index ? rule : set.includes(i) ? r : { ...r, enabled: false })) };
      if (feasible(together)) continue;
      const names = set.map((i) => `${eased.rules[i]!.id} (${describeRule(eased.rules[i]!)})`);
      return `no sample meets it together with ${names.join(' and ')}`;
    }
  }
  return 'no sample meets it together with the other rules';
}

/**
 * The rules in force for a problem under --relax: as given when a sample meets them; else the
 * smallest easing, with what gave way and why; else (no sample even eased) as given.
 * `problem` is prepared under the rules as given; the caller prepares another under
 * `relaxation.rules` when relaxed, so every later step simply uses the rules it is handed.
 */
export function relax(problem: Problem): Relaxation {
  const given = problem.rules;
  const check = feasibilityOf(problem);
  const feasible = memo((rules: Rules) => check(rules));
  if (feasible(given)) return notRelaxed(given, true);
  const easing = smallestEasing(given, feasible);
  if (easing === null) return notRelaxed(given, false);
  const rules = applyEasings(given, easing);
  const easings = easing.flatMap((e) => {
    const why = whyEased(problem, given, rules, e.index, feasible);
    return e.changes.map((c) => ({ ...c, why }));
  });
  return { feasible: false, relaxed: true, rules, easings };
}

/**
 * The problem to draw from: under the rules as given, or with `relax` under the smallest
 * easing when they cannot be met. `relaxation` is null without `relax`.
 */
export function prepareRelaxed(input: ProblemInput, relaxOn: boolean): { problem: Problem; given: Problem; relaxation: Relaxation | null } {
  const given = prepareProblem(input);
  if (!relaxOn) return { problem: given, given, relaxation: null };
  const relaxation = relax(given);
  return { problem: relaxation.relaxed ? prepareProblem({ ...input, rules: relaxation.rules }) : given, given, relaxation };
}
