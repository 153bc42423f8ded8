/**
 * `odds`: each case's exact chance of being picked, for local areas rehearsing selection
 * ("which kinds of children could be picked?"). Cases the rules see alike share a chance, so
 * the summary is by those groups and by rule value, plus the cases that can never be picked and
 * the rules that stop them.
 */
import { stringify } from 'csv-stringify/sync';
import type { Case } from '../cohort/case.js';
import { NEED_AREA_LABELS, NEED_AREA_SHORT, type NeedArea } from '../cohort/codes.js';
import { matchesValue, spreadValue } from '../rules/evaluate.js';
import type { Rule, Rules } from '../rules/schema.js';
import { countValidSamples } from '../solver/count.js';
import { explainInfeasible, type Explanation } from '../solver/explain.js';
import { caseChances, type CaseChance } from '../solver/odds.js';
import { prepareProblem, type Problem } from '../solver/problem.js';
import { inCodeOrder } from './coverage.js';

/** Cases that look the same to every rule, and so share one chance. */
export interface OddsGroup {
  /** What the rules see, e.g. "C&L · not ap · SEN support · 11-15 · new_plan". */
  label: string;
  /** Rule id → what that rule sees of these cases. */
  view: Record<string, string>;
  cases: number;
  chance: number;
  /** Up to three case_ids, to find examples in the file. */
  examples: string[];
}

export interface NeverGroup extends OddsGroup {
  /** Why no valid sample holds one of these cases. */
  reason: string;
}

/** "a child in alternative provision: 31%": the mean chance of the cases with one rule value. */
export interface RuleValueOdds {
  rule: string;
  column: string;
  value: string;
  label: string;
  cases: number;
  chance: number;
}

export interface OddsReport {
  size: number;
  valid_samples: bigint;
  feasible: boolean;
  explanation: Explanation | null;
  cases: number;
  byRule: RuleValueOdds[];
  /** Groups that can be picked, most likely first. */
  groups: OddsGroup[];
  /** Groups that can never be picked (excluded and pinned cases aside), largest first. */
  never: NeverGroup[];
  pinned: string[];
  excluded: string[];
  chances: CaseChance[];
}

export interface OddsOptions {
  /**
   * How many never-picked groups get a reason: each costs a few exact counts, so a cohort
   * with hundreds of such groups is summarised rather than explained one by one.
   */
  explainGroups?: number;
}

function valueLabel(column: string, value: string): string {
  return column === 'need_area' && value in NEED_AREA_SHORT ? NEED_AREA_SHORT[value as NeedArea] : value;
}

/** What one rule sees of a case: the values it has that count, or the lack of them. */
function ruleView(c: Case, rule: Rule, rules: Rules): string {
  if (rule.kind === 'spread') return spreadValue(c, rule, rules) ?? `no ${rule.column}`;
  const hits = rule.values.filter((v) => matchesValue(c, rule, v, rules));
  if (hits.length > 0) return hits.map((v) => valueLabel(rule.column, v)).join('+');
  return rule.values.length === 1 ? `not ${rule.values[0]}` : `no ${rule.column}`;
}

function mean(chances: readonly CaseChance[]): number {
  return chances.length === 0 ? 0 : chances.reduce((sum, c) => sum + c.chance, 0) / chances.length;
}

function byRuleValue(chances: readonly CaseChance[], rules: Rules): RuleValueOdds[] {
  const out: RuleValueOdds[] = [];
  for (const rule of rules.rules) {
    if (!rule.enabled) continue;
    const groups = new Map<string, CaseChance[]>();
    if (rule.kind === 'at-least') for (const v of rule.values) groups.set(v, []);
    for (const ch of chances) {
      const values =
        rule.kind === 'spread'
          ? [spreadValue(ch.case, rule, rules)].filter((v): v is string => v !== null)
          : rule.values.filter((v) => matchesValue(ch.case, rule, v, rules));
      for (const v of values) {
        const list = groups.get(v);
        if (list === undefined) groups.set(v, [ch]);
        else list.push(ch);
      }
    }
    const values = rule.kind === 'spread' ? inCodeOrder(rule.column, groups.keys()) : [...groups.keys()];
    for (const value of values) {
      const list = groups.get(value)!;
      const label = rule.column === 'need_area' && value in NEED_AREA_LABELS ? NEED_AREA_LABELS[value as NeedArea] : `${rule.column} ${value}`;
      out.push({ rule: rule.id, column: rule.column, value, label, cases: list.length, chance: mean(list) });
    }
  }
  return out;
}

function groupByView(chances: readonly CaseChance[], rules: Rules): (OddsGroup & { members: CaseChance[] })[] {
  const enabled = rules.rules.filter((r) => r.enabled);
  const groups = new Map<string, OddsGroup & { members: CaseChance[] }>();
  for (const ch of chances) {
    const view = Object.fromEntries(enabled.map((r) => [r.id, ruleView(ch.case, r, rules)]));
    const label = Object.values(view).join(' · ') || 'every case';
    let g = groups.get(label);
    if (g === undefined) groups.set(label, (g = { label, view, cases: 0, chance: 0, examples: [], members: [] }));
    g.members.push(ch);
  }
  for (const g of groups.values()) {
    g.cases = g.members.length;
    g.chance = mean(g.members);
    g.examples = g.members.slice(0, 3).map((m) => m.case.case_id);
  }
  return [...groups.values()];
}

function onlyRules(rules: Rules, ids: readonly string[]): Rules {
  return { ...rules, rules: rules.rules.map((r) => ({ ...r, enabled: r.enabled && ids.includes(r.id) })) };
}

function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [first!, ...s]), ...subsets(rest, k)];
}

/**
 * The smallest set of rules (up to three) that no sample holding `c` can meet, found by
 * counting with `c` pinned: the reason is then a checked fact, not a guess.
 */
function neverReason(problem: Problem, c: Case): string {
  const pins = [...problem.pins.map((p) => p.case_id), c.case_id];
  const excludes = problem.excluded.map((p) => p.case_id);
  const enabled = problem.rules.rules.filter((r) => r.enabled).map((r) => r.id);
  for (let k = 0; k <= Math.min(3, enabled.length); k++) {
    for (const ids of subsets(enabled, k)) {
      const p = prepareProblem({ cases: problem.cases, rules: onlyRules(problem.rules, ids), pins, excludes });
      if (countValidSamples(p) > 0n) continue;
      if (k === 0) return `the pinned cases already fill the sample of ${problem.rules.size}`;
      return `no sample holding one of them can meet ${ids.join(' together with ')}`;
    }
  }
  return 'no sample holding one of them can meet every rule at once';
}

export function oddsReport(problem: Problem, options: OddsOptions = {}): OddsReport {
  const valid_samples = countValidSamples(problem);
  const feasible = valid_samples > 0n;
  const chances = caseChances(problem, valid_samples);
  const free = chances.filter((c) => !c.pinned && !c.excluded);
  const groups = groupByView(free, problem.rules);
  const limit = options.explainGroups ?? 8;
  const never = feasible
    ? groups
        .filter((g) => g.chance === 0)
        .sort((a, b) => b.cases - a.cases)
        .map((g, i) => ({
          label: g.label,
          view: g.view,
          cases: g.cases,
          chance: 0,
          examples: g.examples,
          reason: i < limit ? neverReason(problem, g.members[0]!.case) : `not explained (only the ${limit} largest groups are)`,
        }))
    : [];
  return {
    size: problem.rules.size,
    valid_samples,
    feasible,
    explanation: feasible ? null : explainInfeasible(problem),
    cases: chances.length,
    byRule: byRuleValue(chances.filter((c) => !c.excluded), problem.rules),
    groups: groups
      .filter((g) => g.chance > 0)
      .sort((a, b) => b.chance - a.chance || b.cases - a.cases)
      .map(({ members: _members, ...g }) => g),
    never,
    pinned: chances.filter((c) => c.pinned).map((c) => c.case.case_id),
    excluded: chances.filter((c) => c.excluded).map((c) => c.case.case_id),
    chances,
  };
}

/** One row per case, in file order; formula-escaped like every CSV the tool writes. */
export function oddsCsv(chances: readonly CaseChance[]): string {
  const rows = chances.map((ch) => ({
    case_id: ch.case.case_id,
    age: String(ch.case.age),
    age_band: ch.case.age_band,
    sen_status: ch.case.sen_status,
    primary_need: ch.case.primary_need,
    need_area: ch.case.primary_need_area ?? '',
    setting: ch.case.setting,
    service_stage: ch.case.service_stage,
    social_care: ch.case.social_care ?? '',
    locality: ch.case.locality ?? '',
    la_code: ch.case.la_code ?? '',
    // Six significant digits: enough to compare, and the exact count sits beside it.
    chance: String(Number(ch.chance.toPrecision(6))),
    valid_samples_with_case: ch.samples.toString(),
    pinned: ch.pinned ? 'yes' : 'no',
    excluded: ch.excluded ? 'yes' : 'no',
  }));
  const columns = ['case_id', 'age', 'age_band', 'sen_status', 'primary_need', 'need_area', 'setting', 'service_stage', 'social_care', 'locality', 'la_code', 'chance', 'valid_samples_with_case', 'pinned', 'excluded'];
  return stringify(rows, { header: true, columns, escape_formulas: true });
}
