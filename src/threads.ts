/**
 * Worker threads: how many to start, and starting one. Two jobs use them (parsing a large CSV,
 * src/cohort/parallel-csv.ts, and counting many groups, src/solver/count-workers.ts); both are
 * worth it only for large inputs, and both give the same results as doing the work in one thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Past four workers the thread that hands out the work and takes it back sets the pace. */
const MOST_WORKERS = 4;

/**
 * How many workers to start for work that splits `parts` ways (0: do it in this thread).
 * `alongside`: this thread keeps working meanwhile (it reads on while workers parse), so one
 * core is left to it: on two cores, two parsing workers and the reading thread took turns on
 * the cores and the read was slower than with one worker.
 */
export function workersFor(parts: number, alongside = false): number {
  const cores = availableParallelism();
  if (cores < 2 || parts < 2) return 0;
  return Math.min(cores - (alongside ? 1 : 0), MOST_WORKERS, parts);
}

/**
 * Starts the worker module `name` from the folder of the module at `from` (its import.meta.url).
 * Built, that is a .js file. Run from the TypeScript sources (by vitest or tsx) it is the .ts
 * beside it, loaded through tsx's loader, registered in the worker first (tsx's `--import` in a
 * worker's execArgv does not reach the worker's own entry module).
 */
export function startWorker(from: string, name: string, workerData: unknown): Worker {
  const here = new URL(from);
  // Not unref'd: while its owner waits for an answer, the worker is what keeps the process up.
  // Every owner terminates its workers when done or failed.
  if (!here.pathname.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), { workerData });
  const entry = JSON.stringify(new URL(`./${name}.ts`, here).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`;
  return new Worker(boot, { eval: true, workerData });
}
