/**
 * `npm run bench`: speed and memory of the sampler on generated cohorts, as ratios measured in
 * one run so that a busy machine moves both sides of each ratio alike.
 *
 *   npm run bench -- [--sizes 10000,100000,1000000] [--runs 3] [--dir /tmp/ts-bench]
 *                    [--groups 150,1000,10000] [--group-rows 100000] [--national-rows 2000000]
 *                    [--memory-rows 2000000] [--workbook-rows 100000]
 *
 * (`--sizes ''` skips the first section, `--workbook-rows 0` the spreadsheet reader's,
 * `--groups ''` and `--national-rows 0` the groups', `--memory-rows 0` the memory section.)
 *
 * Cohorts are generated once into a temporary folder (not git) with the sample generator.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { writeCohort } from '../../samples/generate.js';
import { benchGroups } from './groups.js';
import { benchMemory } from './memory.js';
import { benchWorkbooks } from './workbook.js';
import { stat, type Stat } from './stats.js';
import { loadCohort } from '../../src/cohort/read.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { countValidSamples, createSampler, prepareProblem, profileChances, relax } from '../../src/solver/index.js';
import { drawFair } from '../../src/solver/fair-draw.js';
import { fairDistribution } from '../../src/solver/fair.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string', default: join(tmpdir(), 'tracking-sampler-bench') },
    'fair-sizes': { type: 'string' },
    // check --by with many groups: G groups of one cohort, then the national file.
    groups: { type: 'string', default: '150,1000,10000' },
    'group-rows': { type: 'string', default: '100000' },
    'national-rows': { type: 'string', default: '2000000' },
    // Peak memory of every command on a national file (0 skips it).
    'memory-rows': { type: 'string', default: '2000000' },
    // The spreadsheet reader: check on an .xlsx and an .ods of this many rows.
    'workbook-rows': { type: 'string', default: '100000' },
  },
});
const sizes = values.sizes.split(',').filter((s) => s !== '').map(Number);
const runs = Number(values.runs);
const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
mkdirSync(values.dir, { recursive: true });

/**
 * In-process timings start from a collected heap (npm run bench passes --expose-gc), so that
 * one step does not pay for the garbage the one before left.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const fmt = (s: Stat, unit = 'ms') => `${s.median.toFixed(0)} ${unit} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;

/** Runs a node process, returning wall time (ms) and peak RSS (MiB). */
function timeProcess(args: string[]): { ms: number; rssMiB: number; status: number | null } {
  const rssFile = join(values.dir, `rss-${process.pid}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', join(root, 'test/bench/max-rss.cjs'), ...args], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return { ms, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024, status: r.status };
}

interface Row {
  rows: number;
  bare: Stat;
  check: Stat;
  draw: Stat;
  load: Stat;
  solver: Stat;
  draws1000: Stat;
  /** --relax's search on the cohort with every case in alternative provision taken out. */
  relax: Stat;
  rssMiB: number;
  validSamples: string;
  tries: number;
}

const results: Row[] = [];
for (const rows of sizes) {
  const file = join(values.dir, `cohort-${rows}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${rows} rows…\n`);
    await writeCohort(file, { rows, seed: `bench-${rows}` });
  }
  const bare: number[] = [];
  const check: number[] = [];
  const draw: number[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    bare.push(timeProcess([join(root, 'test/bench/bare-parse.mjs'), file]).ms);
    const c = timeProcess([bin, 'check', file, '--json']);
    check.push(c.ms);
    const d = timeProcess([bin, 'draw', file, '--seed', `bench-${i}`, '--json']);
    draw.push(d.ms);
    rss = Math.max(rss, c.rssMiB, d.rssMiB);
  }
  // In-process: load once, then the solver alone, then further draws.
  const load: number[] = [];
  let cases = (await loadCohort(file)).cases;
  for (let i = 0; i < Math.min(runs, 3); i++) {
    collectGarbage();
    const t0 = performance.now();
    cases = (await loadCohort(file)).cases;
    load.push(performance.now() - t0);
  }
  const solver: number[] = [];
  const draws: number[] = [];
  let validSamples = '';
  let tries = 0;
  // One untimed run first: the solver's steady cost is the question here, and the JIT's
  // one-off warm-up is already inside the end-to-end draw figures.
  createSampler(prepareProblem({ cases, rules: HANDBOOK_RULES })).draw(seedrandom('warm-up'));
  for (let i = 0; i < Math.max(runs, 5); i++) {
    collectGarbage();
    const t0 = performance.now();
    const problem = prepareProblem({ cases, rules: HANDBOOK_RULES });
    const count = countValidSamples(problem);
    const sampler = createSampler(problem, count);
    const random = seedrandom(`solver-${i}`);
    sampler.draw(random);
    solver.push(performance.now() - t0);
    const t1 = performance.now();
    for (let j = 0; j < 1000; j++) sampler.draw(random);
    draws.push(performance.now() - t1);
    validSamples = count.toString();
    tries = sampler.expectedTries;
  }
  // --relax: no case in alternative provision, so that rule must give way; the search asks the
  // solver dozens of feasibility questions, on the cohort cut down to what feasibility sees.
  const noAp = cases.filter((c) => !c.alternative_provision);
  relax(prepareProblem({ cases: noAp, rules: HANDBOOK_RULES }));
  const relaxMs: number[] = [];
  for (let i = 0; i < Math.max(runs, 3); i++) {
    collectGarbage();
    const problem = prepareProblem({ cases: noAp, rules: HANDBOOK_RULES });
    const t0 = performance.now();
    const eased = relax(problem);
    relaxMs.push(performance.now() - t0);
    if (!eased.relaxed) throw new Error('bench: the cohort without alternative provision should need easing');
  }
  results.push({ rows, bare: stat(bare), check: stat(check), draw: stat(draw), load: stat(load), solver: stat(solver), draws1000: stat(draws), relax: stat(relaxMs), rssMiB: rss, validSamples, tries });
  process.stderr.write(`${rows} rows done\n`);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\ntracking-sampler benchmark — ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${runs} runs each, the solver ${Math.max(runs, 5)} after a warm-up (median, min–max)\n`);
const table = [
  ['rows', 'csv-parse alone', 'check', 'draw', 'load (in process)', 'solver: count + 1st draw', '1,000 more draws', '--relax search (no AP)', 'peak RSS'],
  ...results.map((r) => [
    r.rows.toLocaleString('en-GB'),
    fmt(r.bare),
    fmt(r.check),
    fmt(r.draw),
    fmt(r.load),
    fmt(r.solver),
    fmt(r.draws1000),
    fmt(r.relax),
    `${r.rssMiB.toFixed(0)} MiB`,
  ]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));

console.log('\nTargets (ratios within this run):');
const verdict = (ok: boolean) => (ok ? 'met ✓' : 'MISSED ✗');
const byRows = new Map(results.map((r) => [r.rows, r]));
const million = byRows.get(1_000_000);
if (million) {
  const checkRatio = million.check.median / million.bare.median;
  const drawRatio = million.draw.median / million.bare.median;
  console.log(`  check on 1,000,000 rows ≤ 1.5× csv-parse: ${checkRatio.toFixed(2)}× — ${verdict(checkRatio <= 1.5)}`);
  console.log(`  draw on 1,000,000 rows ≤ 1.5× csv-parse: ${drawRatio.toFixed(2)}× — ${verdict(drawRatio <= 1.5)}`);
  console.log(`  peak memory on 1,000,000 rows < 1 GB: ${million.rssMiB.toFixed(0)} MiB — ${verdict(million.rssMiB * 2 ** 20 < 1e9)}`);
}
const hundred = byRows.get(100_000);
const ten = byRows.get(10_000);
if (hundred) {
  const share = hundred.solver.median / hundred.load.median;
  console.log(`  solver on 100,000 rows < 25% of loading them: ${(share * 100).toFixed(0)}% — ${verdict(share < 0.25)}`);
  if (ten) {
    const growth = hundred.solver.median / ten.solver.median;
    console.log(`  solver on 100,000 rows within 2× of 10,000 rows: ${growth.toFixed(2)}× — ${verdict(growth <= 2)}`);
  }
}
for (const r of results) {
  const perSecond = 1000 / (r.draws1000.median / 1000);
  console.log(`  further draws on ${r.rows.toLocaleString('en-GB')} rows ≥ 1,000/s: ${perSecond.toFixed(0)}/s (expected tries per draw ${r.tries.toFixed(1)}) — ${verdict(perSecond >= 1000)}`);
}
console.log(`\nvalid samples: ${results.map((r) => `${r.rows.toLocaleString('en-GB')} rows: ${r.validSamples}`).join('; ')}`);

// Fair selection, a section of its own: the linear programs on cohorts up to 100,000 rows (their
// cost follows the profiles and the rules, not the rows), then draws from the distribution.
// `--fair-sizes` picks the cohorts (default: those of --sizes up to 100,000).
const fairSizes = (values['fair-sizes'] ?? values.sizes).split(',').map(Number).filter((n) => n > 0 && n <= 100_000);
if (fairSizes.length > 0) {
  console.log(`\nFair selection (--selection fair), ${Math.min(runs, 3)} runs each, in process (median, min–max)\n`);
  // The process's CPU time beside the wall time: on a machine shared with other work the wall
  // time stretches with the load, the CPU time much less.
  const rowsOut: string[][] = [['rows', 'profiles', 'maximin (CPU)', 'leximin (CPU)', 'rounds', 'programs (stalled)', 'columns (pruned)', '1,000 draws', 'smallest chance (uniform)']];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const verdicts: string[] = [];
  for (const rows of fairSizes) {
    const file = join(values.dir, `cohort-${rows}.csv`);
    if (!existsSync(file)) await writeCohort(file, { rows, seed: `bench-${rows}` });
    const cases = (await loadCohort(file)).cases;
    const problem = prepareProblem({ cases, rules: HANDBOOK_RULES });
    // As `odds` does: the count once, for the uniform chances and for fair mode's start.
    const count = countValidSamples(problem);
    const uniform = profileChances(problem, count);
    const pickable = uniform.map((c) => c.samples > 0n);
    await fairDistribution(problem, { pickable, count, maximinOnly: true }); // loads HiGHS and warms the JIT
    const maximin: number[] = [];
    const leximin: number[] = [];
    const maximinCpu: number[] = [];
    const leximinCpu: number[] = [];
    const draws: number[] = [];
    let last = null as Awaited<ReturnType<typeof fairDistribution>> | null;
    for (let i = 0; i < Math.min(runs, 3); i++) {
      collectGarbage();
      let t0 = performance.now();
      let c0 = process.cpuUsage();
      await fairDistribution(problem, { pickable, count, maximinOnly: true });
      maximin.push(performance.now() - t0);
      maximinCpu.push(cpuMs(c0));
      collectGarbage();
      t0 = performance.now();
      c0 = process.cpuUsage();
      last = await fairDistribution(problem, { pickable, count });
      leximin.push(performance.now() - t0);
      leximinCpu.push(cpuMs(c0));
      const random = seedrandom(`fair-${i}`);
      t0 = performance.now();
      for (let j = 0; j < 1000; j++) drawFair(problem, last, random);
      draws.push(performance.now() - t0);
    }
    const uniformSmallest = Math.min(...uniform.filter((c) => c.samples > 0n).map((c) => c.chance));
    rowsOut.push([
      rows.toLocaleString('en-GB'),
      String(problem.profiles.length),
      `${fmt(stat(maximin))} (${stat(maximinCpu).median.toFixed(0)} ms)`,
      `${fmt(stat(leximin))} (${stat(leximinCpu).median.toFixed(0)} ms)`,
      String(last!.stats.rounds),
      `${last!.stats.solves} (${last!.stats.stalls})`,
      `${last!.stats.columns} (${last!.stats.pruned})`,
      fmt(stat(draws)),
      `${(last!.smallest * 100).toPrecision(3)}% (${(uniformSmallest * 100).toPrecision(3)}%)`,
    ]);
    if (rows === 100_000) {
      verdicts.push(`  maximin on 100,000 rows < 2 s: ${fmt(stat(maximin))}, CPU ${stat(maximinCpu).median.toFixed(0)} ms — ${verdict(stat(maximin).median < 2000)}`);
      verdicts.push(`  leximin on 100,000 rows < 10 s: ${fmt(stat(leximin))}, CPU ${stat(leximinCpu).median.toFixed(0)} ms — ${verdict(stat(leximin).median < 10_000)}`);
    }
    const perSecond = 1000 / (stat(draws).median / 1000);
    verdicts.push(`  further fair draws on ${rows.toLocaleString('en-GB')} rows ≥ 1,000/s: ${perSecond.toFixed(0)}/s — ${verdict(perSecond >= 1000)}`);
  }
  const w = rowsOut[0]!.map((_, i) => Math.max(...rowsOut.map((row) => row[i]!.length)));
  for (const row of rowsOut) console.log(row.map((cell, i) => cell.padEnd(w[i]!)).join('  '));
  console.log('\nTargets:');
  for (const v of verdicts) console.log(v);
}
await benchWorkbooks({ dir: values.dir, root, runs, rows: Number(values['workbook-rows']) });
await benchGroups({
  dir: values.dir,
  root,
  runs,
  rows: Number(values['group-rows']),
  groups: values.groups.split(',').filter((g) => g !== '').map(Number),
  nationalRows: Number(values['national-rows']),
});
await benchMemory({ dir: values.dir, root, runs: Math.min(runs, 3), rows: Number(values['memory-rows']) });
