import { describe, expect, it } from 'vitest';
import { CoverageAccumulator, coverageOf } from '../../src/analysis/coverage.js';
import { defaultRules, parseRules } from '../../src/rules/load.js';
import { makeCase } from '../helpers/cases.js';

/** Five cases, counted by hand below. */
const cases = [
  makeCase({ case_id: 'A', age: 3, sen_status: 'EHCP', primary_need: 'ASD', setting: 'early_years', service_stage: 'assessing', social_care: 'child_in_need' }),
  makeCase({ case_id: 'B', age: 8, sen_status: 'SEN support', primary_need: 'MLD', setting: 'mainstream', service_stage: 'identifying' }),
  makeCase({ case_id: 'C', age: 13, sen_status: 'SEN support', primary_need: 'SEMH', setting: 'ap', service_stage: 'established', social_care: 'looked_after' }),
  makeCase({ case_id: 'D', age: 14, sen_status: 'EHCP', primary_need: 'SEMH', setting: 'ap', service_stage: 'established' }),
  makeCase({ case_id: 'E', age: 21, sen_status: 'EHCP', primary_need: 'OTH', setting: 'further_education', service_stage: 'ceasing', social_care: 'none' }),
];

describe('coverage', () => {
  const coverage = coverageOf(cases, defaultRules());

  it('counts by need area, SEN type, SEN status and alternative provision, zeros included', () => {
    expect(coverage.cases).toBe(5);
    expect(coverage.need_area).toEqual({
      communication_and_interaction: 1,
      cognition_and_learning: 1,
      social_emotional_and_mental_health: 2,
      sensory_and_physical: 0,
      none: 1,
    });
    expect(coverage.primary_need).toMatchObject({ ASD: 1, MLD: 1, SEMH: 2, OTH: 1, HI: 0, SLCN: 0 });
    expect(coverage.sen_status).toEqual({ EHCP: 3, 'SEN support': 2 });
    expect(coverage.alternative_provision).toEqual({ yes: 2, no: 3 });
  });

  it('counts by age band, stage, setting and social care', () => {
    expect(coverage.age_band).toEqual({ 'Age 0 to 4': 1, 'Age 5 to 10': 1, 'Age 11 to 15': 2, 'Age 16 to 19': 0, 'Age 20 to 25': 1 });
    expect(coverage.service_stage).toEqual({ identifying: 1, assessing: 1, new_plan: 0, established: 2, transition: 0, ceasing: 1 });
    expect(coverage.setting).toMatchObject({ early_years: 1, mainstream: 1, ap: 2, further_education: 1, special: 0 });
    expect(coverage.social_care).toMatchObject({ child_in_need: 1, looked_after: 1, none: 1, not_recorded: 2 });
  });

  it('cross-tabulates need area by age band', () => {
    expect(coverage.needAreaByAgeBand.social_emotional_and_mental_health).toEqual({ 'Age 0 to 4': 0, 'Age 5 to 10': 0, 'Age 11 to 15': 2, 'Age 16 to 19': 0, 'Age 20 to 25': 0 });
    expect(coverage.needAreaByAgeBand.none!['Age 20 to 25']).toBe(1);
  });

  it("gives each rule's supply: the cases that could help meet it", () => {
    const byId = Object.fromEntries(coverage.ruleSupply.map((r) => [r.id, r]));
    expect(byId['need-areas']!.supply).toBe(4);
    expect(byId['need-areas']!.byValue).toEqual({
      communication_and_interaction: 1,
      cognition_and_learning: 1,
      social_emotional_and_mental_health: 2,
      sensory_and_physical: 0,
    });
    expect(byId['alternative-provision']!.supply).toBe(2);
    expect(byId['sen-support']!.supply).toBe(2);
    expect(byId['age-spread']!.byValue).toEqual({ 'Age 0 to 4': 1, 'Age 5 to 10': 1, 'Age 11 to 15': 2, 'Age 20 to 25': 1 });
    expect(byId['stage-spread']!.supply).toBe(5);
  });

  it('leaves switched-off rules out and counts secondary needs when the rules say so', () => {
    const rules = parseRules({
      size: 3,
      countSecondaryNeeds: true,
      rules: [
        { id: 'need-areas', kind: 'at-least', column: 'need_area', values: ['sensory_and_physical'], atLeast: 1 },
        { id: 'ap', kind: 'at-least', column: 'setting', values: ['ap'], atLeast: 1, enabled: false },
      ],
    });
    const withSecondary = [...cases, makeCase({ case_id: 'F', primary_need: 'ASD', secondary_need: 'HI' })];
    const supply = coverageOf(withSecondary, rules).ruleSupply;
    expect(supply.map((r) => r.id)).toEqual(['need-areas']);
    expect(supply[0]!.supply).toBe(1);
  });

  it('gives the same counts fed one case at a time, read part-way and at the end', () => {
    const acc = new CoverageAccumulator(defaultRules());
    acc.add(cases[0]!);
    acc.add(cases[1]!);
    const partway = acc.result();
    for (const c of cases.slice(2)) acc.add(c);
    expect(partway.cases).toBe(2);
    expect(acc.result()).toEqual(coverage);
  });
});
