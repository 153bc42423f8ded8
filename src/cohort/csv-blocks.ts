/**
 * What the reading thread and the CSV workers send each other (parallel-csv.ts, csv-worker.ts):
 * blocks of the file's bytes one way, their records the other, and the options a block is
 * parsed with, the same in either thread.
 */
import type { Options as ParseOptions } from 'csv-parse';
import { parse as parseAll } from 'csv-parse/sync';

/** What a worker is set up with. */
export interface WorkerSetup {
  options: ParseOptions;
  /** The file's first block starts with an Excel `sep=` line, to skip (csv-parse's from_line 2). */
  skipFirstLine: boolean;
}

/** The options a worker parses a block with: a byte-order mark and a `sep=` line are looked for only in the first. */
export function blockOptions(setup: WorkerSetup, block: Pick<Block, 'first' | 'recordDelimiter'>): ParseOptions {
  const first = block.first === true;
  return {
    ...setup.options,
    bom: first && setup.options.bom === true,
    ...(first && setup.skipFirstLine && { from_line: 2 }),
    ...(block.recordDelimiter !== undefined && { record_delimiter: block.recordDelimiter }),
  };
}

/**
 * A plain block's records, parsed at once (csv-parse's sync API), the same in a worker or in the
 * reading thread. Throws what csv-parse throws: the caller then takes the block through a
 * stream parser, which also says where it stopped.
 */
export function parsePlainBlock(setup: WorkerSetup, block: Pick<Block, 'first' | 'recordDelimiter'>, bytes: Buffer): string[][] {
  return parseAll(bytes, blockOptions(setup, block)) as string[][];
}

/** Some of the file's bytes. */
export interface Block {
  bytes: Uint8Array;
  /**
   * Whole lines, plain (no quote, one line ending): parsed by a parser of its own. Otherwise the
   * block goes to the first worker's running parser, which reads on from one such block to the next.
   */
  whole: boolean;
  /** The file's first block: a byte-order mark and a `sep=` line are read only here. */
  first: boolean;
  /**
   * For a running parser that starts after the first block: the record delimiter one parser
   * found on the file's first line (csv-parse would otherwise look for it again where it starts).
   */
  recordDelimiter?: string;
}

/** A block, or (with none) the end of the file. */
export interface ToWorker {
  seq: number;
  block?: Block;
}

/** A csv-parse error as a worker saw it. */
export interface WorkerParseError {
  code: string;
  message: string;
  /** The worker parser's line when it stopped. */
  lines: number | null;
  /** The worker parser's line when its last record ended. */
  lastRecordEnd: number;
}

/**
 * A block's records: record r has `lengths[r]` fields; field values are `ids` in order, each an
 * index into the worker's values for that field position, or -1 for the next of `plain`.
 * `fresh` holds (position, value) pairs first numbered in this block.
 */
export interface BlockRecords {
  seq: number;
  lengths: Uint32Array;
  ids: Int32Array;
  plain: string[];
  fresh: (number | string)[];
  error: WorkerParseError | null;
}
