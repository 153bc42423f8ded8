/**
 * Personal identifiers in a cohort that claims to be anonymised: headers spelled the many ways
 * exports spell them, case_ids that are postcodes, dates, UPNs or NHS numbers written loosely,
 * and replaced case_ids that could be mistaken for real ones. The file is refused (exit 2)
 * naming the column or line, and the values never appear: not in a message, the
 * --skip-invalid list, JSON, or a file written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANONICAL_COLUMNS, COLUMN_ALIASES } from '../../src/cohort/columns.js';
import { identifierColumnReason } from '../../src/cohort/identifiers.js';
import { CASE_ID_PATTERN } from '../../src/cohort/row-schema.js';
import { HEADER, caught, csv, read, readError, row, streamOf } from '../cohort/helpers.js';
import { loadCohort } from '../../src/cohort/read.js';
import { cli, ensureBuilt, removeTempDirs, tempDir, write } from '../cli/run.js';

beforeAll(ensureBuilt, 600_000);
afterAll(removeTempDirs);

describe('identifier headers, however they are spelled', () => {
  // What each holds, as the guard names it. The issue's three first; then spellings seen in
  // local exports, census and SEN2 extracts, and hand-made spreadsheets.
  const refused: Record<string, string> = {
    'Name of Child': 'names',
    'NHS #': 'NHS numbers',
    'Unique Learner No': 'ULNs (unique learner numbers)',
    Name: 'names',
    Names: 'names',
    "Child's Name": 'names',
    'Child’s name': 'names',
    childName: 'names',
    CHILD_FIRST_NAME: 'names',
    'Name (child)': 'names',
    'Name of the young person': 'names',
    'Pupil Surname': 'names',
    Surname: 'names',
    Forenames: 'names',
    'Legal Name': 'names',
    'Preferred name': 'names',
    'Known as': 'names',
    'Parent/Carer name': 'names',
    "Mother's maiden name": 'names',
    Initials: 'names',
    Username: 'names',
    DoB: 'dates of birth',
    'D.O.B.': 'dates of birth',
    dateOfBirth: 'dates of birth',
    Birthdate: 'dates of birth',
    "Child's DOB": 'dates of birth',
    'Date of Birth (dd/mm/yyyy)': 'dates of birth',
    Address1: 'addresses',
    'Home Address': 'addresses',
    Street: 'addresses',
    PostCode: 'postcodes',
    post_code: 'postcodes',
    'Postal code': 'postcodes',
    'Home postcode district': 'postcodes',
    'U.P.N.': 'UPNs (unique pupil numbers)',
    UniquePupilNumber: 'UPNs (unique pupil numbers)',
    'Former UPN': 'UPNs (unique pupil numbers)',
    'Unique Learner Number': 'ULNs (unique learner numbers)',
    NHSNumber: 'NHS numbers',
    'NHS No.': 'NHS numbers',
    nhs_no: 'NHS numbers',
    'NHS ID': 'NHS numbers',
    eMail: 'email addresses',
    'E-mail address': 'email addresses',
    'Mail address': 'email addresses',
    'Phone Number': 'telephone numbers',
    'Tel No': 'telephone numbers',
    Telno: 'telephone numbers',
    'Home Tel': 'telephone numbers',
    Mobile: 'telephone numbers',
    'Contact No': 'telephone numbers',
    'NI Number': 'National Insurance numbers',
    'National Insurance No': 'National Insurance numbers',
    NINO: 'National Insurance numbers',
    'N.I. No.': 'National Insurance numbers',
    'NI #': 'National Insurance numbers',
    ni_number: 'National Insurance numbers',
    NationalInsuranceNumber: 'National Insurance numbers',
    "Parent's NINo": 'National Insurance numbers',
  };
  const passed = [
    // The issue's: a place or an organisation is not a person.
    'Locality', 'Need', 'Provision', 'School Name', 'Setting name', 'Provider Name',
    'Name of School', "Name of Child's School", 'Team Name', 'Key worker name', 'Named worker',
    'Child ID', 'Pupil ID', 'Pupil Number', 'Contact ID', 'NHS Trust', 'NHS', 'School Phase',
    'Post-16 code', 'Country of birth', 'Year of birth', 'Number of siblings', 'Case Reference',
    'Area Team', 'Mobility', 'Telehealth', 'Initial assessment date', 'Date of plan',
    // Words that merely contain an identifier's letters.
    'Needs addressed', 'Phoneme awareness', 'Telegraph Hill team',
    // ...and those that hold "NI" without being a National Insurance number.
    'Nine', 'Unit', 'Unit name', 'Nights', 'Niche', 'Nineteen plus', 'Minutes', 'NI', 'National curriculum year',
    'Insurance provider',
  ];

  it(`refuses ${Object.keys(refused).length} spellings, saying what each holds`, () => {
    const wrong = Object.entries(refused).filter(([header, reason]) => identifierColumnReason(header) !== reason);
    expect(wrong.map(([header]) => `${header}: ${identifierColumnReason(header)}`)).toEqual([]);
  });

  it(`passes ${passed.length} that only sound close, and the cohort's own columns and aliases`, () => {
    const own = CANONICAL_COLUMNS.flatMap((c) => [c, c.replace(/_/g, ' '), ...COLUMN_ALIASES[c]]);
    const wrong = [...passed, ...own].filter((header) => identifierColumnReason(header) !== null);
    expect(wrong).toEqual([]);
  });

  it('refuses them on the command line, naming the column and never a value', () => {
    const dir = tempDir();
    const sample = readFileSync(join(process.cwd(), 'samples/cohort.csv'), 'utf8').trimEnd().split('\n');
    for (const header of ['Name of Child', 'NHS #', 'Unique Learner No']) {
      const file = write(dir, 'named.csv', `${[`${sample[0]},"${header}"`, ...sample.slice(1).map((l, i) => `${l},Secret${i}`)].join('\n')}\n`);
      const run = cli(['check', file]);
      expect(run.code, header).toBe(2);
      expect(run.stderr).toContain(`column '${header}' looks like it holds`);
      expect(run.stderr + run.stdout).not.toContain('Secret');
    }
  });

  it.each(['xlsx', 'ods'] as const)('refuses them in a .%s workbook too', async (bookType) => {
    const wb = XLSX.utils.book_new();
    const head = [...HEADER.split(','), 'Name of Child'];
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([head, [...row('C1').split(','), 'Jo Bloggs']]), 'Cohort');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType }) as Buffer;
    const error = await caught(loadCohort(streamOf(bytes, 4096), {}, `cohort.${bookType}`));
    expect(error.problems.map((p) => [p.kind, p.column])).toEqual([['identifier', 'Name of Child']]);
    expect(error.message).not.toContain('Bloggs');
  });
});

describe('identifier-shaped case_ids written loosely', () => {
  const dir = tempDir();
  const sample = readFileSync(join(process.cwd(), 'samples/cohort.csv'), 'utf8').trimEnd().split('\n');
  /** The sample cohort with line 5's case_id (or another of its cells) replaced. */
  function cohortWith(value: string, column = 0): string {
    const lines = [...sample];
    const cells = lines[4]!.split(',');
    cells[column] = `"${value}"`;
    lines[4] = cells.join(',');
    return write(dir, `c${Math.random().toString(36).slice(2)}.csv`, `${lines.join('\n')}\n`);
  }
  const cases: [string, string][] = [
    ['SW1A  1AA', 'a postcode'],
    ['SW1A-1AA', 'a postcode'],
    ['07/03/2015 00:00', 'a date'],
    ['2015-03-07T00:00:00Z', 'a date'],
    ['A 1234 5678 9012', 'a UPN'],
    ['943  476 5919', 'an NHS number'],
    ['+44 7700 900123', 'a telephone number'],
    ['JG 10 30 22 A', 'a National Insurance number'],
  ];
  /** The value and the pieces of it that would give it away. */
  const traces = (value: string) => [value, value.replace(/[^A-Za-z0-9]/g, ''), ...value.split(/[^A-Za-z0-9]+/).filter((p) => p.length >= 4 && !/^(?:2015|0000)$/.test(p))];

  it.each(cases)('%s is refused as %s, and not echoed', (value, shape) => {
    const run = cli(['check', cohortWith(value)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`line 5, case_id: looks like ${shape}`);
    for (const trace of traces(value)) expect(run.stderr + run.stdout).not.toContain(trace);
  });

  it.each(cases)('%s with --allow-identifiers is replaced by line#5 everywhere: terminal, JSON, CSV, audit', (value) => {
    const out = join(dir, `out${Math.random().toString(36).slice(2)}.csv`);
    const args = ['draw', cohortWith(value), '--allow-identifiers', '--skip-invalid', '--seed', 's', '--pin', 'line#5', '--out', out];
    const text = cli(args);
    const json = cli([...args.slice(0, -2), '--json']);
    expect([text.code, json.code]).toEqual([0, 0]);
    const written = readFileSync(out, 'utf8');
    expect(written).toMatch(/^pick,line#5,/m);
    const everything = text.stdout + text.stderr + json.stdout + json.stderr + written + readFileSync(out.replace(/\.csv$/, '.audit.json'), 'utf8');
    for (const trace of traces(value)) expect(everything).not.toContain(trace);
  });

  it('a cell shaped like an identifier in another column is described, not quoted, in errors and the --skip-invalid list', () => {
    const file = cohortWith('07/03/2015 00:00', 1); // a date of birth where the age belongs
    const refused = cli(['check', file]);
    expect(refused.code).toBe(2);
    expect(refused.stdout + refused.stderr).toContain('line 5, age: holds a value shaped like a date (not shown), which is not a whole number');
    const skipped = cli(['draw', file, '--skip-invalid', '--seed', 's', '--json']);
    expect(skipped.code).toBe(0);
    for (const run of [refused, skipped]) expect(run.stdout + run.stderr).not.toContain('07/03');
    expect(JSON.parse(skipped.stdout).cohort.skipped).toBe(1);
  });

  it('a check --by column whose values look like identifiers is refused, and with --allow-identifiers its groups are labelled by shape', () => {
    const file = cohortWith('SW1A 1AA', 9); // a postcode where the locality belongs
    const refused = cli(['check', file, '--by', 'locality']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--by locality: 1 value of the column look like a postcode (not shown), which the group labels would show');
    const out = join(dir, `groups${Math.random().toString(36).slice(2)}.csv`);
    const allowed = cli(['check', file, '--by', 'locality', '--allow-identifiers', '--out', out]);
    const json = cli(['check', file, '--by', 'locality', '--allow-identifiers', '--json']);
    expect([0, 1]).toContain(allowed.code);
    expect(allowed.stdout).toContain('(withheld 1: a postcode)');
    expect(JSON.parse(json.stdout).groups.map((g: Record<string, unknown>) => g.locality)).toContain('(withheld 1: a postcode)');
    // The other groups keep their names.
    expect(allowed.stdout).toContain('North');
    const everything = refused.stdout + refused.stderr + allowed.stdout + allowed.stderr + json.stdout + json.stderr + readFileSync(out, 'utf8');
    for (const trace of ['SW1A 1AA', 'SW1A1AA', 'SW1A']) expect(everything).not.toContain(trace);
  });
});

describe('NHS numbers as bare 10-digit case_ids', () => {
  /** A valid NHS number from nine digits (the check digit is computed here independently). */
  function nhs(seed: number): string {
    for (let n = seed; ; n++) {
      const nine = String(100_000_000 + ((n * 7_919) % 899_999_999)).slice(0, 9);
      const sum = [...nine].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
      const check = 11 - (sum % 11);
      if (check === 10) continue;
      return nine + String(check === 11 ? 0 : check);
    }
  }
  const passes = (id: string) => {
    const sum = [...id.slice(0, 9)].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
    return (11 - (sum % 11)) % 11 === Number(id[9]);
  };
  const cohort = (ids: string[]) => csv([HEADER, ...ids.map((id) => row(id))]);

  it('refuses a file whose 10-digit ids mostly pass the check, naming lines, never the numbers', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => nhs(i * 31));
    const error = await readError(cohort(ids));
    expect(error.problems[0]).toMatchObject({ kind: 'identifier', column: 'case_id', value: null });
    expect(error.message).toContain('12 of the 12 case_ids of 10 digits have a valid NHS number check digit (lines 2, 3');
    for (const id of ids) expect(error.message).not.toContain(id);
  });

  it('decides on the first 100 of a large file, and with --allow-identifiers renames those read before the verdict too', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => (i % 10 === 9 ? `C${i}` : nhs(i * 17)));
    const error = await readError(cohort(ids));
    expect(error.message).toMatch(/case_ids of 10 digits read first have a valid NHS number check digit/);
    const { cases, summary } = await read(cohort(ids), { allowIdentifiers: true });
    expect(cases).toHaveLength(300);
    expect(cases.filter((c) => c.case_id.startsWith('line#'))).toHaveLength(270);
    expect(summary.maskedIds).toBe(270);
    const everything = JSON.stringify({ cases, summary });
    for (const id of ids.filter((id) => id.length === 10)) expect(everything).not.toContain(id);
  });

  it('reads 10-digit references of which about 1 in 11 pass, warning by line without showing them', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => String(3_000_000_000 + i * 104_729));
    const passing = ids.filter(passes);
    expect(passing.length).toBeGreaterThan(10);
    const { cases, summary } = await read(cohort(ids));
    expect(cases.map((c) => c.case_id)).toEqual(ids);
    const warning = summary.warnings.find((w) => w.kind === 'identifier');
    expect(warning?.message).toContain(`${passing.length} case_ids of 10 digits (lines ${ids.indexOf(passing[0]!) + 2}, `);
    expect(warning?.message).toContain('have a valid NHS number check digit; most of the file');
    for (const id of passing) expect(JSON.stringify(summary)).not.toContain(id);
  });

  it('never quotes a number that passes the check in a duplicate or value problem', async () => {
    const id = nhs(5);
    // Enough 10-digit references failing the check that the file's ids read as references.
    const ids = Array.from({ length: 40 }, (_, i) => String(3_000_000_000 + i * 104_729)).filter((r) => !passes(r));
    const error = await readError(csv([HEADER, ...ids.map((r) => row(r)), row(id), row(id, { age: id })]));
    expect(error.problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [ids.length + 3, 'age', null],
      [ids.length + 3, 'case_id', null],
    ]);
    expect(error.message).not.toContain(id);
  });
});

describe('replaced case_ids cannot collide with real ones', () => {
  it('a real "line-5" and a UPN on line 5 stay two cases, each pinnable', async () => {
    const text = csv([HEADER, row('line-5'), row('C2'), row('C3'), row('A123456789012')]);
    const { cases } = await read(text, { allowIdentifiers: true });
    expect(cases.map((c) => c.case_id)).toEqual(['line-5', 'C2', 'C3', 'line#5']);
    // The replaced form is one no accepted case_id can take.
    expect(CASE_ID_PATTERN.test('line#5')).toBe(false);
    const error = await readError(csv([HEADER, row('line#5')]));
    expect(error.problems[0]).toMatchObject({ column: 'case_id', value: 'line#5' });
  });

  it('on the command line, both are picked by --pin and written apart', () => {
    const dir = tempDir();
    const lines = readFileSync(join(process.cwd(), 'samples/cohort.csv'), 'utf8').trimEnd().split('\n');
    lines[1] = lines[1]!.replace(/^[^,]+/, 'line-5');
    lines[4] = lines[4]!.replace(/^[^,]+/, 'A123456789012');
    const file = write(dir, 'c.csv', `${lines.join('\n')}\n`);
    const out = join(dir, 'out.csv');
    const run = cli(['draw', file, '--allow-identifiers', '--seed', 's', '--pin', 'line-5', '--pin', 'line#5', '--out', out]);
    expect(run.code).toBe(0);
    const ids = readFileSync(out, 'utf8').split('\n').slice(1).map((l) => l.split(',')[1]);
    expect(ids).toContain('line-5');
    expect(ids).toContain('line#5');
  });
});
