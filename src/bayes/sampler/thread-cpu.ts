/**
 * CPU time of the calling thread, for honest per-chain timings on a busy
 * machine (wall time then overstates the work). Linux only: reads
 * /proc/thread-self/schedstat (nanoseconds on the CPU); NaN elsewhere.
 */
import { readFileSync } from 'node:fs';

let available = process.platform === 'linux';

/** Seconds this thread has run on a CPU, or NaN when the platform does not say. */
export function threadCpuSeconds(): number {
  if (!available) return NaN;
  try {
    const text = readFileSync('/proc/thread-self/schedstat', 'utf8');
    const ns = Number(text.slice(0, text.indexOf(' ')));
    return Number.isFinite(ns) ? ns / 1e9 : NaN;
  } catch {
    available = false;
    return NaN;
  }
}
