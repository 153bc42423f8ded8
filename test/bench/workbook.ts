/**
 * The bench's own section for the spreadsheet reader: a generated cohort saved as an .xlsx and
 * an .ods workbook (SheetJS writes them, once, into the bench folder), then `check` on each as
 * a process, its time and peak resident memory, beside `check` on the same rows as CSV. The
 * target: peak memory under 600 MB on a 100,000-row sheet (a workbook is a zip, read whole).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { writeCohort } from '../../samples/generate.js';
import { stat, type Stat } from './stats.js';

export interface WorkbookBenchOptions {
  dir: string;
  root: string;
  runs: number;
  /** Rows of the sheet; 0 skips the section. */
  rows: number;
}

const TARGET_BYTES = 600e6;
const fmt = (s: Stat, unit: string, digits = 0) => `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/** `check` as a process: wall time (ms) and peak RSS (MiB, from the preloaded max-rss.cjs). */
function checkOnce(root: string, dir: string, file: string): { ms: number; rssMiB: number } {
  const rssFile = join(dir, `rss-workbook-${process.pid}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', join(root, 'test/bench/max-rss.cjs'), join(root, 'dist/cli/main.js'), 'check', file, '--json'], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`check ${file} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return { ms, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

export async function benchWorkbooks({ dir, root, runs, rows }: WorkbookBenchOptions): Promise<void> {
  if (rows <= 0) return;
  const csv = join(dir, `cohort-${rows}.csv`);
  if (!existsSync(csv)) {
    process.stderr.write(`generating ${rows} rows…\n`);
    await writeCohort(csv, { rows, seed: `bench-${rows}` });
  }
  const files: [string, string][] = [['CSV', csv]];
  for (const ext of ['xlsx', 'ods'] as const) {
    const file = join(dir, `cohort-${rows}.${ext}`);
    if (!existsSync(file)) {
      process.stderr.write(`saving ${rows} rows as .${ext}…\n`);
      const records = parse(readFileSync(csv), { bom: true }) as string[][];
      // Ages as numbers, the rest as text, as a person's sheet holds them.
      const ageAt = records[0]!.indexOf('age');
      const aoa = records.map((r, i) => (i === 0 ? r : r.map((v, j) => (j === ageAt ? Number(v) : v))));
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(aoa), 'Cohort');
      writeFileSync(file, XLSX.write(book, { type: 'buffer', bookType: ext, compression: true }) as Buffer);
    }
    files.push([`.${ext}`, file]);
  }
  console.log(`\nSpreadsheet reader: check on ${rows.toLocaleString('en-GB')} rows, ${runs} runs each, as a process (median, min–max)\n`);
  const table: string[][] = [['file', 'size', 'check', 'peak RSS']];
  const verdicts: string[] = [];
  for (const [kind, file] of files) {
    const ms: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = checkOnce(root, dir, file);
      ms.push(r.ms);
      rss.push(r.rssMiB);
    }
    const size = readFileSync(file).length / 2 ** 20;
    table.push([kind, `${size.toFixed(1)} MiB`, fmt(stat(ms), 'ms'), fmt(stat(rss), 'MiB')]);
    if (kind !== 'CSV') {
      const peak = Math.max(...rss);
      verdicts.push(`  peak memory reading a ${rows.toLocaleString('en-GB')}-row ${kind} < 600 MB: ${peak.toFixed(0)} MiB (${((peak * 2 ** 20) / 1e6).toFixed(0)} MB) — ${peak * 2 ** 20 < TARGET_BYTES ? 'met ✓' : 'MISSED ✗'}`);
    }
  }
  const w = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) console.log(row.map((cell, i) => cell.padEnd(w[i]!)).join('  '));
  console.log('\nTargets:');
  for (const v of verdicts) console.log(v);
}
