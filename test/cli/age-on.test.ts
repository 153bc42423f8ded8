/**
 * --age-on through the command line, on the shipped census- and SEN2-style samples: the date
 * resolved, printed, in JSON and in the audit's rerun command; and no date of birth from the
 * file in anything the tool prints or writes.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../cli/args.js';
import { ROOT, STACK, cli, ensureBuilt, removeTempDirs, tempDir } from './run.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const CENSUS = join(ROOT, 'samples/examples/census-dob.csv');
const SEN2 = join(ROOT, 'samples/examples/sen2-dob.csv');

/** Every date of birth in a sample file, as written, and the same day written the other way. */
function datesOf(file: string): string[] {
  const rows = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
  const dates = rows.map((r) => r.DOB ?? r['Date of birth'] ?? '');
  expect(dates.every((d) => d !== '')).toBe(true);
  return dates.flatMap((d) => {
    const dmy = /^(\d\d)\/(\d\d)\/(\d{4})$/.exec(d);
    const ymd = /^(\d{4})-(\d\d)-(\d\d)$/.exec(d);
    if (dmy) return [d, `${dmy[3]}-${dmy[2]}-${dmy[1]}`];
    if (ymd) return [d, `${ymd[3]}/${ymd[2]}/${ymd[1]}`];
    throw new Error(`unexpected date ${d}`);
  });
}

describe('--age-on on the command line', () => {
  it('resolves dfe against the clock it is given, dfe:YYYY and a date as given', () => {
    const ageOn = (value: string, today: Date) => {
      const parsed = parseCommandLine(['check', 'c.csv', '--age-on', value], today);
      if (parsed.kind !== 'run') throw new Error('expected a command');
      return parsed.invocation.ageOn;
    };
    expect(ageOn('dfe', new Date(2026, 11, 1, 12))).toEqual({ date: '2026-08-31', given: 'dfe' });
    expect(ageOn('dfe', new Date(2026, 7, 30, 12))).toEqual({ date: '2025-08-31', given: 'dfe' });
    expect(ageOn('dfe:2024', new Date(2026, 11, 1))).toEqual({ date: '2024-08-31', given: 'dfe:2024' });
    expect(ageOn('2025-01-16', new Date(2026, 11, 1))).toEqual({ date: '2025-01-16', given: '2025-01-16' });
    expect(() => ageOn('16/01/2025', new Date())).toThrow(/--age-on must be a date YYYY-MM-DD, dfe:YYYY \(31 August YYYY\), or dfe \(the latest 31 August\) \(found '16\/01\/2025'\)/);
    expect(() => ageOn('2025-02-29', new Date())).toThrow(/--age-on is not a real date/);
    expect(() => parseCommandLine(['rules', '--age-on', 'dfe'])).toThrow(/--age-on does not apply to rules/);
  });

  it('draws from a census-style file with dates of birth and no mapping, and no date of birth leaves the tool', () => {
    const dir = tempDir();
    const out = join(dir, 'sample.csv');
    const text = cli(['draw', CENSUS, '--allow-identifiers', '--age-on', 'dfe:2025', '--seed', 'dob', '--out', out]);
    expect(text.stderr).not.toMatch(STACK);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toContain('ages worked out from dates of birth as on 2025-08-31 (--age-on dfe:2025); the dates are withheld');
    expect(text.stdout).toContain('ages as on 2025-08-31');
    const audit = JSON.parse(readFileSync(join(dir, 'sample.audit.json'), 'utf8')) as { cohort: { age_on?: string }; rerun: string };
    expect(audit.cohort.age_on).toBe('2025-08-31');
    expect(audit.rerun).toContain('--age-on 2025-08-31');
    expect(audit.rerun).toContain('--allow-identifiers');

    const json = cli(['draw', CENSUS, '--allow-identifiers', '--age-on', 'dfe:2025', '--seed', 'dob', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const drawn = JSON.parse(json.stdout) as { cohort: { age_on?: string }; picks: { case_id: string; age: number }[] };
    expect(drawn.cohort.age_on).toBe('2025-08-31');
    const sample = parse(readFileSync(out), { bom: true, columns: true }) as { role: string; case_id: string; age: string }[];
    expect(sample.filter((r) => r.role === 'pick').map((r) => [r.case_id, Number(r.age)])).toEqual(drawn.picks.map((p) => [p.case_id, p.age]));

    // The same draw again from the rerun command gives the same picks.
    const again = cli([...audit.rerun.split(' ').slice(1), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as typeof drawn).picks).toEqual(drawn.picks);

    const check = cli(['check', CENSUS, '--allow-identifiers', '--age-on', 'dfe:2025', '--json']);
    const xlsx = cli(['draw', CENSUS, '--allow-identifiers', '--age-on', 'dfe:2025', '--seed', 'dob', '--out', join(dir, 'sample.xlsx')]);
    expect(xlsx.code, xlsx.stderr).toBe(0);
    const written = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'latin1')).join('\n');
    const everything = [text.stdout, text.stderr, json.stdout, json.stderr, check.stdout, check.stderr, written].join('\n');
    for (const date of datesOf(CENSUS)) expect(everything, date).not.toContain(date);
  });

  it('checks a SEN2-style file with a row per need; a bad date of birth is located without being shown', () => {
    const json = cli(['check', SEN2, '--allow-identifiers', '--age-on', '2025-08-31', '--json']);
    // Exit 1: SEN2 holds only EHC plans, so the handbook's SEN support rule cannot be met.
    expect(json.code, json.stderr).toBe(1);
    const report = JSON.parse(json.stdout) as { cohort: { age_on?: string; rows: number; valid: number } };
    expect(report.cohort).toMatchObject({ age_on: '2025-08-31', rows: 18, valid: 18 });
    for (const date of datesOf(SEN2)) expect(json.stdout + json.stderr, date).not.toContain(date);

    const dir = tempDir();
    const lines = readFileSync(SEN2, 'utf8').split('\n');
    lines[3] = lines[3]!.replace(/\d\d\/\d\d\/(\d\d)(\d\d)/, (_m, _c, yy: string) => `24/12/${yy}`);
    const file = join(dir, 'sen2-bad.csv');
    writeFileSync(file, lines.join('\n'));
    const bad = cli(['check', file, '--allow-identifiers', '--age-on', '2025-08-31']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain(`sen2-bad.csv line 4, date of birth ('Date of birth'): has a two-digit year`);
    expect(bad.stdout + bad.stderr).not.toContain('24/12/');
    const refused = cli(['check', SEN2, '--age-on', '2025-08-31']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/looks like it holds dates of birth/);
  });
});
