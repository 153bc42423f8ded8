/**
 * --out sample.xlsx: a workbook whose cells keep their types, so a spreadsheet retypes nothing.
 * Read back with SheetJS here; test/cli/spreadsheet.test.ts also opens one in LibreOffice.
 */
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { SAMPLE_CSV_COLUMNS, auditPathFor, recordFromDraw, sampleXlsx, type SampleRecord } from '../../src/report/output.js';
import { defaultRules } from '../../src/rules/load.js';
import { drawSample } from '../../src/solver/sample.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { smallCohort } from './fixtures.js';

function record(): SampleRecord {
  // Ids and free text a CSV opened in a spreadsheet would not keep: 1E5 becomes 100000, 00123
  // loses its zeros, =1+1 would be a formula.
  const cases = smallCohort().map((c, i) =>
    i === 0 ? { ...c, case_id: '1E5' } : i === 1 ? { ...c, case_id: '00123', locality: '=1+1' } : c,
  );
  const rules = defaultRules();
  const result = drawSample(prepareProblem({ cases, rules, pins: ['1E5', '00123'], excludes: [] }), { seed: 's', reserves: 4 });
  const summary = { file: 'cohort.xlsx', sheet: 'Cohort', sha256: 'ab'.repeat(32), rows: 24, valid: 24, columns: { found: [], canonical: {}, extra: [], withheld: [] }, skipped: [], warnings: [], maskedIds: 0 };
  const options: SampleRecord['options'] = { size: 6, pins: ['1E5', '00123'], excludes: [], excludeFile: null, relax: false, selection: 'uniform', reserves: 4, skipInvalid: false, allowIdentifiers: false, mapping: null };
  const r = recordFromDraw({ result, summary, rules, rulesSource: 'handbook defaults', relaxation: null, options, toolVersion: '0.1.0', createdAt: '2026-12-01T12:00:00.000Z' });
  // A count longer than a spreadsheet number's 15 digits.
  return { ...r, validSamples: 1234567890123456789012345n };
}

function sheets(bytes: Uint8Array): Record<string, XLSX.WorkSheet> {
  return XLSX.read(bytes, { type: 'buffer' }).Sheets;
}

describe('sampleXlsx', () => {
  const rec = record();
  const book = sheets(sampleXlsx(rec));

  it('has the sample, the rules and how it was drawn', () => {
    expect(Object.keys(book)).toEqual(['Sample', 'Rules', 'How it was drawn']);
  });

  it('the sample sheet has the CSV columns, text as text and age as a number', () => {
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sample!, { header: 1, raw: true });
    expect(rows[0]).toEqual([...SAMPLE_CSV_COLUMNS]);
    expect(rows.length).toBe(1 + rec.picks.length + rec.reserves.length);
    const ws = book.Sample!;
    const col = (name: string) => SAMPLE_CSV_COLUMNS.indexOf(name as (typeof SAMPLE_CSV_COLUMNS)[number]);
    const at = (r: number, name: string) => ws[XLSX.utils.encode_cell({ r, c: col(name) })] as XLSX.CellObject;
    const ids = rec.picks.map((p) => p.case.case_id);
    const r1E5 = 1 + ids.indexOf('1E5');
    const r00123 = 1 + ids.indexOf('00123');
    expect(at(r1E5, 'case_id')).toMatchObject({ t: 's', v: '1E5' });
    expect(at(r00123, 'case_id')).toMatchObject({ t: 's', v: '00123' });
    expect(at(r00123, 'locality')).toMatchObject({ t: 's', v: '=1+1' });
    expect(at(r00123, 'locality').f).toBeUndefined();
    expect(at(1, 'age')).toMatchObject({ t: 'n', v: rec.picks[0]!.case.age });
    expect(at(1, 'age_band')).toMatchObject({ t: 's', v: rec.picks[0]!.case.age_band });
    expect(String(at(1, 'age_band').v)).toMatch(/^Age \d+ to \d+$/);
  });

  it('the rules with ✓ or ✗, and the count exact as text', () => {
    const rules = XLSX.utils.sheet_to_json<string[]>(book.Rules!, { header: 1 });
    expect(rules.slice(1).map((r) => [r[0], r[1]])).toEqual(rec.ruleResults.map((r) => [r.id, r.satisfied ? '✓' : '✗']));
    const how = Object.fromEntries(XLSX.utils.sheet_to_json<[string, unknown]>(book['How it was drawn']!, { header: 1, raw: true }));
    expect(how['valid samples']).toBe('1234567890123456789012345');
    expect(how.seed).toBe('s');
    expect(how['cohort sheet']).toBe('Cohort');
    expect(String(how.rerun)).toContain('--seed s');
  });

  it('its audit record sits beside it', () => {
    expect(auditPathFor('out/sample.xlsx')).toBe('out/sample.audit.json');
  });
});
