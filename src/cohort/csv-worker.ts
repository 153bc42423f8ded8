/**
 * A worker thread that runs csv-parse on the blocks of a CSV it is given (see parallel-csv.ts)
 * and sends each block's records back in a form that is cheap to pass between threads. It knows
 * nothing of cohorts: it parses, and it numbers repeated values.
 *
 * Passing records as arrays of strings costs the main thread about as much as parsing them
 * (every string is copied out and made again), so most fields go as numbers instead: a column
 * holds few distinct values (age, need, setting, area), each is sent once and then by its index.
 * A column that turns out to hold many distinct values (case_id, free text) stops being
 * numbered and its values are sent as they are.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parse, type CsvError, type Parser } from 'csv-parse';
import { ValueNumbers, blockOptions, parsePlainBlock, type Block, type ToWorker, type WorkerSetup } from './csv-blocks.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;

const numbers = new ValueNumbers();
let records: string[][] = [];
let failure: CsvError | null = null;
/** The line count of the parser in use when its last record ended (for where an error is, see parallel-csv.ts). */
let lastRecordEnd = 0;

/**
 * The parser that reads on from one block to the next, made at the first block that is not
 * whole (parallel-csv.ts): csv-parse holds a block's last bytes back until it sees what follows
 * them, so its records of a block may come with the next block's.
 */
let running: Parser | null = null;

function parser(block: Block): Parser {
  const first = block.first === true;
  const p = parse(blockOptions(setup, block));
  lastRecordEnd = first && setup.skipFirstLine ? 1 : 0;
  p.on('data', (record: string[]) => {
    records.push(record);
    lastRecordEnd = p.info.lines;
  });
  p.on('error', (error: Error) => {
    failure ??= error as CsvError;
  });
  return p;
}

/** Resolves once the parser has passed on everything it will for what it was given. */
function settled(p: Parser, ended: boolean): Promise<void> {
  if (!ended) {
    // What the parser can complete, it passes on (and errors are raised) by the next tick.
    return new Promise((resolve) => setImmediate(resolve));
  }
  return new Promise((resolve) => {
    p.once('end', resolve);
    p.once('error', () => resolve());
    p.once('close', resolve);
  });
}

/**
 * Blocks are taken one at a time: a block's answer must hold its own records and no later
 * block's, and several messages can arrive before the parser has passed on the first one's.
 */
const queue: ToWorker[] = [];
let busy = false;
port.on('message', (message: ToWorker) => {
  queue.push(message);
  if (!busy) void next();
});

async function next(): Promise<void> {
  busy = true;
  for (let message = queue.shift(); message !== undefined; message = queue.shift()) {
    if (failure === null) await take(message);
    answer(message.seq);
  }
  busy = false;
}

async function take(message: ToWorker): Promise<void> {
  const { block } = message;
  if (block === undefined) {
    // The end of the file: the running parser, if any, gives up what it holds.
    if (running === null) return;
    const done = settled(running, true);
    running.end();
    return done;
  }
  const bytes = Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.byteLength);
  if (block.whole) {
    // Whole lines with no quote: parsed at once (csv-parse's sync API, a little faster than a
    // stream). Should that fail, the block goes through a stream parser of its own, which
    // passes on the records before the error and says where the parser was.
    try {
      for (const record of parsePlainBlock(setup, block, bytes)) records.push(record);
      return;
    } catch {
      // As below.
    }
    const p = parser(block);
    const done = settled(p, true);
    p.end(bytes);
    return done;
  }
  running ??= parser(block);
  const done = settled(running, false);
  running.write(bytes);
  return done;
}

function answer(seq: number): void {
  const batch = records;
  records = [];
  const error = failure === null ? null : { code: failure.code, message: failure.message, lines: typeof failure.lines === 'number' ? failure.lines : null, lastRecordEnd };
  const reply = numbers.pack(seq, batch, error);
  port.postMessage(reply, [reply.lengths.buffer as ArrayBuffer, reply.ids.buffer as ArrayBuffer]);
}
