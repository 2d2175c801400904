// Helpers for benchmarks that run each measurement in its own Node process and print one JSON line.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Peak resident memory of this process so far, in MiB (Linux /proc). */
export function peakRssMiB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds (user + system, all threads) since `since` (a process.cpuUsage() reading). */
export function cpuSeconds(since) {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

/**
 * Runs `script --child ...args` in a fresh Node and parses the last JSON line it prints; a process that fails or
 * runs `limit` + 120 s is reported as 'did not finish' with the reason.
 */
export function runChild(script, args, limit) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', script, '--child', ...args.map(String)], {
    encoding: 'utf8',
    timeout: (limit + 120) * 1000,
    maxBuffer: 1 << 24,
  });
  const line = r.stdout?.trim().split('\n').at(-1);
  if (r.status === 0 && line?.startsWith('{')) return JSON.parse(line);
  const why = r.error?.code === 'ETIMEDOUT' ? `killed after ${limit + 120} s` : `exit ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-1)[0]}`;
  return { status: 'did not finish', detail: why };
}
