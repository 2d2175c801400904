/**
 * Why the model gives a unit its uplift: Shapley values of each unit's
 * uplift for each treated arm, one per feature column of the data (a one-hot
 * categorical feature counts as one feature), in outcome units.
 *
 * - Exact (method 'tree'): when the uplift is a difference of tree sums —
 *   the two-model learner over forests or regression boosting (φ of arm k's
 *   model − φ of the control's), the S-learner over the same (φ of
 *   f(x, arm k) − φ of f(x, control), the treatment column conditioned on),
 *   the uplift forest (φ of arm k's rate − φ of the control's rate) — each
 *   model's TreeSHAP values (tree-shap.ts) are subtracted per unit. The base
 *   value is the difference of the models' expected outputs over their
 *   training rows (node covers).
 * - Estimated (method 'sampling'): any other learner (DR, R, X, class
 *   transformation, logistic or boosting classifiers, bart, …) by permutation
 *   sampling (sampling-shapley.ts) against a seeded background sample of the
 *   data's rows, with a standard error per value.
 * - 'auto' takes 'tree' when it applies, else 'sampling'.
 *
 * Either way base + Σ_features value = the model's uplift for the unit.
 */
import { appendColumn, selectRows, unseenLevelsWarning, type FeatureMatrix, type UnseenLevels } from '../data/features.js';
import type { Table } from '../data/table.js';
import { learnerFromJSON } from '../learners/registry.js';
import type { LearnerJSON } from '../learners/types.js';
import type { TreeEnsembleView } from '../learners/trees/flat-tree.js';
import type { UpliftModel } from '../uplift/model.js';
import type { UpliftLearner } from '../uplift/types.js';
import { TwoModel } from '../uplift/two-model.js';
import { UpliftRandomForest } from '../uplift/forest/uplift-forest.js';
import { silentProgress, type Progress } from '../util/progress.js';
import { Random } from '../util/random.js';
import { samplingShapley } from './sampling-shapley.js';
import { treeShap } from './tree-shap.js';
import { explainErrors } from './messages.js';

export type ExplainMethod = 'auto' | 'tree' | 'sampling';

export interface ExplainOptions {
  readonly method?: ExplainMethod;
  /** Rows of the table to explain (default all). */
  readonly rows?: ArrayLike<number>;
  /** Sampling: antithetic pairs of permutations per unit (default 32). */
  readonly pairs?: number;
  /** Sampling: background rows drawn from the table (default 100). */
  readonly backgroundRows?: number;
  readonly seed?: number;
  readonly progress?: Progress;
}

export interface UpliftExplanation {
  readonly method: 'tree' | 'sampling';
  /** One sentence: how the values were computed. */
  readonly how: string;
  readonly arms: readonly string[];
  readonly features: readonly string[];
  /** The table rows explained. */
  readonly rows: Int32Array;
  /** Unit r, arm a, feature j at ((r · arms) + a) · features + j. */
  readonly values: Float64Array;
  /** Standard errors (sampling only), same layout. */
  readonly se: Float64Array | null;
  /** Unit r, arm a at r · arms + a. */
  readonly base: Float64Array;
  /** The model's uplift, same layout as base. */
  readonly uplift: Float64Array;
  readonly warnings: readonly string[];
  /** Method auto on a learner TreeSHAP cannot explain exactly: why (the values are then sampled). */
  readonly treeUnavailable?: string;
}

/** Per-unit SHAP values of each arm's uplift over the encoded columns: n × A × q, and bases n × A. */
type TreeRoute = (X: FeatureMatrix, onRow: () => void) => { values: Float64Array; base: Float64Array; nArms: number };

interface Explainable {
  ensembleView?: () => TreeEnsembleView | undefined;
}

export const NO_COVERS =
  'the model was saved before liftwise recorded node covers (training rows per node), which exact TreeSHAP needs; refit it with this version for exact values';

/** The learner's tree ensemble when its output is a plain tree sum, else why not. */
function identityView(learner: unknown, what: string): TreeEnsembleView | string {
  const view = (learner as Explainable).ensembleView?.();
  if (view === undefined) return `${what} is not a tree ensemble of liftwise (forest, boosting)`;
  if (view.link !== 'identity') return `${what} is a boosting classifier, whose probability is the logistic of its tree sum, not the sum`;
  if (view.trees.cover === undefined) return NO_COVERS;
  return view;
}

/** φ(arm a) − φ(arm 0) for a = 1..A from per-arm SHAP arrays over q columns. */
function differences(perArm: { values: Float64Array; base: Float64Array; W: number; col: (a: number) => number; src: (a: number) => number }[], n: number, q: number): { values: Float64Array; base: Float64Array; nArms: number } {
  const A = perArm.length - 1;
  const values = new Float64Array(n * A * q);
  const base = new Float64Array(n * A);
  const c = perArm[0]!;
  for (let a = 1; a <= A; a++) {
    const t = perArm[a]!;
    for (let i = 0; i < n; i++) {
      base[i * A + a - 1] = t.base[i * t.W + t.col(a)]! - c.base[i * c.W + c.col(0)]!;
      for (let j = 0; j < q; j++) {
        values[(i * A + a - 1) * q + j] = t.values[(i * t.src(a) + j) * t.W + t.col(a)]! - c.values[(i * c.src(0) + j) * c.W + c.col(0)]!;
      }
    }
  }
  return { values, base, nArms: A };
}

/** How to explain the learner exactly with TreeSHAP, or the reason it cannot be. */
export function treeRoute(learner: UpliftLearner): { run: TreeRoute; how: string } | string {
  if (learner instanceof TwoModel) {
    const views: TreeEnsembleView[] = [];
    for (const [k, m] of learner.armModels.entries()) {
      const v = identityView(m, `the two-model learner's model of arm ${k} (${m.name})`);
      if (typeof v === 'string') return v;
      views.push(v);
    }
    return {
      how: "exact TreeSHAP: each treated arm's model minus the control's model, per unit",
      run: (X, onRow) => {
        const n = X.nRows;
        const q = X.columns.length;
        const shaps = views.map((v, k) => treeShap(v, X, k === 0 ? { onRow } : {}));
        return differences(
          shaps.map((s) => ({ values: s.values, base: s.base, W: 1, col: () => 0, src: () => q })),
          n,
          q,
        );
      },
    };
  }
  if (learner instanceof UpliftRandomForest) {
    const view = learner.ensembleView();
    if (view === undefined) return 'the uplift forest is not fitted';
    if (view.trees.cover === undefined) return NO_COVERS;
    return {
      how: "exact TreeSHAP of the uplift forest: each treated arm's outcome rate minus the control's, per unit",
      run: (X, onRow) => {
        const s = treeShap(view, X, { onRow });
        const q = X.columns.length;
        const W = s.width;
        const per = Array.from({ length: W }, () => ({ values: s.values, base: s.base, W, col: (a: number) => a, src: () => q }));
        return differences(per, X.nRows, q);
      },
    };
  }
  if (learner.method === 's-learner') {
    // The S-learner's one model sees the features plus treatment columns; it is read from the saved form.
    const json = learner.toJSON();
    const state = json.state as { nArms?: number; model?: LearnerJSON | null };
    const options = json.options as { levels?: readonly number[] | null };
    if (state.model == null) return 'the S-learner is not fitted';
    const inner = learnerFromJSON(state.model);
    const v = identityView(inner, `the S-learner's model (${inner.name})`);
    if (typeof v === 'string') return v;
    const levels = options.levels ?? null;
    const nArms = levels === null ? (state.nArms ?? 0) : levels.length;
    return {
      how:
        levels === null
          ? 'exact TreeSHAP of the one model at each treated arm minus at control, the treatment column held at the arm (not a player), per unit'
          : 'exact TreeSHAP of the one model at each dose level minus at the reference level, the dose held at the level (not a player), per unit',
      run: (X, onRow) => {
        const n = X.nRows;
        const q = X.columns.length;
        const per = [];
        for (let k = 0; k < nArms; k++) {
          let Xk = X;
          const fixed: number[] = [];
          if (levels !== null) {
            Xk = appendColumn(Xk, '__dose', new Float64Array(n).fill(levels[k]!));
            fixed.push(q);
          } else {
            for (let j = 1; j < nArms; j++) {
              Xk = appendColumn(Xk, `__arm${j}`, new Float64Array(n).fill(k === j ? 1 : 0));
              fixed.push(q + j - 1);
            }
          }
          const s = treeShap(v, Xk, { fixed, ...(k === 0 ? { onRow } : {}) });
          per.push({ values: s.values, base: s.base, W: 1, col: () => 0, src: () => Xk.columns.length });
        }
        return differences(per, n, q);
      },
    };
  }
  return `the ${learner.method} learner's uplift is not a difference of tree sums`;
}

/** The encoded columns of each feature (a one-hot feature has one per level). */
export function featureGroups(model: UpliftModel): { names: string[]; groups: number[][] } {
  const names: string[] = [];
  const groups: number[][] = [];
  let c = 0;
  for (const f of model.encoder.features) {
    const width = f.kind === 'categorical' && f.encoding === 'onehot' ? f.levels.length : 1;
    names.push(f.name);
    groups.push(Array.from({ length: width }, (_, k) => c + k));
    c += width;
  }
  return { names, groups };
}

/**
 * @example
 * // A campaign whose e-mail effect steps down with recency (and, among recent buyers, up with history).
 * const { table } = simulateCampaign({ n: 1000, seed: 1, shape: 'step' });
 * const model = UpliftModel.fit(table, { treatment: 'treatment', control: 'control', outcome: 'visit', features: ['recency', 'history', 'channel'],
 *   method: 'two-model', learner: 'forest', learnerOptions: { nEstimators: 20, maxDepth: 4, seed: 1 } });
 * const e = explainUplift(model, table, { method: 'auto', seed: 1 });
 * e.method; // 'tree'
 * // Local accuracy, unit 0, first arm: e.base[0] + Σ_j e.values[j] equals e.uplift[0].
 * const sum = e.values.slice(0, e.features.length).reduce((a, b) => a + b, e.base[0]!);
 * Math.abs(sum - e.uplift[0]!) < 1e-9; // true
 */
export function explainUplift(model: UpliftModel, table: Table, options: ExplainOptions = {}): UpliftExplanation {
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'tree' && method !== 'sampling') throw explainErrors.badMethod(String(method));
  const rows = options.rows === undefined ? Int32Array.from({ length: table.nRows }, (_, i) => i) : Int32Array.from(options.rows);
  if (rows.length === 0) throw explainErrors.noRows(table.source ?? '(data)');
  const unseen: UnseenLevels[] = [];
  const all = model.encoder.transform(table, unseen);
  const warnings = unseen.map((u) => unseenLevelsWarning(u, table.source, table.nRows));
  const X = rows.length === table.nRows && rows.every((r, i) => r === i) ? all : selectRows(all, rows);
  const { names, groups } = featureGroups(model);
  const arms = model.treatedArms;
  const A = arms.length;
  const F = names.length;
  const n = rows.length;
  const progress = options.progress ?? silentProgress;
  const uplift = new Float64Array(n * A);
  model.learner.predictUplift(X).forEach((u, a) => {
    for (let i = 0; i < n; i++) uplift[i * A + a] = u[i]!;
  });

  const route = method === 'sampling' ? 'sampling' : treeRoute(model.learner);
  if (typeof route === 'string' && method === 'tree') throw explainErrors.treeNotAvailable(route);
  if (typeof route !== 'string') {
    progress.start('units explained (TreeSHAP)', n);
    const r = route.run(X, () => progress.tick());
    progress.stop();
    const q = X.columns.length;
    const values = new Float64Array(n * A * F);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < A; a++) {
        const from = (i * A + a) * q;
        const to = (i * A + a) * F;
        groups.forEach((cols, j) => {
          let s = 0;
          for (const c of cols) s += r.values[from + c]!;
          values[to + j] = s;
        });
      }
    }
    return { method: 'tree', how: route.how, arms, features: names, rows, values, se: null, base: r.base, uplift, warnings };
  }

  // Sampling: background rows drawn from the whole table (seeded).
  const rng = new Random(options.seed ?? 0);
  const nb = Math.min(options.backgroundRows ?? 100, table.nRows);
  const order = rng.permutation(table.nRows);
  const background = selectRows(all, order.subarray(0, nb));
  progress.start('units explained (sampling Shapley)', n);
  const est = samplingShapley((M) => model.learner.predictUplift(M), X, background, groups, {
    ...(options.pairs === undefined ? {} : { pairs: options.pairs }),
    seed: options.seed ?? 0,
    rowKeys: rows,
    onRow: () => progress.tick(),
  });
  progress.stop();
  // est is unit × feature × arm; the explanation is unit × arm × feature.
  const values = new Float64Array(n * A * F);
  const se = new Float64Array(n * A * F);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < A; a++) {
      for (let j = 0; j < F; j++) {
        values[(i * A + a) * F + j] = est.values[(i * F + j) * A + a]!;
        se[(i * A + a) * F + j] = est.se[(i * F + j) * A + a]!;
      }
    }
  }
  const pairs = options.pairs ?? 32;
  return {
    method: 'sampling',
    how: `permutation-sampling Shapley estimate (${pairs} antithetic pairs of permutations per unit, ${nb} background rows of the data, seed ${options.seed ?? 0})${typeof route === 'string' && method === 'auto' ? `; exact TreeSHAP does not apply: ${route}` : ''}`,
    arms,
    features: names,
    rows,
    values,
    se,
    base: est.base,
    uplift,
    warnings,
    ...(typeof route === 'string' ? { treeUnavailable: route } : {}),
  };
}

/** Mean |value| per arm and feature over the units explained, largest first: the model's top features. */
export function meanAbsoluteShap(e: UpliftExplanation): { arm: string; feature: string; meanAbs: number }[] {
  const A = e.arms.length;
  const F = e.features.length;
  const n = e.rows.length;
  const out: { arm: string; feature: string; meanAbs: number }[] = [];
  for (let a = 0; a < A; a++) {
    for (let j = 0; j < F; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.abs(e.values[(i * A + a) * F + j]!);
      out.push({ arm: e.arms[a]!, feature: e.features[j]!, meanAbs: s / n });
    }
  }
  return out.sort((x, y) => (x.arm === y.arm ? y.meanAbs - x.meanAbs : e.arms.indexOf(x.arm) - e.arms.indexOf(y.arm)));
}
