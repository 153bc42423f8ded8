import type { Case } from '../../src/cohort/case.js';
import type { SenType, ServiceStage, Setting } from '../../src/cohort/codes.js';
import { makeCase } from '../helpers/cases.js';

const NEEDS: SenType[] = ['SLCN', 'MLD', 'SEMH', 'HI', 'ASD', 'SPLD', 'PD', 'OTH'];
const AGES = [3, 7, 12, 17, 22];
const STAGES: ServiceStage[] = ['identifying', 'assessing', 'new_plan', 'established', 'transition', 'ceasing'];

/**
 * A small cohort that can meet the handbook rules: every need area, a few cases in
 * alternative provision, SEN support and EHCP, five age bands, six stages. `ap: false` leaves
 * alternative provision out, so that no valid sample exists.
 */
export function smallCohort(n = 24, { ap = true }: { ap?: boolean } = {}): Case[] {
  return Array.from({ length: n }, (_, i) => {
    const setting: Setting = ap && i % 5 === 0 ? 'ap' : i % 3 === 0 ? 'special' : 'mainstream';
    return makeCase({
      line: i + 2,
      case_id: `C${String(i + 1).padStart(3, '0')}`,
      age: AGES[i % AGES.length]!,
      sen_status: i % 2 === 0 ? 'SEN support' : 'EHCP',
      primary_need: NEEDS[i % NEEDS.length]!,
      setting,
      service_stage: STAGES[i % STAGES.length]!,
      social_care: i % 4 === 0 ? 'child_in_need' : 'none',
      locality: i % 2 === 0 ? 'North' : 'South',
      la_code: i < n / 2 ? 'E01' : 'E02',
    });
  });
}
