/**
 * CPU seconds this process has used since the call (all its threads). Speed
 * assertions use CPU time, not wall time: the suite runs two files at a time on
 * two cores, and wall time there measures the machine's load, not our code.
 *
 * @example
 * const elapsed = cpuTimer();
 * elapsed() >= 0; // true
 */
export function cpuTimer(): () => number {
  const started = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1e6;
  };
}
