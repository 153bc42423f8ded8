/**
 * The names and codes statutory data uses (school census, SEN2, the handbook's person-level
 * lists), read with no mapping file, and the tables in docs/cohort-format.md that say so.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CENSUS_SEN_PROVISION, ESTABLISHMENT_TYPES, SEN2_SETTING_CODES, parseSenStatus, parseSetting } from '../../src/cohort/codes.js';
import { COLUMN_ALIASES, canonicalColumn } from '../../src/cohort/columns.js';
import { identifierColumnReason } from '../../src/cohort/identifiers.js';
import type { Case } from '../../src/cohort/case.js';
import { readCohort } from '../../src/cohort/read.js';
import { csv, read, readError, streamOf } from './helpers.js';

const FORMAT = readFileSync(new URL('../../docs/cohort-format.md', import.meta.url), 'utf8');

/** The rows of the first table after a heading of docs/cohort-format.md, as cells without backticks. */
function table(heading: string): string[][] {
  const start = FORMAT.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const lines = FORMAT.slice(start + heading.length + 2).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split('|').map((c) => c.trim().replace(/`/g, '')));
  }
  return rows;
}

describe('the statutory tables in docs/cohort-format.md match the code, both ways', () => {
  it('headings: every one in the table reads as its column, and every alias is in the table', () => {
    const rows = table('### Headings of statutory data and person-level lists');
    expect(rows.length).toBeGreaterThan(8);
    for (const [heading, column] of rows) {
      if (column!.startsWith('age, with --age-on')) expect(identifierColumnReason(heading!), heading).toBe('dates of birth');
      else expect(canonicalColumn(heading!), heading).toBe(column);
    }
    const listed = new Set(rows.map(([heading]) => heading!.toLowerCase()));
    // The column table lists every alias, and each alias heading in the table above reads as its column.
    const columns = table('## Columns');
    for (const [column, aliases] of Object.entries(COLUMN_ALIASES)) {
      const row = columns.find(([name]) => name!.startsWith(`${column} `) || name === column)?.[0] ?? '';
      for (const alias of aliases) expect(row, `${column}: ${alias}`).toContain(alias);
    }
    for (const heading of ['SENprovision', 'PrimarySENtype', 'SecondarySENtype', 'sentype', 'sensetting', 'EHC plan primary need', 'SEN provision', 'Placement type']) {
      expect(listed.has(heading.toLowerCase()), heading).toBe(true);
    }
  });

  it('census SENprovision codes', () => {
    const rows = table('### School census SEN provision codes');
    expect(Object.fromEntries(rows.map(([code, , readAs]) => [code, readAs === 'refused per row' ? null : readAs]))).toEqual(CENSUS_SEN_PROVISION);
    for (const [code, status] of Object.entries(CENSUS_SEN_PROVISION)) expect(parseSenStatus(code)).toBe(status ?? undefined);
  });

  it('SEN2 sensetting codes', () => {
    const rows = table('### SEN2 setting codes');
    expect(Object.fromEntries(rows.map(([code, , readAs]) => [code, readAs]))).toEqual(SEN2_SETTING_CODES);
    for (const [code, setting] of Object.entries(SEN2_SETTING_CODES)) {
      expect(parseSetting(code)).toBe(setting);
      expect(parseSetting(code.toLowerCase())).toBe(setting);
    }
  });

  it('establishment types', () => {
    const rows = table('### Establishment types');
    expect(Object.fromEntries(rows.map(([type, readAs]) => [type, readAs]))).toEqual(ESTABLISHMENT_TYPES);
    for (const [type, setting] of Object.entries(ESTABLISHMENT_TYPES)) {
      expect(parseSetting(type)).toBe(setting);
      expect(parseSetting(type.toUpperCase().replace(/ /g, '_'))).toBe(setting);
    }
  });
});

describe('census and SEN2 files, with no mapping', () => {
  const header = 'Case ref,Age,SENprovision,PrimarySENtype,SecondarySENtype,NCyearActual,sensetting,Stage';

  it('reads the census and SEN2 columns and codes as the contract', async () => {
    const { cases, summary } = await read(
      csv([
        header,
        'A1,9,K,SPLD,,4,EYP,identifying',
        'A2,15,E,SEMH,ASD,10,OLA,established',
        'A3,19,E,PD,,,NIEO,transition',
        'A4,12,E,MLD,,7,OPA,assessing',
        'A5,16,E,MLD,,11,NEET,ceasing',
        'A6,11,K,ASD,,6,Academy special sponsor led,new_plan',
      ]),
    );
    expect(summary.columns.canonical).toMatchObject({
      sen_status: 'SENprovision',
      primary_need: 'PrimarySENtype',
      secondary_need: 'SecondarySENtype',
      setting: 'sensetting',
    });
    expect(summary.columns.extra).toEqual(['NCyearActual']);
    expect(cases.map((c) => [c.sen_status, c.primary_need, c.secondary_need, c.setting])).toEqual([
      ['SEN support', 'SPLD', null, 'early_years'],
      ['EHCP', 'SEMH', 'ASD', 'other_arrangements'],
      ['EHCP', 'PD', null, 'not_in_education'],
      ['EHCP', 'MLD', null, 'other_arrangements'],
      ['EHCP', 'MLD', null, 'not_in_education'],
      ['SEN support', 'ASD', null, 'special'],
    ]);
    expect(cases[0]?.extra).toEqual({ NCyearActual: '4' });
  });

  it("reads a person-level list's headings: EHC plan primary need, SEN provision, Placement type", async () => {
    const { cases } = await read(
      csv(['Child ID,Age,SEN provision,EHC plan primary need,EHC plan secondary need,Placement type,Stage', 'B1,8,EHC plan,ASD,SLCN,Special school,new_plan']),
    );
    expect(cases[0]).toMatchObject({ case_id: 'B1', sen_status: 'EHCP', primary_need: 'ASD', secondary_need: 'SLCN', setting: 'special' });
  });

  it('says of each SENprovision N row that it does not belong in a SEND cohort', async () => {
    const error = await readError(csv([header, 'A1,9,K,SPLD,,4,EYP,identifying', 'A2,9,N,,,4,,', 'A3,9,n,SPLD,,4,EYP,identifying']));
    expect(error.total).toBeGreaterThanOrEqual(2);
    const noSen = error.problems.filter((p) => p.column === 'sen_status');
    expect(noSen.map((p) => p.line)).toEqual([3, 4]);
    expect(noSen[0]?.message).toBe(
      "cohort.csv line 3, sen_status ('SENprovision'): 'N' is the school census code for no SEN: this pupil does not belong in a SEND cohort; leave the row out of the file, or use --skip-invalid to leave it out",
    );
    // Another wrong value keeps the general reason.
    const other = await readError(csv([header, 'A1,9,X,SPLD,,4,EYP,identifying']));
    expect(other.problems[0]?.reason).toMatch(/^is not a SEN status; expected one of EHCP, SEN support$/);
  });

  it('with --skip-invalid, leaves N rows out, each listed', async () => {
    const { cases, summary } = await read(csv([header, 'A1,9,K,SPLD,,4,EYP,identifying', 'A2,9,N,SPLD,,4,EYP,identifying']), { skipInvalid: true });
    expect(cases.map((c) => c.case_id)).toEqual(['A1']);
    expect(summary.skipped.map((p) => [p.line, p.reason.slice(0, 40)])).toEqual([[3, 'is the school census code for no SEN: th']]);
  });
});

describe('a SEN2 table with a row per need (sentyperank)', () => {
  const header = 'Person ID,Age,SEN,sentype,sentyperank,sensetting,Stage';

  it('reads the rank-1 row as the case and the rank-2 row after it as its secondary need', async () => {
    const seen: string[] = [];
    const { cases, summary } = await loadInOrder(
      csv([
        header,
        'P1,9,E,ASD,1,EYP,identifying',
        'P1,9,E,SLCN,2,EYP,identifying',
        'P1,9,E,HI,3,EYP,identifying',
        'P2,12,E,SEMH,1,OLA,established',
        'P3,14,E,MLD,1,OPA,transition',
        'P3,14,E,VI,2,OPA,transition',
      ]),
      seen,
    );
    expect(cases.map((c) => [c.case_id, c.primary_need, c.secondary_need, c.secondary_need_area, c.line])).toEqual([
      ['P1', 'ASD', 'SLCN', 'communication_and_interaction', 2],
      ['P2', 'SEMH', null, null, 5],
      ['P3', 'MLD', 'VI', 'sensory_and_physical', 6],
    ]);
    // Each case is passed on once, complete: a counter (check) sees the secondary need too.
    expect(seen).toEqual(['P1:SLCN', 'P2:-', 'P3:VI']);
    expect(summary.rows).toBe(3);
    expect(summary.valid).toBe(3);
    expect(summary.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^cohort\.csv, sentyperank: 3 rows with a sentyperank of 2 or more were read as further needs/));
  });

  it('refuses a further-need row whose rank-1 row is not right above it, and a rank that is not a number', async () => {
    const error = await readError(
      csv([header, 'P1,9,E,ASD,1,EYP,identifying', 'P2,9,E,SLCN,2,EYP,identifying', 'P1,9,E,SLCN,2,EYP,identifying', 'P3,9,E,ASD,first,EYP,identifying']),
    );
    expect(error.problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [3, 'sentyperank', '2'],
      [4, 'sentyperank', '2'],
      [5, 'sentyperank', 'first'],
    ]);
    expect(error.problems[0]?.message).toMatch(/^cohort\.csv line 3, sentyperank: '2' is a further need of a case, but the row above is not the rank-1 row of the same case_id/);
  });

  it('refuses a rank-2 row whose need is not a SEN type code', async () => {
    const error = await readError(csv([header, 'P1,9,E,ASD,1,EYP,identifying', 'P1,9,E,XYZ,2,EYP,identifying']));
    expect(error.problems[0]?.message).toMatch(/^cohort\.csv line 3, primary_need \('sentype'\): 'XYZ' is not a SEN type code/);
  });
});

async function loadInOrder(text: string, seen: string[]) {
  const cases: Case[] = [];
  const summary = await readCohort(streamOf(text), {}, (c) => {
    seen.push(`${c.case_id}:${c.secondary_need ?? '-'}`);
    cases.push(c);
  }, 'cohort.csv');
  return { cases, summary };
}
