import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { oddsReport } from '../../src/analysis/odds.js';
import { oddsCsv } from '../../src/report/odds-csv.js';
import { defaultRules, parseRules } from '../../src/rules/load.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { makeCase } from '../helpers/cases.js';
import { smallCohort } from '../report/fixtures.js';

describe('oddsReport', () => {
  it('gives chances that add up to the sample size, alike cases alike', () => {
    const report = oddsReport(prepareProblem({ cases: smallCohort(), rules: defaultRules() }));
    const total = [...report.eachCase()].reduce((n, c) => n + c.chance, 0);
    expect(total).toBeCloseTo(6, 9);
    for (const g of report.groups) expect(g.chance).toBeGreaterThan(0);
    const ap = report.byRule.find((r) => r.rule === 'alternative-provision')!;
    expect(ap.cases).toBe(5);
    // Every sample holds at least one of the five AP cases, so each has at least a 1 in 5 chance.
    expect(ap.chance).toBeGreaterThanOrEqual(0.2);
  });

  it('finds cases that can never be picked and the rule that stops them', () => {
    const rules = parseRules({ size: 2, rules: [{ id: 'sen-support', kind: 'at-least', column: 'sen_status', values: ['SEN support'], atLeast: 2 }] });
    const cases = [
      makeCase({ case_id: 'S1', sen_status: 'SEN support' }),
      makeCase({ case_id: 'S2', sen_status: 'SEN support' }),
      makeCase({ case_id: 'S3', sen_status: 'SEN support' }),
      makeCase({ case_id: 'E1', sen_status: 'EHCP' }),
    ];
    const report = oddsReport(prepareProblem({ cases, rules, excludes: ['S3'] }));
    expect(report.validSamples).toBe(1n);
    expect(report.never).toEqual([expect.objectContaining({ cases: 1, examples: ['E1'], reason: 'no sample holding one of them can meet sen-support' })]);
    expect(report.excluded).toEqual(['S3']);
    expect([...report.eachCase()].find((c) => c.case.case_id === 'S1')!.chance).toBe(1);
  });

  it('writes one CSV row per case with its exact count, formula-escaped', () => {
    const cases = smallCohort(24).map((c, i) => (i === 0 ? { ...c, locality: '=HYPERLINK("x")' } : c));
    const report = oddsReport(prepareProblem({ cases, rules: defaultRules() }));
    const rows = parse(oddsCsv(report.eachCase()), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(24);
    expect(rows[0]!.locality).toBe('\'=HYPERLINK("x")');
    expect(rows.map((r) => r.case_id)).toEqual(cases.map((c) => c.case_id));
    expect(rows[0]!.valid_samples_with_case).toBe([...report.eachCase()][0]!.samples.toString());
    expect(Number(rows[0]!.chance)).toBeCloseTo([...report.eachCase()][0]!.chance, 5);
  });
});
