/**
 * Reads a cohort as a stream. The first bytes say what the file is, whatever its name: a CSV,
 * a gzipped CSV (unpacked as it streams, never to disk), or a workbook (.xlsx, .ods; see
 * workbook.ts). CSV bytes are checked (UTF-8, not binary) and parsed by csv-parse. Every kind
 * ends as records for the one RecordReader, which yields cases in file order. The SHA-256 and
 * the byte count are of the file as given (compressed, for a .csv.gz). Memory stays flat in the
 * number of rows for CSV, apart from the case_ids kept to find duplicates and the problems kept
 * for the report; a workbook is held whole while it is read.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Options as ParseOptions } from 'csv-parse';
import type { Case } from './case.js';
import { DELIMITER_NAMES, detectDelimiter, detectLineEnding, excelSeparator, type Delimiter, type LineEnding } from './delimiter.js';
import { ByteGuard } from './encoding.js';
import { CohortError, asCohortError, fileError, makeProblem, type CohortProblem } from './problems.js';
import { ParallelCsv, parseWorkersFor } from './parallel-csv.js';
import { threadParser, type ParseFailure, type RecordParser } from './record-parser.js';
import { RecordReader } from './records.js';
import { CHUNK_BYTES, describeFsError, openSource } from './source.js';
import type { CohortSummary, ReadOptions } from './summary.js';
import { fileKind, readWorkbook, type FileKind } from './workbook.js';

/** How far to look for the end of the header line before choosing the delimiter anyway. */
const HEADER_SCAN_BYTES = 1024 * 1024;
/**
 * A record longer than this is almost certainly a quote that is never closed swallowing the
 * rest of the file; stopping early keeps memory bounded and the message useful.
 */
const MAX_RECORD_CHARS = 1_000_000;

/**
 * Streams the file, calling `onCase` for each valid case in file order. Everything about the
 * file that stops the read is a CohortError with a one-line message (a list only for invalid
 * rows); an error thrown by `onCase` or `onProgress` is passed back unchanged. When the read
 * fails part-way (invalid rows, an identifier-shaped case_id), `onCase` may already have been
 * called for earlier rows: use {@link loadCohort}, or discard them, if that matters.
 */
export async function readCohort(
  source: string | NodeJS.ReadableStream,
  options: ReadOptions,
  onCase: (c: Case) => void,
  name?: string,
): Promise<CohortSummary> {
  const { stream, file, totalBytes } = await openSource(source, name);
  const hash = createHash('sha256');
  const records = new RecordReader(file, options, onCase);
  const warnings: CohortProblem[] = [];
  let bytesRead = 0;
  let reported = 0;
  let sheet: string | undefined;
  let unpacked: NodeJS.ReadableStream | null = null;

  /** The file's own bytes, hashed, counted and reported as they pass. */
  async function* raw(): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
      hash.update(bytes);
      bytesRead += bytes.length;
      if (options.onProgress !== undefined && bytesRead - reported >= CHUNK_BYTES) {
        reported = bytesRead;
        options.onProgress(bytesRead, totalBytes);
      }
      yield bytes;
    }
  }

  try {
    const { kind, bytes } = await sniff(raw());
    if (kind === 'zip' || kind === 'ole') {
      const whole = await collect(bytes);
      const book = readWorkbook(whole, file, {
        ...(options.sheet !== undefined && { sheet: options.sheet }),
        ...(options.headerRow !== undefined && { headerRow: options.headerRow }),
        ...(options.mapping !== undefined && { mapping: options.mapping }),
      });
      sheet = book.sheet;
      records.sheet = book.sheet;
      records.fieldsMayHoldLineBreaks = false;
      for (const { row, cells } of book.rows) records.push(cells, row);
    } else {
      let text: AsyncIterable<Buffer> = bytes;
      if (kind === 'gzip') {
        unpacked = Readable.from(bytes).pipe(createGunzip());
        text = gunzipped(unpacked, file);
      }
      await parseCsv(text, file, records, warnings, kind === 'gzip' ? null : totalBytes, options.parseWorkers);
    }
    records.finish();
  } catch (error) {
    (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    (unpacked as (NodeJS.ReadableStream & { destroy?: () => void }) | null)?.destroy?.();
    throw readError(error, file);
  }

  if (options.onProgress !== undefined && bytesRead !== reported) options.onProgress(bytesRead, totalBytes);
  return {
    file,
    ...(sheet !== undefined && { sheet }),
    ...(options.ageOn !== undefined && { ageOn: options.ageOn }),
    sha256: hash.digest('hex'),
    rows: records.rows,
    valid: records.valid,
    columns: records.columns,
    skipped: records.skipped,
    warnings: [...warnings, ...records.warnings],
    maskedIds: records.maskedIds,
  };
}

/** Enough leading bytes to tell a gzip, a zip or an OLE file from text; all bytes still come through. */
async function sniff(chunks: AsyncGenerator<Buffer>): Promise<{ kind: FileKind; bytes: AsyncGenerator<Buffer> }> {
  const head: Buffer[] = [];
  let length = 0;
  while (length < 8) {
    const next = await chunks.next();
    if (next.done === true) break;
    head.push(next.value);
    length += next.value.length;
  }
  const kind = fileKind(Buffer.concat(head).subarray(0, 8));
  async function* all(): AsyncGenerator<Buffer> {
    yield* head;
    yield* chunks;
  }
  return { kind, bytes: all() };
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** The unpacked bytes of a .csv.gz; a damaged or cut-short gzip is a file problem. */
async function* gunzipped(unpacked: NodeJS.ReadableStream, file: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of unpacked) yield chunk as Buffer;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw fileError(file, `is gzip-compressed but could not be unpacked (${code === 'Z_BUF_ERROR' ? 'it ends too soon: the file may be cut short' : 'the compressed data is damaged'})`);
    }
    throw error;
  }
}

/** Checks CSV bytes (UTF-8, not binary) and parses them into the RecordReader. */
async function parseCsv(
  text: AsyncIterable<Buffer>,
  file: string,
  records: RecordReader,
  warnings: CohortProblem[],
  /** The size of the CSV in bytes, when known. */
  size: number | null,
  /** Worker threads to parse with (parallel-csv.ts); default from the size and the cores. */
  workers: number | undefined,
): Promise<void> {
  const guard = new ByteGuard(file);
  records.fieldsMayHoldLineBreaks = false;
  let parser: RecordParser | null = null;
  let head: Buffer[] = [];
  let headBytes = 0;

  let lineEnding: LineEnding = 'lf';
  // Set before the bytes reach the parser, so it holds for every record they complete.
  const watchLineBreaks = (bytes: Buffer): void => {
    if (records.fieldsMayHoldLineBreaks) return;
    if (bytes.indexOf(0x22) !== -1 || (lineEnding === 'lf' && bytes.indexOf(0x0d) !== -1)) {
      records.fieldsMayHoldLineBreaks = true;
    }
  };

  const start = (bytes: Buffer): RecordParser => {
    lineEnding = detectLineEnding(bytes);
    const sep = excelSeparator(bytes.subarray(0, 16).toString('utf8'));
    if (sep !== null && 'named' in sep) {
      throw fileError(file, `names '${sep.named}' as its delimiter (sep=${sep.named}); a cohort file is read with commas, semicolons or tabs between values`, { line: 1 });
    }
    // The file names its delimiter on a line of its own: that line is skipped, and counted.
    if (sep !== null) records.line = 2;
    const delimiter = sep !== null ? sep.delimiter : detectDelimiter(bytes.subarray(0, HEADER_SCAN_BYTES).toString('utf8'));
    records.delimiter = delimiter;
    if (sep === null && delimiter !== ',') warnings.push(delimiterWarning(file, delimiter));
    const options: ParseOptions = {
      bom: true,
      delimiter,
      // Ragged rows become row problems rather than a parser error that ends the read.
      relax_column_count: true,
      // A stray quote inside an unquoted value (5'11", He said "no") is kept as written.
      relax_quotes: true,
      max_record_size: MAX_RECORD_CHARS,
      // Blank lines come through as records so that line numbers stay exact; RecordReader
      // skips them (csv-parse's skip_empty_lines would hide them from the count).
      skip_empty_lines: false,
    };
    const onRecord = (record: string[]) => records.push(record);
    const onParseError = (error: ParseFailure) => parseError(error, file, records.line);
    const count = workers ?? parseWorkersFor(size);
    const p =
      count > 0
        ? new ParallelCsv({
            workers: count,
            parse: options,
            skipFirstLine: sep !== null,
            lineEnding,
            onRecord,
            onBlock: (block) => records.warm(block),
            onParseError: (e) => onParseError({ ...e, lines: e.lines(records.line) }),
          })
        : threadParser({ ...options, ...(sep !== null && { from_line: 2 }) }, onRecord, onParseError, () => fileError(file, 'could not be read to the end: the CSV parser stopped', { line: records.line }));
    if (size !== null) records.expectRows(expectedRows(bytes, size));
    return p;
  };

  try {
    for await (const bytes of text) {
      guard.check(bytes);
      let ready = bytes;
      if (parser === null) {
        head.push(bytes);
        headBytes += bytes.length;
        if (bytes.indexOf(0x0a) === -1 && bytes.indexOf(0x0d) === -1 && headBytes < HEADER_SCAN_BYTES) continue;
        ready = Buffer.concat(head);
        head = [];
        parser = start(ready);
      }
      watchLineBreaks(ready);
      await parser.write(ready);
    }
    guard.end();
    if (parser === null && headBytes > 0) {
      const whole = Buffer.concat(head);
      parser = start(whole);
      watchLineBreaks(whole);
      await parser.write(whole);
    }
    await parser?.end();
  } finally {
    await parser?.stop();
  }
}

/**
 * About how many lines a file of `size` bytes has, going by its first bytes (a chunk of 64 KiB
 * holds hundreds of rows of a cohort): an estimate, only ever used to size things up front.
 */
function expectedRows(head: Buffer, size: number): number {
  let lines = 0;
  for (let at = head.indexOf(0x0a); at !== -1; at = head.indexOf(0x0a, at + 1)) lines++;
  return lines < 2 ? 0 : Math.round((size / head.length) * lines);
}

/** Convenience: reads the whole cohort into memory. */
export async function loadCohort(
  source: string | NodeJS.ReadableStream,
  options: ReadOptions = {},
  name?: string,
): Promise<{ summary: CohortSummary; cases: Case[] }> {
  const cases: Case[] = [];
  const summary = await readCohort(source, options, (c) => cases.push(c), name);
  return { summary, cases };
}

function delimiterWarning(file: string, delimiter: Delimiter): CohortProblem {
  const name = DELIMITER_NAMES[delimiter];
  return makeProblem({
    kind: 'file',
    file,
    line: 1,
    reason: `read as ${name}-separated: the header line has no commas but has ${name}s`,
  });
}

/**
 * csv-parse stops only for what no row-level problem can describe: an unclosed quote, or a
 * record too long to be a row. `line` is where the record starts; `error.lines` is how far the
 * parser got, so a record that ran on past its first line was held open by a quote.
 */
function parseError(error: ParseFailure, file: string, line: number): CohortError {
  const limit = MAX_RECORD_CHARS.toLocaleString('en-GB');
  const reachedLine = typeof error.lines === 'number' ? error.lines : line;
  const what = line === 1 ? 'a header line' : 'a row';
  const reason =
    error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'has a quoted value that starts here and is never closed (a missing closing double quote)'
      : error.code === 'CSV_MAX_RECORD_SIZE'
        ? reachedLine > line
          ? `has a record longer than ${limit} characters, running on to line ${reachedLine.toLocaleString('en-GB')}; a quoted value that starts here is probably never closed`
          : `is longer than ${limit} characters with no line break, far too long for ${what} of a cohort file (is this the right file?)`
        : `could not be parsed as CSV: ${String(error.message).split('\n')[0]}`;
  return fileError(file, reason, { line });
}

/**
 * The cohort's own problems and file-system errors become CohortErrors; anything else (an
 * error thrown by the caller's onCase or onProgress) is the caller's, and goes back unchanged.
 */
function readError(error: unknown, file: string): unknown {
  if (error instanceof CohortError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return fileError(file, describeFsError(error));
  if (isStreamFailure(error)) return asCohortError(error, file);
  return error;
}

/** Errors a stream raises on its own (ERR_STREAM_PREMATURE_CLOSE and the like). */
function isStreamFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_STREAM');
}
