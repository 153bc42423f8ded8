/**
 * Turns parsed CSV records, in file order, into cases and problems: line numbers, blank lines,
 * the header (columns, mapping, identifier guard), ragged rows, the row schema, duplicate
 * case_ids. It knows nothing of streams or bytes, so it can be tested with plain arrays.
 */
import { foldHeader, foldValueKey } from '../spelling.js';
import type { Case } from './case.js';
import { CaseIdIndex } from './case-ids.js';
import {
  CANONICAL_COLUMNS,
  REQUIRED_COLUMNS,
  matchColumns,
  missingColumnsError,
  type CanonicalColumn,
  type ColumnPlan,
} from './columns.js';
import { identifierColumnReason, identifierValueShape } from './identifiers.js';
import { lineBreaks, swallowedRows } from './line-breaks.js';
import { CohortError, PROBLEMS_SHOWN, fileError, makeProblem, where, type CohortProblem } from './problems.js';
import type { CohortSummary, InvalidRow, ReadOptions } from './summary.js';

const NO_EXTRA: Record<string, string> = Object.freeze({}) as Record<string, string>;
import { RowValidator, type RawRow } from './row-schema.js';

/** The header, resolved into what each row needs. */
interface Plan {
  columns: ColumnPlan;
  fieldCount: number;
  /** A row may omit trailing columns whose header is empty. */
  minFields: number;
  /** Every case_id is replaced by `line-<N>`: its column's header says it is an identifier. */
  maskAllIds: boolean;
  withheld: string[];
  /** The column as named in messages: "primary_need ('Need Type')" when the header differs. */
  labels: Record<CanonicalColumn, string>;
  values: Partial<Record<CanonicalColumn, Map<string, string>>>;
  hasValueMaps: boolean;
}

const ANONYMISED =
  'the cohort file must be anonymised (no names, dates of birth, addresses, postcodes, UPNs, ULNs, NHS numbers, email addresses or telephone numbers)';

export class RecordReader {
  /** The line the next record starts on (the header is line 1). */
  line = 1;
  rows = 0;
  valid = 0;
  maskedIds = 0;
  invalidRows = 0;
  /** With `skipInvalid`: one problem per row left out, all of them. */
  readonly skipped: CohortProblem[] = [];
  readonly warnings: CohortProblem[] = [];
  /** Without `skipInvalid`: the first problems found, and how many there are in all. */
  readonly problems: CohortProblem[] = [];
  problemCount = 0;

  /**
   * Whether a field may hold a line break. Only a quoted field can (or, in a file whose lines
   * end in "\n", a stray "\r"); the stream reader sets this once it has seen a quote or a
   * carriage return, so that files without them skip the search on every row.
   */
  fieldsMayHoldLineBreaks = true;

  /** The CSV's field delimiter, to tell a line swallowed by a quote from a line of free text. */
  delimiter = ',';

  /**
   * For a workbook: the sheet the records come from. Problems then say 'sheet "Cohort" row 12,
   * column "Primary need"', as a person finds them in the spreadsheet.
   */
  sheet: string | undefined;

  private plan: Plan | null = null;
  /** case_id (as written) → the line it was first seen on. */
  private readonly seen = new CaseIdIndex();
  private readonly validator = new RowValidator();
  private unnamedRows = 0;

  constructor(
    private readonly file: string,
    private readonly options: ReadOptions,
    private readonly onCase: (c: Case) => void,
  ) {}

  /**
   * One record, in file order. `at` is its row number when the source numbers rows itself (a
   * sheet, where empty rows are not passed on); otherwise lines are counted here.
   */
  push(record: string[], at?: number): void {
    const start = at ?? this.line;
    const breaks = at === undefined && this.fieldsMayHoldLineBreaks ? lineBreaks(record) : 0;
    this.line = at !== undefined ? at + 1 : start + 1 + breaks;
    if (this.plan === null && this.options.headerRow !== undefined && start < this.options.headerRow) return;
    if (isBlank(record)) return;
    if (this.plan === null) {
      const wanted = this.options.headerRow;
      if (wanted !== undefined && start !== wanted) {
        throw fileError(this.file, `has no header at ${this.place(wanted)} (--header-row ${wanted}): that ${this.sheet === undefined ? 'line' : 'row'} is empty`);
      }
      this.plan = this.header(record);
      this.options.onHeader?.(this.columns);
    } else if (breaks > 0 && this.swallowed(record, start, start + breaks, this.plan)) {
      this.rows++;
    } else {
      this.row(record, start, this.plan);
    }
  }

  /** A quote that took in rows: one invalid record, its fields not read (see line-breaks.ts). */
  private swallowed(record: string[], start: number, end: number, plan: Plan): boolean {
    const { minFields, fieldCount } = plan;
    const shape = { headers: plan.columns.headers, minFields, fieldCount, delimiter: this.delimiter };
    const problem = swallowedRows(record, shape, this.file, start, end);
    if (problem === null) return false;
    this.invalid([problem]);
    this.options.onInvalidRow?.({ raw: null, extra: null, columns: [] });
    return true;
  }

  /** 'line 12', or 'sheet "Cohort" row 12'. */
  private place(line: number): string {
    return this.sheet === undefined ? `line ${line}` : `sheet "${this.sheet}" row ${line}`;
  }

  get columns(): CohortSummary['columns'] {
    const plan = this.plan;
    if (plan === null) return { found: [], canonical: {}, extra: [], withheld: [] };
    const canonical: Partial<Record<CanonicalColumn, string>> = {};
    for (const column of CANONICAL_COLUMNS) {
      const at = plan.columns.index[column];
      const header = plan.columns.headers[at];
      if (at !== -1 && header !== undefined) canonical[column] = header;
    }
    return {
      found: plan.columns.headers,
      canonical,
      extra: plan.columns.extra.map((e) => e.key),
      withheld: plan.withheld,
    };
  }

  /** After the last record: refuses an empty or header-only file and, unless skipping, invalid rows. */
  finish(): void {
    const plan = this.plan;
    if (plan === null) throw fileError(this.file, 'is empty: it has no header line and no rows');
    if (this.rows === 0) {
      throw fileError(this.file, 'has a header but no rows: there are no cases to read');
    }
    if (this.unnamedRows > 0) {
      const unnamed = plan.columns.unnamed.map((i) => i + 1);
      const columns = unnamed.length === 1 ? `column ${unnamed[0]} has` : `columns ${unnamed.join(', ')} have`;
      const rows = this.unnamedRows === 1 ? '1 row has' : `${count(this.unnamedRows, 'row')} have`;
      this.warnings.push(
        makeProblem({
          kind: 'header',
          file: this.file,
          reason: `${columns} no header, but ${rows} values there; they were not read`,
        }),
      );
    }
    if (this.maskedIds > 0 && !plan.maskAllIds) {
      this.warnings.push(
        makeProblem({
          kind: 'identifier',
          file: this.file,
          column: 'case_id',
          reason: `${this.maskedIds === 1 ? '1 case_id looked' : `${count(this.maskedIds, 'case_id')} looked`} like a UPN, a date, a postcode or another identifier and ${this.maskedIds === 1 ? 'was' : 'were'} replaced by line-<N> (N the line number)`,
        }),
      );
    }
    if (!this.options.skipInvalid && this.problemCount > 0) {
      throw new CohortError(this.problems, {
        total: this.problemCount,
        headline: `${this.file} has ${count(this.problemCount, 'problem')} in ${count(this.invalidRows, 'row')}; fix them, or use --skip-invalid to leave those rows out:`,
      });
    }
  }

  private header(record: string[]): Plan {
    const { file, options } = this;
    const columns = matchColumns(record, file, options.mapping);
    this.warnings.push(...columns.warnings);

    const flagged: { at: number; header: string; reason: string }[] = [];
    columns.headers.forEach((header, at) => {
      const reason = header === '' ? null : identifierColumnReason(header);
      if (reason !== null) flagged.push({ at, header, reason });
    });
    if (flagged.length > 0 && !options.allowIdentifiers) {
      const problems = flagged.map(({ header, reason }) =>
        identifierProblem(
          file,
          header,
          `looks like it holds ${reason}; ${ANONYMISED}. Remove the column, or use --allow-identifiers to read the file without it`,
        ),
      );
      throw new CohortError(problems, {
        headline: `${file} has columns that look like personal identifiers; ${ANONYMISED}. Remove them, or use --allow-identifiers to read the file without them:`,
      });
    }

    let maskAllIds = false;
    for (const { at, header, reason } of flagged) {
      columns.extra = columns.extra.filter((e) => e.index !== at);
      let withheld = 'withheld: its values are not read';
      for (const column of CANONICAL_COLUMNS) {
        if (columns.index[column] !== at) continue;
        if (column === 'case_id') {
          // Rows still need telling apart, so the ids are read, but only to find duplicates.
          maskAllIds = true;
          withheld = 'withheld: every case_id is replaced by line-<N> (N the line number)';
        } else {
          columns.index[column] = -1;
        }
      }
      this.warnings.push(identifierProblem(file, header, `looks like it holds ${reason}; ${withheld}`));
    }
    columns.missing = REQUIRED_COLUMNS.filter((c) => columns.index[c] === -1);
    if (columns.missing.length > 0) throw missingColumnsError(columns, file);

    const labels = {} as Record<CanonicalColumn, string>;
    for (const column of CANONICAL_COLUMNS) {
      const header = columns.headers[columns.index[column]];
      // In a sheet the column is found by its heading, as the person sees it.
      labels[column] =
        this.sheet !== undefined && header !== undefined
          ? `column "${header}"`
          : header === undefined || foldHeader(header) === foldHeader(column)
            ? column
            : `${column} ('${header}')`;
    }
    const values: Plan['values'] = {};
    for (const [column, table] of Object.entries(options.mapping?.values ?? {})) {
      if (table === undefined) continue;
      values[column as CanonicalColumn] = new Map(Object.entries(table).map(([k, v]) => [foldValueKey(k), v]));
    }
    let minFields = columns.headers.length;
    while (minFields > 0 && columns.headers[minFields - 1] === '') minFields--;
    return {
      columns,
      fieldCount: columns.headers.length,
      minFields,
      maskAllIds,
      withheld: flagged.map((f) => f.header),
      labels,
      values,
      hasValueMaps: Object.keys(values).length > 0,
    };
  }

  private row(record: string[], line: number, plan: Plan): void {
    this.rows++;
    const { file } = this;
    if (record.length < plan.minFields || record.length > plan.fieldCount) {
      const hint = record.length > plan.fieldCount ? ' (a value that holds a comma must be in double quotes)' : '';
      const reason =
        this.sheet === undefined
          ? `has ${count(record.length, 'field')}; the header has ${plan.fieldCount}${hint}`
          : `has values in ${count(record.length, 'column')}; the header row names ${plan.fieldCount}`;
      this.invalid([makeProblem({ kind: 'ragged', file, line, reason, sheet: this.sheet ?? null, subject: where(file, line, this.sheet) })]);
      this.options.onInvalidRow?.({ raw: null, extra: null, columns: [] });
      return;
    }
    const { index } = plan.columns;
    const raw: RawRow = {
      case_id: cell(record, index.case_id),
      age: cell(record, index.age),
      sen_status: cell(record, index.sen_status),
      primary_need: cell(record, index.primary_need),
      secondary_need: cell(record, index.secondary_need),
      setting: cell(record, index.setting),
      service_stage: cell(record, index.service_stage),
      social_care: cell(record, index.social_care),
      health_services: cell(record, index.health_services),
      locality: cell(record, index.locality),
      la_code: cell(record, index.la_code),
    };
    if (plan.hasValueMaps) applyValueMaps(raw, plan.values);
    if (plan.columns.unnamed.length > 0 && plan.columns.unnamed.some((i) => (record[i] ?? '').trim() !== '')) {
      this.unnamedRows++;
    }

    const id = raw.case_id;
    let masked = false;
    if (id !== undefined) {
      const shape = plan.maskAllIds ? 'withheld' : identifierValueShape(id);
      if (shape !== null) {
        if (!this.options.allowIdentifiers) {
          throw new CohortError([
            identifierProblem(
              file,
              'case_id',
              `looks like ${shape}, not an opaque reference; ${ANONYMISED}. Replace such ids with references, or use --allow-identifiers to read the file with them replaced by line numbers`,
              line,
              this.sheet,
            ),
          ]);
        }
        masked = true;
        raw.case_id = `line-${line}`;
        this.maskedIds++;
      }
    }

    // Once the read is going to fail, its cases are not wanted: only problems are counted.
    const wanted = this.options.skipInvalid === true || this.invalidRows === 0;
    // Most exports have no extra columns: their cases share one empty, frozen object.
    let extra: Record<string, string> = NO_EXTRA;
    if (wanted && plan.columns.extra.length > 0) {
      extra = {};
      for (const { index: at, key } of plan.columns.extra) extra[key] = record[at] ?? '';
    }
    const result = this.validator.toCase(raw, line, extra);
    let problems: CohortProblem[] | null = null;
    if (Array.isArray(result)) {
      problems = result.map(({ column, reason }) => {
        const value = raw[column] ?? null;
        return makeProblem({
          kind: value === null ? 'missing' : 'value',
          file,
          line,
          column,
          columnLabel: plan.labels[column],
          value,
          reason,
          sheet: this.sheet,
        });
      });
    }
    if (id !== undefined) {
      const first = this.seen.firstLineOrAdd(id, line);
      if (first !== undefined) {
        (problems ??= []).push(
          makeProblem({
            kind: 'duplicate',
            file,
            line,
            column: 'case_id',
            columnLabel: plan.labels.case_id,
            value: masked ? null : id,
            reason: masked
              ? `is the same (withheld) case_id as ${this.sheet === undefined ? 'line' : 'row'} ${first}; each case_id must be unique`
              : `is already the case_id of ${this.sheet === undefined ? 'line' : 'row'} ${first}; each case_id must be unique`,
            sheet: this.sheet,
          }),
        );
      }
    }
    if (problems !== null) {
      this.invalid(problems);
      this.options.onInvalidRow?.({ raw, extra, columns: problems.map((p) => p.column) });
      return;
    }
    if (Array.isArray(result) || !wanted) return;
    this.valid++;
    this.onCase(result);
  }

  private invalid(problems: CohortProblem[]): void {
    this.invalidRows++;
    if (this.options.skipInvalid) {
      const [first, ...more] = problems;
      if (first === undefined) return;
      if (more.length === 0) {
        this.skipped.push(first);
      } else {
        const others = more.map((p) => p.column ?? p.kind).join(', ');
        const note = ` (and ${count(more.length, 'more problem')} in this row: ${others})`;
        this.skipped.push({ ...first, message: first.message + note });
      }
      return;
    }
    this.problemCount += problems.length;
    for (const problem of problems) {
      if (this.problems.length < PROBLEMS_SHOWN) this.problems.push(problem);
    }
  }
}

/** The trimmed value, `undefined` when empty. Most cells start and end with a printable ASCII
 * character, where trimming would change nothing; only the others pay for `trim()`. */
function cell(record: string[], at: number): string | undefined {
  if (at < 0) return undefined;
  const value = record[at] ?? '';
  if (value.length === 0) return undefined;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first > 32 && first < 127 && last > 32 && last < 127) return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function applyValueMaps(raw: RawRow, maps: Plan['values']): void {
  for (const column of CANONICAL_COLUMNS) {
    const map = maps[column];
    const value = raw[column];
    if (map === undefined || value === undefined) continue;
    if (column === 'health_services') {
      raw[column] = value
        .split(';')
        .map((s) => map.get(foldValueKey(s)) ?? s)
        .join(';');
    } else {
      raw[column] = map.get(foldValueKey(value)) ?? value;
    }
  }
}

/** Blank lines, and Excel's rows of empty cells (",,,,"), are not rows. */
function isBlank(record: string[]): boolean {
  for (let i = 0; i < record.length; i++) {
    const field = record[i] as string;
    if (field.length !== 0 && field.trim() !== '') return false;
  }
  return true;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-GB')} ${noun}${n === 1 ? '' : 's'}`;
}

function identifierProblem(file: string, header: string, reason: string, line: number | null = null, sheet?: string): CohortProblem {
  const subject = line === null ? `${file}: column '${header}'` : `${where(file, line, sheet)}, ${header}:`;
  return makeProblem({ kind: 'identifier', file, line, column: header, reason, subject, sheet: sheet ?? null });
}
