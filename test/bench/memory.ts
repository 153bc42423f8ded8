/**
 * The bench's own section for memory on a national file: peak resident memory (RSS) of each
 * command on 2,000,000 rows, against the target of 1 GB, including the two that went over it:
 * `odds --out` (every case's chance written as CSV) and `draw` on a file with three extra text
 * columns of 32 random characters, unique per row (columns no rule reads, which the reader
 * drops), and `draw` reading the file from standard input through a pipe. Each run is its own
 * process; its peak is read by test/bench/max-rss.cjs.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import seedrandom from 'seedrandom';
import { writeCohort } from '../../samples/generate.js';
import { stat } from './stats.js';

export interface MemoryBenchOptions {
  dir: string;
  root: string;
  runs: number;
  /** Rows of the national file; 0 skips the section. */
  rows: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The cohort with three extra columns of 32 random characters each (seeded, so unique per row in practice). */
async function withTextColumns(source: string, target: string): Promise<void> {
  const random = seedrandom('bench-text-columns');
  const text = () => {
    let s = '';
    for (let i = 0; i < 32; i++) s += LETTERS[Math.floor(random() * LETTERS.length)];
    return s;
  };
  const out = createWriteStream(target);
  let header = true;
  for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
    if (line === '') continue;
    const next = header ? `${line},note_a,note_b,note_c\n` : `${line},${text()},${text()},${text()}\n`;
    header = false;
    if (!out.write(next)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Peak RSS (MiB) of one run of the built CLI; with `stdin`, that file is piped in by `cat`
 * (a pipe, as `cat f | tracking-sampler draw -` gives, not a file opened as standard input).
 */
function peakMiB(o: MemoryBenchOptions, args: string[], stdin?: string): number {
  const rssFile = join(o.dir, `rss-memory-${process.pid}`);
  const node = [process.execPath, '--require', join(o.root, 'test/bench/max-rss.cjs'), join(o.root, 'dist/cli/main.js'), ...args];
  const [command, ...rest] = stdin === undefined ? node : ['sh', '-c', 'cat "$0" | exec "$@"', stdin, ...node];
  const r = spawnSync(command!, rest, {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return Number(readFileSync(rssFile, 'utf8')) / 1024;
}

export async function benchMemory(o: MemoryBenchOptions): Promise<void> {
  if (o.rows <= 0) return;
  const file = join(o.dir, `memory-${o.rows}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${o.rows} rows in 150 areas…\n`);
    await writeCohort(file, { rows: o.rows, seed: 'bench-memory', areas: 150 });
  }
  const wide = join(o.dir, `memory-${o.rows}-text-columns.csv`);
  if (!existsSync(wide)) await withTextColumns(file, wide);
  const out = join(o.dir, `memory-out-${process.pid}.csv`);
  const cases: [string, string[], string?][] = [
    ['check', ['check', file, '--quiet']],
    ['check --by la_code', ['check', file, '--by', 'la_code', '--quiet']],
    ['draw', ['draw', file, '--seed', 'memory', '--quiet']],
    ['draw, three 32-character text columns', ['draw', wide, '--seed', 'memory', '--quiet']],
    ['odds', ['odds', file, '--quiet']],
    ['odds --out', ['odds', file, '--out', out, '--quiet']],
    ['draw, from standard input (a pipe)', ['draw', '-', '--seed', 'memory', '--quiet'], file],
  ];
  const lines: string[][] = [['command', 'peak RSS (median, min–max)', '< 1 GB']];
  for (const [name, args, stdin] of cases) {
    const peaks: number[] = [];
    for (let i = 0; i < o.runs; i++) peaks.push(peakMiB(o, args, stdin));
    const s = stat(peaks);
    lines.push([name, `${s.median.toFixed(0)} MiB (${s.min.toFixed(0)}–${s.max.toFixed(0)})`, s.max * 2 ** 20 < 1e9 ? 'met ✓' : 'MISSED ✗']);
    process.stderr.write(`${name} done\n`);
  }
  rmSync(out, { force: true });
  console.log(`\nPeak memory on ${o.rows.toLocaleString('en-GB')} rows (150 areas), ${o.runs} runs each\n`);
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((row) => row[i]!.length)));
  for (const row of lines) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
}
