/**
 * Counts many groups' terms (check --by: 150 areas, or 10,000 groups) on worker threads, a group
 * at a time to whichever worker is free. Each worker runs the same countTermsMod over the same
 * graph as the main thread would, so the totals are the same numbers; only the order in which
 * groups finish differs, and the answers are put back in the groups' order.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads.js';
import type { CountingGraph } from './dp-mod.js';

/** One group: its layer sizes per term, and the primes to count modulo. */
export interface GroupJob {
  id: number;
  termSizes: number[][];
  primes: number[];
}

export interface GroupTotals {
  id: number;
  /** As countTermsMod returns them: term-major, totals[t * primes + j]. */
  totals: Float64Array;
}

/** The totals of every job, in the jobs' order; `onDone` is told how many are done as they finish. */
export async function countTermsInWorkers(
  graph: CountingGraph,
  jobs: readonly Omit<GroupJob, 'id'>[],
  workers: number,
  onDone?: (done: number) => void,
): Promise<Float64Array[]> {
  const slim: CountingGraph = {
    size: graph.size,
    order: graph.order,
    stateCount: graph.stateCount,
    trans: graph.trans,
    startDone: graph.startDone,
    startDead: graph.startDead,
  };
  const results = new Array<Float64Array>(jobs.length);
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let sent = 0;
      let done = 0;
      const give = (worker: Worker): void => {
        if (sent >= jobs.length) return;
        const id = sent++;
        const job: GroupJob = { id, ...jobs[id]! };
        worker.postMessage(job);
      };
      if (jobs.length === 0) return resolve();
      for (let i = 0; i < Math.min(workers, jobs.length); i++) {
        const worker = startWorker(import.meta.url, 'count-worker', slim);
        pool.push(worker);
        worker.on('message', ({ id, totals }: GroupTotals) => {
          results[id] = totals;
          done++;
          try {
            onDone?.(done);
          } catch (error) {
            reject(error);
            return;
          }
          if (done === jobs.length) resolve();
          else give(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < jobs.length) reject(new Error(`a counting worker stopped early (exit code ${code})`));
        });
        give(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
