/**
 * Which column of the file is which column of the contract (docs/cohort-format.md): header
 * names compare case-insensitively ignoring spaces, `_` and `-`, with the contract's aliases,
 * and a mapping file can name local headers outright.
 */
import { foldHeader } from '../spelling.js';
import { CohortError, makeProblem, type CohortProblem } from './problems.js';

export const CANONICAL_COLUMNS = [
  'case_id',
  'age',
  'sen_status',
  'primary_need',
  'secondary_need',
  'setting',
  'service_stage',
  'social_care',
  'health_services',
  'locality',
  'la_code',
] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly CanonicalColumn[] = [
  'case_id',
  'age',
  'sen_status',
  'primary_need',
  'setting',
  'service_stage',
];

/**
 * The contract's aliases, as a person would write them. `secondary need type` is not in the
 * contract; it is accepted because `primary need type` is, and exports that use one use both.
 */
export const COLUMN_ALIASES: Record<CanonicalColumn, readonly string[]> = {
  // A system's own person or child id is pseudonymous, which the contract allows.
  case_id: ['id', 'reference', 'case ref', 'child id', 'person id'],
  age: ['age years'],
  // The school census's `SENprovision` folds to `sen provision`, the person-level lists' heading.
  sen_status: ['sen provision', 'sen'],
  // Census `PrimarySENtype`, SEN2 `sentype`, the person-level lists' `EHC plan primary need`.
  primary_need: ['primary need type', 'sen type', 'primary sen type', 'ehc plan primary need'],
  // Census `SecondarySENtype`, the person-level lists' `EHC plan secondary need`.
  secondary_need: ['secondary need type', 'secondary sen type', 'ehc plan secondary need'],
  // SEN2 `sensetting`, the person-level lists' `Placement type` and `Setting type`.
  setting: ['placement', 'provision type', 'sen setting', 'placement type', 'setting type'],
  service_stage: ['stage'],
  social_care: [],
  health_services: [],
  locality: [],
  la_code: ['local authority code'],
};

/**
 * SEN2's `sentyperank`: a SEN2 table has one row per need of a person, rank 1 the primary need
 * (see need-ranks.ts for how such rows are read). Not a column of the contract.
 */
export const NEED_RANK_HEADERS: readonly string[] = ['sen type rank', 'need rank'];


const BY_NORMALIZED = new Map<string, CanonicalColumn>();
for (const column of CANONICAL_COLUMNS) {
  BY_NORMALIZED.set(foldHeader(column), column);
  for (const alias of COLUMN_ALIASES[column]) BY_NORMALIZED.set(foldHeader(alias), column);
}

/** The canonical column a header names by itself (without a mapping), if any. */
export function canonicalColumn(header: string): CanonicalColumn | undefined {
  return BY_NORMALIZED.get(foldHeader(header));
}

/** Where each column of the file goes. Indices are positions in the header record. */
export interface ColumnPlan {
  /** The headers as written, without surrounding spaces, in file order. */
  headers: string[];
  /** Position of each canonical column in the record, or -1 when the file lacks it. */
  index: Record<CanonicalColumn, number>;
  /** Columns the contract does not name, with the key they get in `Case.extra`. */
  extra: { index: number; key: string }[];
  /** Positions of columns whose header is empty (a trailing comma in the header line). */
  unnamed: number[];
  /** Required canonical columns the file lacks. */
  missing: CanonicalColumn[];
  warnings: CohortProblem[];
}

export interface MappedColumns {
  columns: Partial<Record<CanonicalColumn, string>>;
  /** The mapping file, for messages. */
  file?: string;
}

/**
 * Matches a header record. A mapping's columns are assigned first; aliases fill the rest, so a
 * file with both a mapped "Child Ref" and an unrelated "ID" reads "ID" as an extra column
 * rather than as a clash. Throws for a clash between two headers and for a mapped header the
 * file lacks; missing required columns are returned, so that the caller can put the
 * identifier guard first.
 */
export function matchColumns(record: readonly string[], file: string, mapping?: MappedColumns): ColumnPlan {
  const headers = record.map((h) => h.replace(/^\uFEFF/, '').trim());
  const normalized = headers.map(foldHeader);
  const index = Object.fromEntries(CANONICAL_COLUMNS.map((c) => [c, -1])) as Record<CanonicalColumn, number>;
  const warnings: CohortProblem[] = [];
  const taken = new Set<number>();
  const mapFile = mapping?.file ?? 'the mapping';

  for (const column of CANONICAL_COLUMNS) {
    const local = mapping?.columns[column];
    if (local === undefined) continue;
    const at = normalized.indexOf(foldHeader(local));
    if (at === -1) {
      throw CohortError.of(
        makeProblem({
          kind: 'mapping',
          file: mapFile,
          column,
          reason: `maps ${column} to the column '${local}', but ${file} has no such column; its columns are: ${listHeaders(headers)}`,
        }),
      );
    }
    index[column] = at;
    taken.add(at);
  }

  const extra: ColumnPlan['extra'] = [];
  const unnamed: number[] = [];
  const extraKeys = new Set<string>();
  headers.forEach((header, at) => {
    if (taken.has(at)) return;
    if (header === '') {
      unnamed.push(at);
      return;
    }
    const column = BY_NORMALIZED.get(normalized[at] ?? '');
    if (column !== undefined && mapping?.columns[column] !== undefined) {
      // The mapping chose another column for this one: keep this one as extra, but say so.
      warnings.push(
        makeProblem({
          kind: 'mapping',
          file,
          column: header,
          reason: `is not read as ${column}: ${mapFile} reads ${column} from '${headers[index[column]] ?? ''}'; kept as an extra column`,
        }),
      );
    } else if (column !== undefined) {
      const first = index[column];
      if (first !== -1) {
        throw CohortError.of(
          makeProblem({
            kind: 'header',
            file,
            column,
            reason: `the columns '${headers[first] ?? ''}' (column ${first + 1}) and '${header}' (column ${at + 1}) both read as ${column}; rename or remove one`,
          }),
        );
      }
      index[column] = at;
      return;
    }
    let key = header;
    if (extraKeys.has(key)) {
      key = `${header} (column ${at + 1})`;
      warnings.push(
        makeProblem({
          kind: 'header',
          file,
          column: header,
          reason: `appears more than once; column ${at + 1} is kept as '${key}'`,
        }),
      );
    }
    extraKeys.add(key);
    extra.push({ index: at, key });
  });

  const missing = REQUIRED_COLUMNS.filter((c) => index[c] === -1);
  return { headers, index, extra, unnamed, missing, warnings };
}

/** The error for required columns the file lacks, listing what it has. */
export function missingColumnsError(plan: ColumnPlan, file: string, hint = ''): CohortError {
  const names = plan.missing.join(', ');
  const plural = plan.missing.length > 1 ? 's' : '';
  return CohortError.of(
    makeProblem({
      kind: 'header',
      file,
      reason: `missing required column${plural} ${names}; the header has: ${listHeaders(plan.headers)} (a mapping file can name local columns)${hint}`,
    }),
  );
}

function listHeaders(headers: readonly string[]): string {
  const named = headers.filter((h) => h !== '');
  return named.length === 0 ? '(no named columns)' : named.map((h) => `'${h}'`).join(', ');
}
