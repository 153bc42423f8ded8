import fc from 'fast-check';
import { NEED_AREAS } from '../../src/cohort/codes.js';
import { parseRules } from '../../src/rules/load.js';
import type { Rules, RulesInput } from '../../src/rules/schema.js';

/** Random small rule sets of every kind the rules file allows, for checking against brute force. */
export const arbRules = fc
  .record({
    size: fc.integer({ min: 1, max: 5 }),
    countSecondaryNeeds: fc.boolean(),
    needAreas: fc.option(fc.record({ atLeast: fc.integer({ min: 0, max: 2 }), areas: fc.integer({ min: 1, max: 4 }) }), { nil: undefined, freq: 2 }),
    ap: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined, freq: 2 }),
    sen: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 2 }),
    age: fc.option(fc.record({ distinct: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined, freq: 2 }), atMost: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 2 }) }), { nil: undefined, freq: 2 }),
    stage: fc.option(fc.record({ distinct: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 2 }), atMost: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined, freq: 2 }) }), { nil: undefined, freq: 2 }),
    locality: fc.option(fc.record({ distinct: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 2 }), atMost: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 2 }) }), { nil: undefined, freq: 2 }),
    social: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined, freq: 2 }),
    disableOne: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined, freq: 2 }),
  })
  .map((r): Rules => {
    const rules: RulesInput['rules'] = [];
    if (r.needAreas) {
      rules.push({ id: 'need-areas', kind: 'at-least', column: 'need_area', each: true, values: NEED_AREAS.slice(0, r.needAreas.areas), atLeast: r.needAreas.atLeast });
    }
    if (r.ap !== undefined) rules.push({ id: 'alternative-provision', kind: 'at-least', column: 'setting', values: ['ap'], atLeast: r.ap });
    if (r.sen !== undefined) rules.push({ id: 'sen-support', kind: 'at-least', column: 'sen_status', values: ['SEN support'], atLeast: r.sen });
    const spread = (id: string, column: string, s: { distinct?: number | undefined; atMost?: number | undefined }) => {
      if (s.distinct === undefined && s.atMost === undefined) return;
      rules.push({ id, kind: 'spread', column, ...(s.distinct !== undefined && { distinct: s.distinct }), ...(s.atMost !== undefined && { atMost: s.atMost }) });
    };
    if (r.age) spread('age-spread', 'age_band', r.age);
    if (r.stage) spread('stage-spread', 'service_stage', r.stage);
    if (r.locality) spread('locality-spread', 'locality', r.locality);
    if (r.social !== undefined) {
      rules.push({ id: 'social-care', kind: 'at-least', column: 'social_care', values: ['child_in_need', 'early_help'], each: r.social === 2, atLeast: 1 });
    }
    if (r.disableOne !== undefined && rules[r.disableOne]) rules[r.disableOne] = { ...rules[r.disableOne]!, enabled: false };
    return parseRules({ size: r.size, countSecondaryNeeds: r.countSecondaryNeeds, rules });
  });
