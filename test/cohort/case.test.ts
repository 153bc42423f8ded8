import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactCase, packCodes, type CaseCodes } from '../../src/cohort/case.js';
import {
  MAX_AGE,
  MIN_AGE,
  SEN_STATUSES,
  SEN_TYPE_CODES,
  SERVICE_STAGES,
  SETTINGS,
  SOCIAL_CARE,
  ageBand,
  isAlternativeProvision,
  needArea,
} from '../../src/cohort/codes.js';
import { codedFields } from '../helpers/cases.js';

const codes: fc.Arbitrary<CaseCodes> = fc.record({
  age: fc.integer({ min: MIN_AGE, max: MAX_AGE }),
  sen_status: fc.constantFrom(...SEN_STATUSES),
  primary_need: fc.constantFrom(...SEN_TYPE_CODES),
  secondary_need: fc.constantFrom(null, ...SEN_TYPE_CODES),
  setting: fc.constantFrom(...SETTINGS),
  service_stage: fc.constantFrom(...SERVICE_STAGES),
  social_care: fc.constantFrom(null, ...SOCIAL_CARE),
});


describe('the compact case the reader builds', () => {
  it('reads back every coded field as given, and derives the rest from them', () => {
    fc.assert(
      fc.property(codes, (given) => {
        const c = new CompactCase(7, 'C1', packCodes(given), ['SALT'], 'North', 'E09', { note: 'x' });
        expect(codedFields(c)).toEqual(given);
        expect(c.age_band).toBe(ageBand(given.age));
        expect(c.need_area).toBe(needArea(given.primary_need));
        expect(c.secondary_need_area).toBe(given.secondary_need === null ? null : needArea(given.secondary_need));
        expect(c.alternative_provision).toBe(isAlternativeProvision(given.setting));
        expect([c.line, c.case_id, c.health_services, c.locality, c.la_code, c.extra]).toEqual([7, 'C1', ['SALT'], 'North', 'E09', { note: 'x' }]);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a secondary need set afterwards (a SEN2 rank-2 row) without changing any other field', () => {
    fc.assert(
      fc.property(codes, fc.constantFrom(null, ...SEN_TYPE_CODES), (given, secondary) => {
        const c = new CompactCase(3, 'C2', packCodes(given), [], null, null, {});
        c.secondary_need = secondary;
        expect(codedFields(c)).toEqual({ ...given, secondary_need: secondary });
        expect(c.secondary_need_area).toBe(secondary === null ? null : needArea(secondary));
      }),
      { numRuns: 1000 },
    );
  });
});
