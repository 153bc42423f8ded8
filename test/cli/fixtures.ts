/** Small cohort files, written by the tests themselves so they never depend on files in flux. */

const NEEDS = ['SLCN', 'MLD', 'SEMH', 'HI', 'ASD', 'SPLD', 'PD', 'OTH'];
const AGES = [3, 7, 12, 17, 22];
const STAGES = ['identifying', 'assessing', 'new_plan', 'established', 'transition', 'ceasing'];

export const HEADER = 'case_id,age,sen_status,primary_need,secondary_need,setting,service_stage,social_care,health_services,locality,la_code';

export interface CohortOptions {
  /** Rows (default 24). */
  n?: number;
  /** Some cases in alternative provision (default true); without, no valid sample exists. */
  ap?: boolean;
  /** la_code for row i (default: E01 for the first half, E02 for the rest). */
  laCode?: (i: number) => string;
}

export function cohortRows({ n = 24, ap = true, laCode }: CohortOptions = {}): string[] {
  return Array.from({ length: n }, (_, i) => {
    const setting = ap && i % 5 === 0 ? 'ap' : i % 3 === 0 ? 'special' : 'mainstream';
    return [
      `C${String(i + 1).padStart(3, '0')}`,
      AGES[i % AGES.length],
      i % 2 === 0 ? 'SEN support' : 'EHCP',
      NEEDS[i % NEEDS.length],
      '',
      setting,
      STAGES[i % STAGES.length],
      i % 4 === 0 ? 'child_in_need' : 'none',
      '',
      i % 2 === 0 ? 'North' : 'South',
      laCode ? laCode(i) : i < n / 2 ? 'E01' : 'E02',
    ].join(',');
  });
}

/** A cohort that can meet the handbook rules (and, split by la_code, each half can too). */
export function cohortCsv(options: CohortOptions = {}): string {
  return [HEADER, ...cohortRows(options)].join('\n') + '\n';
}
