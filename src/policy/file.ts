/** Reading and writing policy files (POLICY.json), checked field by field. */
import { promises as fs } from 'node:fs';
import type { z as zt } from 'zod';
// The one copy of zod (util/schema.ts); this module validates on every use.
import { zod } from '../util/schema.js';
import { writeFileAtomic } from '../util/atomic.js';
import { POLICY_FORMAT, POLICY_VERSION, type PolicyJSON } from './fit.js';
import type { RuleNode } from './rule.js';
import { policyErrors } from './messages.js';

const z = zod();

const split = z.union([
  z.object({ column: z.string(), kind: z.literal('numeric'), threshold: z.number() }),
  z.object({ column: z.string(), kind: z.literal('level'), level: z.string() }),
]);

const node: zt.ZodType<RuleNode> = z.lazy(() =>
  z.union([
    z.object({ action: z.string(), rows: z.number(), gain: z.number() }),
    z.object({ split, left: node, right: node, rows: z.number() }),
  ]),
);

const policySchema = z
  .object({
    format: z.literal(POLICY_FORMAT),
    version: z.literal(POLICY_VERSION),
    treatment: z.object({ column: z.string(), arms: z.array(z.string()).min(2) }),
    outcome: z.object({ column: z.string(), kind: z.enum(['binary', 'continuous']) }),
    features: z.array(z.string()),
    depth: z.number().int().min(1).max(3),
    tree: node,
  })
  .passthrough();

export async function savePolicy(file: string, policy: PolicyJSON): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(policy, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}

export async function loadPolicy(file: string): Promise<PolicyJSON> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw policyErrors.policyFile(file, code === 'ENOENT' ? 'file not found' : `cannot read it (${code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw policyErrors.policyFile(file, `not valid JSON (${e instanceof Error ? e.message : String(e)}); it may be truncated`);
  }
  const head = z.object({ format: z.unknown(), version: z.unknown() }).safeParse(json);
  if (!head.success || head.data.format !== POLICY_FORMAT) {
    throw policyErrors.policyFile(file, `format is ${JSON.stringify(head.success ? head.data.format : undefined)}, expected "${POLICY_FORMAT}"`, ['format']);
  }
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw policyErrors.policyFile(file, issue.message, issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
  }
  return parsed.data as unknown as PolicyJSON;
}
