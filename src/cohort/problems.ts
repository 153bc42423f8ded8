/**
 * Problems found while reading a cohort, as data (csv-parse's habit): each one carries the
 * file, the line, the column and the value, so the CLI can print it, group it or put it in
 * JSON without parsing a message back.
 */
import { formatCount } from '../words.js';
import { withheldShape } from './identifier-values.js';

export type ProblemKind =
  | 'file'
  | 'encoding'
  | 'header'
  | 'ragged'
  | 'quote'
  | 'value'
  | 'missing'
  | 'duplicate'
  | 'identifier'
  | 'mapping';

export interface CohortProblem {
  kind: ProblemKind;
  /** The file as the user named it ('stdin' for standard input). */
  file: string;
  /**
   * Where the record starts (the header is line 1); in a workbook, the sheet's own row number.
   * `null` for the file as a whole.
   */
  line: number | null;
  /** Where a record that spans lines ends, when that is part of the problem (a quote that swallowed rows). */
  endLine?: number;
  /** In a workbook, the sheet the row is on (then `line` is its row number). */
  sheet?: string;
  /** The canonical column (or, for header problems, the header as written). */
  column: string | null;
  /** The value as found, trimmed; `null` when there is none or it must not be repeated. */
  value: string | null;
  /** What is wrong, without the file, line or value: "is not a SEN type code; expected one of …". */
  reason: string;
  /** One line for a person: "cohort.csv line 214, primary_need: 'SEMH/ASD' is not a SEN type code; …". */
  message: string;
}

/** How many problems a thrown error spells out; the rest are counted. */
export const PROBLEMS_SHOWN = 20;

const MAX_SHOWN_VALUE = 40;

/**
 * A value as it appears in a message: quoted, on one line, and cut short, so that a stray
 * multi-line field or a 10,000-character cell cannot swamp the terminal.
 */
export function quoteValue(value: string): string {
  const oneLine = value.replace(/\r\n|\r|\n/g, '⏎');
  const cut = oneLine.length > MAX_SHOWN_VALUE ? `${oneLine.slice(0, MAX_SHOWN_VALUE - 1)}…` : oneLine;
  return `'${cut}'`;
}

/**
 * "cohort.csv line 12", or in a workbook 'cohort.xlsx sheet "Cohort" row 12' (the numbers the
 * spreadsheet shows at the left), or just the file.
 */
export function where(file: string, line: number | null, sheet?: string): string {
  if (sheet !== undefined) return line === null ? `${file} sheet "${sheet}"` : `${file} sheet "${sheet}" row ${line}`;
  return line === null ? file : `${file} line ${line}`;
}

/**
 * The one way a problem is built (as csv-parse builds every error as a `CsvError`). The
 * message follows one pattern everywhere: `<file> line <n>, <column>: '<value>' <reason>`,
 * leaving out the parts that are null. `columnLabel` lets the message show the header as
 * written next to the canonical name. A reason that reads on from its subject ("is empty: …")
 * passes `subject`, and the message is `<subject> <reason>`.
 */
export function makeProblem(fields: {
  kind: ProblemKind;
  file: string;
  line?: number | null;
  column?: string | null;
  columnLabel?: string;
  value?: string | null;
  reason: string;
  sheet?: string | null;
  subject?: string;
  endLine?: number;
}): CohortProblem {
  const line = fields.line ?? null;
  const column = fields.column ?? null;
  const sheet = fields.sheet ?? undefined;
  const { kind, file } = fields;
  // A value shaped like a personal identifier is described, never quoted: here, so that no
  // message, --skip-invalid list or JSON can forget it.
  const hidden = fields.value == null ? null : withheldShape(fields.value);
  const value = hidden === null ? (fields.value ?? null) : null;
  const reason = hidden === null ? fields.reason : `holds a value shaped like ${hidden} (not shown), which ${fields.reason}`;
  const place = where(file, line, sheet);
  let message: string;
  if (fields.subject !== undefined) {
    message = `${fields.subject} ${reason}`;
  } else {
    const label = fields.columnLabel ?? column;
    const head = label === null ? place : `${place}, ${label}`;
    message = `${head}: ${value === null ? reason : `${quoteValue(value)} ${reason}`}`;
  }
  const problem: CohortProblem = { kind, file, line, column, value, reason, message };
  if (fields.endLine !== undefined) problem.endLine = fields.endLine;
  if (sheet !== undefined) problem.sheet = sheet;
  return problem;
}

/**
 * A problem with the file itself (or one line of it), said as a sentence about it:
 * "cohort.csv is empty: …", "cohort.csv line 12 has a quoted value that …".
 */
export function fileError(
  file: string,
  reason: string,
  options: { line?: number | null; kind?: ProblemKind; sheet?: string } = {},
): CohortError {
  const line = options.line ?? null;
  return CohortError.of(
    makeProblem({ kind: options.kind ?? 'file', file, line, reason, sheet: options.sheet ?? null, subject: where(file, line, options.sheet) }),
  );
}

/**
 * Thrown for anything that stops a read. `message` is one line when there is one problem;
 * with several it is a headline followed by the first {@link PROBLEMS_SHOWN} problems, one per
 * line, and a count of the rest. `problems` holds the problems shown; `total` counts them all.
 */
export class CohortError extends Error {
  readonly problems: CohortProblem[];
  readonly total: number;

  constructor(problems: CohortProblem[], options: { total?: number; headline?: string } = {}) {
    const total = options.total ?? problems.length;
    const shown = problems.slice(0, PROBLEMS_SHOWN);
    super(CohortError.compose(shown, total, options.headline));
    this.name = 'CohortError';
    this.problems = shown;
    this.total = total;
  }

  /** A single problem, the common case. */
  static of(problem: CohortProblem): CohortError {
    return new CohortError([problem]);
  }

  private static compose(shown: CohortProblem[], total: number, headline: string | undefined): string {
    const first = shown[0];
    if (first === undefined) return headline ?? 'the cohort could not be read';
    if (total === 1 && shown.length === 1) return first.message;
    const lines = [headline ?? `${first.file}: ${total} problems:`, ...shown.map((p) => `  ${p.message}`)];
    const rest = total - shown.length;
    if (rest > 0) lines.push(`  … and ${formatCount(rest)} more`);
    return lines.join('\n');
  }
}

/** Turns anything caught at the library's edge into a CohortError (never a stack trace). */
export function asCohortError(error: unknown, file: string, kind: ProblemKind = 'file'): CohortError {
  if (error instanceof CohortError) return error;
  const reason = error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error);
  return CohortError.of(makeProblem({ kind, file, reason: `could not be read: ${reason}` }));
}
