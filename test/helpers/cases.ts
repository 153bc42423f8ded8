import type { Case, CaseCodes } from '../../src/cohort/case.js';
import {
  AGE_BANDS,
  SEN_TYPE_CODES,
  SERVICE_STAGES,
  SETTINGS,
  SOCIAL_CARE,
  ageBand,
  needArea,
  type SenType,
} from '../../src/cohort/codes.js';
import fc from 'fast-check';

let next = 0;

/** A valid case with sensible defaults; tests say only what matters to them. */
export function makeCase(partial: Partial<Case> = {}): Case {
  const age = partial.age ?? 9;
  const primary = partial.primary_need ?? 'SLCN';
  const secondary = partial.secondary_need ?? null;
  const setting = partial.setting ?? 'mainstream';
  return {
    line: partial.line ?? ++next + 1,
    case_id: partial.case_id ?? `T${String(next).padStart(5, '0')}`,
    age,
    age_band: ageBand(age),
    sen_status: 'SEN support',
    primary_need: primary,
    need_area: needArea(primary),
    secondary_need: secondary,
    secondary_need_area: secondary ? needArea(secondary) : null,
    setting,
    alternative_provision: setting === 'ap',
    service_stage: 'established',
    social_care: null,
    health_services: [],
    locality: null,
    la_code: null,
    extra: {},
    ...partial,
  };
}

/** A case's coded fields, as packCodes takes them and a CompactCase reads them back. */
export function codedFields(c: Case): CaseCodes {
  return {
    age: c.age,
    sen_status: c.sen_status,
    primary_need: c.primary_need,
    secondary_need: c.secondary_need,
    setting: c.setting,
    service_stage: c.service_stage,
    social_care: c.social_care,
  };
}

/** Ages that land in each band, to draw from. */
const AGE_BY_BAND = [2, 8, 13, 17, 22];

/**
 * Small random cohorts skewed so that rules are sometimes met and sometimes not: few values,
 * a handful of AP cases, some needs with no broad area.
 */
export const arbCase = fc
  .record({
    band: fc.integer({ min: 0, max: AGE_BANDS.length - 1 }),
    need: fc.constantFrom<SenType>('ASD', 'SLCN', 'MLD', 'SEMH', 'HI', 'PD', 'OTH', 'SPLD'),
    secondary: fc.option(fc.constantFrom<SenType>(...SEN_TYPE_CODES), { nil: null }),
    ehcp: fc.boolean(),
    ap: fc.integer({ min: 0, max: 5 }),
    stage: fc.integer({ min: 0, max: 3 }),
    social: fc.integer({ min: 0, max: 2 }),
    locality: fc.constantFrom('North', 'South', 'East'),
  })
  .map((r) =>
    makeCase({
      age: AGE_BY_BAND[r.band]!,
      primary_need: r.need,
      need_area: needArea(r.need),
      secondary_need: r.secondary,
      secondary_need_area: r.secondary ? needArea(r.secondary) : null,
      sen_status: r.ehcp ? 'EHCP' : 'SEN support',
      setting: r.ap === 0 ? 'ap' : SETTINGS[r.ap % 4]!,
      alternative_provision: r.ap === 0,
      service_stage: SERVICE_STAGES[r.stage]!,
      social_care: SOCIAL_CARE[r.social]!,
      locality: r.locality,
    }),
  );

export function arbCohort(min: number, max: number) {
  return fc.array(arbCase, { minLength: min, maxLength: max }).map((cases) =>
    cases.map((c, i) => ({ ...c, case_id: `C${i}`, line: i + 2 })),
  );
}

/** Every k-subset of items, in lexicographic order of indices. */
export function* combinations<T>(items: readonly T[], k: number): Generator<T[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > items.length) return;
  while (true) {
    yield idx.map((i) => items[i]!);
    let i = k - 1;
    while (i >= 0 && idx[i] === items.length - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}
