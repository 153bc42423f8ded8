import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseIdIndex } from '../../src/cohort/case-ids.js';

describe('CaseIdIndex', () => {
  it('answers like a Map of first lines, across growth, for any strings', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('C1', 'C2', 'é', '🙂', 'C1 ')), { maxLength: 3000 }), (ids) => {
        const index = new CaseIdIndex();
        const first = new Map<string, number>();
        ids.forEach((id, line) => {
          expect(index.firstLineOrAdd(id, line)).toBe(first.get(id));
          if (!first.has(id)) first.set(id, line);
        });
        expect(index.size).toBe(first.size);
      }),
      { numRuns: 200 },
    );
  });

  it('answers the same when room is reserved up front, for fewer or more ids than reserved, before or after some are in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('C1', 'C2', 'é', '🙂')), { maxLength: 3000 }),
        fc.nat({ max: 6000 }),
        fc.nat(),
        (ids, reserved, when) => {
          const index = new CaseIdIndex();
          const first = new Map<string, number>();
          const at = ids.length === 0 ? 0 : when % ids.length;
          ids.forEach((id, line) => {
            if (line === at) index.reserve(reserved);
            expect(index.firstLineOrAdd(id, line)).toBe(first.get(id));
            if (!first.has(id)) first.set(id, line);
          });
          expect(index.size).toBe(first.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps 200,000 distinct ids and finds each duplicate', () => {
    const index = new CaseIdIndex();
    let added = 0;
    for (let i = 0; i < 200_000; i++) if (index.firstLineOrAdd(`C${i.toString().padStart(7, '0')}`, i + 2) === undefined) added++;
    expect(added).toBe(200_000);
    expect(index.firstLineOrAdd('C0123456', 999_999)).toBe(123_458);
    expect(index.firstLineOrAdd('C0000000', 999_999)).toBe(2);
    expect(index.size).toBe(200_000);
  });

  it('still finds ids read before the first id beyond Latin-1 (when its characters widen)', () => {
    const index = new CaseIdIndex();
    for (let i = 0; i < 5000; i++) index.firstLineOrAdd(`Ré${i}`, i + 2);
    expect(index.firstLineOrAdd('C\u0100', 9000)).toBeUndefined();
    expect(index.firstLineOrAdd('Ré0', 9001)).toBe(2);
    expect(index.firstLineOrAdd('Ré4999', 9002)).toBe(5001);
    expect(index.firstLineOrAdd('C\u0100', 9003)).toBe(9000);
    // A wide character is never kept cut to a byte: \u0141 is not A (0x41).
    const fresh = new CaseIdIndex();
    expect(fresh.firstLineOrAdd('C\u0141', 2)).toBeUndefined();
    expect(fresh.firstLineOrAdd('CA', 3)).toBeUndefined();
    expect(fresh.firstLineOrAdd('C\u0141', 4)).toBe(2);
  });
});
