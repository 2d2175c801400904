/**
 * Progress reporting. Library code reports through this interface and is
 * silent by default; the CLI passes a reporter that draws on stderr.
 */
export interface Progress {
  /** Starts (or restarts) a task with a label and a total number of steps. */
  start(label: string, total: number): void;
  /** Advances the current task by `steps` (default 1). */
  tick(steps?: number): void;
  /** Ends the current task. */
  stop(): void;
}

/** Reports nothing. */
export const silentProgress: Progress = {
  start() {},
  tick() {},
  stop() {},
};
