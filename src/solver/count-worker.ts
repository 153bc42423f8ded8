/**
 * A worker thread that counts groups over one shared graph (see count-workers.ts): it is given
 * the graph once, then a group's layer sizes per inclusion–exclusion term at a time, and answers
 * with the totals, exactly as countTermsMod gives them in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { countTermsMod, type CountingGraph } from './dp-mod.js';
import type { GroupJob, GroupTotals } from './count-workers.js';

const graph = workerData as CountingGraph;
const port = parentPort!;

port.on('message', ({ id, termSizes, primes }: GroupJob) => {
  const totals = countTermsMod(graph, termSizes, primes);
  const reply: GroupTotals = { id, totals };
  port.postMessage(reply, [totals.buffer as ArrayBuffer]);
});
