/**
 * A file whose shape misleads the reader: a quote that swallows rows, a first line over a
 * megabyte, Excel's `sep=;` line, huge values echoed back, a `--by` column the file lacks.
 * Each gives a located message and exit 2 (or is read as the file means), never a wrong count,
 * a silent exit 13 or megabytes of a value on the screen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohortError } from '../../src/cohort/problems.js';
import { readCohort } from '../../src/cohort/read.js';
import { cli, ensureBuilt, removeTempDirs, ROOT, STACK, tempDir, write } from '../cli/run.js';

beforeAll(ensureBuilt, 600_000);
afterAll(removeTempDirs);

const SAMPLE = readFileSync(join(ROOT, 'samples/cohort.csv'), 'utf8');
const LINES = SAMPLE.trimEnd().split('\n');

/** The reproduction: `sed -e '11s/,\([^,]*\)$/,"\1/' -e '16s/$/"/'`. */
function swallowed(): string {
  const lines = [...LINES];
  lines[10] = lines[10]!.replace(/,([^,]*)$/, ',"$1');
  lines[15] = `${lines[15]}"`;
  return `${lines.join('\n')}\n`;
}

describe('rows swallowed by a quote', () => {
  const dir = tempDir();
  const csv = write(dir, 'sw.csv', swallowed());
  const message = 'lines 11-16, locality: a quote opened on line 11 closes on line 16, taking in 5 lines that look like rows';

  it.each([
    ['a CSV', () => cli(['check', csv])],
    ['a .csv.gz', () => (writeFileSync(join(dir, 'sw.csv.gz'), gzipSync(swallowed())), cli(['check', join(dir, 'sw.csv.gz')]))],
    ['standard input', () => cli(['check', '-'], { input: swallowed() })],
  ])('%s: a problem naming the lines it spans, exit 2', (_, run) => {
    const result = run();
    expect(result.stdout).toContain(message);
    expect(result.stdout).toMatch(/1,995 rows · 1,994 valid · 1 invalid/);
    expect(result.code).toBe(2);
  });

  it('draw stops on it, naming the span', () => {
    const run = cli(['draw', csv, '--seed', 's']);
    expect(run.stderr).toContain(`error: ${csv} ${message}`);
    expect(run.code).toBe(2);
  });

  it('with --skip-invalid the span is one invalid record, listed by its line range', () => {
    const run = cli(['draw', csv, '--seed', 's', '--skip-invalid']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/left out 1 invalid row \(--skip-invalid\): lines 11-16\b/);
    expect(run.stderr).toContain(message);
  });

  it('a quoted value with line breaks of free text (no row-shaped lines) is still a value', () => {
    const lines = [...LINES];
    lines[10] = lines[10]!.replace(/,([^,]*)$/, ',"$1\nnear the park\nby the school, not the church"');
    const run = cli(['check', '-', '--json'], { input: `${lines.join('\n')}\n` });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).cohort).toMatchObject({ rows: 2000, valid: 2000 });
  });
});

describe('a first line over a megabyte', () => {
  const dir = tempDir();
  const long = `${'a'.repeat(1_100_000)}\n`;
  const expected = /^error: \S+ line 1 is longer than 1,000,000 characters with no line break, far too long for a header line of a cohort file/m;

  it.each([
    ['alone', () => cli(['check', write(dir, 'l.csv', long)])],
    ['before valid rows', () => cli(['check', write(dir, 'l2.csv', long + LINES.slice(1).join('\n'))])],
    ['on standard input', () => cli(['check', '-'], { input: long })],
    ['gzipped', () => (writeFileSync(join(dir, 'l.csv.gz'), gzipSync(long)), cli(['check', join(dir, 'l.csv.gz')]))],
  ])('%s: exit 2 with a message (it was exit 13 and nothing)', (_, run) => {
    const result = run();
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).not.toMatch(STACK);
    expect(result.code).toBe(2);
  });

  it('a parser error mid-stream ends the read, however the bytes arrive', async () => {
    // A 1.1 MB row after valid ones, in 64 KiB pieces: the parser fails between two writes.
    const text = `${LINES.slice(0, 50).join('\n')}\n${'b'.repeat(1_100_000)}\n${LINES.slice(50).join('\n')}\n`;
    const pieces = Array.from({ length: Math.ceil(text.length / 65_536) }, (_, i) => Buffer.from(text.slice(i * 65_536, (i + 1) * 65_536)));
    const error = await readCohort(Readable.from(pieces), {}, () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CohortError);
    expect((error as CohortError).message).toBe(
      'stdin line 51 is longer than 1,000,000 characters with no line break, far too long for a row of a cohort file (is this the right file?)',
    );
  });
});

describe("Excel's sep= first line", () => {
  const dir = tempDir();
  // Semicolons between values; health_services holds "OT;SALT", so such a value is quoted.
  const rows = LINES.map((l) => l.split(',').map((v) => (v.includes(';') ? `"${v}"` : v)).join(';'));
  rows[4] = rows[4]!.replace(/^([^;]*);[^;]*;/, '$1;XX;');

  it.each([
    ['sep=;', `sep=;\n${rows.join('\n')}\n`],
    ['"sep=;" after a byte-order mark, with CRLF lines', `\uFEFF"sep=;"\r\n${rows.join('\r\n')}\r\n`],
  ])('%s: the delimiter it names is used, the line is not the header, line numbers still right', (_, text) => {
    const run = cli(['check', write(dir, 'sep.csv', text)]);
    expect(run.stdout).toContain('columns: case_id, age, sen_status, primary_need');
    // The sample's line 5 is the file's line 6.
    expect(run.stdout).toContain("sep.csv line 6, age: 'XX' is not a whole number");
    expect(run.stdout).toMatch(/2,000 rows · 1,999 valid · 1 invalid/);
    expect(run.stdout + run.stderr).not.toContain('semicolon-separated');
    expect(run.code).toBe(2);
  });

  it('a sep= naming a character we do not read is said, exit 2', () => {
    const run = cli(['check', write(dir, 'pipe.csv', `sep=|\n${LINES.join('\n')}\n`)]);
    expect(run.stderr).toMatch(/^error: \S+pipe\.csv line 1 names '\|' as its delimiter \(sep=\|\)/m);
    expect(run.code).toBe(2);
  });
});

describe('long values in messages are cut, saying so', () => {
  const dir = tempDir();
  const name = 'h'.repeat(900_000);
  const wide = write(dir, 'wide.csv', LINES.map((l, i) => `${l},${i === 0 ? name : 'x'}`).join('\n'));
  const seed = 's'.repeat(100_000);

  it('a 900 KB header name in the report', () => {
    const run = cli(['check', wide]);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThan(20_000);
    expect(run.stdout).toMatch(/columns: .*, locality, h{160}… \(899,840 more characters not shown\)\n/);
  });

  it('a long header in --json is whole: data is not cut', () => {
    const long = 'h'.repeat(300_000);
    const file = write(dir, 'wide-json.csv', LINES.map((l, i) => `${l},${i === 0 ? long : 'x'}`).join('\n'));
    const run = cli(['check', file, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).cohort.columns.extra).toEqual([long]);
  });

  it('a 900 KB value as a --by group label', () => {
    const byWide = write(dir, 'by.csv', LINES.map((l, i) => `${l},${i === 0 ? 'school' : i === 1 ? name : 'x'}`).join('\n'));
    const run = cli(['check', byWide, '--by', 'school', '--skip-invalid']);
    expect(run.stdout.length).toBeLessThan(40_000);
    expect(run.stdout).toContain('… (899,840 more characters not shown)');
  });

  it.each([
    ['--seed', ['draw', join(ROOT, 'samples/cohort.csv'), '--seed', seed]],
    ['--pin', ['draw', join(ROOT, 'samples/cohort.csv'), '--pin', seed]],
    ['--by', ['check', join(ROOT, 'samples/cohort.csv'), '--by', seed]],
  ])('a 100 KB %s', (_, args) => {
    const run = cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.length).toBeLessThan(1_000);
    expect(run.stderr).toMatch(/s{150}… \(99,8\d\d more characters not shown\)/);
  });

  it('a 100 KB rule description', () => {
    const rules = JSON.parse(readFileSync(join(ROOT, 'samples/rules.json'), 'utf8')) as { rules: { description: string }[] };
    rules.rules[0]!.description = 'd'.repeat(100_000);
    const file = write(dir, 'rules.json', JSON.stringify(rules));
    const run = cli(['draw', join(ROOT, 'samples/cohort.csv'), '--rules', file, '--seed', 's']);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThan(20_000);
    expect(run.stdout).toMatch(/d{160}… \(99,840 more characters not shown\)/);
  });
});

describe('check --by a column the file does not have', () => {
  it('exit 2, not one "(empty)" group', () => {
    const run = cli(['check', join(ROOT, 'samples/cohort.csv'), '--by', 'la_code']);
    expect(run.stderr).toMatch(/^error: --by la_code: \S+ has no such column, so every case would fall in one "\(empty\)" group\. Use one of: need_area, .*locality/m);
    expect(run.stderr).not.toMatch(/Use one of: .*la_code/);
    expect(run.code).toBe(2);
  });
});
