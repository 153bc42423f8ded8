import type { Case } from '../cohort/case.js';
import { columnReader, sameValue, spreadKey } from '../rules/columns.js';
import type { Rule, Rules } from '../rules/schema.js';

/**
 * The rules turned into small integers per case, so that the solver never looks at strings:
 *
 * - a *target* is "at least 1 pick with this value" (one per value of an `each` rule, or one
 *   for a whole rule with atLeast 1): a bit per case, handled by inclusion–exclusion or as a
 *   bit of state;
 * - a *counter* is "at least n ≥ 2 picks with one of these values": a 0/1 increment per case;
 * - a *spread* is a column whose values are capped (`atMost`) and/or must be varied
 *   (`distinct`): a value index per case, -1 for none.
 */
export interface Target {
  ruleId: string;
  /** The value this target asks for (for messages). */
  value: string;
}
export interface Counter {
  ruleId: string;
  atLeast: number;
}
export interface Spread {
  ruleId: string;
  column: string;
  values: string[];
  /** Infinity where the rule sets no cap. */
  atMost: number;
  /** 0 where the rule asks for no variety. */
  distinct: number;
  /** Whether every case has a value in the column (so caps alone force some variety). */
  everyCaseHasValue: boolean;
}

export interface Compiled {
  size: number;
  targets: Target[];
  counters: Counter[];
  spreads: Spread[];
  /** Rules that ask for nothing (atLeast 0), kept so reports still list them as met. */
  trivial: string[];
}

/** One case as the solver sees it. */
export interface CaseFeatures {
  targetMask: number;
  counterInc: number[];
  spreadValue: number[];
}

export function compileRules(rules: Rules, cases: readonly Case[]): Compiled {
  const compiled: Compiled = { size: rules.size, targets: [], counters: [], spreads: [], trivial: [] };
  for (const rule of rules.rules) {
    if (!rule.enabled) continue;
    if (rule.kind === 'at-least') {
      if (rule.atLeast === 0) compiled.trivial.push(rule.id);
      else if (rule.each) {
        for (const value of rule.values) {
          if (rule.atLeast === 1) compiled.targets.push({ ruleId: rule.id, value });
          else compiled.counters.push({ ruleId: rule.id, atLeast: rule.atLeast });
        }
      } else if (rule.atLeast === 1) compiled.targets.push({ ruleId: rule.id, value: rule.values.join('|') });
      else compiled.counters.push({ ruleId: rule.id, atLeast: rule.atLeast });
    } else {
      const values = new Set<string>();
      let everyCaseHasValue = true;
      const read = columnReader(rule.column, rules);
      for (const c of cases) {
        const v = read(c)[0];
        if (v !== undefined) values.add(spreadKey(v));
        else everyCaseHasValue = false;
      }
      compiled.spreads.push({
        ruleId: rule.id,
        column: rule.column,
        values: [...values].sort(),
        atMost: rule.atMost ?? Infinity,
        distinct: rule.distinct ?? 0,
        everyCaseHasValue,
      });
    }
  }
  if (compiled.targets.length > 30) {
    throw new Error('rules ask for more than 30 "at least 1" values at once; split them');
  }
  return compiled;
}

/**
 * Which values of which at-least rule each target and counter stands for, in the order
 * compileRules made them, so features can be computed per case.
 */
function matchers(rules: Rules): { targets: ((c: Case) => boolean)[]; counters: ((c: Case) => boolean)[] } {
  const targets: ((c: Case) => boolean)[] = [];
  const counters: ((c: Case) => boolean)[] = [];
  const has = (rule: Rule, value: string) => {
    const read = columnReader(rule.column, rules);
    return (c: Case) => read(c).some((v) => sameValue(v, value));
  };
  const hasAny = (rule: Rule & { kind: 'at-least' }) => {
    const read = columnReader(rule.column, rules);
    return (c: Case) => read(c).some((v) => rule.values.some((w) => sameValue(v, w)));
  };
  for (const rule of rules.rules) {
    if (!rule.enabled || rule.kind !== 'at-least' || rule.atLeast === 0) continue;
    if (rule.each) {
      for (const value of rule.values) (rule.atLeast === 1 ? targets : counters).push(has(rule, value));
    } else (rule.atLeast === 1 ? targets : counters).push(hasAny(rule));
  }
  return { targets, counters };
}

export function caseFeatures(rules: Rules, compiled: Compiled): (c: Case) => CaseFeatures {
  const m = matchers(rules);
  const spreadRules = rules.rules.filter((r) => r.enabled && r.kind === 'spread');
  const index = compiled.spreads.map((s) => new Map(s.values.map((v, i) => [v, i])));
  const spreadReaders = spreadRules.map((r) => columnReader(r.column, rules));
  return (c) => {
    let targetMask = 0;
    m.targets.forEach((f, i) => {
      if (f(c)) targetMask |= 1 << i;
    });
    return {
      targetMask,
      counterInc: m.counters.map((f) => (f(c) ? 1 : 0)),
      spreadValue: spreadReaders.map((read, i) => {
        const v = read(c)[0];
        return v === undefined ? -1 : (index[i]!.get(spreadKey(v)) ?? -1);
      }),
    };
  };
}

export function featureKey(f: CaseFeatures): string {
  return `${f.targetMask}|${f.counterInc.join('')}|${f.spreadValue.join(',')}`;
}

/** Cases that look the same to the rules: the solver counts and draws over these. */
export interface Profile {
  features: CaseFeatures;
  /** Indices into the pool of candidate cases. */
  members: number[];
  /** How many cases the profile stands for: members, or their weights in a tally. */
  size: number;
}

/**
 * Profiles from groups of cases already known to share features (problem.ts groups cases into
 * kinds by the columns the rules read): kinds whose features are equal are merged.
 */
export function buildProfiles(groups: readonly { features: CaseFeatures; members: number[] }[], weights?: readonly number[]): Profile[] {
  const byKey = new Map<string, Profile>();
  for (const { features: f, members } of groups) {
    if (members.length === 0) continue;
    const key = featureKey(f);
    const p = byKey.get(key);
    if (p) for (const m of members) p.members.push(m);
    else byKey.set(key, { features: f, members, size: 0 });
  }
  for (const p of byKey.values()) {
    p.members.sort((a, b) => a - b);
    p.size = weights ? p.members.reduce((n, m) => n + weights[m]!, 0) : p.members.length;
  }
  return [...byKey.values()];
}

/**
 * Whether a full sample, given by its cases' features, meets every compiled rule. The solver's
 * own fast check (swaps, reserves, rejection); reports use rules/evaluate.ts, and the tests
 * hold the two to the same answers.
 */
export function meetsCompiled(compiled: Compiled, sample: readonly CaseFeatures[]): boolean {
  if (sample.length !== compiled.size) return false;
  let mask = 0;
  for (const f of sample) mask |= f.targetMask;
  const all = compiled.targets.length >= 31 ? -1 >>> 0 : (1 << compiled.targets.length) - 1;
  if ((mask & all) !== all) return false;
  for (let c = 0; c < compiled.counters.length; c++) {
    let n = 0;
    for (const f of sample) n += f.counterInc[c]!;
    if (n < compiled.counters[c]!.atLeast) return false;
  }
  for (let j = 0; j < compiled.spreads.length; j++) {
    const s = compiled.spreads[j]!;
    const counts = new Map<number, number>();
    for (const f of sample) {
      const v = f.spreadValue[j]!;
      if (v >= 0) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    if (counts.size < s.distinct) return false;
    for (const n of counts.values()) if (n > s.atMost) return false;
  }
  return true;
}
