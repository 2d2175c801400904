/** Estimates from Bayesian structural models and difference-in-differences (filled in below). */
import type { Progress } from '../util/progress.js';
import type { LoadedScenario } from './load.js';
import type { ScenarioData } from './context.js';
import type { Estimates } from './estimate.js';

export async function otherEstimates(scenario: LoadedScenario, _data: ScenarioData, _options: { progress?: Progress }): Promise<Estimates> {
  throw new Error(`model kind '${scenario.spec.model.kind}' is not wired into scenarios yet`);
}
