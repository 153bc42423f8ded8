import type { Case } from '../cohort/case.js';
import { foldSpelling } from '../cohort/codes.js';

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

/** Header spelling differences never matter (as in the cohort contract). */
export function normalizeColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '_');
}

/**
 * The values a case has in a column, as folded spellings compare. Most columns have one value
 * or none; `health_services` and (with secondary needs counted) `need_area` can have several.
 */
export function caseValues(c: Case, column: string, options: ValueOptions): string[] {
  switch (normalizeColumnName(column) as RuleColumn) {
    case 'need_area': {
      const areas: string[] = [];
      if (c.primary_need_area) areas.push(c.primary_need_area);
      if (options.countSecondaryNeeds && c.secondary_need_area && c.secondary_need_area !== c.primary_need_area) {
        areas.push(c.secondary_need_area);
      }
      return areas;
    }
    case 'primary_need':
      return [c.primary_need];
    case 'secondary_need':
      return c.secondary_need ? [c.secondary_need] : [];
    case 'sen_status':
      return [c.sen_status];
    case 'setting':
      return [c.setting];
    case 'alternative_provision':
      return [c.alternative_provision ? 'yes' : 'no'];
    case 'service_stage':
      return [c.service_stage];
    case 'age_band':
      return [c.age_band];
    case 'age':
      return [String(c.age)];
    case 'social_care':
      return c.social_care ? [c.social_care] : [];
    case 'health_services':
      return c.health_services;
    case 'locality':
      return c.locality ? [c.locality] : [];
    case 'la_code':
      return c.la_code ? [c.la_code] : [];
    default: {
      const wanted = normalizeColumnName(column);
      for (const [header, value] of Object.entries(c.extra)) {
        if (normalizeColumnName(header) === wanted) return value.trim() === '' ? [] : [value.trim()];
      }
      return [];
    }
  }
}

/** Values compare as the cohort contract compares codes: case, spaces, `_` and `-` aside. */
export function sameValue(a: string, b: string): boolean {
  return foldSpelling(a) === foldSpelling(b);
}

/** Whether a column name is one a rule may use for this cohort. */
export function isKnownColumn(column: string, extraHeaders: readonly string[]): boolean {
  const wanted = normalizeColumnName(column);
  return (
    (RULE_COLUMNS as readonly string[]).includes(wanted) ||
    extraHeaders.some((h) => normalizeColumnName(h) === wanted)
  );
}
