/**
 * The two package entries: `liftwise` (src/index.ts, the stable API the README and
 * docs present) and `liftwise/internals` (src/internals.ts: sampler internals,
 * reference targets, example models, allocation model building, solvers, low-level
 * tree code). Names are checked both ways, and the built package is imported by its
 * own name, as a user's script would.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import * as internals from '../../src/internals.js';
import { repoPath } from '../helpers/shared.js';

/** What README and docs/architecture.md show users: these stay public. */
const PUBLIC = [
  'readTable', 'writeTable', 'createTable', 'numericColumn', 'categoricalColumn', 'takeRows', 'systematicSplit', 'featureMatrix',
  'UpliftModel', 'selectUpliftMember', 'defaultGrid', 'UPLIFT_LEARNER_DEFAULTS', 'createLearner',
  'qiniCurve', 'upliftCurve', 'qiniAucScore', 'qiniAucInterval', 'upliftAtK', 'auucScore', 'qiniScore',
  'solveAllocation', 'problemFromEffects', 'planTable', 'budgetFrontier', 'doseProblem', 'hasPlan', 'summarizePlan', 'solveRiskAllocation',
  'effectsFromColumns', 'effectsFromDraws', 'writeDrawsFile', 'readDrawsFile',
  'Model', 'sample', 'diagnose', 'renderSummaryTable', 'intervene', 'do', 'observe', 'predictive', 'cate', 'armEffects', 'posteriorEffects', 'averageEffect', 'meanOverDraws', 'hdi', 'readModelFile', 'bindModelFile',
  'simulatePanel', 'didPooledOls', 'didTwoWayFixedEffects', 'didEventStudy', 'panelFromTable', 'termOf',
  'simulateCampaign', 'planScore', 'planFromPredictions', 'parseGraph', 'identify', 'estimateEffects',
  'fitPolicy', 'explainUplift', 'permutationImportance', 'runScenario', 'runScenarioSpec', 'renderReport',
  'LiftwiseError', 'InputError', 'Random',
];

/** Under the API: in liftwise/internals, not in liftwise. */
const INTERNAL = [
  // sampler internals and reference targets
  'Nuts', 'DualAveraging', 'WelfordVariance', 'MetricWindows', 'runChain', 'chainSeeds', 'isTargetSource',
  'referenceTargetSource', 'funnelTarget', 'gaussianTarget', 'correlatedGaussianTarget', 'reedfrogsTarget',
  // example models and model plumbing
  'm13_2Model', 'm13_2Source', 'paintLineData', 'paintLineModel', 'PAINT_LINE', 'modelTarget', 'modelSource', 'withModelData', 'modelNodeLengths',
  // allocation model building and the solvers
  'prepareProblem', 'buildModel', 'GreedyFrontier', 'buildHulls', 'fillGreedy', 'solveBudgetAndCap', 'criticalRatio',
  'modelFromRows', 'highsBackend', 'glpkBackend', 'jslpBackend', 'argsortDescending',
  // low-level tree code
  'BinMapper',
];

describe('package entries', () => {
  it('keeps the documented API in liftwise and the internals out of it', () => {
    for (const name of PUBLIC) expect(name in api, `${name} in liftwise`).toBe(true);
    for (const name of INTERNAL) {
      expect(name in internals, `${name} in liftwise/internals`).toBe(true);
      expect(name in api, `${name} not in liftwise`).toBe(false);
    }
  });

  it('exports each name from one entry only', () => {
    const both = Object.keys(internals).filter((name) => name in api);
    expect(both).toEqual([]);
  });

  it('has every name the README imports from liftwise in the public entry', () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    const imports = [...readme.matchAll(/import\s*\{([^}]*)\}\s*from\s*'liftwise'/g)].flatMap((m) => m[1]!.split(',').map((n) => n.trim()).filter((n) => n !== ''));
    expect(imports.length).toBeGreaterThan(10);
    for (const name of imports) expect(name in api, `README imports ${name}`).toBe(true);
  });

  it('declares both entries in package.json, types first', () => {
    const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    expect(Object.keys(pkg.exports)).toEqual(['.', './internals', './package.json']);
    expect(pkg.exports['./internals']).toEqual({ types: './dist/src/internals.d.ts', default: './dist/src/internals.js' });
    expect(Object.keys(pkg.exports['.']!)[0]).toBe('types');
  });

  it('resolves both entries of the built package by its own name (self-reference)', () => {
    // A script inside the package imports it by name, as a user's code does from node_modules.
    const script = `
      const pub = await import('liftwise');
      const internal = await import('liftwise/internals');
      console.log(JSON.stringify({ pub: [typeof pub.solveAllocation, typeof pub.referenceTargetSource], internal: [typeof internal.referenceTargetSource, typeof internal.solveAllocation] }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoPath('.'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ pub: ['function', 'undefined'], internal: ['function', 'undefined'] });
  });
});
