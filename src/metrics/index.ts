/** Uplift metrics: Qini and uplift curves and scores as scikit-uplift 0.5.1 defines them, plus causalml's scores. */
export type { Curve, NumberColumn, TopStrategy } from './types.js';
export { qiniCurve } from './qiniCurve.js';
export { upliftCurve } from './upliftCurve.js';
export { perfectQiniCurve } from './perfectQiniCurve.js';
export type { PerfectQiniOptions } from './perfectQiniCurve.js';
export { perfectUpliftCurve } from './perfectUpliftCurve.js';
export { qiniAucScore } from './qiniAucScore.js';
export type { QiniAucOptions } from './qiniAucScore.js';
export { upliftAucScore } from './upliftAucScore.js';
export { upliftAtK } from './upliftAtK.js';
export type { UpliftAtKOptions } from './upliftAtK.js';
export { weightedAverageUplift } from './weightedAverageUplift.js';
export type { WeightedAverageUpliftOptions } from './weightedAverageUplift.js';
export { auucScore } from './auucScore.js';
export type { CausalmlScoreOptions } from './auucScore.js';
export { qiniScore } from './qiniScore.js';
export { qiniAucInterval } from './qiniAucInterval.js';
export type { QiniAucInterval, QiniAucIntervalOptions } from './qiniAucInterval.js';
