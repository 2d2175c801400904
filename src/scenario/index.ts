/** Scenarios: what-if runs and their reports. */
export * from './report/index.js';
export { scenarioSchema } from './spec.js';
export type { ScenarioSpec, VariationSpec, ConstraintsSpec, ArmSpec } from './spec.js';
export { loadScenario, parseScenario } from './load.js';
export type { LoadedScenario } from './load.js';
export { runScenario, runScenarioSpec } from './run.js';
export type { ScenarioResult, RunOptions } from './run.js';
export type { VariationResult, ScenarioFrontierPoint } from './variation.js';
export { writeScenarioOutputs, summaryRows, reportData } from './output.js';
export type { SummaryRow } from './output.js';
