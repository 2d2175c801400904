export { observe, intervene, intervene as do, nodeLengths } from './conditioning.js';
export type { InterventionValue } from './conditioning.js';
export { predictive, priorPredictive, withData } from './predictive.js';
export type { PredictiveOptions, PriorPredictiveOptions, NodeDraws, NewData } from './predictive.js';
export { cate, armEffects, posteriorEffects, expectedOutcomes, averageEffect, meanOverDraws } from './effects.js';
export type { EffectOptions, EffectDraws } from './effects.js';
