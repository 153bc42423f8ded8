import { describe, expect, it } from 'vitest';
import type { CohortSummary } from '../../src/cohort/summary.js';
import { judge, type CheckReport } from '../../src/analysis/check.js';
import { coverageOf } from '../../src/analysis/coverage.js';
import { style } from '../../src/report/style.js';
import { renderCheck, renderDraw } from '../../src/report/text.js';
import { defaultRules } from '../../src/rules/load.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { drawSample } from '../../src/solver/sample.js';
import { smallCohort } from './fixtures.js';

const ANSI = /\u001b\[/;

const summary: CohortSummary = {
  file: 'cohort.csv',
  sha256: 'ef'.repeat(32),
  rows: 24,
  valid: 24,
  columns: { found: ['case_id', 'age'], canonical: {}, extra: [], withheld: ['NHS number'] },
  skipped: [],
  warnings: [],
  maskedIds: 0,
};

describe('renderDraw', () => {
  const rules = defaultRules();
  const result = drawSample(prepareProblem({ cases: smallCohort(), rules }), { seed: 'tea', reserves: 2 });
  const text = renderDraw(result, { summary, rules, style: style(false), rerun: 'tracking-sampler draw cohort.csv --seed tea' });

  it('shows every pick with its fields and covers, the seed and the exact number of valid samples', () => {
    for (const p of result.picks) {
      const row = text.split('\n').find((l) => l.includes(p.case.case_id) && l.includes(p.covers.join(', ')));
      expect(row, p.case.case_id).toBeDefined();
      expect(row).toContain(p.case.age_band);
      expect(row).toContain(p.case.service_stage);
    }
    expect(text).toContain('Seed tea');
    expect(text).toContain(`${result.validSamples.toLocaleString('en-GB')} valid samples`);
    expect(text).toContain('tracking-sampler draw cohort.csv --seed tea');
  });

  it('marks each rule with a tick and its progress, so state never rests on colour', () => {
    for (const r of result.ruleResults) expect(text).toMatch(new RegExp(`✓\\s+${r.id}\\s+${r.progress.replace(/[()]/g, '\\$&')}`));
    expect(text).not.toMatch(ANSI);
  });

  it('lists the reserves with the picks each replaces', () => {
    for (const r of result.reserves) {
      const row = text.split('\n').find((l) => l.startsWith(`  ${r.case.case_id}`));
      expect(row).toContain(r.replaces.join(', '));
    }
  });

  it('uses colour only when asked', () => {
    const coloured = renderDraw(result, { summary, rules, style: style(true) });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('✓');
  });

  it('explains a cohort with no valid sample: conflicts, facts and relaxations, with crosses', () => {
    const none = drawSample(prepareProblem({ cases: smallCohort(24, { ap: false }), rules }), { seed: 'tea' });
    const out = renderDraw(none, { summary, rules, style: style(false) });
    expect(out).toContain('✗ No valid sample.');
    expect(out).toMatch(/Rules that cannot be met together\n\s+alternative-provision/);
    expect(out).toContain('What the cohort holds');
    expect(out).toMatch(/switch off alternative-provision: [\d,]+ valid samples/);
    expect(out).toMatch(/✗\s+alternative-provision/);
    expect(out).not.toContain('Seed');
  });
});

describe('renderCheck', () => {
  const rules = defaultRules();
  const cases = smallCohort();
  const problems = [7, 9, 12].map((line) => ({
    kind: 'value' as const,
    file: 'cohort.csv',
    line,
    column: 'age',
    value: '31',
    reason: 'is not a whole number of years from 0 to 25',
    message: `cohort.csv line ${line}, age: '31' is not a whole number of years from 0 to 25`,
  }));
  const missing = { ...problems[0]!, kind: 'missing' as const, line: 20, column: 'setting', value: null, message: 'cohort.csv line 20, setting: is empty' };
  const report: CheckReport = {
    summary: { ...summary, rows: 28, skipped: [...problems, missing] },
    rules,
    rulesSource: 'handbook defaults',
    coverage: coverageOf(cases, rules),
    refused: false,
    verdict: judge(prepareProblem({ cases, rules })),
    by: null,
  };
  const text = renderCheck(report, style(false));

  it('groups problems by kind and column, with counts and examples', () => {
    expect(text).toContain('4 invalid rows left out (--skip-invalid)');
    expect(text).toContain('value · age: 3 rows');
    expect(text).toContain('missing · setting: 1 row');
    expect(text).toContain("cohort.csv line 9, age: '31' is not a whole number");
  });

  it('shows coverage with counts and percentages, and the verdict with a tick', () => {
    expect(text).toMatch(/alternative_provision\s+cases\s+%/);
    expect(text).toMatch(/yes\s+5\s+20\.8%/);
    expect(text).toMatch(/need_area × age_band/);
    expect(text).toMatch(/✓ The cohort can meet the rules: [\d,]+ valid samples of 6/);
  });

  it('names a withheld column (never its values) and gives no verdict when rows are refused', () => {
    expect(text).toContain('withheld as identifiers (values not read): NHS number');
    const refused = renderCheck({ ...report, refused: true, verdict: null }, style(false));
    expect(refused).toContain('No verdict');
    expect(refused).not.toContain('The cohort can meet the rules');
  });
});
