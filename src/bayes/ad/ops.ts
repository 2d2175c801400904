/**
 * Vector operations of the reverse-mode tape. Each op owns its output Var
 * (allocated once); `forward` computes it in a flat loop, `backward` adds the
 * output's adjoint times the local derivative into the inputs' adjoints.
 * Inputs of length 1 broadcast (stride 0), so their adjoint collects a sum.
 */
import { Var, strideOf } from './var.js';
import { invLogit, softplus } from '../distributions/special.js';

export interface Op {
  readonly out: Var;
  /** Computes the output; returns this op's contribution to the log density (0 for plain expressions). */
  forward(withGradient: boolean): number;
  /** Propagates out.adj into the inputs' adjoints. */
  backward(): void;
}

export type BinaryKind = '+' | '-' | '*' | '/' | '^';

export class BinaryOp implements Op {
  readonly out: Var;
  private readonly sa: number;
  private readonly sb: number;

  constructor(
    readonly kind: BinaryKind,
    readonly a: Var,
    readonly b: Var,
    withGradient: boolean,
  ) {
    const n = Math.max(a.length, b.length);
    this.out = Var.computed(n, withGradient && (a.adj !== null || b.adj !== null));
    this.sa = strideOf(a, n);
    this.sb = strideOf(b, n);
  }

  forward(): number {
    const x = this.a.value, y = this.b.value, o = this.out.value, sa = this.sa, sb = this.sb, n = o.length;
    switch (this.kind) {
      case '+':
        for (let i = 0; i < n; i++) o[i] = x[i * sa]! + y[i * sb]!;
        break;
      case '-':
        for (let i = 0; i < n; i++) o[i] = x[i * sa]! - y[i * sb]!;
        break;
      case '*':
        for (let i = 0; i < n; i++) o[i] = x[i * sa]! * y[i * sb]!;
        break;
      case '/':
        for (let i = 0; i < n; i++) o[i] = x[i * sa]! / y[i * sb]!;
        break;
      case '^':
        for (let i = 0; i < n; i++) o[i] = Math.pow(x[i * sa]!, y[i * sb]!);
        break;
    }
    return 0;
  }

  backward(): void {
    const g = this.out.adj!, x = this.a.value, y = this.b.value, o = this.out.value;
    const ga = this.a.adj, gb = this.b.adj, sa = this.sa, sb = this.sb, n = o.length;
    // ∂out/∂a and ∂out/∂b per element; a broadcast input sums its contributions in a local first.
    switch (this.kind) {
      case '+':
        if (ga !== null) addScaled(ga, sa, g, n, 1);
        if (gb !== null) addScaled(gb, sb, g, n, 1);
        break;
      case '-':
        if (ga !== null) addScaled(ga, sa, g, n, 1);
        if (gb !== null) addScaled(gb, sb, g, n, -1);
        break;
      case '*':
        if (ga !== null) addProduct(ga, sa, g, y, sb, n);
        if (gb !== null) addProduct(gb, sb, g, x, sa, n);
        break;
      case '/':
        if (ga !== null) {
          if (sa === 0) {
            let acc = 0;
            for (let i = 0; i < n; i++) acc += g[i]! / y[i * sb]!;
            ga[0] = ga[0]! + acc;
          } else for (let i = 0; i < n; i++) ga[i] = ga[i]! + g[i]! / y[i * sb]!;
        }
        if (gb !== null) {
          if (sb === 0) {
            let acc = 0;
            for (let i = 0; i < n; i++) acc += (g[i]! * o[i]!) / y[0]!;
            gb[0] = gb[0]! - acc;
          } else for (let i = 0; i < n; i++) gb[i] = gb[i]! - (g[i]! * o[i]!) / y[i]!;
        }
        break;
      case '^':
        if (ga !== null) {
          for (let i = 0; i < n; i++) {
            const p = y[i * sb]!;
            ga[i * sa] = ga[i * sa]! + g[i]! * p * Math.pow(x[i * sa]!, p - 1);
          }
        }
        if (gb !== null) for (let i = 0; i < n; i++) gb[i * sb] = gb[i * sb]! + g[i]! * o[i]! * Math.log(x[i * sa]!);
        break;
    }
  }
}

/** target[i·stride] += sign·g[i] (a stride-0 target gets the sum). */
function addScaled(target: Float64Array, stride: number, g: Float64Array, n: number, sign: number): void {
  if (stride === 0) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += g[i]!;
    target[0] = target[0]! + sign * acc;
  } else if (sign === 1) {
    for (let i = 0; i < n; i++) target[i] = target[i]! + g[i]!;
  } else {
    for (let i = 0; i < n; i++) target[i] = target[i]! - g[i]!;
  }
}

/** target[i·stride] += g[i]·other[i·otherStride]. */
function addProduct(target: Float64Array, stride: number, g: Float64Array, other: Float64Array, otherStride: number, n: number): void {
  if (stride === 0) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += g[i]! * other[i * otherStride]!;
    target[0] = target[0]! + acc;
  } else if (otherStride === 0) {
    const v = other[0]!;
    for (let i = 0; i < n; i++) target[i] = target[i]! + g[i]! * v;
  } else {
    for (let i = 0; i < n; i++) target[i] = target[i]! + g[i]! * other[i]!;
  }
}

export const unaryFunctions = [
  'neg', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'square', 'abs', 'inv_logit', 'logit', 'softplus', 'log_inv_logit',
] as const;
export type UnaryKind = (typeof unaryFunctions)[number];

export class UnaryOp implements Op {
  readonly out: Var;

  constructor(
    readonly kind: UnaryKind,
    readonly a: Var,
    withGradient: boolean,
  ) {
    this.out = Var.computed(a.length, withGradient && a.adj !== null);
  }

  forward(): number {
    const x = this.a.value, o = this.out.value, n = o.length;
    switch (this.kind) {
      case 'neg':
        for (let i = 0; i < n; i++) o[i] = -x[i]!;
        break;
      case 'exp':
        for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]!);
        break;
      case 'log':
        for (let i = 0; i < n; i++) o[i] = Math.log(x[i]!);
        break;
      case 'log1p':
        for (let i = 0; i < n; i++) o[i] = Math.log1p(x[i]!);
        break;
      case 'expm1':
        for (let i = 0; i < n; i++) o[i] = Math.expm1(x[i]!);
        break;
      case 'sqrt':
        for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]!);
        break;
      case 'square':
        for (let i = 0; i < n; i++) o[i] = x[i]! * x[i]!;
        break;
      case 'abs':
        for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]!);
        break;
      case 'inv_logit':
        for (let i = 0; i < n; i++) o[i] = invLogit(x[i]!);
        break;
      case 'logit':
        for (let i = 0; i < n; i++) o[i] = Math.log(x[i]! / (1 - x[i]!));
        break;
      case 'softplus':
        for (let i = 0; i < n; i++) o[i] = softplus(x[i]!);
        break;
      case 'log_inv_logit':
        for (let i = 0; i < n; i++) o[i] = -softplus(-x[i]!);
        break;
    }
    return 0;
  }

  backward(): void {
    const ga = this.a.adj;
    if (ga === null) return;
    const g = this.out.adj!, x = this.a.value, o = this.out.value, n = o.length;
    switch (this.kind) {
      case 'neg':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! - g[i]!;
        break;
      case 'exp':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + g[i]! * o[i]!;
        break;
      case 'log':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + g[i]! / x[i]!;
        break;
      case 'log1p':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + (g[i]! / (1 + x[i]!));
        break;
      case 'expm1':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + (g[i]! * (o[i]! + 1));
        break;
      case 'sqrt':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + (0.5 * g[i]!) / o[i]!;
        break;
      case 'square':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + 2 * g[i]! * x[i]!;
        break;
      case 'abs':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + g[i]! * Math.sign(x[i]!);
        break;
      case 'inv_logit':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + (g[i]! * o[i]! * (1 - o[i]!));
        break;
      case 'logit':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + (g[i]! / (x[i]! * (1 - x[i]!)));
        break;
      case 'softplus':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + g[i]! * invLogit(x[i]!);
        break;
      case 'log_inv_logit':
        for (let i = 0; i < n; i++) ga[i] = ga[i]! + (g[i]! * invLogit(-x[i]!));
        break;
    }
  }
}

/** out[i] = x[index[i]]: group lookup (`a[tank]`) or a constant element (`beta[2]`). */
export class GatherOp implements Op {
  readonly out: Var;

  constructor(
    readonly x: Var,
    readonly index: Int32Array,
    withGradient: boolean,
  ) {
    this.out = Var.computed(index.length, withGradient && x.adj !== null);
  }

  forward(): number {
    const x = this.x.value, o = this.out.value, idx = this.index, n = o.length;
    for (let i = 0; i < n; i++) o[i] = x[idx[i]!]!;
    return 0;
  }

  backward(): void {
    const gx = this.x.adj;
    if (gx === null) return;
    const g = this.out.adj!, idx = this.index, n = idx.length;
    for (let i = 0; i < n; i++) gx[idx[i]!] = gx[idx[i]!]! + g[i]!;
  }
}

/** out = X·b for a constant row-major matrix X (rows × cols). */
export class MatVecOp implements Op {
  readonly out: Var;

  constructor(
    readonly matrix: Float64Array,
    readonly rows: number,
    readonly cols: number,
    readonly b: Var,
    withGradient: boolean,
  ) {
    this.out = Var.computed(rows, withGradient && b.adj !== null);
  }

  forward(): number {
    const X = this.matrix, b = this.b.value, o = this.out.value, rows = this.rows, cols = this.cols;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      const base = i * cols;
      for (let j = 0; j < cols; j++) s += X[base + j]! * b[j]!;
      o[i] = s;
    }
    return 0;
  }

  backward(): void {
    const gb = this.b.adj;
    if (gb === null) return;
    const X = this.matrix, g = this.out.adj!, rows = this.rows, cols = this.cols;
    for (let i = 0; i < rows; i++) {
      const gi = g[i]!;
      const base = i * cols;
      for (let j = 0; j < cols; j++) gb[j] = gb[j]! + (X[base + j]! * gi);
    }
  }
}

/** out = Σ x (a scalar). */
export class SumOp implements Op {
  readonly out: Var;

  constructor(
    readonly x: Var,
    withGradient: boolean,
  ) {
    this.out = Var.computed(1, withGradient && x.adj !== null);
  }

  forward(): number {
    const x = this.x.value;
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]!;
    this.out.value[0] = s;
    return 0;
  }

  backward(): void {
    const gx = this.x.adj;
    if (gx === null) return;
    const g = this.out.adj![0]!;
    for (let i = 0; i < gx.length; i++) gx[i] = gx[i]! + g;
  }
}
