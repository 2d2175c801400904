/** Worker thread entry for bootstrap refits of uplift learners. */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { serveTasks } from '../learners/trees/parallel.js';
import '../learners/index.js';
import './methods.js';
import { bootstrapTaskHandler } from './bootstrap.js';

if (parentPort !== null) {
  serveTasks((workerData as { port: MessagePort }).port, parentPort, { 'bootstrap-refit': bootstrapTaskHandler });
}
