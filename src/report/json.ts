/**
 * The `--json` objects of `draw` and `check` (README.md, "Commands"). Exact
 * counts are bigints in the library and decimal strings here: JSON numbers lose exactness past
 * 2^53, and a count of valid samples passes that on any real cohort.
 */
import type { CohortProblem } from '../cohort/problems.js';
import type { CohortSummary } from '../cohort/summary.js';
import type { RuleResult } from '../rules/evaluate.js';
import type { Rules } from '../rules/schema.js';
import type { Explanation } from '../solver/explain.js';
import type { DrawResult } from '../solver/sample.js';
import type { Relaxation } from '../solver/relax.js';
import type { Easing } from '../rules/ease.js';
import type { CheckReport, GroupVerdict, Verdict } from '../analysis/check.js';
import type { Coverage, RuleSupply } from '../analysis/coverage.js';
import { caseFields, type CaseFields } from './fields.js';
import type { OddsReport } from '../analysis/odds.js';

export interface CohortJson {
  file: string;
  rows: number;
  valid: number;
  /** Rows left out with --skip-invalid. */
  skipped: number;
  sha256: string;
  /** For a workbook, the sheet read. */
  sheet?: string;
}

export interface ExplanationJson {
  summary: string;
  conflicts: string[][];
  facts: string[];
  relaxations: { change: string; valid_samples: string }[];
}

export interface RuleJson {
  id: string;
  description: string;
  satisfied: boolean;
  progress: string;
  shortfall: string | null;
}

/**
 * What --relax eased, kept apart from the explanation's suggested relaxations (which say what
 * would help; these say what was done). Always present: `relaxed` false and `[]` when nothing
 * gave way, with or without --relax.
 */
export interface RelaxationJson {
  relaxed: boolean;
  relaxation: Easing[];
}

export function relaxationJson(r: Relaxation | null | undefined): RelaxationJson {
  return { relaxed: r?.relaxed ?? false, relaxation: r?.easings.map((e) => ({ ...e })) ?? [] };
}

/** `feasible` is about the rules as given; picks, counts and `satisfied` are under those in force. */
function feasibleAsGiven(feasible: boolean, r: Relaxation | null | undefined): boolean {
  return r?.relaxed ? false : feasible;
}

export interface DrawJson extends RelaxationJson {
  /** Whether a sample meets every rule as given (false when --relax eased some). */
  feasible: boolean;
  seed: string;
  /** uniform or fair: how the sample was chosen among the valid ones. */
  selection: DrawResult['selection'];
  /** Under fair selection, the smallest and largest chance of a case that can be picked (else null). */
  smallest_chance: number | null;
  largest_chance: number | null;
  size: number;
  cohort: CohortJson;
  picks: (CaseFields & { covers: string[]; pinned: boolean })[];
  reserves: (CaseFields & { replaces: string[] })[];
  rules: RuleJson[];
  valid_samples: string;
  explanation: ExplanationJson | null;
}

export function cohortJson(summary: CohortSummary): CohortJson {
  return {
    file: summary.file,
    ...(summary.sheet !== undefined && { sheet: summary.sheet }),
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
    relaxations: e.relaxations.map((r) => ({ change: r.change, valid_samples: r.valid_samples.toString() })),
  };
}

function ruleJson(r: RuleResult): RuleJson {
  return { id: r.id, description: r.description, satisfied: r.satisfied, progress: r.progress, shortfall: r.shortfall };
}

export function drawJson(result: DrawResult, summary: CohortSummary, rules: Rules, relaxation: Relaxation | null = null): DrawJson {
  return {
    feasible: feasibleAsGiven(result.feasible, relaxation),
    ...relaxationJson(relaxation),
    seed: result.seed,
    selection: result.selection,
    smallest_chance: result.fairRange?.smallest ?? null,
    largest_chance: result.fairRange?.largest ?? null,
    size: rules.size,
    cohort: cohortJson(summary),
    picks: result.picks.map((p) => ({ ...caseFields(p.case, rules), covers: p.covers, pinned: p.pinned })),
    reserves: result.reserves.map((r) => ({ ...caseFields(r.case, rules), replaces: r.replaces })),
    rules: result.rules.map(ruleJson),
    valid_samples: result.valid_samples.toString(),
    explanation: explanationJson(result.explanation),
  };
}

export interface ProblemJson {
  kind: string;
  line: number | null;
  /** In a workbook, the sheet; `line` is then its row number. */
  sheet?: string;
  column: string | null;
  value: string | null;
  reason: string;
  message: string;
}

/** `file` is left out: every problem of one check is about the same file. */
function problemJson(p: CohortProblem): ProblemJson {
  return {
    kind: p.kind,
    line: p.line,
    ...(p.sheet !== undefined && { sheet: p.sheet }),
    column: p.column,
    value: p.value,
    reason: p.reason,
    message: p.message,
  };
}

export interface VerdictJson extends RelaxationJson {
  /** Whether a sample meets every rule as given. */
  feasible: boolean;
  /** Under the eased rules when `relaxed`. */
  valid_samples: string;
  /** Why the rules as given cannot be met (present with --relax too: it explains what gave way). */
  explanation: ExplanationJson | null;
}

function verdictJson(v: Verdict): VerdictJson {
  return {
    feasible: v.feasible,
    ...relaxationJson(v.relaxation),
    valid_samples: v.valid_samples.toString(),
    explanation: explanationJson(v.explanation),
  };
}

export interface CheckJson extends RelaxationJson {
  cohort: CohortJson & { columns: { found: string[]; extra: string[]; withheld: string[] } };
  size: number;
  rules: { id: string; description: string }[];
  problems: {
    /** Invalid rows, each with its first problem. */
    invalid_rows: ProblemJson[];
    warnings: ProblemJson[];
  };
  coverage: Coverage;
  /** Invalid rows were found and --skip-invalid was not given: no verdict. */
  refused: boolean;
  /**
   * Whether a valid sample exists; with --by, whether one exists in every group (the exit
   * code says the same). `null` when refused.
   */
  feasible: boolean | null;
  /** Without --by, the exact count; with --by it is per group (see `groups`), so null here. */
  valid_samples: string | null;
  explanation: ExplanationJson | null;
  by?: string;
  groups?: GroupJson[];
}

/**
 * One group of `check --by` (or the whole file): flat apart from `supply`, so that
 * `pandas.json_normalize(groups, sep=".")` gives exactly the columns of `check --out F.csv`,
 * which is written from these same objects (check-table.ts). The --by column comes first,
 * named as the column is (`la_code`).
 */
export type GroupJson = {
  [column: string]: string | number | boolean | null | SupplyJson;
} & {
  rows: number;
  valid_rows: number;
  invalid_rows: number;
  feasible: boolean | null;
  valid_samples: string | null;
  short: string | null;
  /** With --relax: whether this group's rules were eased, and how (its own relaxation). */
  relaxed: boolean;
  relaxation: Easing[];
  supply: SupplyJson;
};

/**
 * Per rule id: the cases per value for an at-least rule over each of its values (need areas),
 * the cases that count for any other at-least rule, the distinct values for a spread.
 */
export type SupplyJson = Record<string, number | Record<string, number>>;

export function supplyJson(supply: readonly RuleSupply[], rules: Rules): SupplyJson {
  const out: SupplyJson = {};
  for (const s of supply) {
    const rule = rules.rules.find((r) => r.id === s.id);
    if (rule?.kind === 'at-least' && rule.each) out[s.id] = { ...s.by_value };
    else if (rule?.kind === 'at-least') out[s.id] = s.supply;
    else out[s.id] = Object.values(s.by_value).filter((n) => n > 0).length;
  }
  return out;
}

export function groupJson(column: string | null, g: GroupVerdict, rules: Rules): GroupJson {
  return {
    ...(column !== null && { [column]: g.key }),
    rows: g.rows,
    valid_rows: g.valid_rows,
    invalid_rows: g.invalid_rows,
    feasible: g.feasible,
    valid_samples: g.valid_samples === null ? null : g.valid_samples.toString(),
    short: g.short,
    ...relaxationJson(g.relaxation),
    supply: supplyJson(g.supply, rules),
  } as GroupJson;
}

export function checkJson(report: CheckReport): CheckJson {
  const { summary, verdict, by } = report;
  const out: CheckJson = {
    cohort: {
      ...cohortJson(summary),
      columns: { found: summary.columns.found, extra: summary.columns.extra, withheld: summary.columns.withheld },
    },
    size: report.rules.size,
    rules: report.rules.rules.filter((r) => r.enabled).map((r) => ({ id: r.id, description: r.description ?? r.id })),
    problems: { invalid_rows: summary.skipped.map(problemJson), warnings: summary.warnings.map(problemJson) },
    coverage: report.coverage,
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

/** JSON text with bigints as decimal strings, whatever object they sit in. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

export interface OddsJson extends RelaxationJson {
  cohort: CohortJson;
  size: number;
  selection: OddsReport['selection'];
  /** Among cases that can be picked (pins aside), under the selection asked for and under uniform. */
  smallest_chance: number | null;
  largest_chance: number | null;
  uniform_smallest_chance: number | null;
  uniform_largest_chance: number | null;
  /** About the rules as given; the chances are under the rules in force (eased with --relax). */
  feasible: boolean;
  valid_samples: string;
  explanation: ExplanationJson | null;
  cases: number;
  by_rule: OddsReport['byRule'];
  groups: OddsReport['groups'];
  never: OddsReport['never'];
  pinned: string[];
  excluded: string[];
}

/** The summary only: one row per case is what `odds --out F.csv` is for. */
export function oddsJson(report: OddsReport, summary: CohortSummary, relaxation: Relaxation | null = null): OddsJson {
  return {
    cohort: cohortJson(summary),
    size: report.size,
    selection: report.selection,
    smallest_chance: report.range?.smallest ?? null,
    largest_chance: report.range?.largest ?? null,
    uniform_smallest_chance: report.uniformRange?.smallest ?? null,
    uniform_largest_chance: report.uniformRange?.largest ?? null,
    feasible: feasibleAsGiven(report.feasible, relaxation),
    ...relaxationJson(relaxation),
    valid_samples: report.valid_samples.toString(),
    explanation: explanationJson(report.explanation),
    cases: report.cases,
    by_rule: report.byRule,
    groups: report.groups,
    never: report.never,
    pinned: report.pinned,
    excluded: report.excluded,
  };
}
