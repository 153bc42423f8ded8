import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODED_KEYS, CompactCase, codedKeyOf, packCodes, type Case } from '../../src/cohort/case.js';
import { MAX_AGE, SEN_STATUSES, SEN_TYPE_CODES, SERVICE_STAGES, SETTINGS, SOCIAL_CARE } from '../../src/cohort/codes.js';
import { CoverageAccumulator } from '../../src/analysis/coverage.js';
import { kindIndexer } from '../../src/solver/kinds.js';
import { parseRules } from '../../src/rules/load.js';
import { arbCohort, codedFields, makeCase } from '../helpers/cases.js';

/** The reader's kind of case (codes packed) for a plain one. */
function compact(c: Case): Case {
  return new CompactCase(c.line, c.case_id, packCodes(codedFields(c)), c.health_services, c.locality, c.la_code, c.extra);
}

/** Kinds numbered in order of first appearance, by the tuple of the keys' values. */
function byTuple(cases: readonly Case[], keys: readonly ((c: Case) => string)[]): number[] {
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const tuple = JSON.stringify(keys.map((k) => k(c)));
    if (!seen.has(tuple)) seen.set(tuple, seen.size);
    return seen.get(tuple)!;
  });
}

describe('kinds of case', () => {
  // Two keys that read coded fields only, then one that reads the locality.
  const keys: ((c: Case) => string)[] = [(c) => c.age_band, (c) => c.need_area ?? '', (c) => c.locality ?? ''];

  it('numbers cases alike in every key as one kind, whether or not coded keys go by the codes', () => {
    fc.assert(
      fc.property(arbCohort(1, 60), fc.integer({ min: 0, max: 2 }), (cohort, coded) => {
        const expected = byTuple(cohort, keys);
        // Plain cases have no codes: the indexer reads every key.
        expect(cohort.map(kindIndexer(keys, coded))).toEqual(expected);
        // The reader's cases: the coded keys are settled by one lookup of their codes.
        expect(cohort.map(compact).map(kindIndexer(keys, coded))).toEqual(expected);
        // Mixed, as a tally can be: one trie, the same numbers.
        const mixed = kindIndexer(keys, coded);
        expect(cohort.map((c, i) => mixed(i % 2 === 0 ? compact(c) : c))).toEqual(expected);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('gives every reader\'s case a coded key below CODED_KEYS, the secondary need aside', () => {
    const last = makeCase({ age: MAX_AGE, sen_status: SEN_STATUSES.at(-1)!, primary_need: SEN_TYPE_CODES.at(-1)!, setting: SETTINGS.at(-1)!, service_stage: SERVICE_STAGES.at(-1)!, social_care: SOCIAL_CARE.at(-1)! });
    const first = makeCase({ age: 0, sen_status: SEN_STATUSES[0]!, primary_need: SEN_TYPE_CODES[0]!, setting: SETTINGS[0]!, service_stage: SERVICE_STAGES[0]!, social_care: null });
    expect(codedKeyOf(compact(last))).toBeLessThan(CODED_KEYS);
    expect(codedKeyOf(compact(first))).toBeGreaterThanOrEqual(0);
    expect(codedKeyOf(compact({ ...last, secondary_need: 'HI' }))).toBe(codedKeyOf(compact(last)));
    expect(codedKeyOf(compact({ ...last, age: MAX_AGE - 1 }))).not.toBe(codedKeyOf(compact(last)));
    expect(codedKeyOf(last)).toBeUndefined();
  });

  it('reads the coded keys once per distinct codes, and the others for every case', () => {
    const calls = [0, 0, 0];
    const counted = keys.map((key, i) => (c: Case) => {
      calls[i]!++;
      return key(c);
    });
    // Each case three times over, in three localities: the codes repeat, the locality does not.
    const base = fc.sample(arbCohort(40, 40), { numRuns: 1, seed: 5 })[0]!;
    const cohort = ['North', 'South', 'East'].flatMap((locality) => base.map((c) => compact({ ...c, locality })));
    const kinds = cohort.map(kindIndexer(counted, 2));
    expect(kinds).toEqual(byTuple(cohort, keys));
    const distinctCodes = new Set(cohort.map(codedKeyOf)).size;
    expect(distinctCodes).toBeLessThan(cohort.length);
    expect(calls).toEqual([distinctCodes, distinctCodes, cohort.length]);
  });

  it('keeps coverage and rule supply the same for the reader’s cases as for plain ones', () => {
    const rules = parseRules({
      size: 4,
      rules: [
        { id: 'need-areas', kind: 'at-least', column: 'need_area', values: ['communication_and_interaction', 'social_emotional_and_mental_health'], atLeast: 1 },
        { id: 'places', kind: 'spread', column: 'locality', distinct: 2 },
      ],
    });
    fc.assert(
      fc.property(arbCohort(1, 80), (cohort) => {
        const plain = new CoverageAccumulator(rules);
        const reader = new CoverageAccumulator(rules);
        const plainKinds = cohort.map((c) => plain.add(c));
        const readerKinds = cohort.map((c) => reader.add(compact(c)));
        expect(readerKinds).toEqual(plainKinds);
        expect(reader.result()).toEqual(plain.result());
      }),
      { numRuns: 100, seed: 12 },
    );
  });
});
