import type { Case } from '../../src/cohort/case.js';
import { SERVICE_STAGES, type SenType, type Setting } from '../../src/cohort/codes.js';
import type { CohortSummary } from '../../src/cohort/summary.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import type { ReviewContext } from '../../cli/review/context.js';
import { makeCase } from '../helpers/cases.js';

const NEEDS: SenType[] = ['ASD', 'SLCN', 'MLD', 'SEMH', 'HI', 'PD', 'SPLD', 'OTH', 'SEMH', 'ASD', 'VI'];
const AGES = [3, 8, 13, 17, 22, 9, 14];
const SETTINGS: Setting[] = ['mainstream', 'special', 'further_education', 'mainstream_resourced'];
const LOCALITIES = ['North', 'South', 'East'];

/**
 * A small cohort that meets the handbook rules in many ways: every broad area, every age band,
 * six service stages, a handful in alternative provision, a third on SEN support.
 */
export function smallCohort(n = 60): Case[] {
  return Array.from({ length: n }, (_, i) =>
    makeCase({
      line: i + 2,
      case_id: `C${String(i).padStart(3, '0')}`,
      age: AGES[i % AGES.length]!,
      primary_need: NEEDS[i % NEEDS.length]!,
      sen_status: i % 3 === 0 ? 'SEN support' : 'EHCP',
      setting: i % 9 === 4 ? 'ap' : SETTINGS[i % SETTINGS.length]!,
      service_stage: SERVICE_STAGES[i % SERVICE_STAGES.length]!,
      social_care: i % 5 === 0 ? 'child_in_need' : 'none',
      locality: LOCALITIES[i % LOCALITIES.length]!,
    }),
  );
}

export function summaryFor(cases: readonly Case[], file = 'cohort.csv'): CohortSummary {
  return {
    file,
    sha256: 'f'.repeat(64),
    rows: cases.length,
    valid: cases.length,
    columns: { found: [], canonical: {}, extra: [], withheld: [] },
    skipped: [],
    warnings: [],
    maskedIds: 0,
  };
}

export function reviewContext(cases: Case[], overrides: Partial<ReviewContext> = {}): ReviewContext {
  return {
    cohortFile: 'cohort.csv',
    summary: summaryFor(cases),
    cases,
    rules: HANDBOOK_RULES,
    rulesSource: 'handbook defaults',
    seed: 'test-seed',
    pins: [],
    excludes: [],
    reserves: 4,
    out: '/tmp/sample.csv',
    sessionFile: '/tmp/session.json',
    resume: false,
    toolVersion: '0.0.0-test',
    ...overrides,
  };
}
