/** Scenarios: what-if runs and their reports. */
export * from './report/index.js';
