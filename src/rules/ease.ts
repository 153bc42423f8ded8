/**
 * Easing one rule by some units: the moves --relax may make, and how each is counted and said.
 * A unit is one step the easy way: an `atLeast` down by one, a `distinct` down by one, an
 * `atMost` up by one, or one value dropped from an `each` rule. The search for the smallest
 * relaxation (solver/relax.ts) walks these; they only ever admit more samples, never fewer.
 */
import { describeRule } from './describe.js';
import type { Rule, Rules } from './schema.js';

/** The field of a rule an easing changed, as the JSON names it. */
export type EasedField = 'atLeast' | 'distinct' | 'atMost' | 'values' | 'enabled';

/** One change to one field of one rule; `why` is filled in by the search that chose it. */
export interface Easing {
  id: string;
  field: EasedField;
  from: number | string[] | boolean;
  to: number | string[] | boolean;
  why: string;
}

/** How one rule is eased: the rule as it then reads, and its changes field by field. */
export interface RuleEasing {
  /** Position of the rule in the rules file. */
  index: number;
  units: number;
  rule: Rule;
  changes: Omit<Easing, 'why'>[];
}

/** Whether --relax may ease a rule at all: enabled, not hard, and asking for something. */
export function canEase(rule: Rule, size: number): boolean {
  return rule.enabled && !rule.hard && maxUnits(rule, size) > 0;
}

/**
 * The units that ease a rule as far as it goes, to asking nothing. `atMost` is eased no further
 * than the sample size: no value can be shared by more picks than there are.
 */
export function maxUnits(rule: Rule, size: number): number {
  if (!rule.enabled) return 0;
  if (rule.kind === 'at-least') return rule.each ? rule.values.length : rule.atLeast;
  return (rule.distinct ?? 0) + (rule.atMost === undefined ? 0 : Math.max(0, size - rule.atMost));
}

/** Every k-subset of 0..n-1 as index lists, in lexicographic order. */
export function* indexSubsets(n: number, k: number): Generator<number[]> {
  if (k > n || k < 0) return;
  const idx = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/**
 * Every way to ease a rule by exactly `units`, in the order the search prefers them when all
 * else is equal: an `each` rule drops its earliest-listed values first; a spread rule eases
 * `distinct` before `atMost` (the order the rules file lists them).
 */
export function* easingsOf(rule: Rule, index: number, units: number, size: number): Generator<RuleEasing> {
  if (units < 1 || units > maxUnits(rule, size)) return;
  if (rule.kind === 'at-least') {
    if (!rule.each) {
      const to = rule.atLeast - units;
      yield { index, units, rule: { ...rule, atLeast: to }, changes: [{ id: rule.id, field: 'atLeast', from: rule.atLeast, to }] };
      return;
    }
    if (units === rule.values.length) {
      yield { index, units, rule: { ...rule, enabled: false }, changes: [{ id: rule.id, field: 'enabled', from: true, to: false }] };
      return;
    }
    for (const dropped of indexSubsets(rule.values.length, units)) {
      const values = rule.values.filter((_, i) => !dropped.includes(i));
      yield { index, units, rule: { ...rule, values }, changes: [{ id: rule.id, field: 'values', from: [...rule.values], to: values }] };
    }
    return;
  }
  const dMax = rule.distinct ?? 0;
  const aMax = rule.atMost === undefined ? 0 : Math.max(0, size - rule.atMost);
  for (let d = Math.min(units, dMax); d >= 0 && units - d <= aMax; d--) {
    const a = units - d;
    const changes: Omit<Easing, 'why'>[] = [];
    const eased: Rule = { ...rule };
    if (d > 0) {
      eased.distinct = rule.distinct! - d;
      changes.push({ id: rule.id, field: 'distinct', from: rule.distinct!, to: eased.distinct });
    }
    if (a > 0) {
      eased.atMost = rule.atMost! + a;
      changes.push({ id: rule.id, field: 'atMost', from: rule.atMost!, to: eased.atMost });
    }
    yield { index, units, rule: eased, changes };
  }
}

/** The rules with some eased; each eased rule's description says what it asked before. */
export function applyEasings(rules: Rules, easings: readonly RuleEasing[]): Rules {
  const byIndex = new Map(easings.map((e) => [e.index, e]));
  return {
    ...rules,
    rules: rules.rules.map((r, i) => {
      const e = byIndex.get(i);
      if (e === undefined) return r;
      const plain = describeRule({ ...e.rule, description: undefined });
      return { ...e.rule, description: e.rule.enabled ? `${plain} (eased from: ${describeRule(r)})` : describeRule(r) };
    }),
  };
}

/** "alternative-provision eased from at least 1 to 0" and the like, without the reason. */
export function describeChange(e: Omit<Easing, 'why'>): string {
  switch (e.field) {
    case 'atLeast':
      return `${e.id} eased from at least ${String(e.from)} to ${String(e.to)}`;
    case 'distinct':
      return `${e.id} eased from at least ${String(e.from)} different values to ${String(e.to)}`;
    case 'atMost':
      return `${e.id} eased from at most ${String(e.from)} sharing a value to ${String(e.to)}`;
    case 'values': {
      const to = e.to as string[];
      const dropped = (e.from as string[]).filter((v) => !to.includes(v));
      return `${e.id} eased to leave out ${dropped.join(', ')}`;
    }
    case 'enabled':
      return `${e.id} switched off`;
  }
}

/** The sentence the reports start with: the change, then why. */
export function describeEasing(e: Easing): string {
  return `${describeChange(e)}: ${e.why}`;
}
