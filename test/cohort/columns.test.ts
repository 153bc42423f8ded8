import { describe, expect, it } from 'vitest';
import { canonicalColumn, matchColumns } from '../../src/cohort/columns.js';
import { foldHeader } from '../../src/spelling.js';
import { csv, read, readError, row } from './helpers.js';

describe('header names', () => {
  it('match case-insensitively, ignoring spaces, _ and -', () => {
    expect(foldHeader(' Case ID ')).toBe('caseid');
    for (const name of ['Case ID', 'case_id', 'CASE-ID', 'caseid', 'Case_Id']) {
      expect(canonicalColumn(name)).toBe('case_id');
    }
    expect(canonicalColumn('Primary Need')).toBe('primary_need');
    expect(canonicalColumn('LA code')).toBe('la_code');
  });

  it('accept the contract aliases', () => {
    const aliases: Record<string, string> = {
      id: 'case_id',
      Reference: 'case_id',
      'Case Ref': 'case_id',
      'Age Years': 'age',
      'SEN provision': 'sen_status',
      SEN: 'sen_status',
      'Primary need type': 'primary_need',
      'SEN type': 'primary_need',
      Placement: 'setting',
      'Provision type': 'setting',
      Stage: 'service_stage',
    };
    for (const [header, column] of Object.entries(aliases)) expect(canonicalColumn(header), header).toBe(column);
    expect(canonicalColumn('team')).toBeUndefined();
  });

  it('read a file whose headers use aliases, case and spacing', async () => {
    const text = csv(['Reference, AGE ,SEN Provision,sen-type,Placement,STAGE,Social Care', 'C1,4,e,hi,Nursery,Transition,cin']);
    const { cases, summary } = await read(text);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      case_id: 'C1',
      age: 4,
      sen_status: 'EHCP',
      primary_need: 'HI',
      setting: 'early_years',
      service_stage: 'transition',
      social_care: 'child_in_need',
    });
    expect(summary.columns.canonical).toEqual({
      case_id: 'Reference',
      age: 'AGE',
      sen_status: 'SEN Provision',
      primary_need: 'sen-type',
      setting: 'Placement',
      service_stage: 'STAGE',
      social_care: 'Social Care',
    });
  });

  it('refuse two headers that name the same column, naming both', async () => {
    const error = await readError(csv(['case_id,age,Case Ref,sen,sen type,setting,stage', 'C1,4,X,e,hi,nursery,transition']));
    expect(error.problems[0]?.kind).toBe('header');
    expect(error.message).toBe(
      "cohort.csv, case_id: the columns 'case_id' (column 1) and 'Case Ref' (column 3) both read as case_id; rename or remove one",
    );
  });

  it('list all missing required columns and the headers found, in one error', async () => {
    const error = await readError(csv(['case_id,Age,Need,Placement', 'C1,4,HI,nursery']));
    expect(error.total).toBe(1);
    expect(error.problems[0]?.kind).toBe('header');
    expect(error.message).toBe(
      "cohort.csv: missing required columns sen_status, primary_need, service_stage; the header has: 'case_id', 'Age', 'Need', 'Placement' (a mapping file can name local columns)",
    );
  });

  it('keep extra columns in Case.extra under the header as written', async () => {
    const text = csv([`${HEADER_WITH_EXTRA}`, `${row('C1')},Year 9,  spaced  `]);
    const { cases, summary } = await read(text);
    expect(cases[0]?.extra).toEqual({ 'School Phase': 'Year 9', 'Key worker team': '  spaced  ' });
    expect(summary.columns.extra).toEqual(['School Phase', 'Key worker team']);
  });

  it('key a repeated extra header by its column, with a warning', () => {
    const plan = matchColumns(['case_id', 'notes', 'age', 'notes'], 'cohort.csv');
    expect(plan.extra).toEqual([
      { index: 1, key: 'notes' },
      { index: 3, key: 'notes (column 4)' },
    ]);
    expect(plan.warnings[0]?.message).toBe("cohort.csv, notes: appears more than once; column 4 is kept as 'notes (column 4)'");
  });
});

const HEADER_WITH_EXTRA =
  'case_id,age,sen_status,primary_need,secondary_need,setting,service_stage,social_care,health_services,locality,School Phase,Key worker team';
