import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identifierValueShape } from '../../src/cohort/identifier-values.js';
import { identifierColumnReason } from '../../src/cohort/identifiers.js';
import { parseMapping } from '../../src/cohort/mapping.js';
import { loadCohort } from '../../src/cohort/read.js';
import { caught, csv, EXAMPLES, HEADER, read, readError, row } from './helpers.js';

describe('identifier-like headers', () => {
  it('are recognised with what they hold', () => {
    const flagged: Record<string, string> = {
      Name: 'names',
      'First Name': 'names',
      Forename: 'names',
      surname: 'names',
      'Full name': 'names',
      child_name: 'names',
      ChildName: 'names',
      'Parent Name': 'names',
      Initials: 'names',
      DOB: 'dates of birth',
      'D.O.B.': 'dates of birth',
      'Date of Birth': 'dates of birth',
      date_of_birth: 'dates of birth',
      'Birth Date': 'dates of birth',
      Address: 'addresses',
      'Address Line 1': 'addresses',
      Postcode: 'postcodes',
      'Post Code': 'postcodes',
      UPN: 'UPNs (unique pupil numbers)',
      'Former UPN': 'UPNs (unique pupil numbers)',
      'Unique Pupil Number': 'UPNs (unique pupil numbers)',
      ULN: 'ULNs (unique learner numbers)',
      'NHS Number': 'NHS numbers',
      'NHS No': 'NHS numbers',
      Email: 'email addresses',
      'E-mail address': 'email addresses',
      Telephone: 'telephone numbers',
      Phone: 'telephone numbers',
      'Mobile No': 'telephone numbers',
      'Contact Number': 'telephone numbers',
    };
    for (const [header, reason] of Object.entries(flagged)) expect(identifierColumnReason(header), header).toBe(reason);
  });

  it('leave alone the columns that only sound close', () => {
    for (const header of [
      'locality', 'la_code', 'LA code', 'case ref', 'Case Reference', 'Team Name', 'School Name', 'Setting name',
      'Provider name', 'Child ID', 'Pupil ID', 'NHS Trust', 'Named worker', 'School Phase', 'Placement', 'age',
      'Key worker team', 'Area Team', 'health_services',
    ]) {
      expect(identifierColumnReason(header), header).toBeNull();
    }
  });
});

describe('identifier-shaped case_ids', () => {
  it('are recognised by shape', () => {
    const shapes: Record<string, string> = {
      A123456789012: 'a UPN (a letter and 12 digits)',
      A12345678901B: 'a UPN (a letter and 12 digits)',
      '12/03/2011': 'a date',
      '3/9/11': 'a date',
      '2011-03-12': 'a date',
      '12-03-2011': 'a date',
      '12.03.2011': 'a date',
      '3 Mar 2011': 'a date',
      'SW1A 1AA': 'a postcode',
      SW1A1AA: 'a postcode',
      'M1 1AE': 'a postcode',
      B338TH: 'a postcode',
      'jo.bloggs@example.org': 'an email address',
      '943 476 5919': 'an NHS number',
      AB123456C: 'a National Insurance number',
      'ab 12 34 56 c': 'a National Insurance number',
      'JG-10-30-22-A': 'a National Insurance number',
    };
    for (const [value, shape] of Object.entries(shapes)) expect(identifierValueShape(value), value).toBe(shape);
  });

  it('leave ordinary references alone', () => {
    for (const value of ['C0000412', 'LA-10231', '2011/0456', '13/13/2011', 'CR2', 'A1234', '9434765919', 'REF-2023-0001', 'line-12', 'REF-2024-000123', 'CASE_000123', 'DEC-2024-1', '123-456', 'AB-1234-CD',
      // Two letters and six digits without the suffix, or with letters HMRC never gives.
      'AB123456', 'CS123456E', 'QQ123456C', 'ZZ123456A', 'GB123456A', 'DA123456A']) {
      expect(identifierValueShape(value), value).toBeNull();
    }
  });
});

describe('the guard when reading', () => {
  const withDob = csv([
    `${HEADER},Date of Birth,Team Name`,
    `${row('C1')},12/03/2011,Alpha`,
    `${row('C2', { age: '40' })},02/09/2017,Beta`,
    `${row('C3')},28/11/2007`,
  ]);

  it('refuses a file with an identifier column, naming it and --allow-identifiers', async () => {
    const error = await readError(withDob);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ kind: 'identifier', column: 'Date of Birth', line: null, value: null });
    expect(error.message).toBe(
      "cohort.csv: column 'Date of Birth' looks like it holds dates of birth; the cohort file must be anonymised (no names, dates of birth, addresses, postcodes, UPNs, ULNs, NHS numbers, National Insurance numbers, email addresses or telephone numbers). Remove the column, or use --allow-identifiers to read the file without it",
    );
  });

  it('lists every identifier column at once', async () => {
    const error = await readError(csv(['case_id,Forename,age,sen,sen type,setting,stage,Postcode', 'C1,Jo,4,e,hi,nursery,transition,SW1A 1AA']));
    expect(error.problems.map((p) => p.column)).toEqual(['Forename', 'Postcode']);
    expect(error.message.split('\n')[0]).toMatch(/^cohort\.csv has columns that look like personal identifiers;.*--allow-identifiers/);
    expect(error.message).not.toContain('Jo,');
    expect(error.message).not.toContain('SW1A');
  });

  it('with allowIdentifiers, withholds the column: never in a case, a problem or a warning', async () => {
    const { cases, summary } = await read(withDob, { allowIdentifiers: true, skipInvalid: true });
    expect(cases.map((c) => c.case_id)).toEqual(['C1']);
    expect(cases[0]?.extra).toEqual({ 'Team Name': 'Alpha' });
    expect(summary.columns.withheld).toEqual(['Date of Birth']);
    expect(summary.columns.extra).toEqual(['Team Name']);
    expect(summary.skipped.map((p) => p.line)).toEqual([3, 4]);
    const everything = JSON.stringify({ cases, summary });
    for (const dob of ['12/03/2011', '02/09/2017', '28/11/2007', '2011', '2017', '2007']) expect(everything).not.toContain(dob);
    expect(summary.warnings.map((w) => w.message)).toEqual([
      "cohort.csv: column 'Date of Birth' looks like it holds dates of birth; withheld: its values are not read",
    ]);
  });

  it('refuses an identifier-shaped case_id, naming the line and shape but not the value', async () => {
    const error = await readError(csv([HEADER, row('C1'), row('A123456789012')]));
    expect(error.problems[0]).toMatchObject({ kind: 'identifier', line: 3, column: 'case_id', value: null });
    expect(error.message).toMatch(/^cohort\.csv line 3, case_id: looks like a UPN \(a letter and 12 digits\), not an opaque reference;.*--allow-identifiers/);
    expect(error.message).not.toContain('A123456789012');
    const postcode = await readError(csv([HEADER, row('SW1A 1AA')]));
    expect(postcode.message).toContain('looks like a postcode');
    expect(postcode.message).not.toContain('SW1A');
  });

  it('with allowIdentifiers, replaces identifier-shaped case_ids by line#<N> and counts them', async () => {
    const text = csv([HEADER, row('C1'), row('A123456789012'), row('01/02/2010', { age: 'x' }), row('A123456789012')]);
    const { cases, summary } = await read(text, { allowIdentifiers: true, skipInvalid: true });
    expect(cases.map((c) => [c.line, c.case_id])).toEqual([
      [2, 'C1'],
      [3, 'line#3'],
    ]);
    expect(summary.maskedIds).toBe(3);
    expect(summary.skipped.map((p) => [p.line, p.kind, p.value])).toEqual([
      [4, 'value', 'x'],
      [5, 'duplicate', null],
    ]);
    expect(summary.skipped[1]?.message).toBe('cohort.csv line 5, case_id: is the same (withheld) case_id as line 3; each case_id must be unique');
    const everything = JSON.stringify({ cases, summary });
    expect(everything).not.toContain('A123456789012');
    expect(everything).not.toContain('01/02/2010');
    expect(summary.warnings.map((w) => w.message)).toEqual([
      'cohort.csv, case_id: 3 case_ids looked like a UPN, a date, a postcode or another identifier and were replaced by line#<N> (N the line number)',
    ]);
  });

  it('masks every case_id when a mapping reads case_id from an identifier column', async () => {
    const mapping = parseMapping({ columns: { case_id: 'UPN' } }, 'local.json');
    const text = csv(['UPN,age,sen,sen type,setting,stage', 'A123456789012,4,e,hi,nursery,transition', 'X-1,5,e,hi,nursery,transition']);
    const refused = await readError(text, { mapping });
    expect(refused.problems[0]).toMatchObject({ kind: 'identifier', column: 'UPN' });
    const { cases, summary } = await read(text, { mapping, allowIdentifiers: true });
    expect(cases.map((c) => c.case_id)).toEqual(['line#2', 'line#3']);
    expect(summary.columns.withheld).toEqual(['UPN']);
    expect(summary.maskedIds).toBe(2);
    expect(summary.warnings.map((w) => w.message)).toEqual([
      "cohort.csv: column 'UPN' looks like it holds UPNs (unique pupil numbers); withheld: every case_id is replaced by line#<N> (N the line number)",
    ]);
    expect(JSON.stringify({ cases, summary })).not.toContain('A123456789012');
  });

  it('with-identifiers.csv is refused, and read without its dates when allowed', async () => {
    const error = await caught(loadCohort(`${EXAMPLES}with-identifiers.csv`));
    expect(error.problems[0]).toMatchObject({ kind: 'identifier', column: 'date_of_birth' });
    const { cases, summary } = await loadCohort(`${EXAMPLES}with-identifiers.csv`, { allowIdentifiers: true });
    expect(cases).toHaveLength(6);
    const dates = readFileSync(`${EXAMPLES}with-identifiers.csv`, 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(',')[2]!);
    const everything = JSON.stringify({ cases, summary });
    for (const date of dates) expect(everything).not.toContain(date);
  });
});
