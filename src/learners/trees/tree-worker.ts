/** Worker thread entry for the tree ensembles: builds forest trees on request. */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { serveTasks } from './parallel.js';
import { forestTaskHandler } from './forest-task.js';

if (parentPort !== null) {
  serveTasks((workerData as { port: MessagePort }).port, parentPort, { forest: forestTaskHandler });
}
