/** Age bands: one label in every output, while rules files may still write "5-10". */
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, ageBand, parseAgeBand } from '../../src/cohort/codes.js';
import { parseRules } from '../../src/rules/load.js';

describe('age band labels', () => {
  it('are the DfE tables\' "Age 5 to 10", which no spreadsheet reads as a date', () => {
    expect(AGE_BANDS).toEqual(['Age 0 to 4', 'Age 5 to 10', 'Age 11 to 15', 'Age 16 to 19', 'Age 20 to 25']);
    expect([0, 4, 5, 10, 11, 15, 16, 19, 20, 25].map(ageBand)).toEqual([
      'Age 0 to 4', 'Age 0 to 4', 'Age 5 to 10', 'Age 5 to 10', 'Age 11 to 15', 'Age 11 to 15', 'Age 16 to 19', 'Age 16 to 19', 'Age 20 to 25', 'Age 20 to 25',
    ]);
  });

  it('are read from the spellings people write, and nothing else', () => {
    for (const s of ['5-10', '5 - 10', '5–10', '5 to 10', 'Age 5 to 10', 'age 5-10', ' AGED 5 TO 10 ']) expect(parseAgeBand(s), s).toBe('Age 5 to 10');
    for (const s of ['5-11', '4-10', '510', 'five to ten', '']) expect(parseAgeBand(s), s).toBeUndefined();
  });

  it('a rules file written with "5-10" counts the cases labelled "Age 5 to 10"', () => {
    const rules = parseRules({
      size: 6,
      rules: [{ id: 'young', kind: 'at-least', column: 'Age Band', values: ['0-4', '5 to 10', 'Age 5 to 10'], atLeast: 1 }],
    });
    const rule = rules.rules[0]!;
    expect(rule.kind === 'at-least' && rule.values).toEqual(['Age 0 to 4', 'Age 5 to 10']);
    expect(() => parseRules({ size: 6, rules: [{ id: 'odd', kind: 'at-least', column: 'age_band', values: ['5-11'], atLeast: 1 }] })).toThrow(
      "rules[0].values[0] '5-11' is not a age_band code; expected one of Age 0 to 4, Age 5 to 10",
    );
  });
});
