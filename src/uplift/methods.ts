/** Uplift methods by name, for the CLI, model files and scenarios. */
import type { BaseLearner } from '../learners/types.js';
import type { UpliftLearner, UpliftLearnerJSON, OutcomeKind } from './types.js';
import { TwoModel } from './two-model.js';
import { ClassTransformation } from './class-transformation.js';
import { upliftErrors } from './messages.js';

export interface MethodContext {
  readonly seed: number;
  readonly outcomeKind: OutcomeKind;
  readonly armLabels: readonly string[];
  /** Method-specific options (validated by the method). */
  readonly options: object;
}

export interface UpliftMethodEntry {
  readonly name: string;
  readonly description: string;
  /** Which base-learner task the method needs for a given outcome kind. */
  baseTask(outcome: OutcomeKind): 'classification' | 'regression';
  /** False when the method cannot take this outcome kind (class transformation needs 0/1). */
  accepts(outcome: OutcomeKind): boolean;
  create(base: BaseLearner, context: MethodContext): UpliftLearner;
  fromJSON(json: UpliftLearnerJSON): UpliftLearner;
}

const methods: UpliftMethodEntry[] = [
  {
    name: 'two-model',
    description: 'one model per arm (T-learner); uplift = f_k(x) − f_0(x)',
    baseTask: (outcome) => (outcome === 'binary' ? 'classification' : 'regression'),
    accepts: () => true,
    create: (base, ctx) => new TwoModel(base, { seed: ctx.seed }),
    fromJSON: (json) => TwoModel.fromJSON(json),
  },
  {
    name: 'class-transformation',
    description: 'one classifier on z = [y = t]; uplift = 2·P(z = 1) − 1 (needs a 50/50 split)',
    baseTask: () => 'classification',
    accepts: (outcome) => outcome === 'binary',
    create: (base, ctx) => new ClassTransformation(base, { seed: ctx.seed, armLabels: ctx.armLabels }),
    fromJSON: (json) => ClassTransformation.fromJSON(json),
  },
];

export function registerUpliftMethod(entry: UpliftMethodEntry): void {
  const i = methods.findIndex((m) => m.name === entry.name);
  if (i >= 0) methods[i] = entry;
  else methods.push(entry);
}

export function upliftMethodNames(): string[] {
  return methods.map((m) => m.name);
}

export function upliftMethod(name: string): UpliftMethodEntry {
  const entry = methods.find((m) => m.name === name);
  if (entry === undefined) throw upliftErrors.unknownMethod(name, upliftMethodNames());
  return entry;
}

export function upliftLearnerFromJSON(json: UpliftLearnerJSON): UpliftLearner {
  return upliftMethod(json.method).fromJSON(json);
}
