/** Worker thread entry for the uplift forest: builds uplift trees on request. */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { serveTasks } from '../../learners/trees/parallel.js';
import { upliftTaskHandler } from './uplift-task.js';

if (parentPort !== null) {
  serveTasks((workerData as { port: MessagePort }).port, parentPort, { 'uplift-forest': upliftTaskHandler });
}
