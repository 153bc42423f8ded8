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

/** Distinct values a field position may have and still be sent by index. */
const MAX_NUMBERED = 4096;

/**
 * Packs records as BlockRecords: most fields as numbers, each value numbered the first time a
 * field position holds it (a column holds few distinct values: age, need, setting, area). A
 * position that turns out to hold many (case_id, free text) stops being numbered, and its
 * values go as they are. A worker packs its records so they are cheap to send; the reading
 * thread packs those it parses itself so that, while they wait their turn, they are a few
 * typed arrays rather than thousands of small arrays for the collector to copy.
 */
export class ValueNumbers {
  /** Per field position: value → index, or null once the position holds too many values. */
  private readonly numbered: (Map<string, number> | null)[] = [];

  pack(seq: number, batch: readonly (readonly string[])[], error: WorkerParseError | null): BlockRecords {
    let fields = 0;
    for (const record of batch) fields += record.length;
    const lengths = new Uint32Array(batch.length);
    const ids = new Int32Array(fields);
    const plain: string[] = [];
    const fresh: (number | string)[] = [];
    const numbered = this.numbered;
    let k = 0;
    for (let r = 0; r < batch.length; r++) {
      const record = batch[r]!;
      lengths[r] = record.length;
      for (let i = 0; i < record.length; i++) {
        const value = record[i]!;
        let known = numbered[i];
        if (known === undefined) known = numbered[i] = new Map();
        if (known !== null) {
          let id = known.get(value);
          if (id === undefined && known.size < MAX_NUMBERED) {
            id = known.size;
            known.set(value, id);
            fresh.push(i, value);
          } else if (id === undefined) {
            numbered[i] = null;
          }
          if (id !== undefined) {
            ids[k++] = id;
            continue;
          }
        }
        ids[k++] = -1;
        plain.push(value);
      }
    }
    return { seq, lengths, ids, plain, fresh, error };
  }
}

/** The values a packer has numbered, per field position, as its packs arrive in order. */
export class NumberedValues {
  private readonly values: string[][] = [];

  /** Takes a pack's newly numbered values; call for every pack, in the order they were made. */
  learn(pack: BlockRecords): void {
    const { fresh } = pack;
    for (let i = 0; i < fresh.length; i += 2) (this.values[fresh[i] as number] ??= []).push(fresh[i + 1] as string);
  }

  /** The records of a pack. */
  unpack(pack: BlockRecords): string[][] {
    const { lengths, ids, plain } = pack;
    const values = this.values;
    let k = 0;
    let p = 0;
    const block = new Array<string[]>(lengths.length);
    for (let r = 0; r < lengths.length; r++) {
      // Built by push, as csv-parse builds its records: the reader then sees one kind of array
      // whichever thread parsed the block (two kinds made its every field access slower).
      const record: string[] = [];
      const length = lengths[r]!;
      for (let i = 0; i < length; i++) {
        const id = ids[k++]!;
        record.push(id < 0 ? plain[p++]! : values[i]![id]!);
      }
      block[r] = record;
    }
    return block;
  }
}
