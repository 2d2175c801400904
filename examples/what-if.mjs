// A back-office script: run the e-mail scenario, then ask a what-if of our own in code —
// "what does each extra $100 of budget buy?" — from the typed results, without touching files.
// Run after `npm run build`:  node examples/what-if.mjs
import { runScenario, runScenarioSpec, loadScenario } from '../dist/src/index.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, '..', 'scenarios', 'email', 'scenario.yaml');

// 1. The scenario as written.
const result = await runScenario(file);
for (const v of result.variations) {
  console.log(`${v.name.padEnd(28)} spend ${v.plan.spend.toFixed(0).padStart(5)}  extra visits ${v.expectedIncremental.toFixed(1).padStart(6)}  (${v.plan.status})`);
}

// 2. Our own variation: the same scenario with budgets from 100 to 1000 in steps of 100.
const { spec } = await loadScenario(file);
const sweep = await runScenarioSpec(
  { ...spec, variations: [{ name: 'steps of 100', budgetGrid: { from: 100, to: 1000, steps: 10 } }] },
  dirname(file),
);
let previous = 0;
for (const point of sweep.variations.find((v) => v.name === 'steps of 100').frontier) {
  console.log(`budget ${point.budget.toFixed(0).padStart(5)}: ${point.incremental.toFixed(1).padStart(6)} extra visits (+${(point.incremental - previous).toFixed(1)} for the last 100)`);
  previous = point.incremental;
}
