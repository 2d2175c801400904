/**
 * Permutation importance for the uplift ranking: how much worse does the
 * model rank held-out rows when one feature's values are shuffled? The drop
 * in Qini AUC and in uplift@k (scikit-uplift's definitions) per feature, with
 * a bootstrap interval over the rows (the same resample scores the original
 * and the shuffled ranking, so the interval is about the drop itself).
 * Works for every uplift method: it only calls the model's score().
 */
import type { Column, Table } from '../data/table.js';
import { withColumns } from '../data/table.js';
import { binaryOutcome, encodeTreatmentAs } from '../data/roles.js';
import { qiniAucScore } from '../metrics/qiniAucScore.js';
import { upliftAtK } from '../metrics/upliftAtK.js';
import type { UpliftModel } from '../uplift/model.js';
import { Random } from '../util/random.js';

export interface PermutationOptions {
  /** Share of top-ranked rows for uplift@k (default 0.3). */
  readonly k?: number;
  /** Bootstrap resamples for the interval (default 200). */
  readonly bootstrap?: number;
  readonly seed?: number;
}

export interface FeatureImportance {
  readonly feature: string;
  readonly arm: string;
  readonly qiniDrop: number;
  readonly qiniInterval: readonly [number, number];
  readonly upliftAtKDrop: number;
  readonly upliftAtKInterval: readonly [number, number];
}

function permuted(column: Column, rng: Random): Column {
  const order = rng.permutation(column.kind === 'numeric' ? column.values.length : column.codes.length);
  if (column.kind === 'numeric') return { ...column, values: Float64Array.from(order, (i) => column.values[i]!) };
  return { ...column, codes: Int32Array.from(order, (i) => column.codes[i]!) };
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  return s[Math.floor(h)]! + (h - Math.floor(h)) * (s[Math.ceil(h)]! - s[Math.floor(h)]!);
};

/**
 * @example
 * // A campaign whose e-mail effect steps down with recency (and, among recent buyers, up with history).
 * const { table } = simulateCampaign({ n: 1000, seed: 1, shape: 'step' });
 * const model = UpliftModel.fit(table, { treatment: 'treatment', control: 'control', outcome: 'visit', features: ['recency', 'history', 'channel'],
 *   method: 'two-model', learner: 'forest', learnerOptions: { nEstimators: 20, maxDepth: 4, seed: 1 } });
 * const imp = permutationImportance(model, table, { k: 0.3, seed: 1 }); // (on held-out rows in practice)
 * imp.sort((a, b) => b.qiniDrop - a.qiniDrop)[0]!.feature; // 'history' (the effect's cuts are in recency and history)
 */
export function permutationImportance(model: UpliftModel, table: Table, options: PermutationOptions = {}): FeatureImportance[] {
  const k = options.k ?? 0.3;
  const rng = new Random(options.seed ?? 0);
  const treatment = encodeTreatmentAs(table, model.treatment);
  const base = model.effects(table, { draws: 0 });
  const K = base.arms.length;
  const out: FeatureImportance[] = [];
  const features = model.encoder.features.map((f) => f.name);
  const shuffledScores = features.map((f) => model.effects(withColumns(table, [permuted(table.columns.get(f)!, rng)]), { draws: 0 }));
  model.treatedArms.forEach((arm, j) => {
    const rows = Int32Array.from({ length: table.nRows }, (_, i) => i).filter((r) => treatment.arm[r] === 0 || treatment.arm[r] === j + 1);
    const y = binaryOutcome(table, model.outcome.column, rows);
    const t = Float64Array.from(rows, (r) => (treatment.arm[r] === j + 1 ? 1 : 0));
    const u0 = Float64Array.from(rows, (r) => base.mean[r * K + j + 1]!);
    const metrics = (u: Float64Array, idx: Int32Array): [number, number] => {
      const yy = Float64Array.from(idx, (i) => y[i]!);
      const tt = Float64Array.from(idx, (i) => t[i]!);
      const uu = Float64Array.from(idx, (i) => u[i]!);
      return [qiniAucScore(yy, uu, tt), upliftAtK(yy, uu, tt, { strategy: 'overall', k })];
    };
    const all = Int32Array.from({ length: rows.length }, (_, i) => i);
    const resamples = Array.from({ length: options.bootstrap ?? 200 }, () => Int32Array.from(all, () => rng.int(all.length)));
    const [q0, a0] = metrics(u0, all);
    const b0 = resamples.map((idx) => metrics(u0, idx));
    features.forEach((feature, f) => {
      const u = Float64Array.from(rows, (r) => shuffledScores[f]!.mean[r * K + j + 1]!);
      const [q, a] = metrics(u, all);
      const drops = resamples.map((idx, b) => {
        const [qb, ab] = metrics(u, idx);
        return [b0[b]![0] - qb, b0[b]![1] - ab] as const;
      });
      out.push({
        feature,
        arm,
        qiniDrop: q0 - q,
        qiniInterval: [quantile(drops.map((d) => d[0]), 0.025), quantile(drops.map((d) => d[0]), 0.975)],
        upliftAtKDrop: a0 - a,
        upliftAtKInterval: [quantile(drops.map((d) => d[1]), 0.025), quantile(drops.map((d) => d[1]), 0.975)],
      });
    });
  });
  return out;
}
