import { describe, expect, it } from 'vitest';
import type { CohortSummary } from '../../src/cohort/summary.js';
import { GroupAccumulator, judge, type CheckReport } from '../../src/analysis/check.js';
import { coverageOf } from '../../src/analysis/coverage.js';
import { checkJson, drawJson, toJsonText } from '../../src/report/json.js';
import { defaultRules } from '../../src/rules/load.js';
import { countValidSamples } from '../../src/solver/count.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { drawSample } from '../../src/solver/sample.js';
import { smallCohort } from './fixtures.js';

const summary: CohortSummary = {
  file: 'cohort.csv',
  sha256: 'cd'.repeat(32),
  rows: 25,
  valid: 24,
  columns: { found: ['case_id'], canonical: {}, extra: [], withheld: ['NHS number'] },
  skipped: [{ kind: 'value', file: 'cohort.csv', line: 7, column: 'age', value: '31', reason: 'is not a whole number of years from 0 to 25', message: "cohort.csv line 7, age: '31' is not a whole number of years from 0 to 25" }],
  warnings: [],
  maskedIds: 0,
};

describe('drawJson', () => {
  const cases = smallCohort();
  const rules = defaultRules();
  const problem = prepareProblem({ cases, rules, pins: ['C003'] });
  const result = drawSample(problem, { seed: 's', reserves: 3 });
  const json = JSON.parse(toJsonText(drawJson(result, summary, rules)));

  it('has the fields the README names, counts as decimal strings', () => {
    expect(json).toMatchObject({ feasible: true, seed: 's', size: 6, explanation: null });
    expect(json.cohort).toEqual({ file: 'cohort.csv', rows: 25, valid: 24, skipped: 1, sha256: 'cd'.repeat(32) });
    expect(json.valid_samples).toBe(countValidSamples(problem).toString());
    expect(json.rules.map((r: { id: string }) => r.id)).toEqual(['size', 'need-areas', 'alternative-provision', 'sen-support', 'age-spread', 'stage-spread']);
    expect(json.rule_results.map((r: { id: string }) => r.id)).toEqual(json.rules.map((r: { id: string }) => r.id));
    expect(json.rule_results.every((r: { satisfied: boolean; description: string }) => r.satisfied && r.description.length > 0)).toBe(true);
  });

  it('gives each pick its case_id, fields and covers, and each reserve what it replaces', () => {
    expect(json.picks).toHaveLength(6);
    const pinned = json.picks.find((p: { case_id: string }) => p.case_id === 'C003');
    expect(pinned).toMatchObject({ pinned: true, age: 12, age_band: 'Age 11 to 15', primary_need: 'SEMH', need_area: 'social_emotional_and_mental_health', setting: 'mainstream' });
    expect(Array.isArray(pinned.covers)).toBe(true);
    expect(json.reserves).toHaveLength(3);
    for (const r of json.reserves) {
      expect(r.replaces.length).toBeGreaterThan(0);
      for (const id of r.replaces) expect(json.picks.map((p: { case_id: string }) => p.case_id)).toContain(id);
    }
  });

  it('carries the explanation when no sample exists', () => {
    const none = drawSample(prepareProblem({ cases: smallCohort(24, { ap: false }), rules }), { seed: 's' });
    const out = JSON.parse(toJsonText(drawJson(none, summary, rules)));
    expect(out).toMatchObject({ feasible: false, valid_samples: '0', picks: [], reserves: [] });
    expect(out.explanation.conflicts).toContainEqual(['alternative-provision']);
    expect(typeof out.explanation.summary).toBe('string');
  });
});

describe('checkJson', () => {
  const rules = defaultRules();
  const cases = [...smallCohort(24).slice(0, 12), ...smallCohort(24, { ap: false }).slice(12)];
  const base = { summary, rules, rulesSource: 'handbook defaults', coverage: coverageOf(cases, rules), refused: false };

  it('gives the cohort facts, problems, coverage and the verdict', () => {
    const report: CheckReport = { ...base, verdict: judge(prepareProblem({ cases, rules })), by: null };
    const json = JSON.parse(toJsonText(checkJson(report)));
    expect(json.cohort).toMatchObject({ file: 'cohort.csv', rows: 25, valid: 24, skipped: 1, columns: { withheld: ['NHS number'] } });
    expect(json.problems.invalid_rows).toEqual([expect.objectContaining({ kind: 'value', line: 7, column: 'age' })]);
    expect(json.coverage.cases).toBe(24);
    expect(json.feasible).toBe(true);
    expect(json.valid_samples).toBe(countValidSamples(prepareProblem({ cases, rules })).toString());
    expect(json.explanation).toBeNull();
  });

  it('with --by, one verdict per group, each as that group alone', async () => {
    const groups = new GroupAccumulator('la_code', rules);
    for (const c of cases) groups.add(c);
    const report: CheckReport = { ...base, verdict: null, by: { column: 'la_code', groups: await groups.judgeAll() } };
    const json = JSON.parse(toJsonText(checkJson(report)));
    expect(json.by).toBe('la_code');
    expect(json.feasible).toBe(false);
    expect(json.groups.map((g: { la_code: string }) => g.la_code)).toEqual(['E01', 'E02']);
    const [e01, e02] = json.groups;
    expect(e01.valid_samples).toBe(countValidSamples(prepareProblem({ cases: cases.slice(0, 12), rules })).toString());
    expect(e01.feasible).toBe(true);
    expect(e01).toMatchObject({ rows: 12, valid_rows: 12, invalid_rows: 0, short: null });
    expect(e02).toMatchObject({ la_code: 'E02', feasible: false, valid_samples: '0', short: 'alternative-provision: 0 cases (needs 1)' });
    expect(e02.supply['alternative-provision']).toBe(0);
    expect(Object.keys(e02.supply['need-areas'])).toEqual(['communication_and_interaction', 'cognition_and_learning', 'social_emotional_and_mental_health', 'sensory_and_physical']);
    expect(e02.supply['age-spread']).toBe(new Set(cases.slice(12).map((c) => c.age_band)).size);
  });

  it('gives no verdict when invalid rows were refused', () => {
    const json = JSON.parse(toJsonText(checkJson({ ...base, refused: true, verdict: null, by: null })));
    expect(json).toMatchObject({ refused: true, feasible: null, valid_samples: null });
  });
});
