import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CohortError } from '../../src/cohort/problems.js';
import { loadCohort } from '../../src/cohort/read.js';

const HEADER = 'case_id,age,sen_status,primary_need,secondary_need,setting,service_stage,social_care,health_services,locality';

/** Cells that are sometimes right, sometimes nearly right, sometimes nonsense. */
const cell = fc.oneof(
  fc.constantFrom('C1', 'C2', '7', '26', '-1', 'EHCP', 'K', 'SEN support', 'ASD', 'SEMH/ASD', 'ap', 'PRU', 'established', ''),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('"quoted, with comma"', '"two\nlines"', '"unclosed', '=1+1', '\u00e9', '\uFEFF'),
);
const line = fc.array(cell, { minLength: 0, maxLength: 12 }).map((cells) => cells.join(fc.sample(fc.constantFrom(',', ';', '\t'), 1)[0]!));
const file = fc.tuple(fc.boolean(), fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n')).map(([withHeader, lines, eol]) =>
  (withHeader ? [HEADER, ...lines] : lines).join(eol),
);

describe('reading never fails in an unplanned way', () => {
  it('reads any text, or refuses it with a CohortError that names the file', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.boolean(), async (text, skipInvalid) => {
        try {
          const { summary, cases } = await loadCohort(Readable.from([Buffer.from(text, 'utf8')]), { skipInvalid }, 'fuzz.csv');
          // Nothing dropped silently: every data row became a case or is listed as left out.
          expect(cases.length + summary.skipped.length).toBe(summary.rows);
          if (!skipInvalid) expect(summary.skipped).toHaveLength(0);
          expect(summary.valid).toBe(cases.length);
        } catch (error) {
          expect(error).toBeInstanceOf(CohortError);
          expect((error as CohortError).message).toContain('fuzz.csv');
        }
      }),
      { numRuns: 400, seed: 2026 },
    );
  });

  it('refuses arbitrary bytes with a CohortError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        try {
          await loadCohort(Readable.from([Buffer.from(bytes)]), {}, 'bytes.csv');
        } catch (error) {
          expect(error).toBeInstanceOf(CohortError);
        }
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
