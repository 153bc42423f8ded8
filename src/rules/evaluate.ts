import type { Case } from '../cohort/case.js';
import { caseValues, sameValue, spreadKey } from './columns.js';
import type { Rule, Rules } from './schema.js';
import { describeRule, describeSize } from './describe.js';

/** How a sample stands against one rule: what the review chips and the reports show. */
export interface RuleResult {
  id: string;
  description: string;
  satisfied: boolean;
  /**
   * Where the sample stands, in words a reader cannot take for a fraction: "5 (at least 2)",
   * "3 of 4 (at least 1 each)", "3 different (at least 3), most in one: 2 (at most 2)".
   */
  progress: string;
  /** What is missing or over, in words, when not satisfied. */
  shortfall: string | null;
}

/**
 * The value a spread rule counts for a case: its first (for need_area, the primary need's, or
 * with countSecondaryNeeds the secondary need's when the primary has no broad area), as written.
 */
export function spreadValue(c: Case, rule: Rule, rules: Rules): string | null {
  return caseValues(c, rule.column, rules)[0] ?? null;
}

/** The spread value as the rule compares it (spreadKey): `North` and `north` are one. */
function spreadKeyOf(c: Case, rule: Rule, rules: Rules): string | null {
  const v = spreadValue(c, rule, rules);
  return v === null ? null : spreadKey(v);
}

export function matchesValue(c: Case, rule: Rule & { kind: 'at-least' }, value: string, rules: Rules): boolean {
  return caseValues(c, rule.column, rules).some((v) => sameValue(v, value));
}

export function matchesAny(c: Case, rule: Rule & { kind: 'at-least' }, rules: Rules): boolean {
  return rule.values.some((v) => matchesValue(c, rule, v, rules));
}

/** Picks per spread value, keyed by the first spelling seen of each (for messages). */
function spreadCounts(sample: readonly Case[], rule: Rule, rules: Rules): Map<string, number> {
  const counts = new Map<string, number>();
  const spelling = new Map<string, string>();
  for (const c of sample) {
    const v = spreadValue(c, rule, rules);
    if (v === null) continue;
    const key = spreadKey(v);
    if (!spelling.has(key)) spelling.set(key, v);
    const shown = spelling.get(key)!;
    counts.set(shown, (counts.get(shown) ?? 0) + 1);
  }
  return counts;
}

export function evaluateRule(sample: readonly Case[], rule: Rule, rules: Rules): RuleResult {
  const base = { id: rule.id, description: describeRule(rule) };
  if (rule.kind === 'at-least') {
    if (rule.each) {
      const missing = rule.values.filter(
        (v) => sample.filter((c) => matchesValue(c, rule, v, rules)).length < rule.atLeast,
      );
      return {
        ...base,
        satisfied: missing.length === 0,
        progress: `${rule.values.length - missing.length} of ${rule.values.length} (at least ${rule.atLeast} each)`,
        shortfall: missing.length ? `short of ${rule.atLeast} for ${missing.join(', ')}` : null,
      };
    }
    const n = sample.filter((c) => matchesAny(c, rule, rules)).length;
    return {
      ...base,
      satisfied: n >= rule.atLeast,
      progress: `${n} (at least ${rule.atLeast})`,
      shortfall: n >= rule.atLeast ? null : `${rule.atLeast - n} more needed`,
    };
  }
  const counts = spreadCounts(sample, rule, rules);
  const distinct = counts.size;
  let max = 0;
  let maxValue = '';
  for (const [v, n] of counts) if (n > max) [max, maxValue] = [n, v];
  const problems: string[] = [];
  if (rule.distinct !== undefined && distinct < rule.distinct) problems.push(`${distinct} of ${rule.distinct} values`);
  if (rule.atMost !== undefined && max > rule.atMost) problems.push(`${max} share ${maxValue} (max ${rule.atMost})`);
  return {
    ...base,
    satisfied: problems.length === 0,
    progress: spreadProgress(rule, distinct, max),
    shortfall: problems.length ? problems.join('; ') : null,
  };
}

/** A spread rule's standing, naming only the limits it sets. */
function spreadProgress(rule: Rule & { kind: 'spread' }, distinct: number, max: number): string {
  const parts: string[] = [];
  if (rule.distinct !== undefined) parts.push(`${distinct} different (at least ${rule.distinct})`);
  if (rule.atMost !== undefined) parts.push(`most in one: ${max} (at most ${rule.atMost})`);
  return parts.join(', ');
}

/** Every enabled rule, `size` first, against a sample. */
export function evaluateSample(sample: readonly Case[], rules: Rules): RuleResult[] {
  const size: RuleResult = {
    id: 'size',
    description: describeSize(rules),
    satisfied: sample.length === rules.size,
    progress: `${sample.length} of ${rules.size}`,
    shortfall: sample.length === rules.size ? null : sample.length < rules.size ? `${rules.size - sample.length} more needed` : `${sample.length - rules.size} too many`,
  };
  return [size, ...rules.rules.filter((r) => r.enabled).map((r) => evaluateRule(sample, r, rules))];
}

export function meetsRules(sample: readonly Case[], rules: Rules): boolean {
  return evaluateSample(sample, rules).every((r) => r.satisfied);
}

/**
 * The rules a pick helps meet: an at-least rule whose values it has, a spread rule where it is
 * the only pick with its value (take it away and the spread narrows).
 */
export function coveredBy(pick: Case, sample: readonly Case[], rules: Rules): string[] {
  const ids: string[] = [];
  for (const rule of rules.rules) {
    if (!rule.enabled) continue;
    if (rule.kind === 'at-least') {
      if (matchesAny(pick, rule, rules)) ids.push(rule.id);
    } else if (rule.distinct !== undefined) {
      const v = spreadKeyOf(pick, rule, rules);
      if (v !== null && sample.filter((c) => spreadKeyOf(c, rule, rules) === v).length === 1) ids.push(rule.id);
    }
  }
  return ids;
}
