/** What `allocate` (in memory or over shards) reports about a plan, as JSON fields and as text. */
import type { Plan, SolverName } from '../allocate/plan.js';

export interface Summary {
  plan: string;
  status: Plan['status'];
  solver: SolverName;
  objective: number;
  bound: number;
  gap: number;
  relativeGap: number;
  budget: number;
  spend: number;
  recipients: number;
  maxRecipients: number | null;
  arms: Record<string, number>;
  seconds: number;
  notes: readonly string[];
  /** The objective the plan maximises: mean, or cvar:α over the draws. */
  risk: string;
  /**
   * The plan's incremental outcome (Σ effect of the chosen arms, in outcome
   * units): its mean, and with draws a 94 % interval, P(> 0) and which kind of
   * draws made them (posterior, bootstrap, normal-approximation).
   */
  outcome: { mean: number; lower: number | null; upper: number | null; level: number | null; probabilityPositive: number | null; draws: number | null; kind: string | null };
  frontier: { alpha: number; points: { weight: number; mean: number; cvar: number; gap: number; recipients: number; spend: number }[] } | null;
}

export function summaryText(s: Summary): string {
  const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(10).replace(/\.?0+$/, ''));
  const o = s.outcome;
  const outcome =
    o.lower === null
      ? `outcome     ${num(o.mean)} incremental (point estimate: no draws, no interval)`
      : `outcome     ${num(o.mean)} incremental, ${Math.round(100 * o.level!)} % interval ${num(o.lower)} … ${num(o.upper!)}, P(> 0) ${o.probabilityPositive!.toFixed(3)} (${o.draws} ${o.kind} draws)`;
  const frontier =
    s.frontier === null
      ? []
      : [
          `frontier    λ·cvar:${s.frontier.alpha} + (1 − λ)·mean, objective over draws:`,
          ...s.frontier.points.map((p) => `  λ ${p.weight.toFixed(2)}  mean ${num(p.mean)}  cvar ${num(p.cvar)}  recipients ${p.recipients}  spend ${num(p.spend)}`),
        ];
  return [
    `plan written to ${s.plan}`,
    `status      ${s.status} (solver ${s.solver}, ${s.seconds.toFixed(3)} s)`,
    `objective   ${num(s.objective)}${s.risk === 'mean' ? '' : ` (${s.risk} of the plan's objective over the draws)`}`,
    `bound       ${num(s.bound)}`,
    `gap         ${num(s.gap)} (${s.relativeGap.toExponential(2)} of the bound)`,
    `spend       ${num(s.spend)} of ${num(s.budget)}`,
    `recipients  ${s.recipients}${s.maxRecipients === null ? '' : ` (cap ${s.maxRecipients})`}`,
    `arms        ${Object.entries(s.arms).map(([a, c]) => `${a} ${c}`).join(', ')}`,
    outcome,
    ...frontier,
    ...s.notes.map((note) => `note        ${note}`),
  ].join('\n');
}
