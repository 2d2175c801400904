// Wall and CPU seconds of a child process run to its end: what a user waits for when calling the CLI.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU seconds of this process's waited-for children so far, or NaN where /proc is missing. */
export function childCpuSeconds() {
  try {
    // Fields after the command name: state is field 3, cutime and cstime are fields 16 and 17 (10 ms ticks).
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Runs `node args…` to its end; throws with its stderr when it fails. */
export function timedNode(args) {
  const c0 = childCpuSeconds();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: childCpuSeconds() - c0 };
}
