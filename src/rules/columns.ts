import type { Case } from '../cohort/case.js';
import { canonicalColumn } from '../cohort/columns.js';
import {
  AGE_BANDS,
  parseAgeBand,
  NEED_AREA_LABELS,
  NEED_AREA_SHORT,
  NEED_AREAS,
  SEN_STATUSES,
  SEN_TYPE_CODES,
  SERVICE_STAGES,
  SETTINGS,
  SOCIAL_CARE,
  parseSenStatus,
  parseSenType,
  parseServiceStage,
  parseSetting,
  parseSocialCare,
} from '../cohort/codes.js';
import { foldRuleColumn, foldSpelling } from '../spelling.js';

/**
 * The columns a rule can count over: the canonical ones, the derived ones the handbook speaks
 * of (`need_area`, `age_band`, `alternative_provision`), and any extra column of the file.
 */
export const RULE_COLUMNS = [
  'need_area',
  'primary_need',
  'secondary_need',
  'sen_status',
  'setting',
  'alternative_provision',
  'service_stage',
  'age_band',
  'age',
  'social_care',
  'health_services',
  'locality',
  'la_code',
] as const;
export type RuleColumn = (typeof RULE_COLUMNS)[number];

const BY_FOLDED = new Map<string, RuleColumn>(RULE_COLUMNS.map((c) => [foldRuleColumn(c), c]));

/**
 * The rule column a name means, folded as a header is and with the cohort contract's aliases:
 * `healthservices`, `Health Services` and `health_services` are `health_services`, `stage` is
 * `service_stage`. Undefined for a name that can only be an extra column of the file.
 */
export function canonicalRuleColumn(name: string): RuleColumn | undefined {
  const known = BY_FOLDED.get(foldRuleColumn(name));
  if (known !== undefined) return known;
  const alias = canonicalColumn(name);
  return alias !== undefined && (RULE_COLUMNS as readonly string[]).includes(alias) ? (alias as RuleColumn) : undefined;
}

export interface ValueOptions {
  countSecondaryNeeds: boolean;
}


/** Reads one column's values from a case: resolved once per column, called per case. */
export type ColumnReader = (c: Case) => readonly string[];

const NONE: string[] = [];

/**
 * The values a case has in a column. Most columns have one value or none; `health_services`
 * and (with secondary needs counted) `need_area` can have several. Resolving the column once
 * matters: the solver reads every case of a 2-million-row cohort.
 */
export function columnReader(column: string, options: ValueOptions): ColumnReader {
  const wanted = foldRuleColumn(column);
  switch (canonicalRuleColumn(column)) {
    case 'need_area':
      return options.countSecondaryNeeds
        ? (c) => {
            const areas: string[] = [];
            if (c.need_area) areas.push(c.need_area);
            if (c.secondary_need_area && c.secondary_need_area !== c.need_area) areas.push(c.secondary_need_area);
            return areas;
          }
        : (c) => (c.need_area ? [c.need_area] : NONE);
    case 'primary_need':
      return (c) => [c.primary_need];
    case 'secondary_need':
      return (c) => (c.secondary_need ? [c.secondary_need] : NONE);
    case 'sen_status':
      return (c) => [c.sen_status];
    case 'setting':
      return (c) => [c.setting];
    case 'alternative_provision':
      return (c) => [c.alternative_provision ? 'yes' : 'no'];
    case 'service_stage':
      return (c) => [c.service_stage];
    case 'age_band':
      return (c) => [c.age_band];
    case 'age':
      return (c) => [String(c.age)];
    case 'social_care':
      return (c) => (c.social_care ? [c.social_care] : NONE);
    case 'health_services':
      return (c) => c.health_services;
    case 'locality':
      return (c) => (c.locality ? [c.locality] : NONE);
    case 'la_code':
      return (c) => (c.la_code ? [c.la_code] : NONE);
    default: {
      let header: string | undefined;
      return (c) => {
        if (header === undefined || !(header in c.extra)) {
          header = Object.keys(c.extra).find((h) => foldRuleColumn(h) === wanted);
          if (header === undefined) return NONE;
        }
        const value = c.extra[header]!.trim();
        return value === '' ? NONE : [value];
      };
    }
  }
}

/**
 * A case's values in a column as one string (joined with U+0002), for grouping cases that look
 * alike to the rules without allocating an array per case.
 */
export function columnKey(column: string, options: ValueOptions): (c: Case) => string {
  switch (canonicalRuleColumn(column)) {
    case 'need_area':
      return options.countSecondaryNeeds
        ? (c) => `${c.need_area ?? ''}\u0002${c.secondary_need_area ?? ''}`
        : (c) => c.need_area ?? '';
    case 'sen_status':
      return (c) => c.sen_status;
    case 'setting':
      return (c) => c.setting;
    case 'service_stage':
      return (c) => c.service_stage;
    case 'age_band':
      return (c) => c.age_band;
    case 'primary_need':
      return (c) => c.primary_need;
    default: {
      const read = columnReader(column, options);
      return (c) => read(c).join('\u0002');
    }
  }
}

/** Readers by column, one map per setting of countSecondaryNeeds (no key built per call). */
const readers = [new Map<string, ColumnReader>(), new Map<string, ColumnReader>()] as const;

/**
 * The values a case has in a column (see columnReader). For occasional use; loops over a whole
 * cohort resolve a reader once with columnReader.
 */
export function caseValues(c: Case, column: string, options: ValueOptions): readonly string[] {
  const byColumn = readers[options.countSecondaryNeeds ? 1 : 0];
  let read = byColumn.get(column);
  if (!read) byColumn.set(column, (read = columnReader(column, options)));
  return read(c);
}

/** Values compare as the cohort contract compares codes: case, spaces, `_` and `-` aside (after NFC). */
export function sameValue(a: string, b: string): boolean {
  return foldSpelling(a) === foldSpelling(b);
}

/**
 * What a spread rule counts as one value: values that compare the same (sameValue) are one,
 * so `North` and `north` are one locality, as they are one to an at-least rule.
 */
export function spreadKey(value: string): string {
  return foldSpelling(value);
}

/** Whether a column name is one a rule may use for this cohort. */
export function isKnownColumn(column: string, extraHeaders: readonly string[]): boolean {
  const wanted = foldRuleColumn(column);
  return canonicalRuleColumn(column) !== undefined || extraHeaders.some((h) => foldRuleColumn(h) === wanted);
}

/** need_area by its id, its words or its short label ("C&I"), each folded as spellings are. */
const NEED_AREA_SPELLINGS = new Map<string, string>(
  NEED_AREAS.flatMap((a) => [a, NEED_AREA_LABELS[a], NEED_AREA_SHORT[a]].map((v) => [foldSpelling(v), a] as [string, string])),
);
const YES_NO = new Map<string, string>([['yes', 'yes'], ['y', 'yes'], ['true', 'yes'], ['no', 'no'], ['n', 'no'], ['false', 'no']]);

/**
 * For the columns whose values are codes, how a rule's value is read (the cohort's own code
 * parsers, so `PRU` and `pru` are `ap`, `K` is `SEN support`) and the codes there are.
 */
const CODED: Partial<Record<RuleColumn, { read: (v: string) => string | undefined; codes: readonly string[] }>> = {
  setting: { read: parseSetting, codes: SETTINGS },
  sen_status: { read: parseSenStatus, codes: SEN_STATUSES },
  service_stage: { read: parseServiceStage, codes: SERVICE_STAGES },
  social_care: { read: parseSocialCare, codes: SOCIAL_CARE },
  primary_need: { read: parseSenType, codes: SEN_TYPE_CODES },
  secondary_need: { read: parseSenType, codes: SEN_TYPE_CODES },
  need_area: { read: (v) => NEED_AREA_SPELLINGS.get(foldSpelling(v)), codes: NEED_AREAS },
  // "Age 5 to 10", and the "5-10" or "5 to 10" a person may write.
  age_band: { read: parseAgeBand, codes: AGE_BANDS },
  alternative_provision: { read: (v) => YES_NO.get(foldSpelling(v)), codes: ['yes', 'no'] },
};

/**
 * A rule's value read the way the cohort's values are: the code it means for a coded column
 * (`{ code }`), or why it means none (`{ reason }`); any other column's value as written.
 */
export function ruleValue(column: string, value: string): { code: string } | { reason: string } {
  const known = canonicalRuleColumn(column);
  const coded = known === undefined ? undefined : CODED[known];
  if (coded === undefined) return { code: value };
  const code = coded.read(value);
  return code === undefined ? { reason: `is not a ${known} code; expected one of ${coded.codes.join(', ')}` } : { code };
}
