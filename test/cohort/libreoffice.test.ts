/**
 * The committed workbook fixtures, made again by LibreOffice where it is installed: a cohort
 * saved as .xlsx and .ods by a real spreadsheet program reads exactly as the CSV it came from.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/cohort/case.js';
import { loadCohort } from '../../src/cohort/read.js';
import { NO_LIBREOFFICE, Office, libreOffice } from '../helpers/libreoffice.js';

const soffice = libreOffice();
if (soffice === null) console.warn(NO_LIBREOFFICE);
const FIXTURES = new URL('../fixtures/workbooks/', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'ts-lo-'));
const office = soffice === null ? null : new Office(soffice);
afterAll(() => {
  office?.close();
  rmSync(out, { recursive: true, force: true });
});

const withoutLine = (cases: Case[]) => cases.map(({ line: _line, ...rest }) => rest);

describe.skipIf(soffice === null)('workbooks saved by LibreOffice now', () => {
  for (const ext of ['xlsx', 'ods']) {
    it(`cohort.csv saved as .${ext} reads as the CSV and as the committed fixture`, async () => {
      const made = office!.convert(join(FIXTURES, 'cohort.csv'), ext, out, 'CSV:44,34,76,1');
      const csv = await loadCohort(join(FIXTURES, 'cohort.csv'));
      expect((await loadCohort(made)).cases).toEqual(csv.cases);
      expect((await loadCohort(join(FIXTURES, `cohort.${ext}`))).cases).toEqual(csv.cases);
    });

    it(`titled.fods saved as .${ext} reads as titled.csv (title rows, formulas)`, async () => {
      const made = office!.convert(join(FIXTURES, 'titled.fods'), ext, out);
      const csv = await loadCohort(join(FIXTURES, 'titled.csv'));
      expect(withoutLine((await loadCohort(made)).cases)).toEqual(withoutLine(csv.cases));
    });
  }
});
