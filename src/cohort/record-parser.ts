/**
 * The two ways the reader runs csv-parse, behind one small interface (RecordParser): in the
 * reading thread (here), or in worker threads for a large file (ParallelCsv, parallel-csv.ts). Either passes the
 * records on in file order and stops with the same errors.
 */
import { parse, type CsvError, type Options as ParseOptions, type Parser } from 'csv-parse';

/** What parseCsv needs of a parser, in this thread or in workers. */
export interface RecordParser {
  /** Takes bytes; resolves when there is room for more; rejects with what stopped the read. */
  write(bytes: Buffer): Promise<void>;
  /** After the last bytes: resolves once every record has been passed on. */
  end(): Promise<void>;
  /** Lets go of what the parser holds, after a failure anywhere. */
  stop(): Promise<void>;
}

/** A csv-parse error, as parseError reads it. */
export interface ParseFailure {
  code: string;
  message: string;
  lines?: number | undefined;
}

/**
 * csv-parse in this thread. A record is passed on as the parser completes it; what stops the
 * read (a parse error, an error thrown by onRecord) is kept and thrown from the next call.
 */
export function threadParser(
  options: ParseOptions,
  onRecord: (record: string[]) => void,
  onParseError: (error: ParseFailure) => unknown,
  cutShort: () => unknown,
): RecordParser {
  /** What stopped the read inside a parser callback: a CohortError, or an error thrown by onCase. */
  let failure: unknown = null;
  const p = parse(options);
  const finished = new Promise<void>((resolve) => {
    p.on('data', (record: string[]) => {
      if (failure !== null) return;
      try {
        onRecord(record);
      } catch (error) {
        failure = error ?? new Error('onCase threw');
      }
    });
    p.once('error', (error: Error) => {
      failure ??= onParseError(error as CsvError);
      resolve();
    });
    // A parser destroyed without an error must not look like a whole file read.
    p.once('close', () => {
      if (!p.writableFinished) failure ??= cutShort();
    });
    p.once('end', resolve);
    p.once('close', resolve);
  });
  const check = (): void => {
    if (failure !== null) throw failure;
  };
  return {
    async write(bytes) {
      // A parser that failed is destroyed and never drains: `finished` ends the wait then.
      if (!p.write(bytes)) await Promise.race([drained(p), finished]);
      // csv-parse reports an error on the next tick, so it may only show after a later chunk.
      if (failure === null && p.destroyed) await finished;
      check();
    },
    async end() {
      check();
      // Let records still queued in the parser arrive before the end can raise an error.
      await new Promise(setImmediate);
      p.end();
      await finished;
      check();
    },
    async stop() {
      if (!p.destroyed) p.destroy();
    },
  };
}

/** Waits until the parser takes more input, or stops (an error is picked up by the caller). */
function drained(parser: Parser): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off('drain', done);
      parser.off('close', done);
      parser.off('error', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('close', done);
    parser.on('error', done);
  });
}
