/** Causal graphs with hidden confounders: parsing, m-separation, adjustment criteria, ID/IDC identification. */
export { Admg } from './admg.js';
export type { DirectedEdge, BidirectedEdge } from './admg.js';
export { parseGraph, readGraph } from './parse.js';
export type { ParsedGraph } from './parse.js';
export { mSeparated } from './separation.js';
export { backdoorSets, frontdoorSets, isBackdoorSet, isFrontdoorSet } from './criteria.js';
export type { AdjustmentSets } from './criteria.js';
export { identify, describeHedge, planExpr, conditional } from './identify.js';
export type { Identification, Hedge, Plan as IdentificationPlan, Dist as IdentificationDist, Query as IdentificationQuery, Conditional as IdentificationConditional } from './identify.js';
export { toText, toLatex } from './estimand.js';
export type { Expr as Estimand } from './estimand.js';
