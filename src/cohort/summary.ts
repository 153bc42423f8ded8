/**
 * What a cohort read is asked to do (ReadOptions) and what it says about the file
 * (CohortSummary): shared by the stream reader (read.ts), the record reader (records.ts) and
 * every report that names the file it read.
 */
import type { CanonicalColumn } from './columns.js';
import type { Mapping } from './mapping.js';
import type { CohortProblem } from './problems.js';

export interface ReadOptions {
  /** Local column names and values (see mapping.ts). */
  mapping?: Mapping;
  /**
   * Go on despite identifier-like columns or case_ids: such columns are withheld (they never
   * reach Case.extra or a message) and identifier-shaped case_ids become `line-<N>`.
   */
  allowIdentifiers?: boolean;
  /** Leave invalid rows out, listing each in `summary.skipped`, instead of throwing. */
  skipInvalid?: boolean;
  /** Called at most every ~64 KiB of input, and once at the end. */
  onProgress?: (bytesRead: number, totalBytes: number | null) => void;
}

export interface CohortSummary {
  /** The file as given ('-' shown as 'stdin'). */
  file: string;
  /** Of the raw bytes, so an audit record can name exactly which file was read. */
  sha256: string;
  /** Data rows read (blank lines not counted). */
  rows: number;
  /** Rows that became cases. */
  valid: number;
  columns: {
    found: string[];
    canonical: Partial<Record<CanonicalColumn, string>>;
    extra: string[];
    withheld: string[];
  };
  /** Every row left out with `skipInvalid`, one problem each (the first; the message names the rest). */
  skipped: CohortProblem[];
  /** Not fatal but worth saying: a semicolon-delimited file, withheld columns, masked ids. */
  warnings: CohortProblem[];
  /** case_ids replaced by `line-<N>` because they looked like identifiers. */
  maskedIds: number;
}
