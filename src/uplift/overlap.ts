/**
 * Overlap diagnostics for observational data: are there comparable units in
 * every arm? For each arm k, the distribution of its propensity e_k(x) among
 * the rows that got arm k and among the rows that did not (if they barely
 * overlap, effects are extrapolated), the share of rows with e_k outside
 * [0.05, 0.95], and Kish's effective sample size of the inverse-propensity
 * weights 1/e_A(x) of the rows of arm k: (Σw)² / Σw². An ESS far below the
 * arm's row count means a few rows carry the estimate.
 */

export const OVERLAP_BOUNDS = [0.05, 0.95] as const;
/** Histogram bins of width 0.05 over [0, 1]. */
const BINS = 20;

export interface PropensitySummary {
  readonly rows: number;
  readonly min: number;
  readonly q05: number;
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
  readonly q95: number;
  readonly max: number;
  /** Counts per bin of width 0.05 from 0 to 1. */
  readonly histogram: number[];
}

export interface ArmOverlap {
  readonly arm: string;
  readonly rows: number;
  /** e_k among rows that got arm k. */
  readonly inArm: PropensitySummary;
  /** e_k among rows that got another arm. */
  readonly otherArms: PropensitySummary;
  /** Share of all rows with e_k outside [0.05, 0.95]. */
  readonly shareOutside: number;
  /** Kish's effective sample size of the weights 1/e_k over the rows of arm k. */
  readonly effectiveSampleSize: number;
  readonly effectiveShare: number;
}

export interface OverlapReport {
  readonly bounds: readonly [number, number];
  readonly arms: ArmOverlap[];
  /** Share of rows with some arm's propensity outside the bounds. */
  readonly shareOutside: number;
  readonly warnings: string[];
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function summarisePropensity(values: Float64Array): PropensitySummary {
  const s = Float64Array.from(values).sort();
  const histogram = new Array<number>(BINS).fill(0);
  for (const v of s) histogram[Math.min(BINS - 1, Math.max(0, Math.floor(v * BINS)))]!++;
  return {
    rows: s.length,
    min: s[0] ?? Number.NaN,
    q05: quantile(s, 0.05),
    q25: quantile(s, 0.25),
    median: quantile(s, 0.5),
    q75: quantile(s, 0.75),
    q95: quantile(s, 0.95),
    max: s[s.length - 1] ?? Number.NaN,
    histogram,
  };
}

/**
 * @param propensity e_k(x) per arm (rows sum to 1), before or after clipping
 * @param arm arm code per row (-1 = left out)
 * @param labels arm labels, control first
 * @param warnThreshold warn when more than this share of rows is outside the bounds (default 0.05)
 */
export function overlapDiagnostics(
  propensity: readonly Float64Array[],
  arm: Int32Array,
  labels: readonly string[],
  warnThreshold = 0.05,
): OverlapReport {
  const [lo, hi] = OVERLAP_BOUNDS;
  const n = arm.length;
  const anyOutside = new Uint8Array(n);
  const arms: ArmOverlap[] = propensity.map((e, a) => {
    const inArm: number[] = [];
    const other: number[] = [];
    let outside = 0;
    let sw = 0;
    let sw2 = 0;
    for (let i = 0; i < n; i++) {
      if (arm[i]! < 0) continue;
      const p = e[i]!;
      if (p < lo || p > hi) {
        outside++;
        anyOutside[i] = 1;
      }
      if (arm[i] === a) {
        inArm.push(p);
        const w = 1 / p;
        sw += w;
        sw2 += w * w;
      } else other.push(p);
    }
    const total = inArm.length + other.length;
    const ess = sw2 > 0 ? (sw * sw) / sw2 : 0;
    return {
      arm: labels[a] ?? String(a),
      rows: inArm.length,
      inArm: summarisePropensity(Float64Array.from(inArm)),
      otherArms: summarisePropensity(Float64Array.from(other)),
      shareOutside: total === 0 ? 0 : outside / total,
      effectiveSampleSize: ess,
      effectiveShare: inArm.length === 0 ? 0 : ess / inArm.length,
    };
  });
  let used = 0;
  let out = 0;
  for (let i = 0; i < n; i++) {
    if (arm[i]! < 0) continue;
    used++;
    out += anyOutside[i]!;
  }
  const shareOutside = used === 0 ? 0 : out / used;
  const warnings: string[] = [];
  if (shareOutside > warnThreshold) {
    warnings.push(
      `${(100 * shareOutside).toFixed(1)} % of the rows (${out} of ${used}) have a propensity outside [${lo}, ${hi}]: some units had almost no chance of one arm, so their effects are extrapolated; restrict the population or read the effects there with care`,
    );
  }
  for (const a of arms) {
    if (a.rows > 0 && a.effectiveShare < 0.5) {
      warnings.push(
        `arm '${a.arm}': the inverse-propensity weights leave an effective sample size of ${a.effectiveSampleSize.toFixed(0)} of ${a.rows} rows (${(100 * a.effectiveShare).toFixed(0)} %): a few rows carry the estimate`,
      );
    }
  }
  return { bounds: [lo, hi], arms, shareOutside, warnings };
}
