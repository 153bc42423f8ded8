/**
 * A case as the reports show it: the contract's columns and the derived fields, with the names
 * used everywhere else (`need_area`, `age_band`, …). Extra columns of the file are shown only
 * when a rule counts over them: the reports carry what the rules saw, not everything the
 * export happened to hold.
 */
import type { Case } from '../cohort/case.js';
import { foldRuleColumn } from '../spelling.js';
import type { Rules } from '../rules/schema.js';
import type { CaseFields } from './schema.js';

export type { CaseFields };

export function caseFields(c: Case, rules?: Rules): CaseFields {
  const fields: CaseFields = {
    case_id: c.case_id,
    line: c.line,
    age: c.age,
    age_band: c.age_band,
    sen_status: c.sen_status,
    primary_need: c.primary_need,
    need_area: c.need_area,
    secondary_need: c.secondary_need,
    secondary_need_area: c.secondary_need_area,
    setting: c.setting,
    alternative_provision: c.alternative_provision,
    service_stage: c.service_stage,
    social_care: c.social_care,
    health_services: [...c.health_services],
    locality: c.locality,
    la_code: c.la_code,
  };
  const extra = rules === undefined ? {} : ruleExtras(c, rules);
  if (Object.keys(extra).length > 0) fields.extra = extra;
  return fields;
}

/**
 * A case's columns as the CSV files write them: text, and '' where a case has none. The sample
 * CSV (and its workbook) and the odds CSV each take the columns they list from here.
 */
export function caseCells(c: Case): Record<CaseColumn, string> {
  return {
    case_id: c.case_id,
    age: String(c.age),
    age_band: c.age_band,
    sen_status: c.sen_status,
    primary_need: c.primary_need,
    need_area: c.need_area ?? '',
    secondary_need: c.secondary_need ?? '',
    setting: c.setting,
    service_stage: c.service_stage,
    social_care: c.social_care ?? '',
    locality: c.locality ?? '',
    la_code: c.la_code ?? '',
  };
}

export type CaseColumn =
  | 'case_id'
  | 'age'
  | 'age_band'
  | 'sen_status'
  | 'primary_need'
  | 'need_area'
  | 'secondary_need'
  | 'setting'
  | 'service_stage'
  | 'social_care'
  | 'locality'
  | 'la_code';

/** The extra columns of a case that an enabled rule counts over. */
export function ruleExtras(c: Case, rules: Rules): Record<string, string> {
  const wanted = new Set(rules.rules.filter((r) => r.enabled).map((r) => foldRuleColumn(r.column)));
  const out: Record<string, string> = {};
  for (const [header, value] of Object.entries(c.extra)) {
    if (wanted.has(foldRuleColumn(header))) out[header] = value;
  }
  return out;
}
