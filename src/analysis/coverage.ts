/**
 * What a cohort holds, counted as it streams past: `check` feeds each case as the reader
 * yields it, so a two-million-row file is counted without a second pass. Every code of the
 * contract gets a count, zeros included: "no case in alternative provision" is the finding.
 */
import type { Case } from '../cohort/case.js';
import {
  AGE_BANDS,
  NEED_AREAS,
  SEN_STATUSES,
  SEN_TYPE_CODES,
  SERVICE_STAGES,
  SETTINGS,
  SOCIAL_CARE,
  type AgeBand,
} from '../cohort/codes.js';
import { canonicalRuleColumn, columnKey, columnReader, sameValue, type ColumnReader } from '../rules/columns.js';
import { kindIndexer } from '../solver/kinds.js';
import { foldRuleColumn } from '../spelling.js';
import { describeRule } from '../rules/describe.js';
import type { Rule, Rules } from '../rules/schema.js';

/** The key for a case whose primary need has no broad area (DS, OTH, NSA). */
export const NO_NEED_AREA = 'none';
/** The key for a case with no social care status recorded. */
export const NOT_RECORDED = 'not_recorded';

export type Counts = Record<string, number>;

/** How many cases could help meet a rule, and how they spread over its values. */
export interface RuleSupply {
  id: string;
  description: string;
  kind: Rule['kind'];
  column: string;
  /** Cases with at least one of the rule's values (at-least), or with any value (spread). */
  supply: number;
  /** Cases per value: the rule's own values (at-least), or every value seen (spread). */
  byValue: Counts;
}

export interface Coverage {
  cases: number;
  need_area: Counts;
  primary_need: Counts;
  sen_status: Counts;
  alternative_provision: { yes: number; no: number };
  age_band: Counts;
  service_stage: Counts;
  setting: Counts;
  social_care: Counts;
  /** Rows: need areas (and `none`); columns: age bands. */
  needAreaByAgeBand: Record<string, Counts>;
  ruleSupply: RuleSupply[];
}

function zeros(keys: readonly string[]): Counts {
  return Object.fromEntries(keys.map((k) => [k, 0]));
}

/**
 * A rule's view of a case, cached by the case's values in the rule's column: a large cohort
 * repeats a few dozen values, so the spelling comparisons run once per distinct value.
 */
class RuleCounter {
  readonly supply: RuleSupply;
  private readonly seen = new Map<string, string[]>();
  private readonly key: (c: Case) => string;
  private readonly read: ColumnReader;

  constructor(
    private readonly rule: Rule,
    rules: Rules,
  ) {
    this.supply = {
      id: rule.id,
      description: describeRule(rule),
      kind: rule.kind,
      column: rule.column,
      supply: 0,
      byValue: rule.kind === 'at-least' ? zeros(rule.values) : {},
    };
    this.key = columnKey(rule.column, rules);
    this.read = columnReader(rule.column, rules);
  }

  /** Counts a case, or `weight` cases that read alike (one kind of a tally). */
  add(c: Case, weight = 1): void {
    const key = this.key(c);
    let hits = this.seen.get(key);
    if (hits === undefined) {
      hits = this.matches(this.read(c));
      if (this.seen.size < 4096) this.seen.set(key, hits);
    }
    if (hits.length === 0) return;
    this.supply.supply += weight;
    for (const v of hits) this.supply.byValue[v] = (this.supply.byValue[v] ?? 0) + weight;
  }

  result(): RuleSupply {
    return { ...this.supply, byValue: ordered(this.supply) };
  }

  /** The values this case counts for: the rule's matching values, or its spread value. */
  private matches(values: readonly string[]): string[] {
    const rule = this.rule;
    if (rule.kind === 'spread') return values.slice(0, 1);
    return rule.values.filter((v) => values.some((x) => sameValue(x, v)));
  }
}

/**
 * The columns coverage counts by, each as the one string a case is counted under: every count
 * of {@link CoverageAccumulator} is a function of these (and of the rules' own keys).
 */
const COUNTED_BY: Record<string, (c: Case) => string> = {
  need_area: (c) => c.need_area ?? NO_NEED_AREA,
  primary_need: (c) => c.primary_need,
  sen_status: (c) => c.sen_status,
  alternative_provision: (c) => (c.alternative_provision ? 'yes' : 'no'),
  age_band: (c) => c.age_band,
  service_stage: (c) => c.service_stage,
  setting: (c) => c.setting,
  social_care: (c) => c.social_care ?? NOT_RECORDED,
};

/**
 * Feed cases with {@link add}; read the counts so far with {@link result}. A national file
 * repeats a few thousand kinds of case (cases alike in every column counted here and every
 * column a rule reads), so add only counts each kind, by one kind lookup per case; the counts
 * themselves are made once per kind, weighted, when the result is read.
 */
export class CoverageAccumulator {
  private readonly kindOf: (c: Case) => number;
  private readonly kinds: Case[] = [];
  private readonly weights: number[] = [];

  constructor(private readonly rules: Rules) {
    const keys = Object.values(COUNTED_BY);
    const keyed = new Set<string>();
    // Every rule's column, enabled or not, so that a case's kind also settles its kind in a
    // tally (solver/tally.ts), which reads them all: check passes the kind on (Tally.addOfKind).
    for (const { column } of rules.rules) {
      // A rule on a column counted here already reads cases as it is counted; its key would
      // tell no more kinds apart (need areas with secondary needs are a key of their own).
      const canonical = canonicalRuleColumn(column);
      const counted = canonical !== undefined && canonical in COUNTED_BY && !(canonical === 'need_area' && rules.countSecondaryNeeds);
      const name = canonical ?? foldRuleColumn(column);
      if (counted || keyed.has(name)) continue;
      keyed.add(name);
      keys.push(columnKey(column, rules));
    }
    // The keys counted here read coded fields only (kinds.ts); the rules' own may read any column.
    this.kindOf = kindIndexer(keys, Object.keys(COUNTED_BY).length);
  }

  /**
   * Counts a case, and returns its kind: cases of one kind read alike in every column counted
   * here and every column any of the rules reads (numbered from 0 in order of first appearance).
   */
  add(c: Case): number {
    const kind = this.kindOf(c);
    if (kind === this.kinds.length) {
      this.kinds.push(c);
      this.weights.push(1);
    } else this.weights[kind]!++;
    return kind;
  }

  result(): Coverage {
    const areas = [...NEED_AREAS, NO_NEED_AREA];
    const k: Coverage = {
      cases: 0,
      need_area: zeros(areas),
      primary_need: zeros(SEN_TYPE_CODES),
      sen_status: zeros(SEN_STATUSES),
      alternative_provision: { yes: 0, no: 0 },
      age_band: zeros(AGE_BANDS),
      service_stage: zeros(SERVICE_STAGES),
      setting: zeros(SETTINGS),
      social_care: zeros([...SOCIAL_CARE, NOT_RECORDED]),
      needAreaByAgeBand: Object.fromEntries(areas.map((a) => [a, zeros(AGE_BANDS)])),
      ruleSupply: [],
    };
    const ruleCounters = this.rules.rules.filter((r) => r.enabled).map((r) => new RuleCounter(r, this.rules));
    this.kinds.forEach((c, i) => {
      const w = this.weights[i]!;
      const area = c.need_area ?? NO_NEED_AREA;
      k.cases += w;
      bump(k.need_area, area, w);
      bump(k.primary_need, c.primary_need, w);
      bump(k.sen_status, c.sen_status, w);
      k.alternative_provision[c.alternative_provision ? 'yes' : 'no'] += w;
      bump(k.age_band, c.age_band, w);
      bump(k.service_stage, c.service_stage, w);
      bump(k.setting, c.setting, w);
      bump(k.social_care, c.social_care ?? NOT_RECORDED, w);
      bump(k.needAreaByAgeBand[area]!, c.age_band satisfies AgeBand, w);
      for (const r of ruleCounters) r.add(c, w);
    });
    return { ...k, ruleSupply: ruleCounters.map((r) => r.result()) };
  }
}

/** The contract's order for code columns (Age 0 to 4 before Age 5 to 10); otherwise alphabetical. */
const CODE_ORDER: Record<string, readonly string[]> = {
  age_band: AGE_BANDS,
  service_stage: SERVICE_STAGES,
  setting: SETTINGS,
  sen_status: SEN_STATUSES,
  primary_need: SEN_TYPE_CODES,
  secondary_need: SEN_TYPE_CODES,
  social_care: SOCIAL_CARE,
  need_area: NEED_AREAS,
};

export function inCodeOrder(column: string, values: Iterable<string>): string[] {
  const order = CODE_ORDER[canonicalRuleColumn(column) ?? ''];
  const rank = (v: string) => (order === undefined ? -1 : order.indexOf(v));
  return [...values].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function ordered(supply: RuleSupply): Counts {
  if (supply.kind === 'at-least') return supply.byValue;
  return Object.fromEntries(inCodeOrder(supply.column, Object.keys(supply.byValue)).map((k) => [k, supply.byValue[k]!]));
}

function bump(counts: Counts, key: string, weight: number): void {
  counts[key] = (counts[key] ?? 0) + weight;
}

/**
 * What each enabled rule can draw on, from kinds of case and how many of each (a tally):
 * `check --by` works out every group's supply this way, once per kind rather than per row.
 */
export function ruleSupplies(kinds: { cases: readonly Case[]; weights: readonly number[] }, rules: Rules): RuleSupply[] {
  const counters = rules.rules.filter((r) => r.enabled).map((r) => new RuleCounter(r, rules));
  kinds.cases.forEach((c, i) => {
    for (const r of counters) r.add(c, kinds.weights[i]!);
  });
  return counters.map((r) => r.result());
}

/** Coverage of cases already in memory. */
export function coverageOf(cases: Iterable<Case>, rules: Rules): Coverage {
  const acc = new CoverageAccumulator(rules);
  for (const c of cases) acc.add(c);
  return acc.result();
}
