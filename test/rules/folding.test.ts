import { describe, expect, it } from 'vitest';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { evaluateRule } from '../../src/rules/evaluate.js';
import { isKnownColumn } from '../../src/rules/columns.js';
import { parseRules, RulesError } from '../../src/rules/load.js';
import { groupKey } from '../../src/analysis/check.js';
import { countValidSamples } from '../../src/solver/count.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { makeCase } from '../helpers/cases.js';

/** Rules match values the way the cohort is read. */
describe('rule columns fold like headers', () => {
  it('healthservices, Health Services and health_services are one column; so is an alias such as stage', () => {
    for (const name of ['healthservices', 'Health Services', 'HEALTH-SERVICES', 'health_services']) expect(isKnownColumn(name, [])).toBe(true);
    expect(isKnownColumn('stage', [])).toBe(true);
    expect(isKnownColumn('healthservice', [])).toBe(false);
    expect(isKnownColumn('teamname', ['Team Name'])).toBe(true);
    const cases = [makeCase({ case_id: 'A', health_services: ['CAMHS'] }), makeCase({ case_id: 'B', health_services: [] })];
    const count = (column: string) =>
      countValidSamples(prepareProblem({ cases, rules: parseRules({ size: 1, rules: [{ id: 'h', kind: 'at-least', column, values: ['CAMHS'], atLeast: 1 }] }) }));
    expect(count('healthservices')).toBe(1n);
    expect(count('Health Services')).toBe(count('health_services'));
  });
});

describe('rule values accept the cohort’s codes and spellings', () => {
  const cases = [
    makeCase({ case_id: 'AP', setting: 'ap', alternative_provision: true, sen_status: 'EHCP' }),
    makeCase({ case_id: 'S1', sen_status: 'SEN support' }),
    makeCase({ case_id: 'E1', sen_status: 'EHCP' }),
  ];
  const rule = (column: string, values: string[]) => parseRules({ size: 1, rules: [{ id: 'r', kind: 'at-least', column, values, atLeast: 1 }] });

  it('"pru", "PRU" and "Pupil Referral Unit" mean ap; K means SEN support; each is read to its code', () => {
    for (const v of ['pru', 'PRU', 'Pupil Referral Unit', 'ap']) {
      const rules = rule('setting', [v]);
      expect(rules.rules[0]).toMatchObject({ values: ['ap'] });
      expect(countValidSamples(prepareProblem({ cases, rules }))).toBe(1n);
    }
    expect(rule('sen_status', ['K']).rules[0]).toMatchObject({ values: ['SEN support'] });
    expect(rule('need_area', ['C&I', 'Sensory and/or physical']).rules[0]).toMatchObject({ values: ['communication_and_interaction', 'sensory_and_physical'] });
    expect(rule('alternative_provision', ['Y']).rules[0]).toMatchObject({ values: ['yes'] });
  });

  it('refuses a value that is no code of its column, saying which and what would be', () => {
    expect(() => rule('setting', ['pru', 'apx'])).toThrow(RulesError);
    expect(() => rule('setting', ['pru', 'apx'])).toThrow(/rules\[0\]\.values\[1\] 'apx' is not a setting code; expected one of .*\bap\b/);
    // An extra column's values are the file's own: taken as written.
    expect(rule('team', ['Blue']).rules[0]).toMatchObject({ values: ['Blue'] });
  });
});

describe('spread compares values as at-least does', () => {
  const spread = parseRules({ size: 2, rules: [{ id: 'places', kind: 'spread', column: 'locality', distinct: 2 }] });
  const atLeast = parseRules({ size: 1, rules: [{ id: 'north', kind: 'at-least', column: 'locality', values: ['north'], atLeast: 1 }] });

  it('North and north are one locality: no two picks from them are spread over two', () => {
    const cases = [makeCase({ case_id: 'A', locality: 'North' }), makeCase({ case_id: 'B', locality: 'north ' })];
    expect(countValidSamples(prepareProblem({ cases, rules: spread }))).toBe(0n);
    expect(countValidSamples(prepareProblem({ cases, rules: atLeast }))).toBe(2n);
    expect(evaluateRule(cases, spread.rules[0]!, spread)).toMatchObject({ satisfied: false, progress: '1 different (at least 2)' });
    const withSouth = [...cases, makeCase({ case_id: 'C', locality: 'South' })];
    expect(countValidSamples(prepareProblem({ cases: withSouth, rules: spread }))).toBe(2n);
  });

  it('compares after Unicode NFC: Ynys Môn composed and decomposed are one locality, and one --by group', () => {
    const composed = makeCase({ case_id: 'A', locality: 'Ynys M\u00f4n' });
    const decomposed = makeCase({ case_id: 'B', locality: 'Ynys Mo\u0302n' });
    expect(countValidSamples(prepareProblem({ cases: [composed, decomposed], rules: spread }))).toBe(0n);
    expect(groupKey(composed, 'locality', HANDBOOK_RULES)).toBe(groupKey(decomposed, 'locality', HANDBOOK_RULES));
  });
});

describe('countSecondaryNeeds and a need_area spread (as the README says)', () => {
  it('counts a case whose primary need has no broad area by its secondary need’s area', () => {
    const rules = (countSecondaryNeeds: boolean) =>
      parseRules({ size: 2, countSecondaryNeeds, rules: [{ id: 'areas', kind: 'spread', column: 'need_area', distinct: 2 }] });
    // OTH has no broad area; HI is sensory and physical.
    const cases = [makeCase({ case_id: 'A', primary_need: 'OTH', secondary_need: 'HI', secondary_need_area: 'sensory_and_physical' }), makeCase({ case_id: 'B', primary_need: 'ASD' })];
    expect(countValidSamples(prepareProblem({ cases, rules: rules(false) }))).toBe(0n);
    expect(countValidSamples(prepareProblem({ cases, rules: rules(true) }))).toBe(1n);
    // A case whose primary need has an area still counts by that one, whatever its secondary.
    const both = [makeCase({ case_id: 'C', primary_need: 'ASD', secondary_need: 'HI', secondary_need_area: 'sensory_and_physical' }), makeCase({ case_id: 'D', primary_need: 'ASD' })];
    expect(countValidSamples(prepareProblem({ cases: both, rules: rules(true) }))).toBe(0n);
  });
});
