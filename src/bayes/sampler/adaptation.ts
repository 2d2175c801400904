/**
 * Warmup adaptation as Stan does it: dual averaging of log(step size)
 * (stan/mcmc/stepsize_adaptation.hpp) and a diagonal metric estimated in
 * doubling windows (windowed_adaptation.hpp, var_adaptation.hpp).
 */

/** Dual-averaging settings (Stan's defaults: δ 0.8, γ 0.05, κ 0.75, t0 10). */
export interface DualAveragingSettings {
  readonly delta: number;
  readonly gamma: number;
  readonly kappa: number;
  readonly t0: number;
}

/**
 * Nesterov dual averaging of log(ε) towards a target acceptance statistic δ.
 *
 * @example
 * const da = new DualAveraging({ delta: 0.8, gamma: 0.05, kappa: 0.75, t0: 10 }, Math.log(10));
 * da.learn(0.6); // 6.951 (smaller than 10: acceptance was below target)
 * da.final();    // 6.951 (exp(x̄), the step size to sample with)
 */
export class DualAveraging {
  mu: number;
  private counter = 0;
  private sBar = 0;
  private xBar = 0;

  constructor(private readonly settings: DualAveragingSettings, mu: number) {
    this.mu = mu;
  }

  restart(): void {
    this.counter = 0;
    this.sBar = 0;
    this.xBar = 0;
  }

  /** Updates with one iteration's acceptance statistic; returns the next step size e^x. */
  learn(acceptStat: number): number {
    const { delta, gamma, kappa, t0 } = this.settings;
    this.counter++;
    const a = acceptStat > 1 ? 1 : acceptStat;
    const eta = 1 / (this.counter + t0);
    this.sBar = (1 - eta) * this.sBar + eta * (delta - a);
    const x = this.mu - (this.sBar * Math.sqrt(this.counter)) / gamma;
    const xEta = Math.pow(this.counter, -kappa);
    this.xBar = (1 - xEta) * this.xBar + xEta * x;
    return Math.exp(x);
  }

  /** The step size after warmup: e^x̄. */
  final(): number {
    return Math.exp(this.xBar);
  }
}

/**
 * The windowed metric schedule: an initial fast buffer, slow windows that
 * double in length (the last one stretched to the end), a final fast buffer.
 * For 1000 warmup iterations with Stan's defaults (75, 50, 25) the slow
 * windows are 25, 50, 100, 200 and 500 iterations long.
 *
 * Short warmups follow Stan's rule: below 20 iterations the metric is not
 * adapted; when the three stages do not fit, they become 15 % / 75 % / 10 %
 * of the warmup. (Stan's C++ forgets to reset its window counters in that
 * branch, so its first window never closes; we reset them, which is what its
 * messages announce.)
 *
 * @example
 * const w = new MetricWindows(1000, 75, 50, 25);
 * const ends: number[] = [];
 * for (let i = 0; i < 1000; i++) if (w.step().windowEnded) ends.push(i);
 * ends; // [99, 149, 249, 449, 949]
 */
export class MetricWindows {
  readonly enabled: boolean;
  readonly initBuffer: number;
  readonly termBuffer: number;
  readonly baseWindow: number;
  private readonly numWarmup: number;
  private counter = 0;
  private windowSize: number;
  private nextWindow: number;
  private readonly result = { collect: false, windowEnded: false };

  constructor(numWarmup: number, initBuffer: number, termBuffer: number, baseWindow: number) {
    if (numWarmup < 20) {
      this.enabled = false;
      this.numWarmup = numWarmup;
      this.initBuffer = 0;
      this.termBuffer = 0;
      this.baseWindow = 0;
    } else if (initBuffer + baseWindow + termBuffer > numWarmup) {
      this.enabled = true;
      this.numWarmup = numWarmup;
      this.initBuffer = Math.floor(0.15 * numWarmup);
      this.termBuffer = Math.floor(0.1 * numWarmup);
      this.baseWindow = numWarmup - (this.initBuffer + this.termBuffer);
    } else {
      this.enabled = true;
      this.numWarmup = numWarmup;
      this.initBuffer = initBuffer;
      this.termBuffer = termBuffer;
      this.baseWindow = baseWindow;
    }
    this.windowSize = this.baseWindow;
    this.nextWindow = this.initBuffer + this.windowSize - 1;
  }

  /**
   * Advances one warmup iteration. `collect`: add this iteration's position to
   * the variance estimate; `windowEnded`: afterwards, update the metric.
   */
  step(): { readonly collect: boolean; readonly windowEnded: boolean } {
    const r = this.result;
    r.collect = false;
    r.windowEnded = false;
    if (!this.enabled) return r;
    const c = this.counter;
    const slowEnd = this.numWarmup - this.termBuffer;
    r.collect = c >= this.initBuffer && c < slowEnd && c !== this.numWarmup;
    if (c === this.nextWindow && c !== this.numWarmup) {
      r.windowEnded = true;
      this.computeNextWindow();
    }
    this.counter++;
    return r;
  }

  private computeNextWindow(): void {
    const last = this.numWarmup - this.termBuffer - 1;
    if (this.nextWindow === last) return;
    this.windowSize *= 2;
    this.nextWindow = this.counter + this.windowSize;
    if (this.nextWindow === last) return;
    // If the window after this one would run past the slow phase, stretch this one to its end.
    const nextBoundary = this.nextWindow + 2 * this.windowSize;
    if (nextBoundary >= this.numWarmup - this.termBuffer) this.nextWindow = last;
  }
}

/**
 * Welford's running variance of positions, per coordinate.
 *
 * @example
 * const w = new WelfordVariance(1);
 * for (const x of [1, 2, 4]) w.add(new Float64Array([x]));
 * const v = new Float64Array(1);
 * w.regularizedVariance(v);
 * v[0]; // 0.875625 ((3/8)·(7/3) + 1e-3·5/8)
 */
export class WelfordVariance {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(dim: number) {
    this.mean = new Float64Array(dim);
    this.m2 = new Float64Array(dim);
  }

  get count(): number {
    return this.n;
  }

  restart(): void {
    this.n = 0;
    this.mean.fill(0);
    this.m2.fill(0);
  }

  add(q: Float64Array): void {
    this.n++;
    const n = this.n;
    const mean = this.mean;
    const m2 = this.m2;
    for (let i = 0; i < mean.length; i++) {
      const delta = q[i]! - mean[i]!;
      mean[i] = mean[i]! + delta / n;
      m2[i] = m2[i]! + (q[i]! - mean[i]!) * delta;
    }
  }

  /**
   * Writes Stan's regularised sample variance n/(n+5)·var + 1e-3·5/(n+5) into
   * `out`. With fewer than two samples the variance part keeps `out`'s old value.
   */
  regularizedVariance(out: Float64Array): void {
    const n = this.n;
    if (n > 1) for (let i = 0; i < out.length; i++) out[i] = this.m2[i]! / (n - 1);
    const shrink = n / (n + 5);
    const floor = 1e-3 * (5 / (n + 5));
    for (let i = 0; i < out.length; i++) out[i] = shrink * out[i]! + floor;
  }
}
