/**
 * What a shard's allocation needs to know besides the shard (value per
 * outcome, objective, costs, id column): numbers and column names only, as a
 * zod schema, since it travels in job payloads and a worker takes nothing
 * else from it.
 */
import type { z as zt } from 'zod';
// The one copy of zod (util/schema.ts); job payloads are validated on every use.
import { zod } from '../util/schema.js';

const z = zod();

export const allocateSpecSchema = z.strictObject({
  valuePerOutcome: z.number().finite(),
  objective: z.enum(['value', 'profit']),
  onlyProfitable: z.boolean(),
  cost: z.string().max(10_000).optional(),
  costCol: z.array(z.string().max(1000)).max(1000).optional(),
  id: z.string().max(1000).optional(),
});
export type AllocateSpec = zt.infer<typeof allocateSpecSchema>;
