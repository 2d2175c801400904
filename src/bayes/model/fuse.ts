/**
 * Recognises the linear-regression likelihood y ~ Normal(linear predictor, σ)
 * and compiles it to one NormalLinearOp (see ad/fused.ts): the predictor must
 * be a sum of terms, each a constant, a scalar parameter expression (an
 * intercept), a scalar times a data column (`beta[2] * mom_iq`), or
 * `dot(X, beta)` with a data matrix. Anything else is lowered op by op.
 */
import type { Op } from '../ad/ops.js';
import { NormalLinearOp, type CoefficientSlot } from '../ad/fused.js';
import type { Var } from '../ad/var.js';
import type { Expr } from './expression.js';
import type { ResolvedRandom } from './graph.js';
import { lowerExpression, type LowerContext } from './lower.js';

type Path = ReadonlyArray<string | number>;

function signedTerms(e: Expr, sign: number, out: Array<{ sign: number; expr: Expr }>): void {
  if (e.op === 'bin' && (e.fn === '+' || e.fn === '-')) {
    signedTerms(e.left, sign, out);
    signedTerms(e.right, e.fn === '+' ? sign : -sign, out);
  } else if (e.op === 'neg') {
    signedTerms(e.arg, -sign, out);
  } else {
    out.push({ sign, expr: e });
  }
}

/**
 * Returns the fused density op for an observed Normal node when its predictor is linear
 * (its sub-expressions' ops are emitted into ctx), or undefined (nothing emitted).
 */
export function fuseNormalLinear(ctx: LowerContext, node: ResolvedRandom, x: Var, path: Path): { op: Op; inputs: Var[] } | undefined {
  if (node.family.name !== 'Normal' || !x.constant) return undefined;
  const n = x.length;
  const pending: Array<{ op: Op; inputs: readonly Var[] }> = [];
  const scratch: LowerContext = { ...ctx, emit: (op, inputs) => pending.push({ op, inputs }) };
  const lower = (e: Expr): Var => lowerExpression(scratch, e, path);
  try {
    const sigma = lower(node.args[1]!);
    if (sigma.length !== 1) return undefined;
    const terms: Array<{ sign: number; expr: Expr }> = [];
    signedTerms(node.args[0]!, 1, terms);
    const slots: CoefficientSlot[] = [];
    const columns: Float64Array[] = [];
    const offset = new Float64Array(n);
    const addColumn = (source: Var, index: number, column: Var | undefined, sign: number): void => {
      const z = new Float64Array(n);
      if (column === undefined) z.fill(sign);
      else if (column.length === 1) z.fill(sign * column.value[0]!);
      else for (let i = 0; i < n; i++) z[i] = sign * column.value[i]!;
      slots.push({ source, index });
      columns.push(z);
    };
    const addOffset = (v: Var, sign: number): void => {
      for (let i = 0; i < n; i++) offset[i] = offset[i]! + sign * v.value[v.length === 1 ? 0 : i]!;
    };
    for (const { sign, expr } of terms) {
      if (expr.op === 'bin' && expr.fn === '*') {
        const a = lower(expr.left);
        const b = lower(expr.right);
        if (a.constant && b.constant) {
          if (a.length !== 1 && a.length !== n) return undefined;
          if (b.length !== 1 && b.length !== n) return undefined;
          for (let i = 0; i < n; i++) offset[i] = offset[i]! + sign * a.value[a.length === 1 ? 0 : i]! * b.value[b.length === 1 ? 0 : i]!;
          continue;
        }
        const [coef, column] = a.constant ? [b, a] : [a, b];
        if (coef.constant || !column.constant || coef.length !== 1 || (column.length !== 1 && column.length !== n)) return undefined;
        addColumn(coef, 0, column, sign);
        continue;
      }
      if (expr.op === 'call' && expr.fn === 'dot' && expr.args[0]?.op === 'ref' && ctx.matrices.has(expr.args[0].name)) {
        const m = ctx.matrices.get(expr.args[0].name)!;
        const b = lower(expr.args[1]!);
        if (b.constant || b.length !== m.cols || m.rows !== n) return undefined;
        for (let j = 0; j < m.cols; j++) {
          const z = new Float64Array(n);
          for (let i = 0; i < n; i++) z[i] = sign * m.values[i * m.cols + j]!;
          slots.push({ source: b, index: j });
          columns.push(z);
        }
        continue;
      }
      const v = lower(expr);
      if (v.constant) {
        if (v.length !== 1 && v.length !== n) return undefined;
        addOffset(v, sign);
      } else if (v.length === 1) {
        addColumn(v, 0, undefined, sign);
      } else {
        return undefined;
      }
    }
    // Worth it only when there are fewer coefficients than observations.
    if (slots.length === 0 || slots.length >= n) return undefined;
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = x.value[i]! - offset[i]!;
    for (const { op, inputs } of pending) ctx.emit(op, inputs);
    const op = new NormalLinearOp(slots, columns, y, sigma);
    return { op, inputs: [...new Set(slots.map((s) => s.source)), sigma] };
  } catch {
    // Errors (lengths, names) are reported by the ordinary lowering that follows.
    return undefined;
  }
}
