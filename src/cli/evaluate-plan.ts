/**
 * `liftwise evaluate --plan plan.csv`: what a plan delivers, estimated from
 * held-out rows of a randomised campaign (the rows the plan covers, with
 * their assigned treatment and observed outcome; the model that scored them
 * must not have been fitted on them). Beside it, what the plan promised (the
 * sum of its expected_incremental column), so the gap between promise and
 * held-out estimate is the plan's optimism.
 */
import { heldOutPlanValue, type HeldOutPlanValue } from '../allocate/heldOut.js';
import { encodeTreatment, numericOutcome, requireColumn } from '../data/roles.js';
import { cellText, lineOfRow, type Table } from '../data/table.js';
import { InputError } from '../errors.js';

export interface PlanEvaluation {
  readonly file: string;
  /** Units of the plan matched to data rows, and those given a treated arm. */
  readonly units: number;
  readonly treatedUnits: number;
  /** Σ expected_incremental over the plan's treated units: what the plan promised. */
  readonly promised: number;
  readonly heldOut: HeldOutPlanValue;
}

/**
 * Lines the plan's units up with the data rows (by the plan's id column, or
 * by `row` = 1-based data row) and estimates the plan's incremental outcome.
 */
export function evaluatePlan(
  data: Table,
  plan: Table,
  options: { readonly treatment: string; readonly outcome: string; readonly control?: string; readonly level: number; readonly replicates: number; readonly seed: number },
): PlanEvaluation {
  const file = plan.source ?? 'plan';
  const idName = plan.names[0]!;
  const armColumn = requireColumn(plan, 'arm', 'plan arm');
  const expected = plan.columns.get('expected_incremental');
  const rowOf = rowsOfPlan(data, plan, idName);
  const labels: string[] = [];
  const planArm = new Int32Array(plan.nRows);
  for (let u = 0; u < plan.nRows; u++) {
    const label = cellText(armColumn, u);
    if (label === '') throw new InputError('E_PLAN_ARM', 'the plan has an empty arm cell', { file, ...at(plan, u), column: 'arm' });
    if (label === 'none') continue;
    let k = labels.indexOf(label);
    if (k < 0) k = labels.push(label) - 1;
    planArm[u] = k + 1;
  }
  if (labels.length === 0) throw new InputError('E_PLAN_EMPTY', 'the plan treats no unit: there is nothing to evaluate', { file });
  const treatment = encodeTreatment(data, options.treatment, { ...(options.control === undefined ? {} : { control: options.control }), treated: labels });
  const y = numericOutcome(data, options.outcome);
  const choice = new Int32Array(plan.nRows);
  const assigned = new Int32Array(plan.nRows);
  const outcome = new Float64Array(plan.nRows);
  let promised = 0;
  let treatedUnits = 0;
  for (let u = 0; u < plan.nRows; u++) {
    const r = rowOf[u]!;
    choice[u] = planArm[u]!;
    assigned[u] = treatment.arm[r]!;
    outcome[u] = y[r]!;
    if (planArm[u]! > 0) {
      treatedUnits++;
      if (expected !== undefined && expected.kind === 'numeric') promised += expected.values[u]!;
    }
  }
  const heldOut = heldOutPlanValue(choice, assigned, outcome, {
    level: options.level,
    replicates: options.replicates,
    seed: options.seed,
    armLabels: [treatment.encoding.arms[0]!, ...labels],
  });
  return { file, units: plan.nRows, treatedUnits, promised: expected === undefined ? NaN : promised, heldOut };
}

/** Each plan unit's data row: by id when the data has the plan's id column, else by the plan's `row` column. */
function rowsOfPlan(data: Table, plan: Table, idName: string): Int32Array {
  const file = plan.source ?? 'plan';
  const planIds = plan.columns.get(idName)!;
  const out = new Int32Array(plan.nRows);
  const dataIds = data.columns.get(idName);
  if (dataIds === undefined) {
    if (idName !== 'row') {
      throw new InputError('E_PLAN_ID', `the plan's id column '${idName}' is not a column of ${data.source ?? 'the data'}: evaluate the plan on the rows it was made for`, {
        file,
        column: idName,
      });
    }
    for (let u = 0; u < plan.nRows; u++) {
      const r = planIds.kind === 'numeric' ? planIds.values[u]! - 1 : NaN;
      if (!(Number.isInteger(r) && r >= 0 && r < data.nRows)) {
        throw new InputError('E_PLAN_ROW', `row '${cellText(planIds, u)}' is not a data row (1 to ${data.nRows})`, { file, ...at(plan, u), column: 'row' });
      }
      out[u] = r;
    }
    return out;
  }
  const rowOfId = new Map<string, number>();
  for (let r = 0; r < data.nRows; r++) rowOfId.set(cellText(dataIds, r), r);
  const seen = new Set<string>();
  for (let u = 0; u < plan.nRows; u++) {
    const id = cellText(planIds, u);
    const r = rowOfId.get(id);
    if (r === undefined) {
      throw new InputError('E_PLAN_ID', `id '${id}' of the plan is not in ${data.source ?? 'the data'} (column '${idName}')`, { file, ...at(plan, u), column: idName });
    }
    if (seen.has(id)) throw new InputError('E_PLAN_ID', `id '${id}' appears twice in the plan`, { file, ...at(plan, u), column: idName });
    seen.add(id);
    out[u] = r;
  }
  return out;
}

/** A plan row's line, when the reader knows it. */
function at(table: Table, row: number): { line?: number } {
  const line = lineOfRow(table, row);
  return line === undefined ? {} : { line };
}

/** The plan section of evaluate's text output. */
export function planEvaluationText(p: PlanEvaluation): string[] {
  const h = p.heldOut;
  const pct = Number((100 * h.level).toFixed(2));
  return [
    `plan ${p.file}: ${p.treatedUnits} of ${p.units} units treated`,
    `  promised incremental outcome ${Number.isNaN(p.promised) ? '–' : p.promised.toFixed(2)} (sum of expected_incremental)`,
    `  held-out estimate ${h.estimate.toFixed(2)}, ${pct} % interval [${h.lower.toFixed(2)}, ${h.upper.toFixed(2)}] (held-out: difference in means of the randomised rows within each planned arm, bootstrap over rows, ${h.replicates} replicates)`,
    ...h.arms.map((a) => `  ${a.arm}: ${a.units} units (${a.assignedArm} assigned ${a.arm}, ${a.assignedControl} control), estimate ${a.estimate.toFixed(2)}`),
  ];
}
