/**
 * Counts many groups' terms (check --by: 150 areas, or 10,000 groups) on worker threads, a group
 * at a time to whichever worker answers (each has one more waiting). Each worker runs the same
 * countTermsMod over the same graph as the main thread would, so the totals are the same
 * numbers; only the order in which groups finish differs, and the answers are put back in the
 * groups' order.
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

/**
 * The totals of `count` jobs, in the jobs' order; `onDone` is told how many are done as they
 * finish. A job is made (`jobAt`) only when a worker is free for it: 10,000 groups' layer sizes
 * made at once would be tens of megabytes.
 */
export async function countTermsInWorkers(
  graph: CountingGraph,
  count: number,
  jobAt: (id: number) => Omit<GroupJob, 'id'>,
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
  const results = new Array<Float64Array>(count);
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let sent = 0;
      let done = 0;
      const give = (worker: Worker): void => {
        if (sent >= count) return;
        const id = sent++;
        const job: GroupJob = { id, ...jobAt(id) };
        worker.postMessage(job);
      };
      if (count === 0) return resolve();
      for (let i = 0; i < Math.min(workers, count); i++) {
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
          if (done === count) resolve();
          else {
            try {
              give(worker);
            } catch (error) {
              reject(error);
            }
          }
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < count) reject(new Error(`a counting worker stopped early (exit code ${code})`));
        });
        // Two jobs each to start: a worker then has the next group at hand when it answers,
        // rather than waiting for this thread (perhaps busy collecting garbage) to send it one.
        give(worker);
        give(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
