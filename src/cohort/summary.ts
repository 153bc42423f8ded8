/**
 * What a cohort read is asked to do (ReadOptions) and what it says about the file
 * (CohortSummary): shared by the stream reader (read.ts), the record reader (records.ts) and
 * every report that names the file it read.
 */
import type { CanonicalColumn } from './columns.js';
import type { Mapping } from './mapping.js';
import type { CohortProblem } from './problems.js';
import type { RawRow } from './row-schema.js';

/**
 * An invalid row as `check --by` sees it, to count it in its group: its trimmed canonical
 * values (`null` for a ragged row, whose fields cannot be told apart), its extra columns,
 * and the columns its problems are in.
 */
export interface InvalidRow {
  raw: RawRow | null;
  extra: Record<string, string> | null;
  columns: (string | null)[];
}

export interface ReadOptions {
  /** Local column names and values (see mapping.ts). */
  mapping?: Mapping;
  /**
   * Go on despite identifier-like columns or case_ids: such columns are withheld (they never
   * reach Case.extra or a message) and identifier-shaped case_ids become `line#<N>`.
   */
  allowIdentifiers?: boolean;
  /** Leave invalid rows out, listing each in `summary.skipped`, instead of throwing. */
  skipInvalid?: boolean;
  /**
   * For a file with a date-of-birth column and no age (with `allowIdentifiers`): the date,
   * yyyy-mm-dd, each age is worked out on in whole years. The dates are then withheld.
   */
  ageOn?: string;
  /**
   * The extra columns (those the contract does not name) to keep in `Case.extra`, named as a
   * rule or `--by` names them (compared as rule columns are: `Key Worker` is `key_worker`).
   * Default: every one. The others are still listed in the summary, but their values are
   * dropped as each row is read, so that a wide export costs no memory for columns nothing
   * reads (three 32-character columns on two million rows cost ~400 MB kept).
   */
  extraColumns?: readonly string[];
  /** In a workbook, the sheet to read (by name); default the first. */
  sheet?: string;
  /**
   * The line (in a workbook, the row) that holds the header; rows above it are not read. By
   * default a CSV's header is its first line, and a workbook's the first row naming case_id.
   */
  headerRow?: number;
  /**
   * Called once the header is read, before any row: a caller can refuse the file there (an
   * error it throws ends the read and comes back unchanged) instead of after reading it all.
   */
  onHeader?: (columns: CohortSummary['columns']) => void;
  /** Called for each invalid row (with `skipInvalid`), so a caller can count it somewhere. */
  onInvalidRow?: (row: InvalidRow) => void;
  /**
   * Worker threads that parse a CSV (0: parse in the reading thread). Default: none for a
   * file under 16 MiB or on one core, else one per core up to four (see parallel-csv.ts).
   */
  parseWorkers?: number;
  /** Called at most every ~64 KiB of input, and once at the end. */
  onProgress?: (bytesRead: number, totalBytes: number | null) => void;
}

export interface CohortSummary {
  /** The file as given ('-' shown as 'stdin'). */
  file: string;
  /** For a workbook, the sheet read; row numbers in its problems are that sheet's. */
  sheet?: string;
  /** Of the raw bytes, so an audit record can name exactly which file was read. */
  sha256: string;
  /** The date ages were worked out on from dates of birth (--age-on), yyyy-mm-dd. */
  ageOn?: string;
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
  /** case_ids replaced by `line#<N>` because they looked like identifiers. */
  maskedIds: number;
}
