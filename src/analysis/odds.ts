/**
 * `odds`: each case's exact chance of being picked, for local areas rehearsing selection
 * ("which kinds of children could be picked?"). Cases the rules see alike share a chance, so
 * the summary is by those groups and by rule value, plus the cases that can never be picked and
 * the rules that stop them.
 */
import type { Case } from '../cohort/case.js';
import { NEED_AREA_LABELS, NEED_AREA_SHORT, type NeedArea } from '../cohort/codes.js';
import { matchesValue, spreadValue } from '../rules/evaluate.js';
import { spreadKey } from '../rules/columns.js';
import type { Rule, Rules } from '../rules/schema.js';
import { countValidSamples } from '../solver/count.js';
import { explainInfeasible, feasibilityOf, smallestConflicts, type Explanation } from '../solver/explain.js';
import { eachCaseChance, profileChances, type CaseChance, type ProfileChance } from '../solver/odds.js';
import type { FairDistribution } from '../solver/fair-draw.js';
import type { Problem } from '../solver/problem.js';
import type { Selection } from '../solver/selection.js';
import { inCodeOrder } from './coverage.js';

/** Cases that look the same to every rule, and so share one chance. */
export interface OddsGroup {
  /** What the rules see, e.g. "C&L · not ap · SEN support · Age 11 to 15 · new_plan". */
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

/** The smallest and largest chance of any case that can be picked (pins aside). */
export interface ChanceRange {
  smallest: number;
  largest: number;
}

export interface OddsReport {
  size: number;
  selection: Selection;
  /** Under the selection asked for; null when there is no sample or no case left to pick. */
  range: ChanceRange | null;
  /** The same under uniform selection, to compare with. */
  uniformRange: ChanceRange | null;
  validSamples: bigint;
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
  /** Every case with its chance, in file order, made afresh on each call (see eachCaseChance). */
  eachCase: () => Iterable<CaseChance>;
}

export interface OddsOptions {
  /** The fair distribution (from the same problem), when fair selection was asked for. */
  fair?: FairDistribution | null;
  /** Worked out already by the caller (fair selection needs them first). */
  count?: bigint;
  uniform?: ProfileChance[];
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

/**
 * The summaries are made per profile, not per case: every case of a profile looks the same to
 * every rule and has the same chance, so a million-row cohort costs a few hundred views.
 */
interface ProfileRow {
  representative: Case;
  cases: number;
  chance: number;
  examples: string[];
}

function profileRows(problem: Problem, chances: readonly number[]): ProfileRow[] {
  return problem.profiles.map((p, pi) => ({
    representative: problem.pool[p.members[0]!]!,
    cases: p.members.length,
    chance: chances[pi]!,
    examples: p.members.slice(0, 3).map((m) => problem.pool[m]!.case_id),
  }));
}

function byRuleValue(rows: readonly ProfileRow[], pinned: readonly Case[], count: bigint, rules: Rules): RuleValueOdds[] {
  const out: RuleValueOdds[] = [];
  // Pins are cases with a chance of 1 (when any sample exists): they count in their values too.
  const all = [...rows, ...pinned.map((c) => ({ representative: c, cases: 1, chance: count > 0n ? 1 : 0, examples: [c.case_id] }))];
  for (const rule of rules.rules) {
    if (!rule.enabled) continue;
    const groups = new Map<string, { cases: number; sum: number }>();
    // A spread counts values that compare the same as one (North, north): one row, as first written.
    const firstSpelling = new Map<string, string>();
    const spelling = (v: string) => {
      const key = spreadKey(v);
      if (!firstSpelling.has(key)) firstSpelling.set(key, v);
      return firstSpelling.get(key)!;
    };
    if (rule.kind === 'at-least') for (const v of rule.values) groups.set(v, { cases: 0, sum: 0 });
    for (const row of all) {
      const c = row.representative;
      const values =
        rule.kind === 'spread'
          ? [spreadValue(c, rule, rules)].filter((v): v is string => v !== null).map((v) => spelling(v))
          : rule.values.filter((v) => matchesValue(c, rule, v, rules));
      for (const v of values) {
        const g = groups.get(v) ?? { cases: 0, sum: 0 };
        g.cases += row.cases;
        g.sum += row.cases * row.chance;
        groups.set(v, g);
      }
    }
    const values = rule.kind === 'spread' ? inCodeOrder(rule.column, groups.keys()) : [...groups.keys()];
    for (const value of values) {
      const g = groups.get(value)!;
      const label = rule.column === 'need_area' && value in NEED_AREA_LABELS ? NEED_AREA_LABELS[value as NeedArea] : `${rule.column} ${value}`;
      out.push({ rule: rule.id, column: rule.column, value, label, cases: g.cases, chance: g.cases === 0 ? 0 : g.sum / g.cases });
    }
  }
  return out;
}

function groupByView(rows: readonly ProfileRow[], rules: Rules): (OddsGroup & { representative: Case })[] {
  const enabled = rules.rules.filter((r) => r.enabled);
  const groups = new Map<string, OddsGroup & { representative: Case; sum: number }>();
  for (const row of rows) {
    const view = Object.fromEntries(enabled.map((r) => [r.id, ruleView(row.representative, r, rules)]));
    const label = Object.values(view).join(' · ') || 'every case';
    let g = groups.get(label);
    if (g === undefined) groups.set(label, (g = { label, view, cases: 0, chance: 0, examples: [], representative: row.representative, sum: 0 }));
    g.cases += row.cases;
    g.sum += row.cases * row.chance;
    g.examples = [...g.examples, ...row.examples].slice(0, 3);
  }
  return [...groups.values()].map(({ sum, ...g }) => ({ ...g, chance: g.cases === 0 ? 0 : sum / g.cases }));
}

/**
 * The smallest set of rules (up to three) that no sample holding `c` can meet, found by
 * counting with `c` pinned: the reason is then a checked fact, not a guess.
 */
function neverReason(problem: Problem, feasible: ReturnType<typeof feasibilityOf>, c: Case): string {
  const [ids] = smallestConflicts(problem.rules, (rules) => feasible(rules, [c]), true);
  if (ids !== undefined) {
    if (ids.length === 0) return `the pinned cases already fill the sample of ${problem.rules.size}`;
    return `no sample holding one of them can meet ${ids.join(' together with ')}`;
  }
  return 'no sample holding one of them can meet every rule at once';
}

export function oddsReport(problem: Problem, options: OddsOptions = {}): OddsReport {
  const validSamples = options.count ?? countValidSamples(problem);
  const feasible = validSamples > 0n;
  const byProfile = options.uniform ?? profileChances(problem, validSamples);
  const fair = options.fair ?? null;
  const chances = fair ? fair.chances : byProfile.map((c) => c.chance);
  const rows = profileRows(problem, chances);
  const groups = groupByView(rows, problem.rules);
  const limit = options.explainGroups ?? 8;
  const canMeet = feasibilityOf(problem);
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
          reason: i < limit ? neverReason(problem, canMeet, g.representative) : `not explained (only the ${limit} largest groups are)`,
        }))
    : [];
  // The range is over the cases that can be picked: those no valid sample holds are listed apart.
  const pickable = byProfile.map((c) => c.samples > 0n);
  const range = (of: readonly number[]): ChanceRange | null => {
    const xs = of.filter((_, pi) => pickable[pi]);
    return feasible && xs.length > 0 ? { smallest: xs.reduce((a, b) => Math.min(a, b)), largest: xs.reduce((a, b) => Math.max(a, b)) } : null;
  };
  return {
    size: problem.rules.size,
    selection: fair ? 'fair' : 'uniform',
    range: range(chances),
    uniformRange: range(byProfile.map((c) => c.chance)),
    validSamples,
    feasible,
    explanation: feasible ? null : explainInfeasible(problem),
    cases: problem.pool.length + problem.pins.length + problem.excluded.length,
    byRule: byRuleValue(rows, problem.pins, validSamples, problem.rules),
    groups: groups
      .filter((g) => g.chance > 0)
      .sort((a, b) => b.chance - a.chance || b.cases - a.cases)
      .map(({ representative: _representative, ...g }) => g),
    never,
    pinned: problem.pins.map((c) => c.case_id),
    excluded: problem.excluded.map((c) => c.case_id),
    eachCase: () => eachCaseChance(problem, validSamples, byProfile, fair ? fair.chances : null),
  };
}
