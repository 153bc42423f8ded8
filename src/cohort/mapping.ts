/**
 * Mapping files for local exports (docs/cohort-format.md, "Local exports"): which local
 * column is which canonical column, and which local value means which code, so an export can
 * be read as it is. Example:
 *
 * ```json
 * {
 *   "columns": { "case_id": "Child Ref", "primary_need": "Need Type" },
 *   "values": { "setting": { "Resourced Base": "mainstream_resourced", "PRU": "ap" } }
 * }
 * ```
 *
 * Value keys match case-insensitively, ignoring surrounding spaces; targets are checked when the
 * file is loaded, so a typo in the mapping is reported against the mapping, not row by row.
 */
import * as z from 'zod';
import { readJsonFile } from '../json-file.js';
import { foldHeader, foldValueKey } from '../spelling.js';
import {
  parseAge,
  parseSenStatus,
  parseSenType,
  parseServiceStage,
  parseSetting,
  parseSocialCare,
  SEN_STATUSES,
  SEN_TYPE_CODES,
  SERVICE_STAGES,
  SETTINGS,
  SOCIAL_CARE,
} from './codes.js';
import { CANONICAL_COLUMNS, type CanonicalColumn } from './columns.js';
import { CohortError, makeProblem, quoteValue, type CohortProblem } from './problems.js';

export interface Mapping {
  /** Canonical column → the local header that holds it. */
  columns: Partial<Record<CanonicalColumn, string>>;
  /** Canonical column → local value → code. */
  values: Partial<Record<CanonicalColumn, Record<string, string>>>;
  /** The mapping file, when loaded from one, so that messages can name it. */
  file?: string;
}

const header = z.string().trim().min(1, { error: 'must name a column of the file' });

/** A mapping target must be a code the column accepts; it is stored as the canonical code. */
function target(parse: (raw: string) => string | number | undefined, expected: string) {
  return z.string().transform((raw, ctx) => {
    const code = parse(raw);
    if (code === undefined) {
      ctx.issues.push({ code: 'custom', message: expected, input: raw });
      return z.NEVER;
    }
    return String(code);
  });
}

const oneOf = (codes: readonly string[]) => `must be one of ${codes.join(', ')}`;

const VALUE_TARGETS: Record<CanonicalColumn, z.ZodType<string, string>> = {
  case_id: z.string().refine(() => false, {
    error: 'cannot be mapped: case_id is an opaque reference and is read as it is',
  }),
  age: target(parseAge, 'must be a whole number of years from 0 to 25'),
  sen_status: target(parseSenStatus, oneOf(SEN_STATUSES)),
  primary_need: target(parseSenType, oneOf(SEN_TYPE_CODES)),
  secondary_need: target(parseSenType, oneOf(SEN_TYPE_CODES)),
  setting: target(parseSetting, oneOf(SETTINGS)),
  service_stage: target(parseServiceStage, oneOf(SERVICE_STAGES)),
  social_care: target(parseSocialCare, oneOf(SOCIAL_CARE)),
  health_services: z.string().trim(),
  locality: z.string().trim(),
  la_code: z.string().trim(),
};

/** Two keys that differ only in case or spaces must not say different things. */
function valueTable(column: CanonicalColumn) {
  return z.record(z.string(), VALUE_TARGETS[column]).superRefine((table, ctx) => {
    const seen = new Map<string, [string, string]>();
    for (const [key, code] of Object.entries(table)) {
      const folded = foldValueKey(key);
      const before = seen.get(folded);
      if (before !== undefined && before[1] !== code) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `clashes with '${before[0]}' (keys match ignoring case and spaces), which maps to '${before[1]}'`,
        });
      }
      seen.set(folded, [key, code]);
    }
  });
}

function perColumn<T extends z.ZodType>(make: (column: CanonicalColumn) => T) {
  return Object.fromEntries(CANONICAL_COLUMNS.map((c) => [c, make(c).optional()])) as Record<
    CanonicalColumn,
    z.ZodOptional<T>
  >;
}

export const mappingSchema = z
  .strictObject({
    columns: z.strictObject(perColumn(() => header)).default({}),
    values: z.strictObject(perColumn(valueTable)).default({}),
  })
  .superRefine((mapping, ctx) => {
    const byHeader = new Map<string, string>();
    for (const [column, local] of Object.entries(mapping.columns)) {
      if (local === undefined) continue;
      const key = foldHeader(local);
      const other = byHeader.get(key);
      if (other !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['columns', column], message: `names the same column as columns.${other}` });
      }
      byHeader.set(key, column);
    }
  });


/** Validates a parsed mapping file. `file` names it in messages. */
export function parseMapping(data: unknown, file: string): Mapping {
  const result = mappingSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => mappingProblem(issue, file));
    throw new CohortError(problems, { headline: `${file} is not a valid mapping file:` });
  }
  const { columns, values } = result.data;
  const mapping: Mapping = { columns: {}, values: {}, file };
  for (const column of CANONICAL_COLUMNS) {
    const local = columns[column];
    if (local !== undefined) mapping.columns[column] = local;
    const table = values[column];
    if (table !== undefined) mapping.values[column] = table;
  }
  return mapping;
}

/** Reads and validates a mapping file; every failure is a CohortError of kind 'mapping'. */
export async function loadMapping(path: string): Promise<Mapping> {
  const file = await readJsonFile(path);
  if (!file.ok) {
    const subject = file.kind === 'not-json' ? path : `mapping file ${path}`;
    throw CohortError.of(makeProblem({ kind: 'mapping', file: path, reason: file.reason, subject }));
  }
  return parseMapping(file.json, path);
}

/** "local.json: values.setting.Resourced Base must be one of early_years, mainstream, …". */
function mappingProblem(issue: z.core.$ZodIssue, file: string): CohortProblem {
  const path = issue.path.map(String).join('.');
  const input = (issue as { input?: unknown }).input;
  let reason: string;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = path === '' ? ['columns', 'values'] : [...CANONICAL_COLUMNS];
      const keys = issue.keys.map((k) => `'${k}'`).join(', ');
      reason = `has unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}; expected ${known.join(', ')}`;
      break;
    }
    case 'invalid_type':
      reason = path === '' ? "must be a JSON object with 'columns' and/or 'values'" : `must be ${describeType(issue.expected)}`;
      break;
    default:
      reason = issue.message;
  }
  const found = typeof input === 'string' && issue.code === 'custom' ? ` (found ${quoteValue(input)})` : '';
  return makeProblem({
    kind: 'mapping',
    file,
    column: path === '' ? null : path,
    value: typeof input === 'string' ? input : null,
    reason: reason + found,
    subject: path === '' ? `${file}:` : `${file}: ${path}`,
  });
}

function describeType(expected: string): string {
  if (expected === 'string') return 'text';
  if (expected === 'object' || expected === 'record') return 'an object';
  return `a ${expected}`;
}
