/**
 * The `--json` objects of `draw`, `check` and `odds`, built from the library's results. Their
 * shapes, and the vocabulary they share, are in schema.ts. Exact counts are bigints in the
 * library and decimal strings here.
 */
import type { CohortProblem } from '../cohort/problems.js';
import type { CohortSummary } from '../cohort/summary.js';
import { describeRule, describeSize } from '../rules/describe.js';
import type { RuleResult } from '../rules/evaluate.js';
import type { Rules } from '../rules/schema.js';
import type { Explanation } from '../solver/explain.js';
import type { DrawResult } from '../solver/sample.js';
import type { Relaxation } from '../solver/relax.js';
import type { CheckReport, GroupVerdict, Verdict } from '../analysis/check.js';
import type { Coverage, RuleSupply } from '../analysis/coverage.js';
import { caseFields } from './fields.js';
import type { OddsReport } from '../analysis/odds.js';
import {
  FORMAT_VERSION,
  type CheckJson,
  type CohortJson,
  type CoverageJson,
  type DrawJson,
  type ExplanationJson,
  type GroupJson,
  type SupplyJson,
  type OddsJson,
  type ProblemJson,
  type RuleJson,
  type RelaxationJson,
  type RuleResultJson,
} from './schema.js';

export function relaxationJson(r: Relaxation | null | undefined): RelaxationJson {
  return { relaxed: r?.relaxed ?? false, relaxation: r?.easings.map((e) => ({ ...e })) ?? [] };
}

/** `feasible` is about the rules as given; picks, counts and `satisfied` are under those in force. */
function feasibleAsGiven(feasible: boolean, r: Relaxation | null | undefined): boolean {
  return r?.relaxed ? false : feasible;
}

export function cohortJson(summary: CohortSummary): CohortJson {
  return {
    file: summary.file,
    ...(summary.sheet !== undefined && { sheet: summary.sheet }),
    ...(summary.ageOn !== undefined && { age_on: summary.ageOn }),
    rows: summary.rows,
    valid: summary.valid,
    skipped: summary.skipped.length,
    sha256: summary.sha256,
  };
}

/** The relaxed rules themselves are left out: `change` says exactly what to edit. */
export function explanationJson(e: Explanation | null): ExplanationJson | null {
  if (e === null) return null;
  return {
    summary: e.summary,
    conflicts: e.conflicts,
    facts: e.facts,
    relaxations: e.relaxations.map((r) => ({ change: r.change, valid_samples: r.validSamples.toString() })),
  };
}

export type { GroupJson, SupplyJson };

/** The rules in force, `size` first, as every document lists them. */
export function rulesJson(rules: Rules): RuleJson[] {
  return [
    { id: 'size', description: describeSize(rules) },
    ...rules.rules.filter((r) => r.enabled).map((r) => ({ id: r.id, description: describeRule(r) })),
  ];
}

/** How a sample stands against one rule: the one shape of `rule_results` wherever it appears. */
export function ruleResultJson(r: RuleResult): RuleResultJson {
  return { id: r.id, description: r.description, satisfied: r.satisfied, progress: r.progress, shortfall: r.shortfall };
}

export function drawJson(result: DrawResult, summary: CohortSummary, rules: Rules, relaxation: Relaxation | null = null): DrawJson {
  return {
    format_version: FORMAT_VERSION,
    feasible: feasibleAsGiven(result.feasible, relaxation),
    ...relaxationJson(relaxation),
    seed: result.seed,
    selection: result.selection,
    smallest_chance: result.fairRange?.smallest ?? null,
    largest_chance: result.fairRange?.largest ?? null,
    size: rules.size,
    cohort: cohortJson(summary),
    rules: rulesJson(rules),
    picks: result.picks.map((p) => ({ ...caseFields(p.case, rules), covers: p.covers, pinned: p.pinned })),
    reserves: result.reserves.map((r) => ({ ...caseFields(r.case, rules), replaces: r.replaces })),
    rule_results: result.ruleResults.map(ruleResultJson),
    valid_samples: result.validSamples.toString(),
    explanation: explanationJson(result.explanation),
  };
}

/** `file` is left out: every problem of one check is about the same file. */
function problemJson(p: CohortProblem): ProblemJson {
  return {
    kind: p.kind,
    line: p.line,
    ...(p.endLine !== undefined && { end_line: p.endLine }),
    ...(p.sheet !== undefined && { sheet: p.sheet }),
    column: p.column,
    value: p.value,
    reason: p.reason,
    message: p.message,
  };
}

/** `valid_samples` is under the eased rules when relaxed; `explanation` is about the rules as given. */
function verdictJson(v: Verdict): Pick<CheckJson, 'feasible' | 'valid_samples' | 'explanation' | 'relaxed' | 'relaxation'> & { feasible: boolean; valid_samples: string } {
  return {
    feasible: v.feasible,
    ...relaxationJson(v.relaxation),
    valid_samples: v.validSamples.toString(),
    explanation: explanationJson(v.explanation),
  };
}

/**
 * Per rule id: the cases per value for an at-least rule over each of its values (need areas),
 * the cases that count for any other at-least rule, the distinct values for a spread.
 */
export function supplyJson(supply: readonly RuleSupply[], rules: Rules): SupplyJson {
  const out: SupplyJson = {};
  for (const s of supply) {
    const rule = rules.rules.find((r) => r.id === s.id);
    if (rule?.kind === 'at-least' && rule.each) out[s.id] = { ...s.byValue };
    else if (rule?.kind === 'at-least') out[s.id] = s.supply;
    else out[s.id] = Object.values(s.byValue).filter((n) => n > 0).length;
  }
  return out;
}

/**
 * One group of `check --by` (or the whole file): flat apart from `supply`, so that
 * `pandas.json_normalize(groups, sep=".")` gives exactly the columns of `check --out F.csv`,
 * which is written from these same objects (check-table.ts). The --by column comes first,
 * named as the column is (`la_code`).
 */
export function groupJson(column: string | null, g: GroupVerdict, rules: Rules): GroupJson {
  return {
    ...(column !== null && { [column]: g.key }),
    rows: g.rows,
    valid_rows: g.validRows,
    invalid_rows: g.invalidRows,
    feasible: g.feasible,
    valid_samples: g.validSamples === null ? null : g.validSamples.toString(),
    short: g.short,
    ...relaxationJson(g.relaxation),
    supply: supplyJson(g.supply, rules),
  } as GroupJson;
}

export function checkJson(report: CheckReport): CheckJson {
  const { summary, verdict, by } = report;
  const out: CheckJson = {
    format_version: FORMAT_VERSION,
    cohort: {
      ...cohortJson(summary),
      columns: { found: summary.columns.found, extra: summary.columns.extra, withheld: summary.columns.withheld },
    },
    size: report.rules.size,
    rules: rulesJson(report.rules),
    problems: { invalid_rows: summary.skipped.map(problemJson), warnings: summary.warnings.map(problemJson) },
    coverage: coverageJson(report.coverage),
    refused: report.refused,
    feasible: null,
    // With --by, each group has its own relaxation: `relaxed` says whether any group's rules
    // were eased, and `relaxation` is left empty here (see each group's).
    relaxed: false,
    relaxation: [],
    valid_samples: null,
    explanation: null,
  };
  if (by !== null) {
    out.by = by.column;
    out.groups = by.groups.map((g) => groupJson(by.column, g, report.rules));
    out.relaxed = by.groups.some((g) => g.relaxation?.relaxed ?? false);
    if (!report.refused) out.feasible = by.groups.every((g) => g.feasible);
  } else if (verdict !== null) {
    Object.assign(out, verdictJson(verdict));
  }
  return out;
}

/** Coverage as JSON: the per-rule supply under a name that says what it is. */
function coverageJson(c: Coverage): CoverageJson {
  const { ruleSupply, needAreaByAgeBand, ...rest } = c;
  return {
    ...rest,
    need_area_by_age_band: needAreaByAgeBand,
    rule_supply: ruleSupply.map(({ byValue, ...s }) => ({ ...s, by_value: byValue })),
  };
}

/** JSON text with bigints as decimal strings, whatever object they sit in. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

/** The summary only: one row per case is what `odds --out F.csv` is for. */
export function oddsJson(report: OddsReport, summary: CohortSummary, rules: Rules, relaxation: Relaxation | null = null): OddsJson {
  return {
    format_version: FORMAT_VERSION,
    cohort: cohortJson(summary),
    size: report.size,
    rules: rulesJson(rules),
    selection: report.selection,
    smallest_chance: report.range?.smallest ?? null,
    largest_chance: report.range?.largest ?? null,
    uniform_smallest_chance: report.uniformRange?.smallest ?? null,
    uniform_largest_chance: report.uniformRange?.largest ?? null,
    feasible: feasibleAsGiven(report.feasible, relaxation),
    ...relaxationJson(relaxation),
    valid_samples: report.validSamples.toString(),
    explanation: explanationJson(report.explanation),
    cases: report.cases,
    by_rule: report.byRule,
    groups: report.groups,
    never: report.never,
    pinned: report.pinned,
    excluded: report.excluded,
  };
}
