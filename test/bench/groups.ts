/**
 * The bench's own section for `check --by` with many groups: the analyst's case of one national
 * file split by area. G groups are made from one generated cohort by setting `la_code` to the
 * row number mod G, so only the number of groups changes between lines; a bare csv-parse pass
 * over the same file is timed alongside, in the same run, as the floor. Then the national
 * file: 2,000,000 rows in 150 areas (the generator's own areas), `check --out --html`, against
 * the target of 2× a bare csv-parse pass.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { writeCohort } from '../../samples/generate.js';
import { stat, type Stat } from './stats.js';

export interface GroupBenchOptions {
  dir: string;
  root: string;
  runs: number;
  /** Rows of the cohort split into groups. */
  rows: number;
  groups: number[];
  /** Rows of the national file (150 areas); 0 skips it. */
  nationalRows: number;
}

const fmt = (s: Stat) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;

function time(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return ms;
}

/** The cohort with an la_code column (replacing any) holding `L<row number mod G>`. */
async function withGroups(source: string, target: string, groups: number): Promise<void> {
  const out = createWriteStream(target);
  let row = -1;
  let laAt = -1;
  for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
    if (line === '') continue;
    if (row === -1) {
      laAt = line.split(',').indexOf('la_code');
      if (!out.write(`${laAt === -1 ? line : line.split(',').filter((_, i) => i !== laAt).join(',')},la_code\n`)) await once(out, 'drain');
    } else {
      const cells = laAt === -1 ? line : line.split(',').filter((_, i) => i !== laAt).join(',');
      if (!out.write(`${cells},L${row % groups}\n`)) await once(out, 'drain');
    }
    row++;
  }
  out.end();
  await once(out, 'finish');
}

export async function benchGroups(o: GroupBenchOptions): Promise<void> {
  const bin = join(o.root, 'dist/cli/main.js');
  const bare = join(o.root, 'test/bench/bare-parse.mjs');
  const base = join(o.dir, `cohort-${o.rows}.csv`);
  if (!existsSync(base)) await writeCohort(base, { rows: o.rows, seed: `bench-${o.rows}` });
  const out = join(o.dir, `groups-out-${process.pid}.csv`);
  const lines: string[][] = [['groups', 'rows', 'csv-parse alone', 'check --by la_code --out', 'per group', '× csv-parse']];
  for (const g of o.groups) {
    const file = join(o.dir, `groups-${o.rows}-${g}.csv`);
    if (!existsSync(file)) await withGroups(base, file, g);
    const parse: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      parse.push(time([bare, file]));
      check.push(time([bin, 'check', file, '--by', 'la_code', '--quiet', '--out', out]));
    }
    const p = stat(parse);
    const c = stat(check);
    lines.push([g.toLocaleString('en-GB'), o.rows.toLocaleString('en-GB'), fmt(p), fmt(c), `${(c.median / g).toFixed(2)} ms`, `${(c.median / p.median).toFixed(2)}×`]);
    process.stderr.write(`${g} groups done\n`);
  }
  console.log(`\ncheck --by with many groups (G groups: la_code = row number mod G), ${o.runs} runs each (median, min–max)\n`);
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((row) => row[i]!.length)));
  for (const row of lines) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));

  if (o.nationalRows > 0) {
    const file = join(o.dir, `national-${o.rows === o.nationalRows ? 'same' : o.nationalRows}.csv`);
    if (!existsSync(file)) {
      process.stderr.write(`generating ${o.nationalRows} rows in 150 areas…\n`);
      await writeCohort(file, { rows: o.nationalRows, seed: 'bench-national', areas: 150 });
    }
    const html = join(o.dir, `groups-out-${process.pid}.html`);
    const parse: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      parse.push(time([bare, file]));
      check.push(time([bin, 'check', file, '--by', 'la_code', '--quiet', '--out', out, '--html', html]));
    }
    const p = stat(parse);
    const c = stat(check);
    const ratio = c.median / p.median;
    // Each check runs right after its own csv-parse pass: this virtual machine's speed drifts by
    // a third over minutes, and the ratio within a pair drifts far less than either time.
    const pairs = stat(check.map((ms, i) => ms / parse[i]!));
    console.log(`\nnational file: ${o.nationalRows.toLocaleString('en-GB')} rows in 150 areas: csv-parse alone ${fmt(p)}; check --by la_code --out --html ${fmt(c)}`);
    console.log(`  within 2× a bare csv-parse pass: ${ratio.toFixed(2)}× — ${ratio <= 2 ? 'met ✓' : 'MISSED ✗'} (run by run: ${pairs.median.toFixed(2)}×, ${pairs.min.toFixed(2)}–${pairs.max.toFixed(2)})`);
    rmSync(html, { force: true });
  }
  rmSync(out, { force: true });
}
