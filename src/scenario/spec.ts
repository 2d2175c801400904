/**
 * The scenario file: data, model, arms and costs, the value of the outcome,
 * the allocation rules, and variations that override any of them. YAML or
 * JSON; validated with zod so every problem is reported with its field path
 * (and, for YAML, its line). A scenario never runs code from the file.
 */
import type { z as zt } from 'zod';
// The one copy of zod every module uses (util/schema.ts): this module validates on every use, so it loads zod at once.
import { zod } from '../util/schema.js';
import { DEFAULT_METHOD } from '../uplift/learner-defaults.js';
import { SOLVER_NAMES } from '../allocate/plan.js';
import { countOrShareProblem } from '../allocate/count.js';
import { scenarioRuleFields } from '../allocate/rules/registry.js';

const z = zod();

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
/** A count, or a share of the units written as a fraction in (0, 1) or a percentage string like "20%" (the rules of allocate/count.ts). */
const countOrShare = z.union([z.number(), z.string()]).superRefine((v, ctx) => {
  const problem = countOrShareProblem(v);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `${problem}; give a count, a share in (0, 1) or a percentage like "20%"` });
});

export const dataSchema = z
  .object({
    /** CSV with one row per unit (path relative to the scenario file). */
    file: z.string().min(1),
    id: z.string().optional(),
    /** Treatment and outcome columns (needed by uplift models, which learn from them). */
    treatment: z.string().min(1).optional(),
    /** Control label of the treatment column (0 / "control" found by themselves). */
    control: z.string().optional(),
    outcome: z.string().min(1).optional(),
    features: z.array(z.string()).optional(),
    exclude: z.array(z.string()).optional(),
    /** Feature columns meant as categories although nearly all their cells are numbers (else a few text cells among numbers are an error). */
    categorical: z.array(z.string()).optional(),
    /** Fraction of rows held out (systematically, by row index) to evaluate the model and to plan for. */
    holdout: z.number().gt(0).lt(1).optional(),
  })
  .strict();

export const unitsSchema = z
  .object({
    /** CSV of the units to plan for (with the model's feature columns), when they are not the data's rows. */
    file: z.string().min(1),
    /** Plan for a seeded random sample of this many of its rows. */
    sample: z.number().int().positive().optional(),
    /** Seed of the sample (default: the scenario's seed). */
    seed: z.number().int().optional(),
  })
  .strict();

export const upliftModelSchema = z
  .object({
    kind: z.literal('uplift'),
    /** An uplift method, or 'auto' (cross-fitted choice); default the CLI's default method. */
    method: z.string().default(DEFAULT_METHOD),
    learner: z.string().optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    methodOptions: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const savedModelSchema = z.object({ kind: z.literal('saved'), file: z.string().min(1) }).strict();

export const bayesModelSchema = z
  .object({
    kind: z.literal('bayes'),
    /** A liftwise Bayesian model file (JSON). */
    file: z.string().min(1),
    /** The node intervened on (the treatment) and the outcome node. */
    treatmentNode: z.string().min(1),
    outcomeNode: z.string().min(1),
    /** Value of the treatment node under "no treatment" (arm 0); arms set theirs with `value`. */
    controlValue: z.number().default(0),
    chains: z.number().int().positive().default(4),
    warmup: z.number().int().positive().default(1000),
    draws: z.number().int().positive().default(1000),
  })
  .strict();

export const didModelSchema = z
  .object({
    kind: z.literal('did'),
    /** Panel CSV (relative path): one row per unit and period. */
    panel: z.string().min(1),
    unit: z.string().min(1),
    period: z.string().min(1),
    outcome: z.string().min(1),
    /** 0/1: treated in this period (absorbing once it starts). */
    treatment: z.string().min(1),
    covariates: z.array(z.string()).default([]),
    /** Estimate one effect per level of this column (present in the panel and in the planned units). */
    by: z.string().min(1).optional(),
    /** Posterior-like draws of the effect, Normal(estimate, standard error), for intervals (default 1000). */
    draws: z.number().int().min(100).max(100_000).default(1000),
  })
  .strict();

export const modelSchema = z.discriminatedUnion('kind', [upliftModelSchema, savedModelSchema, bayesModelSchema, didModelSchema]);

export const armSchema = z
  .object({
    /** A treatment label of the data (uplift models), a dose level, or a name for the intervention. */
    name: z.string().min(1),
    /** Bayesian models: the value the treatment node is set to under this arm (default: the arm's number, 1, 2, …). */
    value: z.number().optional(),
    /** Cost per unit: a number, or the name of a numeric column of the data. */
    cost: z.union([nonNegative, z.object({ column: z.string().min(1) }).strict()]),
    /** Only units whose column has one of these values may get the arm. */
    eligible: z.object({ column: z.string().min(1), in: z.array(z.union([z.string(), z.number()])).min(1) }).strict().optional(),
    min: z.number().int().nonnegative().optional(),
    max: z.number().int().nonnegative().optional(),
  })
  .strict();

export const doseSchema = z
  .object({
    /** Levels of the numeric treatment to choose from; the first is "no treatment". */
    levels: z.array(z.number()).min(2),
    /** Cost of one unit of dose (cost of level ℓ = ℓ × costPerUnit). */
    costPerUnit: positive.default(1),
  })
  .strict();

/** The rule fields come from the rule kinds (src/allocate/rules/registry.ts), each kind's from its module. */
export const constraintsSchema = z
  .object({
    ...scenarioRuleFields({ z, countOrShare }),
    objective: z.enum(['value', 'profit']).optional(),
  })
  .strict();

export const solverSchema = z
  .object({
    name: z.enum(['auto', ...SOLVER_NAMES]).default('auto'),
    timeLimit: positive.optional(),
    mipGap: nonNegative.optional(),
  })
  .strict();

export const variationSchema = z
  .object({
    name: z.string().min(1),
    constraints: constraintsSchema.optional(),
    /** A sweep of budgets, solved in one pass along the budget frontier. */
    budgetGrid: z.object({ from: nonNegative, to: nonNegative, steps: z.number().int().min(2).max(10_000) }).strict().optional(),
    /** Multiply costs: one factor for every arm, or per arm name. */
    costMultiplier: z.union([positive, z.record(z.string(), positive)]).optional(),
    valuePerOutcome: z.number().optional(),
    /** Override parts of an uplift model (e.g. another learner). */
    model: upliftModelSchema.omit({ kind: true }).partial().strict().optional(),
    /** What the plan maximises over the model's draws: 'mean' (default) or 'cvar:α' (mean of the worst α share). */
    risk: z.string().regex(/^(mean|(cvar|quantile):(0?\.\d+|1(\.0*)?))$/, "use 'mean', 'cvar:α' or 'quantile:α' with 0 < α ≤ 1, e.g. 'cvar:0.1'").optional(),
    /** Give a unit an arm only when P(effect × valuePerOutcome > cost) ≥ this over the model's draws. */
    minProbability: z.number().min(0).max(1).optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    version: z.literal(1).default(1),
    name: z.string().min(1),
    description: z.string().optional(),
    seed: z.number().int().default(0),
    data: dataSchema,
    /** Units to plan for; default: the holdout rows of the data, or all of them. */
    units: unitsSchema.optional(),
    model: modelSchema,
    arms: z.array(armSchema).min(1).optional(),
    dose: doseSchema.optional(),
    /** Value of one unit of the outcome (one visit, one enrolment), in the budget's money. */
    valuePerOutcome: z.number().default(1),
    constraints: constraintsSchema.default({}),
    solver: solverSchema.default({ name: 'auto' }),
    /** Column whose segments the report breaks the treated down by. */
    reportSegment: z.string().optional(),
    variations: z.array(variationSchema).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.arms === undefined && s.dose === undefined) {
      ctx.addIssue({ code: 'custom', path: ['arms'], message: 'give the treated arms with their costs (or a dose with levels)' });
    }
    if (s.model.kind === 'uplift' || s.model.kind === 'saved') {
      for (const field of ['treatment', 'outcome'] as const) {
        if (s.data[field] === undefined) ctx.addIssue({ code: 'custom', path: ['data', field], message: `an uplift model needs the ${field} column` });
      }
    }
    const names = new Set<string>();
    s.variations.forEach((v, i) => {
      if (names.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variations', i, 'name'], message: `variation name '${v.name}' is used twice` });
      names.add(v.name);
    });
  });

export type ScenarioSpec = zt.infer<typeof scenarioSchema>;
export type VariationSpec = zt.infer<typeof variationSchema>;
export type ConstraintsSpec = zt.infer<typeof constraintsSchema>;
export type ArmSpec = zt.infer<typeof armSchema>;
