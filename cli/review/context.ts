import type { Selection } from '../../src/solver/selection.js';
import type { Case } from '../../src/cohort/case.js';
import type { CohortSummary } from '../../src/cohort/summary.js';
import type { Rules } from '../../src/rules/schema.js';
import type { Relaxation } from '../../src/solver/relax.js';

/**
 * What the command line hands the review screen: the cohort already read and checked (so a
 * data problem is a clear message before Ink starts, never an error box), the rules, and the
 * draw options as given.
 */
export interface ReviewContext {
  cohortFile: string;
  summary: CohortSummary;
  cases: Case[];
  /** The rules in force: eased when --relax eased them (swaps are judged against these). */
  rules: Rules;
  /** With --relax: what gave way (null or absent without --relax). */
  relaxation?: Relaxation | null;
  /** The rules as given, when they differ from `rules` (--relax eased them). */
  givenRules?: Rules;
  /** The --exclude-file and the case_ids it contributed, for the audit record. */
  excludeFile?: { path: string; caseIds: string[] } | null;
  /** Where the rules came from, for the audit record: a path or "handbook defaults". */
  rulesSource: string;
  seed: string;
  /** How the first draw chooses among the valid samples (default uniform). */
  selection?: Selection;
  pins: string[];
  excludes: string[];
  reserves: number;
  /** Where `w` writes the sample CSV (its audit record goes beside it as NAME.audit.json). */
  out: string;
  /** The session file (saved after every change). */
  sessionFile: string;
  /** Bring back the session in sessionFile instead of drawing afresh. */
  resume: boolean;
  toolVersion: string;
  /**
   * The read options as given, for the audit record's `options` (its rerun command repeats
   * them). Optional so that a caller that has none need not say so; absent means off / none.
   */
  skipInvalid?: boolean;
  allowIdentifiers?: boolean;
  /** The mapping file given with --map, or null. */
  mapping?: string | null;
  /** --sheet and --header-row, for the rerun command. */
  sheet?: string | null;
  headerRow?: number | null;
  /** The files the command read (cohort, rules, mapping): no write may replace one of them. */
  inputs?: readonly string[];
}
