/**
 * Ages from dates of birth (--age-on) in the reader: the age on the date, the date of birth
 * withheld everywhere, and every bad date a problem of its row that does not repeat it.
 */
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { csv, read, readError } from './helpers.js';

const HEADER = 'Child ID,Date of birth,SEN provision,Primary need,Placement,Stage';
const ON = { allowIdentifiers: true, ageOn: '2025-08-31' };

describe('--age-on in the reader', () => {
  it('gives each age in whole years on the date, withholds the column, and says so', async () => {
    const { cases, summary } = await read(
      csv([
        HEADER,
        'A1,01/09/2015,E,ASD,special,established', // 9: ten only on 1 September
        'A2,31/08/2015,K,SLCN,mainstream,identifying', // 10 on the day
        'A3,2012-02-29,E,SEMH,ap,new_plan', // 13 (a 29 February birthday, 2025 not a leap year)
        'A4,5/1/2000,E,MLD,further_education,transition', // 25
        'A5,31 Aug 2025,K,HI,early_years,assessing', // 0
      ]),
      ON,
    );
    expect(cases.map((c) => [c.case_id, c.age, c.age_band])).toEqual([
      ['A1', 9, 'Age 5 to 10'],
      ['A2', 10, 'Age 5 to 10'],
      ['A3', 13, 'Age 11 to 15'],
      ['A4', 25, 'Age 20 to 25'],
      ['A5', 0, 'Age 0 to 4'],
    ]);
    expect(summary.ageOn).toBe('2025-08-31');
    expect(summary.columns.withheld).toEqual(['Date of birth']);
    expect(summary.columns.extra).toEqual([]);
    expect(summary.warnings.map((w) => w.message)).toEqual([
      "cohort.csv: column 'Date of birth' looks like it holds dates of birth; withheld: its dates are used only to work out each age on 2025-08-31 (--age-on), and are not kept, shown or written",
    ]);
    // Nothing read keeps a date of birth.
    const kept = JSON.stringify({ cases, summary });
    for (const date of ['01/09/2015', '2015', '2012-02-29', '5/1/2000', '31 Aug']) expect(kept).not.toContain(date);
  });

  it('a 29 February birthday is a year older on 1 March in a year without one', async () => {
    const rows = [HEADER, 'A1,29/02/2012,E,ASD,special,established'];
    const age = async (ageOn: string) => (await read(csv(rows), { allowIdentifiers: true, ageOn })).cases[0]?.age;
    expect(await age('2023-02-28')).toBe(10);
    expect(await age('2023-03-01')).toBe(11);
    expect(await age('2024-02-28')).toBe(11);
    expect(await age('2024-02-29')).toBe(12);
  });

  it('makes each bad date a problem of its row that never shows the date', async () => {
    const error = await readError(
      csv([
        HEADER,
        'A1,05/10/15,E,ASD,special,established',
        'A2,31/02/2015,E,ASD,special,established',
        'A3,,E,ASD,special,established',
        'A4,01/09/2025,E,ASD,special,established',
        'A5,30/08/1999,E,ASD,special,established',
        'A6,sometime,E,ASD,special,established',
        'A7,12/03/2010,E,ASD,special,established',
      ]),
      ON,
    );
    expect(error.problems.map((p) => [p.line, p.column, p.value, p.kind])).toEqual([
      [2, 'age', null, 'value'],
      [3, 'age', null, 'value'],
      [4, 'age', null, 'missing'],
      [5, 'age', null, 'value'],
      [6, 'age', null, 'value'],
      [7, 'age', null, 'value'],
    ]);
    expect(error.problems.map((p) => p.message)).toEqual([
      "cohort.csv line 2, date of birth ('Date of birth'): has a two-digit year, which could be either century; write the year in full (dd/mm/yyyy) (the date is withheld)",
      "cohort.csv line 3, date of birth ('Date of birth'): is not a real date (no such day in that month) (the date is withheld)",
      "cohort.csv line 4, date of birth ('Date of birth'): is empty; this column is required",
      "cohort.csv line 5, date of birth ('Date of birth'): is after 2025-08-31, the date ages are worked out on (--age-on)",
      "cohort.csv line 6, date of birth ('Date of birth'): gives an age of 26 on 2025-08-31; ages must be 0 to 25",
      "cohort.csv line 7, date of birth ('Date of birth'): is not a date; expected dd/mm/yyyy (day first) or yyyy-mm-dd (the date is withheld)",
    ]);
    const all = JSON.stringify(error.problems) + error.message;
    for (const date of ['05/10/15', '31/02/2015', '01/09/2025', '30/08/1999', 'sometime']) expect(all).not.toContain(date);
  });

  it('still needs --allow-identifiers, and says --age-on can give ages', async () => {
    const text = csv([HEADER, 'A1,01/09/2015,E,ASD,special,established']);
    const refused = await readError(text, { ageOn: '2025-08-31' });
    expect(refused.message).toMatch(/looks like it holds dates of birth/);
    expect((await readError(text)).message).toMatch(/--allow-identifiers --age-on DATE works each age out from the dates of birth/);
    const missing = await readError(text, { allowIdentifiers: true });
    expect(missing.message).toMatch(/^cohort\.csv: missing required column age; .*--allow-identifiers --age-on DATE works each age out/);
  });

  it('refuses --age-on for a file with no dates of birth, with ages as well, or with two date columns', async () => {
    expect((await readError(csv(['Child ID,Age,SEN,Primary need,Placement,Stage', 'A1,9,E,ASD,special,established']), ON)).message).toMatch(
      /^cohort\.csv has no date-of-birth column \(such as 'Date of birth' or 'DOB'\) for --age-on/,
    );
    expect((await readError(csv(['Child ID,Age,DOB,SEN,Primary need,Placement,Stage', 'A1,9,01/01/2015,E,ASD,special,established']), ON)).message).toMatch(
      /^cohort\.csv has both ages \('Age'\) and dates of birth \('DOB'\): --age-on is for a file with dates of birth and no age/,
    );
    expect((await readError(csv(['Child ID,DOB,Birth date,SEN,Primary need,Placement,Stage', 'A1,01/01/2015,01/01/2015,E,ASD,special,established']), ON)).message).toMatch(
      /more than one date-of-birth column \('DOB', 'Birth date'\)/,
    );
  });

  it('reads a workbook: date cells as dates, whatever their format, and text cells day first', async () => {
    const rows: unknown[][] = [
      ['Child ID', 'Date of birth', 'SEN provision', 'Primary need', 'Placement', 'Stage'],
      ['W1', new Date(Date.UTC(2015, 8, 1)), 'E', 'ASD', 'special', 'established'],
      ['W2', '31/08/2015', 'K', 'SLCN', 'mainstream', 'identifying'],
      ['W3', new Date(Date.UTC(2012, 1, 29)), 'E', 'SEMH', 'ap', 'new_plan'],
    ];
    const sheet = XLSX.utils.aoa_to_sheet(rows, { cellDates: false, dateNF: 'mm/dd/yyyy', UTC: true });
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Cohort');
    const { cases, summary } = await read(Buffer.from(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer), ON);
    expect(cases.map((c) => [c.case_id, c.age])).toEqual([
      ['W1', 9],
      ['W2', 10],
      ['W3', 13],
    ]);
    expect(summary.sheet).toBe('Cohort');
    const bad = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(bad, XLSX.utils.aoa_to_sheet([rows[0]!, ['W4', '12/03/10', 'E', 'ASD', 'special', 'established']]), 'Cohort');
    const error = await readError(Buffer.from(XLSX.write(bad, { type: 'buffer', bookType: 'xlsx' }) as Buffer), ON);
    expect(error.problems[0]?.message).toBe(
      'cohort.csv sheet "Cohort" row 2, column "Date of birth": has a two-digit year, which could be either century; write the year in full (dd/mm/yyyy) (the date is withheld)',
    );
  });
});
