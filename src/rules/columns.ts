import type { Case } from '../cohort/case.js';
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
  switch (wanted as RuleColumn) {
    case 'need_area':
      return options.countSecondaryNeeds
        ? (c) => {
            const areas: string[] = [];
            if (c.primary_need_area) areas.push(c.primary_need_area);
            if (c.secondary_need_area && c.secondary_need_area !== c.primary_need_area) areas.push(c.secondary_need_area);
            return areas;
          }
        : (c) => (c.primary_need_area ? [c.primary_need_area] : NONE);
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
  switch (foldRuleColumn(column) as RuleColumn) {
    case 'need_area':
      return options.countSecondaryNeeds
        ? (c) => `${c.primary_need_area ?? ''}\u0002${c.secondary_need_area ?? ''}`
        : (c) => c.primary_need_area ?? '';
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

/** Values compare as the cohort contract compares codes: case, spaces, `_` and `-` aside. */
export function sameValue(a: string, b: string): boolean {
  return foldSpelling(a) === foldSpelling(b);
}

/** Whether a column name is one a rule may use for this cohort. */
export function isKnownColumn(column: string, extraHeaders: readonly string[]): boolean {
  const wanted = foldRuleColumn(column);
  return (
    (RULE_COLUMNS as readonly string[]).includes(wanted) ||
    extraHeaders.some((h) => foldRuleColumn(h) === wanted)
  );
}
