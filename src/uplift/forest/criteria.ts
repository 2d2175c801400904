/**
 * Split criteria of the uplift tree as causalml defines them
 * (causalml/inference/tree/uplift.pyx, after Rzepakowski & Jaroszewicz 2012).
 * `p[a]` is P(y = 1 | arm a) in a node, arm 0 the control.
 */
export type UpliftCriterion = 'KL' | 'ED' | 'Chi' | 'DDP';

const EPS = 1e-6;

/** Binary KL divergence KL(pk ‖ qk) with causalml's clipping of qk; 0 when qk is 0. */
export function klDivergence(pk: number, qk: number): number {
  if (qk === 0) return 0;
  const q = Math.min(Math.max(qk, EPS), 1 - EPS);
  if (pk === 0) return -Math.log(1 - q);
  if (pk === 1) return -Math.log(q);
  return pk * Math.log(pk / q) + (1 - pk) * Math.log((1 - pk) / (1 - q));
}

/** −p·log(p), or −p·log(q) when q is given and positive (causalml's entropyH). */
export function entropyH(p: number, q = -1): number {
  if (q === -1 && p > 0) return -p * Math.log(p);
  if (q > 0) return -p * Math.log(q);
  return 0;
}

/** The divergence of a node between each treated arm and control, summed over arms. */
export function nodeDivergence(criterion: UpliftCriterion, p: Float64Array, K: number): number {
  const pc = p[0]!;
  let d = 0;
  if (criterion === 'KL') {
    for (let a = 1; a < K; a++) d += klDivergence(p[a]!, pc);
  } else if (criterion === 'ED') {
    for (let a = 1; a < K; a++) d += 2 * (p[a]! - pc) * (p[a]! - pc);
  } else if (criterion === 'Chi') {
    const lo = Math.max(EPS, pc);
    const hi = Math.max(EPS, 1 - pc);
    for (let a = 1; a < K; a++) {
      const sq = (p[a]! - pc) * (p[a]! - pc);
      d += sq / lo + sq / hi;
    }
  } else {
    for (let a = 1; a < K; a++) d += p[a]! - pc;
  }
  return d;
}

/**
 * causalml's normalisation factor I(A, T) for a split (arr_normI, alpha 0.9):
 * penalises splits that divide treatment and control unevenly and splits with
 * a very small side. `n[a]` are the node's counts per arm, `nLeft[a]` those of
 * causalml's left branch (rows with x >= threshold).
 */
export function normalisation(n: Float64Array, nLeft: Float64Array, K: number, alpha = 0.9): number {
  const nc = n[0]!;
  const ncLeft = nLeft[0]!;
  let sumT = 0;
  let sumTLeft = 0;
  for (let a = 1; a < K; a++) {
    sumT += n[a]!;
    sumTLeft += nLeft[a]!;
  }
  const ptA = sumTLeft / (sumT + 0.1);
  const pcA = ncLeft / (nc + 0.1);
  const total = sumT + nc;
  let norm = alpha * entropyH(sumT / total, nc / total) * klDivergence(ptA, pcA);
  for (let a = 1; a < K; a++) {
    const ptAi = nLeft[a]! / (n[a]! + 0.1);
    norm += (1 - alpha) * entropyH(n[a]! / (n[a]! + nc), nc / (n[a]! + nc)) * klDivergence(ptAi, pcA);
    norm += (n[a]! / total) * entropyH(ptAi);
  }
  norm += (nc / total) * entropyH(pcA);
  return norm + 0.5;
}

/**
 * Node summary P(y = 1 | arm) as causalml computes it: at the root the raw
 * share; below, shrunk towards the parent's value with weight nReg when the
 * arm has more than minSamplesTreatment rows, else the parent's value.
 */
export function nodeSummary(
  n: Float64Array,
  pos: Float64Array,
  parent: Float64Array | null,
  K: number,
  minSamplesTreatment: number,
  nReg: number,
  out: Float64Array,
): void {
  for (let a = 0; a < K; a++) {
    const na = n[a]!;
    if (parent === null) out[a] = na > 0 ? pos[a]! / na : 0;
    else if (na > minSamplesTreatment) out[a] = (pos[a]! + parent[a]! * nReg) / (na + nReg);
    else out[a] = parent[a]!;
  }
}
