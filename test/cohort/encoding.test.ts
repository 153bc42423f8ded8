import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadCohort } from '../../src/cohort/read.js';
import { caught, csv, EXAMPLES, HEADER, read, readError, row } from './helpers.js';

const RESAVE = "save it as 'CSV UTF-8 (Comma delimited)' in Excel (or convert it to UTF-8) and try again";

describe('encoding', () => {
  it('refuses the Windows-1252 example, naming the line and how to re-save it', async () => {
    const error = await caught(loadCohort(`${EXAMPLES}windows-1252.csv`, {}, 'windows-1252.csv'));
    expect(error.problems[0]).toMatchObject({ kind: 'encoding', file: 'windows-1252.csv', line: 5 });
    expect(error.message).toBe(
      `windows-1252.csv is not UTF-8 text: line 5 has the byte 0xE9 ('é' in Windows-1252), so it was probably saved as Windows-1252 (Excel's plain 'CSV (Comma delimited)'); ${RESAVE}`,
    );
  });

  it('finds the bad byte whatever the chunking, including £ (0xA3) and a byte split from the previous chunk', async () => {
    const before = csv([HEADER, row('C1'), row('C2')]);
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from('C3,14,EHCP,SEMH,,ap,established,,,Caf'), Buffer.from([0xe9]), Buffer.from(' Quarter\n')]);
    for (const chunk of [1, 3, 7, 64, 100_000]) {
      const error = await readError(bytes, {}, chunk);
      expect(error.problems[0]?.line, `chunk ${chunk}`).toBe(4);
      expect(error.message).toContain("the byte 0xE9 ('é' in Windows-1252)");
    }
    const pound = Buffer.concat([Buffer.from(`${HEADER}\nC1,14,EHCP,SEMH,,ap,established,,,`), Buffer.from([0xa3]), Buffer.from('5 fund\n')]);
    const error = await readError(pound);
    expect(error.message).toContain("line 2 has the byte 0xA3 ('£' in Windows-1252)");
  });

  it('reads UTF-8 characters split across chunks', async () => {
    const text = csv([HEADER, row('C1', { locality: 'Café – Brontë £5 🙂' })]);
    for (const chunk of [1, 2, 3, 5]) {
      const { cases } = await read(text, {}, chunk);
      expect(cases[0]?.locality).toBe('Café – Brontë £5 🙂');
    }
  });

  it('refuses a file cut off in the middle of a character', async () => {
    const bytes = Buffer.concat([Buffer.from(csv([HEADER, row('C1')])), Buffer.from('Caf'), Buffer.from([0xc3])]);
    const error = await readError(bytes);
    expect(error.problems[0]?.kind).toBe('encoding');
    expect(error.message).toMatch(/^cohort\.csv ends in the middle of a UTF-8 character \(line 3\)/);
  });

  it('refuses binary data as not a CSV text file', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n${row('C1')}\n`), Buffer.from([0x00, 0x13, 0x37])]);
    const error = await readError(bytes);
    expect(error.problems[0]).toMatchObject({ kind: 'encoding', line: 3 });
    expect(error.message).toBe('cohort.csv is not a CSV text file: it holds binary data (a NUL byte on line 3)');
  });

  it('reads a workbook as one (test/cohort/workbook.test.ts), and says how to save UTF-16 text', async () => {
    // A zip's signature with nothing after it: read as a workbook, and found damaged.
    const xlsx = await readError(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), {}, 100);
    expect(xlsx.message).toMatch(/^cohort\.csv could not be read as an \.xlsx or \.ods workbook/);
    const xls = await readError(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), {}, 100);
    expect(xls.message).toContain('legacy Excel 97-2003 workbook (.xls)');
    const utf16 = await readError(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]), {}, 100);
    expect(utf16.problems[0]?.kind).toBe('encoding');
    expect(utf16.message).toBe(`cohort.csv is UTF-16 text (Excel's 'Unicode Text'), not UTF-8: ${RESAVE}`);
  });
});

describe('characters cut by chunk boundaries', () => {
  it('reads a multi-byte value the same wherever the stream splits it', async () => {
    const text = 'case_id,age,sen_status,primary_need,setting,service_stage,locality\nC1,9,EHCP,ASD,mainstream,established,Hôtel-Dieu €😀\n';
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      const { cases } = await loadCohort(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]), {}, 'split.csv');
      expect(cases[0]!.locality, `split at byte ${cut}`).toBe('Hôtel-Dieu €😀');
    }
  });

  it('refuses a file that ends inside a character, wherever the split', async () => {
    const text = 'case_id,age,sen_status,primary_need,setting,service_stage,locality\nC1,9,EHCP,ASD,mainstream,established,Caf';
    const bytes = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0xc3])]);
    await expect(loadCohort(Readable.from([bytes.subarray(0, 40), bytes.subarray(40)]), {}, 'cut.csv')).rejects.toThrow(/middle of a UTF-8 character/);
  });
});
