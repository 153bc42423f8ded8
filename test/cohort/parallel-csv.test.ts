import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parse, type CsvError, type Options } from 'csv-parse';
import { describe, expect, it } from 'vitest';
import { lineBreaks } from '../../src/cohort/line-breaks.js';
import { ParallelCsv, ParseStopped } from '../../src/cohort/parallel-csv.js';
import { loadCohort } from '../../src/cohort/read.js';
import { writeCohort } from '../../samples/generate.js';
import { ensureBuilt, ROOT } from '../cli/run.js';
import { tempFile } from './helpers.js';

// The property below starts a hundred workers: the built worker starts in milliseconds, the
// TypeScript source (through tsx) in about a second. The last test reads through the source.
ensureBuilt();
const BUILT_WORKER = join(ROOT, 'dist/src/cohort/csv-worker.js');

/** What one parser over the whole text gives: its records, and the error it stopped with. */
function oneParser(text: string, options: Options): Promise<{ records: string[][]; error: { code: string; lines: number | undefined } | null }> {
  return new Promise((resolve) => {
    const records: string[][] = [];
    const p = parse(options);
    p.on('data', (r: string[]) => records.push(r));
    p.on('error', (e: CsvError) => resolve({ records, error: { code: e.code, lines: typeof e.lines === 'number' ? e.lines : undefined } }));
    p.on('end', () => resolve({ records, error: null }));
    p.end(Buffer.from(text, 'utf8'));
  });
}

/** The same text through ParallelCsv, fed in chunks of the given sizes, cut into small blocks. */
async function workers(text: string, options: Options, skipFirstLine: boolean, count: number, blockBytes: number, chunks: number[], inFlight: number) {
  const records: string[][] = [];
  let error = null as { code: string; lines: number | undefined } | null;
  // The line the next record starts on, counted as the reader counts (records.ts).
  let line = skipFirstLine ? 2 : 1;
  const bytes = Buffer.from(text, 'utf8');
  const first = text.search(/\r\n|\r|\n/);
  const lineEnding = first === -1 || text[first] === '\n' ? 'lf' : text[first + 1] === '\n' ? 'crlf' : 'cr';
  const csv = new ParallelCsv({
    workers: count,
    parse: options,
    skipFirstLine,
    lineEnding,
    blockBytes,
    inFlight,
    startWorker: (setup) => new Worker(BUILT_WORKER, { workerData: setup }),
    onRecord: (r) => {
      records.push(r);
      line += 1 + lineBreaks(r);
    },
    onParseError: (e) => {
      error = { code: e.code, lines: e.lines(line) };
    },
  });
  try {
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const size = chunks[i % chunks.length]!;
      await csv.write(bytes.subarray(at, at + size));
      at += size;
    }
    await csv.end();
  } catch (e) {
    if (!(e instanceof ParseStopped)) throw e;
  } finally {
    await csv.stop();
  }
  return { records, error, parsedHere: csv.parsedHere };
}

const cell = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom('C1', '14', 'EHCP', 'SEN support', '', 'ap', 'North', ' padded ') },
  { weight: 2, arbitrary: fc.constantFrom('"quoted, comma"', '"two\nlines"', '"cr\r\nlf"', '"a ""quote"""', 'He said "no"', '5\'11"') },
  { weight: 1, arbitrary: fc.constantFrom('"never closed', 'stray\rreturn', 'x'.repeat(45)) },
);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const text = fc
  .record({
    bom: fc.boolean(),
    sep: fc.boolean(),
    first: eol,
    rows: fc.array(fc.tuple(fc.array(cell, { minLength: 0, maxLength: 5 }), fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: eol })), { minLength: 1, maxLength: 30 }),
    trailing: fc.boolean(),
  })
  .map(({ bom, sep, first, rows, trailing }) => {
    // Mostly one line ending, as real files have; now and then another, to make blocks not plain.
    const lines = rows.map(([cells, other]) => [cells.join(','), other ?? first] as const);
    let out = (bom ? '\uFEFF' : '') + (sep ? `sep=,${first}` : '');
    lines.forEach(([l, end], i) => (out += l + (i < lines.length - 1 || trailing ? end : '')));
    return { text: out, sep };
  });

describe('parsing in worker threads', () => {
  it('gives the records, and the error, of one parser over the whole file', async () => {
    let split = 0;
    let parsedHere = 0;
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 8 }),
        async ({ text, sep }, count, blockBytes, chunks, inFlight) => {
          // A small record limit, so that records too long to be rows come up too.
          const options: Options = { bom: true, delimiter: ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: 40 };
          const expected = await oneParser(text, { ...options, ...(sep && { from_line: 2 }) });
          const actual = await workers(text, options, sep, count, blockBytes, chunks, inFlight);
          parsedHere += actual.parsedHere;
          expect(actual.records).toEqual(expected.records);
          expect(actual.error?.code).toBe(expected.error?.code);
          // Where a stopped parser had got to. With mixed line endings csv-parse's own count
          // drifts from the lines an editor shows (a "\r" in a "\n" file); the workers count
          // from where the failing record starts, as the reader numbers lines, so the two agree
          // wherever the file keeps to one line ending.
          const breaks = text.match(/\r\n|\r|\n/g) ?? [];
          if (breaks.every((b) => b === breaks[0])) expect(actual.error?.lines).toBe(expected.error?.lines);
          // Its first lines plain, so blocks went to each worker in turn before any went to one.
          const ends = breaks.slice(0, 4);
          const head = text.split(/\r\n|\r|\n/).slice(0, 4).join('');
          if (expected.records.length > 4 && !head.includes('"') && ends.every((b) => b === ends[0] && b !== '\r')) split++;
        },
      ),
      { numRuns: 40, seed: 2027 },
    );
    // Plain files with several blocks came up (each block to its own worker), not only files read by one.
    expect(split).toBeGreaterThan(5);
    // And blocks were parsed in the reading thread while the workers had their fill.
    expect(parsedHere).toBeGreaterThan(0);
  });

  it('hands a block it cannot parse here to a worker, whose parser says where it stopped', async () => {
    // Every block sent at once, to one worker that may have one waiting: the blocks after the
    // first are parsed here, and the third holds a record too long to be a row.
    const rows = Array.from({ length: 40 }, (_, i) => `C${i},14,EHCP`);
    rows[7] = `C7,${'x'.repeat(60)}`;
    const text = rows.join('\n') + '\n';
    const options: Options = { bom: true, delimiter: ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: 40 };
    const expected = await oneParser(text, options);
    const actual = await workers(text, options, false, 1, 30, [text.length], 1);
    expect(expected.error).toEqual({ code: 'CSV_MAX_RECORD_SIZE', lines: 8 });
    expect(actual.error).toEqual(expected.error);
    expect(actual.records).toEqual(expected.records);
    expect(actual.parsedHere).toBeGreaterThan(0);
  });

  it('reads a cohort into the same cases and problems as the reading thread does', async () => {
    const file = tempFile('parallel.csv', '');
    await writeCohort(file, { rows: 6000, seed: 'parallel', areas: 3 });
    const lines = readFileSync(file, 'utf8').split('\n');
    // Late in the file: a quoted value with a comma, a duplicate case_id and an invalid age,
    // so that the first worker reads on alone from there and problems are found after the split.
    const cells = lines[5000]!.split(',');
    cells[9] = '"North, upper"';
    lines[5000] = cells.join(',');
    lines[5200] = lines[100]!;
    lines[5300] = lines[5300]!.replace(/^([^,]*),\d+,/, '$1,205,');
    writeFileSync(file, lines.join('\r\n'));
    const inThread = await loadCohort(file, { skipInvalid: true, parseWorkers: 0 });
    const inWorkers = await loadCohort(file, { skipInvalid: true, parseWorkers: 2 });
    expect(inWorkers.summary).toEqual(inThread.summary);
    expect(inWorkers.summary.skipped.map((p) => p.line)).toEqual([5201, 5301]);
    expect(JSON.stringify(inWorkers.cases)).toBe(JSON.stringify(inThread.cases));
    expect(inWorkers.cases.some((c) => c.locality === 'North, upper')).toBe(true);
  });
});
