/**
 * Turns parsed records, in file order, into cases and problems: it counts lines, skips blank
 * records, resolves the header (header-plan.ts) and takes each row through the ragged-row
 * check, the mapping's values, the case_id guard, the row schema and the duplicate check. It
 * knows nothing of streams or bytes, so it can be tested with plain arrays.
 */
import type { Case } from './case.js';
import { CaseIdIndex } from './case-ids.js';
import { applyValueMaps, headerColumns, planHeader, type HeaderPlan } from './header-plan.js';
import { MASKED, identifierValueShape, maskedId } from './identifier-values.js';
import { ANONYMISED, identifierProblem } from './identifiers.js';
import { setAgeFromBirth } from './birth.js';
import { lineBreaks, swallowedRows } from './line-breaks.js';
import { NeedRanks, needRankColumn } from './need-ranks.js';
import { ProblemLog, counted } from './problem-log.js';
import { CohortError, fileError, makeProblem, where, type CohortProblem } from './problems.js';
import { cell, isBlank } from './record-text.js';
import { REASONS, RowValidator, type RawRow } from './row-schema.js';
import { TenDigitIds } from './ten-digit-ids.js';
import type { CohortSummary, ReadOptions } from './summary.js';

/** Most cases keep no extra column: they share one empty, frozen object. */
const NO_EXTRA: Record<string, string> = Object.freeze({}) as Record<string, string>;

export class RecordReader {
  /** The line the next record starts on (the header is line 1). */
  line = 1;
  rows = 0;
  valid = 0;
  maskedIds = 0;
  readonly warnings: CohortProblem[] = [];

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

  private plan: HeaderPlan | null = null;
  private readonly log: ProblemLog;
  /** Whether the file's 10-digit case_ids are NHS numbers. */
  private readonly tenDigits: TenDigitIds;
  /** case_id (as written) → the line it was first seen on. */
  private readonly seen = new CaseIdIndex();
  private readonly validator = new RowValidator();
  private unnamedRows = 0;
  /** A SEN2 table with a row per need (need-ranks.ts); null for a row per case. */
  private ranks: NeedRanks | null = null;

  constructor(
    private readonly file: string,
    private readonly options: ReadOptions,
    private readonly onCase: (c: Case) => void,
  ) {
    this.log = new ProblemLog(options.skipInvalid === true);
    this.tenDigits = new TenDigitIds(file, options.allowIdentifiers === true);
  }

  /** About how many rows are coming (from the file's size), so the case_id index is made once. */
  expectRows(rows: number): void {
    this.seen.reserve(rows);
  }

  /** Before a block of records is pushed: readies the case_id index for them (CaseIdIndex.warm). */
  warm(records: readonly (readonly string[])[]): void {
    const at = this.plan?.columns.index.case_id;
    if (at !== undefined && at >= 0) this.seen.warm(records, at);
  }

  /** With `skipInvalid`: one problem per row left out, all of them. */
  get skipped(): CohortProblem[] {
    return this.log.skipped;
  }

  get columns(): CohortSummary['columns'] {
    return headerColumns(this.plan);
  }

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
      this.plan = planHeader(record, this.file, this.options, this.sheet, this.warnings);
      const rank = needRankColumn(this.plan.columns.headers);
      if (rank !== -1) {
        const { index, headers } = this.plan.columns;
        const ranked = { rank, caseId: index.case_id, need: index.primary_need, rankHeader: headers[rank]!, needLabel: this.plan.labels.primary_need };
        this.ranks = new NeedRanks(ranked, this.file, this.sheet, this.onCase);
      }
      this.options.onHeader?.(this.columns);
    } else if (breaks > 0 && this.swallowed(record, start, start + breaks, this.plan)) {
      this.rows++;
    } else {
      this.row(record, start, this.plan);
    }
  }

  /** A quote that took in rows: one invalid record, its fields not read (see line-breaks.ts). */
  private swallowed(record: string[], start: number, end: number, plan: HeaderPlan): boolean {
    const { minFields, fieldCount } = plan;
    const shape = { headers: plan.columns.headers, minFields, fieldCount, delimiter: this.delimiter };
    const problem = swallowedRows(record, shape, this.file, start, end);
    if (problem === null) return false;
    this.log.addRow([problem]);
    this.options.onInvalidRow?.({ raw: null, extra: null, columns: [] });
    return true;
  }

  /** 'line 12', or 'sheet "Cohort" row 12'. */
  private place(line: number): string {
    return this.sheet === undefined ? `line ${line}` : `sheet "${this.sheet}" row ${line}`;
  }

  /** After the last record: refuses an empty or header-only file and, unless skipping, invalid rows. */
  finish(): void {
    this.ranks?.flush();
    const folded = this.ranks?.warning();
    if (folded) this.warnings.push(folded);
    const plan = this.plan;
    if (plan === null) throw fileError(this.file, 'is empty: it has no header line and no rows');
    if (this.rows === 0) {
      throw fileError(this.file, 'has a header but no rows: there are no cases to read');
    }
    if (this.unnamedRows > 0) {
      const unnamed = plan.columns.unnamed.map((i) => i + 1);
      const columns = unnamed.length === 1 ? `column ${unnamed[0]} has` : `columns ${unnamed.join(', ')} have`;
      const rows = this.unnamedRows === 1 ? '1 row has' : `${counted(this.unnamedRows, 'row')} have`;
      this.warnings.push(
        makeProblem({
          kind: 'header',
          file: this.file,
          reason: `${columns} no header, but ${rows} values there; they were not read`,
        }),
      );
    }
    this.maskedIds += this.tenDigits.finish(this.sheet);
    this.warnings.push(...this.tenDigits.warnings(this.sheet));
    if (this.maskedIds > 0 && !plan.maskAllIds) {
      this.warnings.push(
        makeProblem({
          kind: 'identifier',
          file: this.file,
          column: 'case_id',
          reason: `${this.maskedIds === 1 ? '1 case_id looked' : `${counted(this.maskedIds, 'case_id')} looked`} like a UPN, a date, a postcode or another identifier and ${this.maskedIds === 1 ? 'was' : 'were'} replaced by ${MASKED}`,
        }),
      );
    }
    this.log.throwIfAny(this.file);
  }

  private row(record: string[], line: number, plan: HeaderPlan): void {
    const ranked = this.ranks?.row(record, line);
    if (ranked?.kind === 'folded') return;
    this.rows++;
    const { file } = this;
    if (ranked?.kind === 'problem') {
      this.log.addRow([ranked.problem]);
      this.options.onInvalidRow?.({ raw: null, extra: null, columns: [ranked.problem.column] });
      return;
    }
    if (record.length < plan.minFields || record.length > plan.fieldCount) {
      const hint = record.length > plan.fieldCount ? ' (a value that holds a comma must be in double quotes)' : '';
      const reason =
        this.sheet === undefined
          ? `has ${counted(record.length, 'field')}; the header has ${plan.fieldCount}${hint}`
          : `has values in ${counted(record.length, 'column')}; the header row names ${plan.fieldCount}`;
      this.log.addRow([makeProblem({ kind: 'ragged', file, line, reason, sheet: this.sheet ?? null, subject: where(file, line, this.sheet) })]);
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
    // The date of birth becomes the age here and goes no further (not into raw, extra or a message).
    const birthReason = plan.birth === null ? null : setAgeFromBirth(raw, cell(record, plan.birth.at), plan.birth);
    if (plan.columns.unnamed.length > 0 && plan.columns.unnamed.some((i) => (record[i] ?? '').trim() !== '')) {
      this.unnamedRows++;
    }

    const id = raw.case_id;
    let masked = false;
    if (id !== undefined) {
      const shape = plan.maskAllIds ? 'withheld' : (identifierValueShape(id) ?? this.tenDigits.shape(id, line, this.sheet));
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
        raw.case_id = maskedId(line);
        this.maskedIds++;
      }
    }

    // Once the read is going to fail, its cases are not wanted: only problems are counted.
    const wanted = this.options.skipInvalid === true || this.log.invalidRows === 0;
    // Only the extra columns something will read are copied (ReadOptions.extraColumns): the
    // rest of the record is dropped with it, so a wide export costs no memory per case.
    let extra: Record<string, string> = NO_EXTRA;
    if (wanted && plan.keptExtra.length > 0) {
      extra = {};
      for (const { index: at, key } of plan.keptExtra) extra[key] = record[at] ?? '';
    }
    const result = this.validator.toCase(raw, line, extra, masked ? raw.case_id ?? null : null);
    let problems: CohortProblem[] | null = null;
    if (Array.isArray(result)) {
      problems = result.map(({ column, reason }) => {
        const birth = column === 'age' ? plan.birth : null;
        const value = birth !== null && birthReason !== null ? null : (raw[column] ?? null);
        return makeProblem({
          kind: (birth === null ? value === null : birthReason === REASONS.missing) ? 'missing' : 'value',
          file,
          line,
          column,
          columnLabel: birth?.label ?? plan.labels[column],
          value,
          reason: (birth !== null ? birthReason : null) ?? reason,
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
      this.log.addRow(problems);
      this.options.onInvalidRow?.({ raw, extra, columns: problems.map((p) => p.column) });
      return;
    }
    if (Array.isArray(result) || !wanted) return;
    this.valid++;
    this.tenDigits.hold(result);
    if (this.ranks === null) this.onCase(result);
    else this.ranks.hold(result);
  }
}
