/**
 * The JSON model file, version 1, validated with zod.
 *
 * {
 *   "format": "liftwise-bayes-model", "version": 1,
 *   "name": "m13.2", "description": "...",
 *   "nodes": [
 *     { "kind": "group", "name": "tank", "rows": true },
 *     { "kind": "data", "name": "density" },                       // column 'density'
 *     { "kind": "param", "name": "abar", "dist": "Normal(0, 1.5)" },
 *     { "kind": "param", "name": "sigma", "dist": "Exponential(1)" },
 *     { "kind": "param", "name": "a", "dist": "Normal(abar, sigma)", "shape": "tank" },
 *     { "kind": "observed", "name": "surv", "dist": "BinomialLogit(density, a[tank])" }
 *   ]
 * }
 *
 * Data, group and observed nodes read the column of their own name unless
 * they say otherwise (`column`, `columns` for a matrix, or inline `values`).
 */
import type { z as zt } from 'zod';
// The one copy of zod every module uses (util/schema.ts): this module validates on every use, so it loads zod at once.
import { zod } from '../../util/schema.js';
import { MODEL_FORMAT, MODEL_VERSION } from '../model/model.js';

const z = zod();

const name = z.string().min(1, 'a node needs a name');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const dataNode = z
  .strictObject({
    kind: z.literal('data'),
    name,
    description: z.string().optional(),
    column: z.string().min(1).optional(),
    columns: z.array(z.string().min(1)).min(1).optional(),
    value: finite.optional(),
    values: z.array(finite).min(1).optional(),
    shape: z.tuple([z.number().int().min(1), z.number().int().min(1)]).optional(),
  })
  .refine((n) => [n.column, n.columns, n.value, n.values].filter((v) => v !== undefined).length <= 1, {
    message: 'give at most one of column, columns, value and values',
  });

const groupNode = z
  .strictObject({
    kind: z.literal('group'),
    name,
    description: z.string().optional(),
    column: z.string().min(1).optional(),
    rows: z.literal(true).optional(),
    codes: z.array(z.number().int().min(0)).min(1).optional(),
    levels: z.number().int().min(1).optional(),
    labels: z.array(z.string()).optional(),
  })
  .refine((n) => [n.column, n.rows, n.codes].filter((v) => v !== undefined).length <= 1, {
    message: 'give at most one of column, rows and codes',
  });

const paramNode = z.strictObject({
  kind: z.literal('param'),
  name,
  description: z.string().optional(),
  dist: z.string().min(1, "a param node needs a distribution, e.g. 'Normal(0, 1)'"),
  shape: z
    .union([z.number().int('shape must be a whole number').min(1, 'shape must be at least 1'), z.string().min(1)], {
      error: 'shape must be a whole number ≥ 1 or the name of a group node',
    })
    .optional(),
  lower: finite.optional(),
  upper: finite.optional(),
  noncentered: z.boolean().optional(),
});

const observedNode = z
  .strictObject({
    kind: z.literal('observed'),
    name,
    description: z.string().optional(),
    dist: z.string().min(1, "an observed node needs a distribution, e.g. 'Normal(mu, sigma)'"),
    column: z.string().min(1).optional(),
    values: z.array(finite).min(1).optional(),
  })
  .refine((n) => n.column === undefined || n.values === undefined, { message: 'give column or values, not both' });

const deterministicNode = z.strictObject({
  kind: z.literal('deterministic'),
  name,
  description: z.string().optional(),
  expr: z.string().min(1, 'a deterministic node needs an expression'),
  track: z.boolean().optional(),
});

export const nodeSchema = z.discriminatedUnion('kind', [dataNode, groupNode, paramNode, observedNode, deterministicNode], {
  error: "kind must be one of 'data', 'group', 'param', 'observed', 'deterministic'",
});

export const modelFileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT, { error: `format must be "${MODEL_FORMAT}"` }),
  version: z.literal(MODEL_VERSION, { error: `this liftwise reads model files of version ${MODEL_VERSION}` }),
  name: z.string().optional(),
  description: z.string().optional(),
  nodes: z.array(nodeSchema).min(1, 'a model needs at least one node'),
  interventions: z.array(z.string()).optional(),
});

export type ModelFile = zt.infer<typeof modelFileSchema>;
export type ModelFileNode = zt.infer<typeof nodeSchema>;
