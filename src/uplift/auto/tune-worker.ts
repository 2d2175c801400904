/** Worker thread entry for automatic model selection: cross-fits grid members on request. */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { serveTasks } from '../../learners/trees/parallel.js';
import { crossFitTaskHandler } from './crossfit-task.js';

if (parentPort !== null) {
  serveTasks((workerData as { port: MessagePort }).port, parentPort, { crossfit: crossFitTaskHandler });
}
