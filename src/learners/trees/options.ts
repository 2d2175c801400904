/** Option schema parts shared by the tree ensembles, and how their options resolve against the data. */
import type { Zod } from '../../util/schema.js';

export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

export const positiveInt = (z: Zod) => z.number().int().positive();
/** A depth limit, or null for none. */
export const maxDepthSchema = (z: Zod) => positiveInt(z).nullable();
/** Quantile bins per numeric feature. */
export const maxBinsSchema = (z: Zod) => z.number().int().min(2).max(255);
/** 'sqrt', 'log2', 'all', a fraction in (0, 1] or a whole count. */
export const maxFeaturesSchema = (z: Zod) => z.union([z.enum(['sqrt', 'log2', 'all']), z.number().positive().max(1), positiveInt(z)]);

/** Features per split, like scikit-learn: sqrt/log2 of p (at least 1), a fraction of p, or a count. */
export function resolveMaxFeatures(v: MaxFeatures, p: number): number {
  let m: number;
  if (v === 'sqrt') m = Math.floor(Math.sqrt(p));
  else if (v === 'log2') m = Math.floor(Math.log2(p));
  else if (v === 'all') m = p;
  else if (v <= 1) m = Math.floor(v * p);
  else m = v;
  return Math.max(1, Math.min(p, m));
}

/**
 * minSamplesLeaf as a count (≥ 1) or, like scikit-learn's min_samples_leaf, a
 * fraction in (0, 1) of the training rows (ceil(fraction · n)): a fraction
 * keeps leaves in proportion to the data, which uplift defaults rely on.
 */
export const minSamplesLeafSchema = (z: Zod) => z.union([positiveInt(z), z.number().gt(0).lt(1)]);

/** Rows per leaf for n training rows. */
export function resolveMinSamplesLeaf(v: number, n: number): number {
  return v < 1 ? Math.max(1, Math.ceil(v * n)) : v;
}
