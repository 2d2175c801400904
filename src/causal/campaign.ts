/**
 * A seeded synthetic marketing campaign, shaped like Hillstrom's e-mail test,
 * with a known heterogeneous effect. Because the truth is simulated, the
 * incremental outcome of any targeting plan can be computed exactly, which is
 * what the demo, the tests and the default/auto benchmarks compare plans with.
 *
 * The effect can take several shapes (smooth, step-like, sparse, driven by a
 * categorical interaction, or the original mixed 'hillstrom' one), the outcome
 * can be a 0/1 visit or a numeric spend, and the treatment can be randomised
 * or confounded (customers with a larger purchase history are more often
 * treated, and they also visit and spend more). The default options give the
 * same campaign, bit for bit, as before the shapes were added.
 */
import { Random } from '../util/random.js';
import { createTable, numericColumn, categoricalColumn, type Table } from '../data/table.js';

export interface CampaignOptions {
  /** Customers (default 20,000). */
  readonly n?: number;
  /** Treated arm labels; the control is 'control' (default ['email']). */
  readonly arms?: readonly string[];
  /** Share of customers assigned to each treated arm (default: equal split with the control). */
  readonly treatedShare?: number;
  readonly seed?: number;
  /** How the effect depends on the customer (default 'hillstrom'). */
  readonly shape?: CampaignShape;
  /** 'binary': a 0/1 visit (default); 'numeric': spend in dollars with normal noise. */
  readonly outcome?: 'binary' | 'numeric';
  /**
   * 'randomised' (default): every customer has the same chance of treatment;
   * 'confounded': the chance grows with purchase history and recency, which
   * also raise the outcome, so a naive comparison of arms is biased.
   */
  readonly assignment?: 'randomised' | 'confounded';
}

/**
 * - hillstrom: women's-history customers who bought recently respond, lapsed newbies are put off (mixed);
 * - smooth: the effect rises smoothly with purchase history and falls with recency;
 * - step: three plateaus cut by recency and a history threshold;
 * - sparse: about 7 % of customers respond strongly, the rest not at all;
 * - categorical: the effect is set by channel × zip code, numeric features barely matter.
 */
export type CampaignShape = 'hillstrom' | 'smooth' | 'step' | 'sparse' | 'categorical';

export const CAMPAIGN_SHAPES: readonly CampaignShape[] = ['hillstrom', 'smooth', 'step', 'sparse', 'categorical'];

export interface Campaign {
  /** id, recency, history, mens, womens, zip_code, newbie, channel, treatment, visit. */
  readonly table: Table;
  /** Arm labels: index 0 is 'control'. */
  readonly arms: readonly string[];
  /** Assigned arm per customer. */
  readonly arm: Int32Array;
  /** True P(visit | x, arm k) (binary) or E[spend | x, arm k] (numeric), row-major n × K. */
  readonly response: Float64Array;
  /** True probability that each customer was treated (any treated arm). */
  readonly propensity: Float64Array;
  /** Name of the outcome column: 'visit' (binary) or 'spend' (numeric). */
  readonly outcome: string;
  /** True uplift of each treated arm k ≥ 1 over control, row-major n × (K − 1). */
  readonly trueUplift: Float64Array;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * @example
 * const { table, trueUplift } = simulateCampaign({ n: 5000, seed: 1 });
 * [...table.columns.keys()]; // ['id', 'recency', 'history', 'mens', 'womens', 'zip_code', 'newbie', 'channel', 'treatment', 'visit']
 * table.columns.get('treatment')!.kind; // 'categorical' (control or email; visit is 0/1)
 * trueUplift.length; // 5000
 */
export function simulateCampaign(options: CampaignOptions = {}): Campaign {
  const n = options.n ?? 20_000;
  const treatedLabels = options.arms ?? ['email'];
  const arms = ['control', ...treatedLabels];
  const k = arms.length;
  const treatedShare = options.treatedShare ?? (k - 1) / k;
  const shape = options.shape ?? 'hillstrom';
  const numeric = options.outcome === 'numeric';
  const confounded = options.assignment === 'confounded';
  const rng = new Random(options.seed ?? 0);
  const recency = new Float64Array(n);
  const history = new Float64Array(n);
  const mens = new Float64Array(n);
  const womens = new Float64Array(n);
  const newbie = new Float64Array(n);
  const zip: string[] = new Array<string>(n);
  const channel: string[] = new Array<string>(n);
  const treatment: string[] = new Array<string>(n);
  const arm = new Int32Array(n);
  const visit = new Float64Array(n);
  const response = new Float64Array(n * k);
  const trueUplift = new Float64Array(n * (k - 1));
  const propensity = new Float64Array(n);
  const zips = ['Urban', 'Surburban', 'Rural'];
  const channels = ['Phone', 'Web', 'Multichannel'];
  for (let i = 0; i < n; i++) {
    recency[i] = 1 + rng.int(12);
    history[i] = Math.round(Math.exp(4.5 + 0.9 * rng.normal()) * 100) / 100;
    const r = rng.uniform();
    mens[i] = r < 0.45 ? 1 : r < 0.55 ? 1 : 0;
    womens[i] = r >= 0.45 ? 1 : 0;
    newbie[i] = rng.bernoulli(0.5);
    zip[i] = zips[rng.uniform() < 0.4 ? 0 : rng.uniform() < 0.75 ? 1 : 2]!;
    channel[i] = channels[rng.uniform() < 0.45 ? 0 : rng.uniform() < 0.8 ? 1 : 2]!;
    const logHistory = Math.log(history[i]!);
    const x: Customer = {
      recency: recency[i]!,
      logHistory,
      history: history[i]!,
      mens: mens[i]!,
      womens: womens[i]!,
      newbie: newbie[i]!,
      zip: zip[i]!,
      channel: channel[i]!,
    };
    propensity[i] = confounded ? confoundedShare(x, treatedShare) : treatedShare;
    const a = rng.uniform() < propensity[i]! ? 1 + rng.int(k - 1) : 0;
    arm[i] = a;
    treatment[i] = arms[a]!;
    // Baseline visit propensity: recent, high-spending, web customers visit more.
    const base = -2.2 - 0.08 * recency[i]! + 0.25 * (logHistory - 4.5) + (channel[i] === 'Web' ? 0.3 : 0) + 0.2 * newbie[i]!;
    response[i * k] = numeric ? spendBaseline(x) : sigmoid(base);
    for (let t = 1; t < k; t++) {
      const lift = shape === 'hillstrom' ? hillstromLift(x, t) : shapeLift(shape, x, t);
      // Numeric outcomes: the effect in dollars is the logit lift scaled (a lift of 1 ≈ $6 more spend).
      response[i * k + t] = numeric ? response[i * k]! + SPEND_PER_LIFT * lift : sigmoid(base + lift);
      trueUplift[i * (k - 1) + t - 1] = response[i * k + t]! - response[i * k]!;
    }
    visit[i] = numeric ? response[i * k + a]! + SPEND_NOISE * rng.normal() : rng.bernoulli(response[i * k + a]!);
  }
  const id = new Float64Array(n);
  for (let i = 0; i < n; i++) id[i] = i + 1;
  const outcome = numeric ? 'spend' : 'visit';
  const table = createTable([
    numericColumn('id', id),
    numericColumn('recency', recency),
    numericColumn('history', history),
    numericColumn('mens', mens),
    numericColumn('womens', womens),
    categoricalColumn('zip_code', zip),
    numericColumn('newbie', newbie),
    categoricalColumn('channel', channel),
    categoricalColumn('treatment', treatment),
    numericColumn(outcome, visit),
  ]);
  return { table, arms, arm, response, trueUplift, propensity, outcome };
}

interface Customer {
  readonly recency: number;
  readonly logHistory: number;
  readonly history: number;
  readonly mens: number;
  readonly womens: number;
  readonly newbie: number;
  readonly zip: string;
  readonly channel: string;
}

/** Numeric outcome: dollars of extra spend per unit of logit lift, and the noise's standard deviation. */
const SPEND_PER_LIFT = 6;
const SPEND_NOISE = 15;

/** The original campaign's effect (logit scale): kept as it was so the demo and older tests see the same data. */
function hillstromLift(x: Customer, t: number): number {
  // The e-mail works on recent customers with a women's purchase history and hurts lapsed newbies.
  return (
    0.9 * x.womens * (x.recency <= 6 ? 1 : 0.2) +
    0.15 * (x.logHistory - 4.5) -
    0.5 * x.newbie * (x.recency > 9 ? 1 : 0) +
    0.5 * (t - 1) * x.mens * (x.recency <= 8 ? 1 : 0)
  );
}

/** Logit-scale effect of treated arm t for the other shapes; a second arm works better on men. */
function shapeLift(shape: CampaignShape, x: Customer, t: number): number {
  let lift: number;
  switch (shape) {
    case 'smooth':
      lift = 0.5 * Math.tanh(x.logHistory - 4.5) + (0.35 * (6.5 - x.recency)) / 5.5 + 0.1;
      break;
    case 'step':
      lift = x.recency <= 3 ? (x.history > 120 ? 1.0 : 0.4) : x.recency <= 8 ? 0.1 : -0.4;
      break;
    case 'sparse':
      lift = x.womens === 1 && x.newbie === 0 && x.recency <= 3 ? 1.4 : 0;
      break;
    case 'categorical':
      lift =
        x.channel === 'Web'
          ? x.zip === 'Urban'
            ? 0.9
            : x.zip === 'Surburban'
              ? 0.3
              : -0.3
          : x.channel === 'Phone'
            ? -0.2 + 0.1 * (x.logHistory - 4.5)
            : 0.6 * x.newbie;
      break;
    default:
      lift = hillstromLift(x, t);
  }
  return t === 1 ? lift : lift * (x.mens === 1 ? 1.3 : 0.6);
}

/** Numeric outcome without treatment: recent, high-history, web customers spend more. */
function spendBaseline(x: Customer): number {
  return 20 + 8 * (x.logHistory - 4.5) - 1.0 * x.recency + (x.channel === 'Web' ? 5 : 0) + 3 * x.newbie;
}

/**
 * Confounded treatment: large-history, recent, web customers are targeted more
 * (odds scaled so the average share stays near `share`), clipped to [0.05, 0.95]
 * so every customer could have been in either arm.
 */
function confoundedShare(x: Customer, share: number): number {
  const logit = Math.log(share / (1 - share)) + 1.0 * (x.logHistory - 4.5) - 0.15 * (x.recency - 6.5) + (x.channel === 'Web' ? 0.4 : -0.2);
  return Math.min(0.95, Math.max(0.05, sigmoid(logit)));
}
