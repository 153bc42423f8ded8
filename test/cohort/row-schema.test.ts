import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANONICAL_COLUMNS } from '../../src/cohort/columns.js';
import { RowValidator, caseFromRow, issueReason, rowSchema, type RawRow } from '../../src/cohort/row-schema.js';

/** Values a column might hold: valid codes in odd spellings, near misses, and junk. */
const cellValue = fc.option(
  fc.oneof(
    fc.constantFrom('EHCP', 'k', ' SEN support ', 'statement', 'SEMH', 'asd', 'SEMH/ASD', 'ap', 'PRU', 'special school', 'school'),
    fc.constantFrom('identifying', 'NEW_PLAN', 'done', 'none', 'CIN', 'yes', '0', '25', '07', '26', '-1', '7.5', 'seven'),
    fc.constantFrom('C1', 'C 1', 'x'.repeat(64), 'x'.repeat(65), 'CAMHS;SALT', ' ; ;', 'North'),
    fc.string({ maxLength: 6 }),
  ),
  { nil: undefined },
);
const rawRow = fc.record(Object.fromEntries(CANONICAL_COLUMNS.map((c) => [c, cellValue])) as Record<keyof RawRow, typeof cellValue>);

describe('RowValidator', () => {
  it('gives the same cases and issues as rowSchema.safeParse, row after row', () => {
    const validator = new RowValidator();
    fc.assert(
      fc.property(rawRow, (raw) => {
        const expected = rowSchema.safeParse(raw);
        const actual = validator.toCase(raw, 9, { note: 'x' });
        if (expected.success) {
          expect(actual).toEqual(caseFromRow(expected.data, 9, { note: 'x' }));
        } else {
          const issues = expected.error.issues.map((issue) => issueReason(issue, raw));
          expect(actual).toEqual(issues);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('shares one frozen health_services list between cases with the same services', () => {
    const validator = new RowValidator();
    const raw: RawRow = {
      case_id: 'C1', age: '4', sen_status: 'EHCP', primary_need: 'HI', secondary_need: undefined, setting: 'ap',
      service_stage: 'assessing', social_care: undefined, health_services: 'CAMHS;SALT', locality: undefined, la_code: undefined,
    };
    const a = validator.toCase(raw, 2, {});
    const b = validator.toCase({ ...raw, case_id: 'C2' }, 3, {});
    if (Array.isArray(a) || Array.isArray(b)) throw new Error('expected cases');
    expect(a.health_services).toEqual(['CAMHS', 'SALT']);
    // One list for a million rows that say the same, and no case can change it for the others.
    expect(a.health_services).toBe(b.health_services);
    expect(Object.isFrozen(a.health_services)).toBe(true);
  });
});
