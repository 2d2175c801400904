/** Worker thread entry for BART-family models: runs MCMC chains on request. */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { serveTasks } from '../../learners/trees/parallel.js';
import { chainTaskHandler } from './chains.js';

if (parentPort !== null) {
  serveTasks((workerData as { port: MessagePort }).port, parentPort, { 'bart-chain': chainTaskHandler });
}
