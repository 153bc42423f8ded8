/**
 * The header record, resolved once into what every row needs: where each column of the
 * contract is, what the identifier guard withholds, how each column is named in messages, the
 * mapping's value tables, and which extra columns are worth keeping.
 */
import { foldHeader, foldRuleColumn, foldValueKey } from '../spelling.js';
import {
  CANONICAL_COLUMNS,
  REQUIRED_COLUMNS,
  matchColumns,
  missingColumnsError,
  type CanonicalColumn,
  type ColumnPlan,
} from './columns.js';
import { MASKED } from './identifier-values.js';
import { ANONYMISED, identifierColumnReason, identifierProblem } from './identifiers.js';
import { CohortError, type CohortProblem } from './problems.js';
import type { RawRow } from './row-schema.js';
import type { CohortSummary, ReadOptions } from './summary.js';

export interface HeaderPlan {
  columns: ColumnPlan;
  fieldCount: number;
  /** A row may omit trailing columns whose header is empty. */
  minFields: number;
  /** Every case_id is replaced by `line#<N>`: its column's header says it is an identifier. */
  maskAllIds: boolean;
  withheld: string[];
  /** The column as named in messages: "primary_need ('Need Type')" when the header differs. */
  labels: Record<CanonicalColumn, string>;
  values: Partial<Record<CanonicalColumn, Map<string, string>>>;
  hasValueMaps: boolean;
  /**
   * The extra columns copied into each case (ReadOptions.extraColumns): a subset of
   * `columns.extra`, which still lists every one the file has.
   */
  keptExtra: ColumnPlan['extra'];
}

/**
 * Resolves the header, or refuses it: columns that look like personal identifiers (unless
 * allowed, and then withheld), required columns missing. Warnings go into `warnings`.
 */
export function planHeader(
  record: string[],
  file: string,
  options: ReadOptions,
  sheet: string | undefined,
  warnings: CohortProblem[],
): HeaderPlan {
  const columns = matchColumns(record, file, options.mapping);
  warnings.push(...columns.warnings);

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
        withheld = `withheld: every case_id is replaced by ${MASKED}`;
      } else {
        columns.index[column] = -1;
      }
    }
    warnings.push(identifierProblem(file, header, `looks like it holds ${reason}; ${withheld}`));
  }
  columns.missing = REQUIRED_COLUMNS.filter((c) => columns.index[c] === -1);
  if (columns.missing.length > 0) throw missingColumnsError(columns, file);

  const labels = {} as Record<CanonicalColumn, string>;
  for (const column of CANONICAL_COLUMNS) {
    const header = columns.headers[columns.index[column]];
    // In a sheet the column is found by its heading, as the person sees it.
    labels[column] =
      sheet !== undefined && header !== undefined
        ? `column "${header}"`
        : header === undefined || foldHeader(header) === foldHeader(column)
          ? column
          : `${column} ('${header}')`;
  }
  const values: HeaderPlan['values'] = {};
  for (const [column, table] of Object.entries(options.mapping?.values ?? {})) {
    if (table === undefined) continue;
    values[column as CanonicalColumn] = new Map(Object.entries(table).map(([k, v]) => [foldValueKey(k), v]));
  }
  let minFields = columns.headers.length;
  while (minFields > 0 && columns.headers[minFields - 1] === '') minFields--;
  const wanted = options.extraColumns === undefined ? null : new Set(options.extraColumns.map(foldRuleColumn));
  return {
    columns,
    fieldCount: columns.headers.length,
    minFields,
    maskAllIds,
    withheld: flagged.map((f) => f.header),
    labels,
    values,
    hasValueMaps: Object.keys(values).length > 0,
    keptExtra: wanted === null ? columns.extra : columns.extra.filter((e) => wanted.has(foldRuleColumn(e.key))),
  };
}

/** The columns as the summary reports them (before the header is read: none). */
export function headerColumns(plan: HeaderPlan | null): CohortSummary['columns'] {
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

/** The mapping's value tables, applied to a row's trimmed values (each of a list for health_services). */
export function applyValueMaps(raw: RawRow, maps: HeaderPlan['values']): void {
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
