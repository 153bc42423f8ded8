/**
 * Parses a large CSV on more than one core: csv-parse runs in worker threads (csv-worker.ts),
 * each on whole blocks of lines, while this thread takes the records back in file order and does
 * the rest of the read. On two million rows parsing is about a third of `check`'s time; here it
 * overlaps with everything else. When every worker has its fill of blocks, this thread parses
 * the next plain block itself rather than wait (see send).
 *
 * A block may go to any worker only while the file is plain: no double quote yet (so every line
 * break ends a record) and every line ending the same as the first line's (so each worker's
 * csv-parse finds the same record delimiter the whole file would give it). From the first block
 * that is not plain, every block goes to the first worker, whose parser has then seen blocks
 * that each ended at a record's end, so it reads on exactly as one parser over the whole file
 * would. The records, their order, the lines counted and the errors are those of one parser;
 * the tests compare the two on files made to break that.
 */
import type { Worker } from 'node:worker_threads';
import type { Options as ParseOptions } from 'csv-parse';
import { startWorker, workersFor } from '../threads.js';
import { NumberedValues, ValueNumbers, parsePlainBlock, type Block, type BlockRecords, type ToWorker, type WorkerSetup } from './csv-blocks.js';
import type { LineEnding } from './delimiter.js';
import type { RecordParser } from './record-parser.js';

/** Files smaller than this are parsed in the reading thread: starting workers would cost more. */
export const PARALLEL_FROM_BYTES = 16 * 1024 * 1024;

/** How many workers parse a file of `size` bytes (0: parse in this thread). */
export function parseWorkersFor(size: number | null): number {
  return size === null || size < PARALLEL_FROM_BYTES ? 0 : workersFor(Infinity, true);
}

export interface ParallelCsvOptions {
  workers: number;
  /** The options one in-thread parser would be given (without from_line). */
  parse: ParseOptions;
  skipFirstLine: boolean;
  /** How the first line ends: a file that ends lines with a lone "\r" is read by one worker. */
  lineEnding: LineEnding;
  /** Each record, in file order. An error thrown here stops the read and comes back from write/end. */
  onRecord: (record: string[]) => void;
  /** A block's records, before they are passed to onRecord one by one. */
  onBlock?: (records: readonly string[][]) => void;
  /**
   * A csv-parse error, after every record before it has been passed on. `lines` is where the
   * parser stopped, counted as one parser over the whole file would have counted it, given the
   * line the failing record starts on.
   */
  onParseError: (error: { code: string; message: string; lines: (recordStart: number) => number | undefined }) => void;
  /** Blocks are cut at the first line break past this many bytes (tests cut small). */
  blockBytes?: number;
  /** Blocks a worker may have waiting before this thread parses the next plain one itself (tests make it small). */
  inFlight?: number;
  /**
   * Starts a worker (default: csv-worker beside this module). Tests that start many start the
   * built one, which starts in a fraction of the time the TypeScript source takes.
   */
  startWorker?: (setup: WorkerSetup) => Worker;
}

const DEFAULT_BLOCK_BYTES = 64 * 1024;
/**
 * Blocks sent and not yet taken back, per worker: enough to keep each busy while this thread
 * works through a burst of records (eight left the worker idle about a second in all on two
 * million rows), few enough to bound memory.
 */
const IN_FLIGHT_PER_WORKER = 16;
/** Blocks parsed here and not yet passed on: this thread parses ahead no further than this. */
const PARSED_HERE_AHEAD = 8;

interface Lane {
  worker: Worker;
  /** The values this worker has numbered. */
  values: NumberedValues;
  /** Blocks sent to this worker and not yet answered. */
  waiting: number;
}

/**
 * A block's records, packed by a worker or by this thread, waiting for every earlier block's;
 * `values` are the packer's (valuesHere for a block parsed here).
 */
interface Held {
  values: NumberedValues;
  pack: BlockRecords;
}

export class ParallelCsv implements RecordParser {
  private readonly lanes: Lane[];
  private readonly setup: WorkerSetup;
  private readonly blockBytes: number;
  private readonly inFlight: number;
  private readonly lf: boolean;
  /** Bytes after the last line break seen, waiting for the rest of their line. */
  private carry: Buffer | null = null;
  /** Once a block is not plain, every later block goes to the first worker. */
  private oneLane: boolean;
  private sent = 0;
  private next = 0;
  /** Answers that came before an earlier block's. */
  private readonly early = new Map<number, Held>();
  /** Plain blocks parsed in this thread (while every worker had its fill), for the tests to see. */
  parsedHere = 0;
  /** Blocks parsed here and held for their turn. */
  private heldHere = 0;
  /** How blocks parsed here are packed while they wait, and unpacked in their turn. */
  private readonly numbersHere = new ValueNumbers();
  private readonly valuesHere = new NumberedValues();
  private failure: unknown = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  /** Whether the first worker's running parser has started. */
  private running = false;
  /**
   * Whether any block had a parser of its own: a parser's line count then starts somewhere in
   * the file, and where an error is must be counted from the record it stopped in.
   */
  private relative = false;

  constructor(private readonly options: ParallelCsvOptions) {
    this.blockBytes = options.blockBytes ?? DEFAULT_BLOCK_BYTES;
    this.inFlight = options.inFlight ?? IN_FLIGHT_PER_WORKER;
    this.lf = options.lineEnding === 'lf';
    this.oneLane = options.lineEnding === 'cr';
    // Every worker is set up alike: a byte-order mark and a `sep=` line are read only in the
    // file's first block (Block.first), whichever worker it goes to.
    this.setup = { options: options.parse, skipFirstLine: options.skipFirstLine };
    this.lanes = Array.from({ length: Math.max(1, options.workers) }, () => {
      const worker = options.startWorker?.(this.setup) ?? startWorker(import.meta.url, 'csv-worker', this.setup);
      const lane: Lane = { worker, values: new NumberedValues(), waiting: 0 };
      worker.on('message', (reply: BlockRecords) => this.take(lane, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.stopped) this.fail(new Error(`a CSV worker stopped early (exit code ${code})`));
      });
      return lane;
    });
  }

  /** Takes the next bytes of the file; resolves when there is room for more. */
  async write(bytes: Buffer): Promise<void> {
    this.check();
    let data = this.carry === null ? bytes : Buffer.concat([this.carry, bytes]);
    this.carry = null;
    while (data.length > 0) {
      if (this.oneLane) {
        this.send(data);
        break;
      }
      const from = Math.min(this.blockBytes, data.length) - 1;
      const cut = data.indexOf(0x0a, from);
      if (cut === -1) {
        this.carry = data;
        break;
      }
      this.send(data.subarray(0, cut + 1));
      data = data.subarray(cut + 1);
    }
    // Blocks parsed here wait too, behind the workers' blocks before them.
    while (this.sent - this.next >= this.inFlight * this.lanes.length + PARSED_HERE_AHEAD && this.failure === null) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    this.check();
  }

  /** After the last bytes: waits for every record, then stops the workers. */
  async end(): Promise<void> {
    try {
      this.check();
      if (this.carry !== null) {
        this.send(this.carry);
        this.carry = null;
      }
      for (const lane of this.lanes) this.post(lane, { seq: this.sent++ });
      while (this.next < this.sent && this.failure === null) {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      this.check();
    } finally {
      await this.stop();
    }
  }

  /** Stops the workers (after a failure elsewhere, too); safe to call more than once. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.lanes.map(({ worker }) => worker.terminate()));
  }

  private check(): void {
    if (this.failure !== null) throw this.failure;
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /**
   * Whether every line break in the block ends a record and every worker's parser would take
   * the block's line endings as the first line's: no quote, and all "\n" (or all "\r\n").
   */
  private plain(block: Buffer): boolean {
    if (block.indexOf(0x22) !== -1) return false;
    if (this.lf) return block.indexOf(0x0d) === -1;
    let breaks = 0;
    for (let at = block.indexOf(0x0a); at !== -1; at = block.indexOf(0x0a, at + 1)) {
      if (at === 0 || block[at - 1] !== 0x0d) return false;
      breaks++;
    }
    let returns = 0;
    for (let at = block.indexOf(0x0d); at !== -1; at = block.indexOf(0x0d, at + 1)) returns++;
    return returns === breaks;
  }

  /**
   * Sends whole lines to the worker with the fewest blocks waiting while the file is plain; then
   * all to the first. While the file is plain and every worker has its fill, the block is parsed
   * here instead: on two cores one worker parses more slowly than this thread takes records, and
   * this thread's spare time goes to parsing rather than to waiting.
   */
  private send(bytes: Buffer): void {
    if (!this.oneLane && !this.plain(bytes)) this.oneLane = true;
    const whole = !this.oneLane;
    const seq = this.sent++;
    let lane = this.lanes[0]!;
    if (whole) {
      for (const other of this.lanes) if (other.waiting < lane.waiting) lane = other;
      const here = lane.waiting >= this.inFlight && this.heldHere < PARSED_HERE_AHEAD && seq > 0;
      if (here && this.parseHere(seq, bytes)) return;
    }
    const startsRunning = !whole && !this.running;
    this.running ||= !whole;
    this.relative ||= whole;
    const block: Block = {
      // A copy: the block may share its memory with the stream's buffers.
      bytes: new Uint8Array(bytes),
      whole,
      first: seq === 0,
      ...(startsRunning && seq > 0 && { recordDelimiter: this.lf ? '\n' : '\r\n' }),
    };
    this.post(lane, { seq, block });
  }

  /**
   * Parses a plain block (never the first) here, as a worker would (csv-worker.ts), and holds its
   * records for their turn. A block that fails to parse goes to a worker instead, whose parser
   * says where it stopped.
   */
  private parseHere(seq: number, bytes: Buffer): boolean {
    let records: string[][];
    try {
      records = parsePlainBlock(this.setup, { first: false }, bytes);
    } catch {
      return false;
    }
    this.parsedHere++;
    this.heldHere++;
    const pack = this.numbersHere.pack(seq, records, null);
    this.valuesHere.learn(pack);
    this.early.set(seq, { values: this.valuesHere, pack });
    // Behind a worker's blocks, as a rule; should those have been passed on already, now.
    this.deliver();
    return true;
  }

  private post(lane: Lane, message: ToWorker): void {
    lane.waiting++;
    lane.worker.postMessage(message, message.block === undefined ? [] : [message.block.bytes.buffer as ArrayBuffer]);
  }

  /** An answer: kept until every earlier block's has been taken, then its records passed on. */
  private take(lane: Lane, reply: BlockRecords): void {
    if (this.failure !== null) return;
    // The values a worker numbers are taken as its answers arrive, in the order it numbered them.
    lane.values.learn(reply);
    lane.waiting--;
    this.early.set(reply.seq, { values: lane.values, pack: reply });
    this.deliver();
    this.wakeUp();
  }

  /** Passes on the held blocks that are next in file order. */
  private deliver(): void {
    try {
      for (let held = this.early.get(this.next); held !== undefined && this.failure === null; held = this.early.get(this.next)) {
        this.early.delete(this.next);
        if (held.values === this.valuesHere) this.heldHere--;
        this.records(held.values, held.pack);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private passOn(seq: number, block: string[][]): void {
    this.options.onBlock?.(block);
    for (const record of block) this.options.onRecord(record);
    this.next = seq + 1;
  }

  private records(values: NumberedValues, reply: BlockRecords): void {
    this.passOn(reply.seq, values.unpack(reply));
    const { error } = reply;
    if (error !== null) {
      const relative = this.relative;
      const lines = (recordStart: number): number | undefined => {
        if (error.lines === null) return undefined;
        // A parser that read the file from its start counts lines as one parser does; one that
        // started part-way counts the same way from its last record's end.
        return relative ? recordStart + (error.lines - error.lastRecordEnd - 1) : error.lines;
      };
      this.options.onParseError({ code: error.code, message: error.message, lines });
      this.fail(new ParseStopped());
    }
  }
}

/** Thrown from write/end after onParseError has been called: the caller's failure stands. */
export class ParseStopped extends Error {
  constructor() {
    super('the CSV parser stopped');
  }
}
