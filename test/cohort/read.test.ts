import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cohort/case.js';
import { loadCohort, readCohort } from '../../src/cohort/read.js';
import { caught, csv, EXAMPLES, HEADER, read, readError, row, streamOf, tempFile } from './helpers.js';

const CONTRACT_EXAMPLE = `case_id,age,sen_status,primary_need,secondary_need,setting,service_stage,social_care,health_services,locality
C0000412,14,EHCP,SEMH,SLCN,ap,established,child_in_need,CAMHS,North
C0001187,7,SEN support,SLCN,,mainstream,identifying,none,SALT,East
C0000093,17,EHCP,HI,,further_education,transition,none,audiology,Central
`;

describe('reading a cohort', () => {
  it('reads the contract example into cases with derived fields', async () => {
    const { cases, summary } = await read(CONTRACT_EXAMPLE);
    expect(summary).toMatchObject({ file: 'cohort.csv', rows: 3, valid: 3, skipped: [], warnings: [], maskedIds: 0 });
    const expected: Case = {
      line: 2,
      case_id: 'C0000412',
      age: 14,
      age_band: 'Age 11 to 15',
      sen_status: 'EHCP',
      primary_need: 'SEMH',
      need_area: 'social_emotional_and_mental_health',
      secondary_need: 'SLCN',
      secondary_need_area: 'communication_and_interaction',
      setting: 'ap',
      alternative_provision: true,
      service_stage: 'established',
      social_care: 'child_in_need',
      health_services: ['CAMHS'],
      locality: 'North',
      la_code: null,
      extra: {},
    };
    // Every field of the Case reads as expected (the derived ones are worked out on access: case.ts).
    const fields = Object.keys(expected) as (keyof Case)[];
    expect(Object.fromEntries(fields.map((k) => [k, cases[0]![k]]))).toEqual(expected);
    expect(cases.map((c) => [c.line, c.case_id, c.age_band, c.alternative_provision])).toEqual([
      [2, 'C0000412', 'Age 11 to 15', true],
      [3, 'C0001187', 'Age 5 to 10', false],
      [4, 'C0000093', 'Age 16 to 19', false],
    ]);
    expect(cases[1]).toMatchObject({ secondary_need: null, secondary_need_area: null, sen_status: 'SEN support' });
  });

  it('skips a UTF-8 byte order mark, even split across chunks', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONTRACT_EXAMPLE)]);
    for (const chunk of [1, 2, 64]) {
      const { cases, summary } = await read(bytes, {}, chunk);
      expect(summary.columns.found[0]).toBe('case_id');
      expect(cases.map((c) => c.case_id)).toEqual(['C0000412', 'C0001187', 'C0000093']);
    }
  });

  it('reads CRLF line endings without carriage returns in values', async () => {
    const { cases } = await read(CONTRACT_EXAMPLE.replace(/\n/g, '\r\n'));
    expect(cases.map((c) => [c.line, c.locality])).toEqual([
      [2, 'North'],
      [3, 'East'],
      [4, 'Central'],
    ]);
  });

  it('reads quoted fields holding commas, quotes and line breaks', async () => {
    const text = csv([
      HEADER,
      row('C1', { locality: '"North, ""Old"" Town"' }),
      row('C2', { locality: '"Line one\nline two\nline three"' }),
      row('C3', { health: '"CAMHS;SALT"' }),
    ]);
    const { cases } = await read(text);
    expect(cases.map((c) => [c.case_id, c.locality])).toEqual([
      ['C1', 'North, "Old" Town'],
      ['C2', 'Line one\nline two\nline three'],
      ['C3', 'North'],
    ]);
    expect(cases[2]?.health_services).toEqual(['CAMHS', 'SALT']);
  });

  it('gives the line where a record starts, after a field that spans lines (LF and CRLF)', async () => {
    for (const eol of ['\n', '\r\n']) {
      const text = csv(
        [
          HEADER,
          row('C1', { locality: `"spans${eol}two lines"` }),
          row('C2', { locality: `"and${eol}three${eol}lines"` }),
          row('C3'),
          row('C4', { age: 'seven' }),
        ],
        eol,
      );
      const { cases, summary } = await read(text, { skipInvalid: true });
      expect(cases.map((c) => [c.case_id, c.line]), JSON.stringify(eol)).toEqual([
        ['C1', 2],
        ['C2', 4],
        ['C3', 7],
      ]);
      expect(summary.skipped.map((p) => p.line)).toEqual([8]);
      const error = await readError(text);
      expect(error.problems[0]).toMatchObject({ line: 8, column: 'age', value: 'seven' });
    }
  });

  it('ignores blank lines and rows of empty cells, and keeps counting lines over them', async () => {
    const text = `${HEADER}\n${row('C1')}\n\n   \n,,,,,,,,,\n${row('C2')}\n\n\n\n`;
    const { cases, summary } = await read(text);
    expect(summary.rows).toBe(2);
    expect(cases.map((c) => c.line)).toEqual([2, 6]);
  });

  it('reads values case-insensitively, ignoring surrounding spaces, with the common spellings', async () => {
    const lines = [
      HEADER,
      row('C1', { sen: ' ehcp ', need: ' semh ', second: 'slcn', setting: 'PRU', stage: ' Established ', care: 'CIN' }),
      row('C2', { sen: 'K', setting: 'Pupil Referral Unit', care: 'LAC' }),
      row('C3', { sen: 'E', setting: 'Special school', care: 'cp' }),
      row('C4', { sen: 'EHC plan', setting: 'EHE', stage: 'NEW_PLAN' }),
      row('C5', { sen: 'sen support', setting: 'NEET', stage: 'new-plan' }),
      row('C6', { setting: 'FE' }),
      row('C7', { setting: 'AP academy' }),
      row('C8', { setting: 'Alternative provision' }),
    ];
    const { cases } = await read(csv(lines));
    expect(cases.map((c) => [c.sen_status, c.setting, c.service_stage, c.social_care])).toEqual([
      ['EHCP', 'ap', 'established', 'child_in_need'],
      ['SEN support', 'ap', 'established', 'looked_after'],
      ['EHCP', 'special', 'established', 'child_protection'],
      ['EHCP', 'home_educated', 'new_plan', 'child_in_need'],
      ['SEN support', 'not_in_education', 'new_plan', 'child_in_need'],
      ['EHCP', 'further_education', 'established', 'child_in_need'],
      ['EHCP', 'ap', 'established', 'child_in_need'],
      ['EHCP', 'ap', 'established', 'child_in_need'],
    ]);
    expect(cases[0]).toMatchObject({ primary_need: 'SEMH', secondary_need: 'SLCN' });
  });

  it('turns empty optional fields into null or [], and splits health services on ;', async () => {
    const { cases } = await read(
      csv([HEADER, row('C1', { second: '', care: '', health: '', locality: ' ' }), row('C2', { health: ' CAMHS ; ;SALT;' })]),
    );
    expect(cases[0]).toMatchObject({ secondary_need: null, social_care: null, health_services: [], locality: null, la_code: null });
    expect(cases[1]?.health_services).toEqual(['CAMHS', 'SALT']);
  });

  it('accepts whole ages 0 to 25 and refuses anything else', async () => {
    const good = ['0', '25', ' 7 ', '07'];
    const { cases } = await read(csv([HEADER, ...good.map((age, i) => row(`G${i}`, { age }))]));
    expect(cases.map((c) => c.age)).toEqual([0, 25, 7, 7]);
    for (const age of ['7.5', '-1', '26', 'seven', '7 years', '1e1']) {
      const error = await readError(csv([HEADER, row('C1', { age })]));
      expect(error.problems[0], age).toMatchObject({
        kind: 'value',
        line: 2,
        column: 'age',
        value: age,
        reason: 'is not a whole number of years from 0 to 25',
      });
    }
  });

  it('checks the case_id format: 1–64 letters, digits, -, _, . or /', async () => {
    const ok = ['a', 'C-1_2.3/4', 'x'.repeat(64)];
    const { cases } = await read(csv([HEADER, ...ok.map((id) => row(id))]));
    expect(cases.map((c) => c.case_id)).toEqual(ok);
    for (const id of ['C 1', 'C#1', 'x'.repeat(65)]) {
      const error = await readError(csv([HEADER, row(id)]));
      expect(error.problems[0], id).toMatchObject({ kind: 'value', column: 'case_id', value: id });
      expect(error.problems[0]?.reason).toBe("is not a valid case_id: use 1–64 letters, digits, '-', '_', '.' or '/'");
    }
  });
});

describe('problems', () => {
  it('reports a bad code with line, column, value and the codes expected', async () => {
    const error = await readError(csv([HEADER, row('C1'), row('C2', { need: 'SEMH/ASD' })]));
    expect(error.total).toBe(1);
    expect(error.problems).toEqual([
      {
        kind: 'value',
        file: 'cohort.csv',
        line: 3,
        column: 'primary_need',
        value: 'SEMH/ASD',
        reason: 'is not a SEN type code; expected one of SLCN, ASD, SPLD, MLD, SLD, PMLD, SEMH, HI, VI, MSI, PD, DS, OTH, NSA',
        message:
          "cohort.csv line 3, primary_need: 'SEMH/ASD' is not a SEN type code; expected one of SLCN, ASD, SPLD, MLD, SLD, PMLD, SEMH, HI, VI, MSI, PD, DS, OTH, NSA",
      },
    ]);
    expect(error.message).toBe(error.problems[0]?.message);
  });

  it('names every code column and its expected codes', async () => {
    const cases: [Parameters<typeof row>[1], string, string][] = [
      [{ sen: 'statement' }, 'sen_status', 'is not a SEN status; expected one of EHCP, SEN support'],
      [{ second: 'ADHD' }, 'secondary_need', 'is not a SEN type code; expected one of SLCN, ASD, SPLD, MLD, SLD, PMLD, SEMH, HI, VI, MSI, PD, DS, OTH, NSA'],
      [
        { setting: 'school' },
        'setting',
        'is not a setting code; expected one of early_years, mainstream, mainstream_resourced, special, ap, further_education, home_educated, other_arrangements, not_in_education',
      ],
      [{ stage: 'done' }, 'service_stage', 'is not a service stage code; expected one of identifying, assessing, new_plan, established, transition, ceasing'],
      [{ care: 'yes' }, 'social_care', 'is not a social care code; expected one of none, early_help, child_in_need, child_protection, looked_after, care_leaver'],
    ];
    for (const [fields, column, reason] of cases) {
      const error = await readError(csv([HEADER, row('C1', fields)]));
      expect(error.problems[0]).toMatchObject({ kind: 'value', line: 2, column, reason });
    }
  });

  it('reports an empty required field as missing', async () => {
    const error = await readError(csv([HEADER, row('C1', { sen: ' ' })]));
    expect(error.problems[0]).toMatchObject({ kind: 'missing', line: 2, column: 'sen_status', value: null });
    expect(error.message).toBe('cohort.csv line 2, sen_status: is empty; this column is required');
    const noId = await readError(csv([HEADER, row('')]));
    expect(noId.problems[0]).toMatchObject({ kind: 'missing', column: 'case_id' });
  });

  it('reports ragged rows with both field counts', async () => {
    const error = await readError(csv([HEADER, row('C1'), 'C2,7,K,ASD', `${row('C3')},extra`]));
    expect(error.problems.map((p) => [p.kind, p.line, p.message])).toEqual([
      ['ragged', 3, 'cohort.csv line 3 has 4 fields; the header has 10'],
      ['ragged', 4, 'cohort.csv line 4 has 11 fields; the header has 10 (a value that holds a comma must be in double quotes)'],
    ]);
  });

  it('reports a duplicate case_id naming both lines', async () => {
    const error = await readError(csv([HEADER, row('C1'), row('C2'), row('C1')]));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ kind: 'duplicate', line: 4, column: 'case_id', value: 'C1' });
    expect(error.message).toBe("cohort.csv line 4, case_id: 'C1' is already the case_id of line 2; each case_id must be unique");
  });

  it('lists the first 20 problems and counts the rest when rows are invalid', async () => {
    const lines = [HEADER, ...Array.from({ length: 30 }, (_, i) => row(`C${i}`, { age: 'x' }))];
    const error = await readError(csv(lines));
    expect(error.total).toBe(30);
    expect(error.problems).toHaveLength(20);
    const messageLines = error.message.split('\n');
    expect(messageLines[0]).toBe('cohort.csv has 30 problems in 30 rows; fix them, or use --skip-invalid to leave those rows out:');
    expect(messageLines).toHaveLength(22);
    expect(messageLines[1]).toBe("  cohort.csv line 2, age: 'x' is not a whole number of years from 0 to 25");
    expect(messageLines[21]).toBe('  … and 10 more');
  });

  it('with skipInvalid, leaves out exactly the invalid rows and lists each once', async () => {
    const lines = [
      HEADER,
      row('C1'),
      row('C2', { age: '30', setting: 'x' }),
      row('C3'),
      'C4,7',
      row('C1'),
      ...Array.from({ length: 25 }, (_, i) => row(`D${i}`, { need: '' })),
      row('C5'),
    ];
    const { cases, summary } = await read(csv(lines), { skipInvalid: true });
    expect(cases.map((c) => c.case_id)).toEqual(['C1', 'C3', 'C5']);
    expect(summary.rows).toBe(31);
    expect(summary.valid).toBe(3);
    expect(summary.skipped).toHaveLength(28);
    expect(summary.skipped.map((p) => p.line)).toEqual([3, 5, 6, ...Array.from({ length: 25 }, (_, i) => 7 + i)]);
    expect(summary.skipped[0]?.message).toBe(
      "cohort.csv line 3, age: '30' is not a whole number of years from 0 to 25 (and 1 more problem in this row: setting)",
    );
    expect(summary.skipped.map((p) => p.kind).slice(0, 4)).toEqual(['value', 'ragged', 'duplicate', 'missing']);
  });

  it('stops at a quoted value that is never closed, naming the line where it starts', async () => {
    const error = await readError(csv([HEADER, row('C1'), row('C2', { locality: '"North' }), row('C3')]));
    expect(error.problems[0]).toMatchObject({ kind: 'file', line: 3 });
    expect(error.message).toBe(
      'cohort.csv line 3 has a quoted value that starts here and is never closed (a missing closing double quote)',
    );
  });

  it('keeps only the extra columns asked for (named as rules name them), listing every one', async () => {
    const text = csv([`${HEADER},Key Worker,note,Team`, `${row('C1')},Ann,long free text,Blue`, `${row('C2')},,more text,Red`]);
    const { cases, summary } = await read(text, { extraColumns: ['key_worker', 'team'] });
    expect(cases.map((c) => c.extra)).toEqual([
      { 'Key Worker': 'Ann', Team: 'Blue' },
      { 'Key Worker': '', Team: 'Red' },
    ]);
    expect(summary.columns.extra).toEqual(['Key Worker', 'note', 'Team']);
    // None asked for: every case shares the one empty object; not given: every one is kept.
    expect((await read(text, { extraColumns: [] })).cases.map((c) => c.extra)).toEqual([{}, {}]);
    expect((await read(text)).cases[0]?.extra).toEqual({ 'Key Worker': 'Ann', note: 'long free text', Team: 'Blue' });
  });

  it('reads trailing header columns with no name, and warns when rows hold values there', async () => {
    const text = csv(['case_id,age,sen,sen type,setting,stage,,', 'C1,4,e,hi,nursery,transition,,', 'C2,5,k,hi,nursery,transition', 'C3,5,k,hi,nursery,transition,,x']);
    const { cases, summary } = await read(text);
    expect(cases.map((c) => c.case_id)).toEqual(['C1', 'C2', 'C3']);
    expect(cases[2]?.extra).toEqual({});
    expect(summary.warnings.map((w) => w.message)).toEqual([
      'cohort.csv: columns 7, 8 have no header, but 1 row has values there; they were not read',
    ]);
  });
});

describe('file-level refusals', () => {
  it('refuses an empty file, a blank file and a header with no rows', async () => {
    expect((await readError('')).message).toBe('cohort.csv is empty: it has no header line and no rows');
    expect((await readError('\n\r\n  \n')).message).toBe('cohort.csv is empty: it has no header line and no rows');
    const headerOnly = await readError(`${HEADER}\n\n`);
    expect(headerOnly.problems[0]?.kind).toBe('file');
    expect(headerOnly.message).toBe('cohort.csv has a header but no rows: there are no cases to read');
  });

  it('refuses a path that does not exist or is a directory', async () => {
    const missing = await caught(loadCohort('/no/such/cohort.csv'));
    expect(missing.problems[0]).toMatchObject({ kind: 'file', file: '/no/such/cohort.csv' });
    expect(missing.message).toBe('/no/such/cohort.csv does not exist');
    const dir = await caught(loadCohort(EXAMPLES));
    expect(dir.message).toBe(`${EXAMPLES} is a directory, not a CSV file`);
    expect(dir.message).not.toContain('\n');
  });
});

describe('delimiters', () => {
  it('reads a semicolon export, and says so', async () => {
    const text = csv(['case_id;age;sen_status;primary_need;setting;service_stage;locality', 'C1;4;EHCP;HI;early_years;transition;"North; East"', 'C2;9;K;ASD;mainstream;assessing;South']);
    const { cases, summary } = await read(text);
    expect(cases.map((c) => [c.case_id, c.age, c.locality])).toEqual([
      ['C1', 4, 'North; East'],
      ['C2', 9, 'South'],
    ]);
    expect(summary.warnings[0]?.message).toBe(
      'cohort.csv line 1: read as semicolon-separated: the header line has no commas but has semicolons',
    );
  });

  it('reads a tab-separated export', async () => {
    const text = csv(['case_id\tage\tsen_status\tprimary_need\tsetting\tservice_stage', 'C1\t4\tEHCP\tHI\tearly_years\ttransition']);
    const { cases } = await read(text);
    expect(cases[0]).toMatchObject({ case_id: 'C1', primary_need: 'HI' });
  });

  it('keeps commas as the delimiter when the header has them, even with semicolons in values', async () => {
    const { cases } = await read(csv([HEADER, row('C1', { health: 'CAMHS;SALT' })]));
    expect(cases[0]?.health_services).toEqual(['CAMHS', 'SALT']);
  });
});

describe('sources and summary', () => {
  it('reads any readable stream, named stdin unless a name is given', async () => {
    const seen: string[] = [];
    const summary = await readCohort(Readable.from([Buffer.from(CONTRACT_EXAMPLE)]), {}, (c) => seen.push(c.case_id));
    expect(summary.file).toBe('stdin');
    expect(seen).toEqual(['C0000412', 'C0001187', 'C0000093']);
    const error = await caught(readCohort(streamOf(`${HEADER}\n`), {}, () => {}));
    expect(error.message).toBe('stdin has a header but no rows: there are no cases to read');
    const named = await readCohort(streamOf(CONTRACT_EXAMPLE), {}, () => {}, 'export.csv');
    expect(named.file).toBe('export.csv');
  });

  it('reads string chunks as well as bytes', async () => {
    const { cases } = await loadCohort(Readable.from(['case_id,age,sen,sen type,setting,stage\n', 'C1,4,e,hi,nursery,transition\n']));
    expect(cases).toHaveLength(1);
  });

  it('hashes the raw bytes and reports progress at most every 64 KiB, ending at the size', async () => {
    const lines = [HEADER, ...Array.from({ length: 6000 }, (_, i) => row(`C${i}`))];
    const content = csv(lines);
    const path = tempFile('big.csv', content);
    const calls: [number, number | null][] = [];
    const { summary } = await loadCohort(path, { onProgress: (read, total) => calls.push([read, total]) });
    const size = Buffer.byteLength(content);
    expect(summary.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(summary.rows).toBe(6000);
    expect(calls.at(-1)).toEqual([size, size]);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(size / 65536) + 1);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0] - calls[i - 1]![0]).toBeGreaterThan(0);
    for (const [, total] of calls) expect(total).toBe(size);
  });

  it('counts lines right when the first quoted field comes late in a large file', async () => {
    const early = Array.from({ length: 3000 }, (_, i) => row(`C${i}`));
    const text = csv([HEADER, ...early, row('Q1', { locality: '"two\r\nlines"' }), row('Q2', { age: 'x' })]);
    for (const chunk of [65536, 1000]) {
      const { cases, summary } = await read(text, { skipInvalid: true }, chunk);
      expect(cases.at(-1)).toMatchObject({ case_id: 'Q1', line: 3002 });
      expect(summary.skipped.map((p) => p.line)).toEqual([3004]);
    }
  });

  it('passes an error thrown by onCase back unchanged, and turns a failing source into a file error', async () => {
    const boom = new Error('boom');
    await expect(readCohort(streamOf(CONTRACT_EXAMPLE), {}, () => { throw boom; })).rejects.toBe(boom);
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
      },
    });
    const error = await caught(readCohort(failing, {}, () => {}, 'cohort.csv'));
    expect(error.problems[0]?.kind).toBe('file');
    expect(error.message).toBe('cohort.csv cannot be read: EIO: i/o error, read');
  });

  it('calls onCase in file order while reading, and no case can change another', async () => {
    const { cases } = await read(csv([HEADER, row('C1', { health: 'CAMHS' }), row('C2', { health: 'CAMHS' })]));
    // Lists of services are shared between cases (a million rows hold a few dozen), so frozen.
    expect(() => (cases[0]!.health_services as string[]).push('SALT')).toThrow(TypeError);
    expect(() => ((cases[0]!.extra as Record<string, string>).x = 'y')).toThrow(TypeError);
    expect(cases[1]?.health_services).toEqual(['CAMHS']);
  });
});

describe('example files', () => {
  it('no-ap.csv: 30 valid rows, none in AP, all four need areas, a spread of ages, stages and SEN support', async () => {
    const { cases } = await loadCohort(`${EXAMPLES}no-ap.csv`);
    expect(cases).toHaveLength(30);
    expect(cases.some((c) => c.alternative_provision)).toBe(false);
    expect(new Set(cases.map((c) => c.need_area))).toEqual(
      new Set(['communication_and_interaction', 'cognition_and_learning', 'social_emotional_and_mental_health', 'sensory_and_physical', null]),
    );
    expect(new Set(cases.map((c) => c.age_band)).size).toBe(5);
    expect(new Set(cases.map((c) => c.service_stage)).size).toBe(6);
    expect(cases.filter((c) => c.sen_status === 'SEN support').length).toBeGreaterThanOrEqual(2);
  });

  it('invalid-row.csv: exactly one problem, on line 6', async () => {
    const error = await caught(loadCohort(`${EXAMPLES}invalid-row.csv`, {}, 'invalid-row.csv'));
    expect(error.total).toBe(1);
    expect(error.message).toBe(
      "invalid-row.csv line 6, primary_need: 'SEMH/ASD' is not a SEN type code; expected one of SLCN, ASD, SPLD, MLD, SLD, PMLD, SEMH, HI, VI, MSI, PD, DS, OTH, NSA",
    );
    const { cases, summary } = await loadCohort(`${EXAMPLES}invalid-row.csv`, { skipInvalid: true });
    expect(cases).toHaveLength(7);
    expect(summary.skipped.map((p) => p.line)).toEqual([6]);
  });

  it('the files hold what their names say', () => {
    expect(readFileSync(`${EXAMPLES}with-identifiers.csv`, 'utf8').split('\n')[0]).toContain('date_of_birth');
  });
});
