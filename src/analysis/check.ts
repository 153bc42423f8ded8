/**
 * What `check` finds out about a cohort: the file, its problems, its coverage, and whether it
 * (or each group of it, with `--by`) can meet the rules. Groups are judged exactly as a file
 * holding only that group would be, so a verdict per la_code is the verdict for that area.
 */
import type { Case } from '../cohort/case.js';
import type { CohortSummary, InvalidRow } from '../cohort/summary.js';
import { caseFromRow, rowSchema, type Row } from '../cohort/row-schema.js';
import { canonicalRuleColumn, caseValues, columnReader, type ColumnReader } from '../rules/columns.js';
import { foldRuleColumn, nfc } from '../spelling.js';
import type { Rules } from '../rules/schema.js';
import { countValidSamples } from '../solver/count.js';
import { explainInfeasible, feasibilityOf, sameCohort, smallestConflicts, type Explanation } from '../solver/explain.js';
import { notRelaxed, relax, type Relaxation } from '../solver/relax.js';
import type { Problem } from '../solver/problem.js';
import { countTallies, countTalliesInWorkers, createTally, type Tally } from '../solver/tally.js';
import { workersFor } from '../threads.js';
import { ruleSupplies, type Coverage, type RuleSupply } from './coverage.js';
import { plural } from '../words.js';

export interface Verdict {
  /** Whether a sample meets every rule as given. */
  feasible: boolean;
  /** The exact number of valid samples: under the eased rules when --relax eased them. */
  validSamples: bigint;
  /** Why no sample meets the rules as given. */
  explanation: Explanation | null;
  /** What --relax did for this cohort; null without --relax. */
  relaxation: Relaxation | null;
}

/**
 * Whether a sample can be drawn: under the rules as given, or under the verdict's own easing
 * (--relax). A group that is not judged (`feasible` null) stands in no one's way.
 */
export function canDraw(v: { feasible: boolean | null; relaxation: Relaxation | null }): boolean {
  return v.feasible !== false || (v.relaxation?.relaxed ?? false);
}

/** The group of rows whose `--by` value is itself invalid (a setting that is not a code, say). */
export const INVALID_GROUP = '(invalid)';

/** One group of `check --by` (or the whole file, as one group, for `check --out`). */
export interface GroupVerdict {
  /** The group's value in the --by column; `null` for cases with none. */
  key: string | null;
  /** Data rows in the group, valid or not. */
  rows: number;
  validRows: number;
  invalidRows: number;
  /** `null` for the {@link INVALID_GROUP}, which is not a group anyone is judging. */
  feasible: boolean | null;
  validSamples: bigint | null;
  /** What the group is short of, in words, when it cannot meet the rules. */
  short: string | null;
  /** What each enabled rule can draw on in this group. */
  supply: RuleSupply[];
  /** The ids of the rules it cannot meet (`size` for too few cases), for the page's chart. */
  failing: string[];
  /** The full explanation (conflicts, facts, single changes that help): costly, so on demand. */
  explain(): Explanation | null;
  /**
   * With --relax, the group's own smallest easing when it cannot meet the rules as given
   * (`validSamples` is then the count under it); null without --relax or for (invalid).
   */
  relaxation: Relaxation | null;
}

export interface CheckReport {
  summary: CohortSummary;
  rules: Rules;
  rulesSource: string;
  coverage: Coverage;
  /**
   * The file has invalid rows and --skip-invalid was not given: no verdict, since one on the
   * rows that happen to be valid would answer a question nobody asked.
   */
  refused: boolean;
  /** The verdict on the whole cohort; `null` when refused or with --by. */
  verdict: Verdict | null;
  /** With --by: one verdict per value, in order of first appearance in the file. */
  by: { column: string; groups: GroupVerdict[] } | null;
}

/**
 * Whether a cohort (or a tally of it) can make a sample that meets the rules; why not when not;
 * and with `relaxOn`, the smallest easing that lets it and the count under that easing.
 */
export function judge(problem: Problem, relaxOn = false): Verdict {
  const count = countValidSamples(problem);
  if (count > 0n) return { feasible: true, validSamples: count, explanation: null, relaxation: relaxOn ? notRelaxed(problem.rules, true) : null };
  const explanation = explainInfeasible(problem);
  if (!relaxOn) return { feasible: false, validSamples: 0n, explanation, relaxation: null };
  const { relaxation, validSamples } = relaxAndCount(problem);
  return { feasible: false, validSamples, explanation, relaxation };
}

/** --relax for a cohort with no valid sample: the easing, and the exact count under it. */
function relaxAndCount(problem: Problem): { relaxation: Relaxation; validSamples: bigint } {
  const relaxation = relax(problem);
  return { relaxation, validSamples: relaxation.relaxed ? countValidSamples(sameCohort(problem, relaxation.rules)) : 0n };
}

/** The --by value of a case: its first value in that column (the primary need's, for need_area). */
export function groupKey(c: Case, column: string, rules: Rules): string | null {
  const v = caseValues(c, column, rules)[0];
  // NFC: `Ynys Môn` with a composed or a combining accent is one group.
  return v === undefined ? null : nfc(v);
}

/**
 * The --by column as the report names it: a rule column by its canonical name (`LA Code` is
 * `la_code`), an extra column by its header as written in the file.
 */
export function byColumnName(column: string, extraHeaders: readonly string[]): string {
  const known = canonicalRuleColumn(column);
  if (known !== undefined) return known;
  return extraHeaders.find((h) => foldRuleColumn(h) === foldRuleColumn(column)) ?? column;
}

/** The canonical column a derived one is read from: an invalid source puts the row in (invalid). */
const SOURCE_COLUMN: Record<string, keyof Row> = { need_area: 'primary_need', age_band: 'age', alternative_provision: 'setting' };

/** A valid row, to stand in for an invalid row's other columns when only its group is wanted. */
const STAND_IN: Row = {
  case_id: 'stand-in',
  age: 10,
  sen_status: 'SEN support',
  primary_need: 'SLCN',
  setting: 'mainstream',
  service_stage: 'established',
};

/**
 * The group of an invalid row: its --by value read exactly as a valid row's would be (the
 * same schema field, the same derivation), or {@link INVALID_GROUP} when that value is itself
 * what is wrong, or the row's fields cannot be told apart (a ragged row).
 */
export function invalidRowKey(row: InvalidRow, column: string, rules: Rules): string | null {
  if (row.raw === null) return INVALID_GROUP;
  const wanted = canonicalRuleColumn(column);
  const source = wanted === undefined ? null : (SOURCE_COLUMN[wanted] ?? (wanted as keyof Row));
  const partial: Row = { ...STAND_IN };
  if (source !== null) {
    if (row.columns.includes(source)) return INVALID_GROUP;
    const parsed = rowSchema.shape[source].safeParse(row.raw[source]);
    if (!parsed.success) return INVALID_GROUP;
    (partial as Record<string, unknown>)[source] = parsed.data;
  }
  return groupKey(caseFromRow(partial, 0, row.extra ?? {}), column, rules);
}

/**
 * The rules a group plainly cannot meet, read off its supply: fewer cases than the size, fewer
 * than a rule's `atLeast`, fewer distinct values than a spread asks, or too few cases once no
 * more than `atMost` are taken per value. Each is a necessary condition, so a group failing one
 * has no valid sample and needs no counting (the tests check this against the count).
 */
export function plainShortfalls(supply: readonly RuleSupply[], validRows: number, rules: Rules): Shortfall[] {
  const found: Shortfall[] = [];
  const out = { push: (words: string) => found.push({ id: words.slice(0, words.indexOf(':')), words }) };
  if (validRows < rules.size) out.push(`size: ${plural(validRows, 'valid case')} (needs ${rules.size})`);
  for (const s of supply) {
    const rule = rules.rules.find((r) => r.id === s.id);
    if (rule === undefined || !rule.enabled) continue;
    if (rule.kind === 'at-least') {
      if (rule.each) {
        const lacking = Object.entries(s.byValue).filter(([, n]) => n < rule.atLeast);
        if (lacking.length > 0) out.push(`${rule.id}: ${lacking.map(([v, n]) => `${n} ${v}`).join(', ')} (needs ${rule.atLeast} of each)`);
      } else if (s.supply < rule.atLeast) {
        out.push(`${rule.id}: ${plural(s.supply, 'case')} (needs ${rule.atLeast})`);
      }
      continue;
    }
    // A spread can fall short twice (too few values, too little room under its cap): one
    // shortfall per rule all the same, so the rule is named once.
    const counts = Object.values(s.byValue).filter((n) => n > 0);
    const parts: string[] = [];
    if (rule.distinct !== undefined && counts.length < rule.distinct) {
      parts.push(`${plural(counts.length, `${rule.column} value`)} (needs ${rule.distinct})`);
    }
    if (rule.atMost !== undefined) {
      const room = counts.reduce((n, c) => n + Math.min(c, rule.atMost!), 0) + (validRows - s.supply);
      if (room < rules.size && validRows >= rules.size) {
        parts.push(`room for ${plural(room, 'pick')} at ${rule.atMost} per ${rule.column} (needs ${rules.size})`);
      }
    }
    if (parts.length > 0) out.push(`${rule.id}: ${parts.join(', and ')}`);
  }
  return found;
}

/** A rule a group plainly cannot meet, and what it has against what it needs, in words. */
export interface Shortfall {
  id: string;
  words: string;
}

const wordsOf = (s: readonly Shortfall[]) => s.map((x) => x.words).join('; ');
const idsOf = (s: readonly Shortfall[]) => [...new Set(s.map((x) => x.id))];

/** "need-areas with sen-support cannot be met together", from the smallest conflicts. */
export function conflictWords(conflicts: readonly (readonly string[])[]): string {
  if (conflicts.length === 0) return 'every three rules can be met, but not all of them together';
  return conflicts.map((ids) => (ids.length === 1 ? `${ids[0]} cannot be met` : `${ids.join(' with ')} cannot be met together`)).join('; or ');
}

/** The whole file as one group: the one row of `check --out` without --by. */
export function fileGroup(report: CheckReport): GroupVerdict {
  const { summary, verdict } = report;
  const shortfalls = plainShortfalls(report.coverage.ruleSupply, summary.valid, report.rules);
  const explanation = verdict?.explanation ?? null;
  return {
    key: null,
    rows: summary.rows,
    validRows: summary.valid,
    invalidRows: summary.rows - summary.valid,
    feasible: verdict?.feasible ?? null,
    validSamples: verdict?.validSamples ?? null,
    short: verdict === null || verdict.feasible ? null : shortfalls.length > 0 ? wordsOf(shortfalls) : conflictWords(explanation?.conflicts ?? []),
    supply: report.coverage.ruleSupply,
    failing: verdict === null || verdict.feasible ? [] : shortfalls.length > 0 ? idsOf(shortfalls) : [...new Set((explanation?.conflicts ?? []).flat())],
    explain: () => explanation,
    relaxation: verdict?.relaxation ?? null,
  };
}

interface Group {
  tally: Tally;
  invalid: number;
}

/**
 * Groups to count before worker threads are worth starting: a group of the handbook rules takes
 * about 20 ms to count, a worker about as long to start.
 */
const COUNT_IN_WORKERS_FROM = 16;

/**
 * Cases split by a column as they stream past, each group a tally (kinds of case, not rows),
 * so `check` reads the file once whether or not `--by` is given. Invalid rows are counted in
 * their group too ({@link addInvalid}), so an analyst sees which areas send bad rows.
 */
export class GroupAccumulator {
  private readonly groups = new Map<string | null, Group>();
  /**
   * Each case's group by its value as read (before NFC): a national file has a few hundred
   * values in millions of rows, so the key is worked out once per value, not once per row.
   */
  private readonly byValue = new Map<string | undefined, Group>();
  private lastValue: string | undefined;
  private lastGroup: Group | undefined;
  private readonly read: ColumnReader;

  constructor(
    readonly column: string,
    private readonly rules: Rules,
    /** --relax: each group that cannot meet the rules gets its own smallest easing. */
    private readonly relaxOn = false,
  ) {
    this.read = columnReader(column, rules);
  }

  private group(key: string | null): Group {
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { tally: createTally(this.rules), invalid: 0 };
      this.groups.set(key, group);
    }
    return group;
  }

  /** `kind`: the case's kind in check's coverage, when known (see Tally.addOfKind). */
  add(c: Case, kind?: number): void {
    // The first value, as groupKey reads it.
    const value = this.read(c)[0];
    let group = this.lastGroup;
    if (value !== this.lastValue || group === undefined) {
      group = this.byValue.get(value);
      if (group === undefined) {
        group = this.group(value === undefined ? null : nfc(value));
        this.byValue.set(value, group);
      }
      this.lastValue = value;
      this.lastGroup = group;
    }
    if (kind === undefined) group.tally.add(c);
    else group.tally.addOfKind(c, kind);
  }

  addInvalid(row: InvalidRow): void {
    this.group(invalidRowKey(row, this.column, this.rules)).invalid++;
  }

  get size(): number {
    return this.groups.size;
  }

  /** The groups' values so far, in order of first appearance. */
  get keys(): (string | null)[] {
    return [...this.groups.keys()];
  }

  /**
   * Judges every group. A group that plainly cannot meet a rule (too few cases in alternative
   * provision, say) is decided from its supply without counting; the rest are counted together
   * over one shared graph (each exactly as if it were a file of its own). Only a counted group
   * with no valid sample is searched for the rules that conflict. `onGroup` reports progress.
   * Many groups are counted on worker threads (`workers`; default from the cores when there
   * are at least COUNT_IN_WORKERS_FROM groups to count), with the same results.
   */
  async judgeAll(onProgress?: (what: string, done: number, total: number) => void, workers?: number): Promise<GroupVerdict[]> {
    const rules = this.rules;
    const entries = [...this.groups];
    const verdicts: GroupVerdict[] = entries.map(([key, g], i) => {
      onProgress?.('sorting', i + 1, entries.length);
      const kinds = g.tally.kinds();
      const supply = ruleSupplies(kinds, rules);
      const valid = g.tally.rows;
      const judged = key !== INVALID_GROUP || valid > 0;
      const shortfalls = judged ? plainShortfalls(supply, valid, rules) : [];
      let explanation: Explanation | null | undefined;
      return {
        key,
        rows: valid + g.invalid,
        validRows: valid,
        invalidRows: g.invalid,
        feasible: judged ? (shortfalls.length > 0 ? false : null) : null,
        validSamples: judged && shortfalls.length > 0 ? 0n : null,
        short: shortfalls.length > 0 ? wordsOf(shortfalls) : null,
        supply,
        failing: idsOf(shortfalls),
        explain() {
          if (this.feasible !== false) return null;
          return (explanation ??= explainInfeasible(g.tally.problem()));
        },
        relaxation: null,
      };
    });
    const toCount = verdicts.map((_, i) => i).filter((i) => verdicts[i]!.feasible === null && (verdicts[i]!.key !== INVALID_GROUP || verdicts[i]!.validRows > 0));
    const tallies = toCount.map((i) => entries[i]![1].tally);
    const onCounted = (done: number) => onProgress?.('counting', done, toCount.length);
    const threads = workers ?? (toCount.length >= COUNT_IN_WORKERS_FROM ? workersFor(toCount.length) : 0);
    const counts = threads > 0 ? await countTalliesInWorkers(tallies, rules, threads, onCounted) : countTallies(tallies, rules, onCounted);
    toCount.forEach((i, n) => {
      const v = verdicts[i]!;
      v.validSamples = counts[n]!;
      v.feasible = v.validSamples > 0n;
      if (!v.feasible) {
        const conflicts = smallestConflicts(rules, feasibilityOf(entries[i]![1].tally.problem()));
        v.short = conflictWords(conflicts);
        v.failing = [...new Set(conflicts.flat())];
      }
    });
    if (this.relaxOn) {
      verdicts.forEach((v, i) => {
        if (v.feasible === true) v.relaxation = notRelaxed(rules, true);
        else if (v.feasible === false) {
          onProgress?.('easing', i + 1, verdicts.length);
          const eased = relaxAndCount(entries[i]![1].tally.problem());
          v.relaxation = eased.relaxation;
          v.validSamples = eased.validSamples;
        }
      });
    }
    return verdicts;
  }
}
