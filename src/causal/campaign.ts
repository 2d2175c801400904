/**
 * A seeded synthetic marketing campaign, shaped like Hillstrom's e-mail test,
 * with a known heterogeneous effect. Because the truth is simulated, the
 * incremental outcome of any targeting plan can be computed exactly, which is
 * what the demo and the tests compare plans with.
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
}

export interface Campaign {
  /** id, recency, history, mens, womens, zip_code, newbie, channel, treatment, visit. */
  readonly table: Table;
  /** Arm labels: index 0 is 'control'. */
  readonly arms: readonly string[];
  /** Assigned arm per customer. */
  readonly arm: Int32Array;
  /** True P(visit | x, arm k), row-major n × K. */
  readonly response: Float64Array;
  /** True uplift of each treated arm k ≥ 1 over control, row-major n × (K − 1). */
  readonly trueUplift: Float64Array;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * @example
 * const { table, trueUplift } = simulateCampaign({ n: 5000, seed: 1 });
 * // table has columns id, recency, history, …, treatment ('control' | 'email'), visit (0/1)
 */
export function simulateCampaign(options: CampaignOptions = {}): Campaign {
  const n = options.n ?? 20_000;
  const treatedLabels = options.arms ?? ['email'];
  const arms = ['control', ...treatedLabels];
  const k = arms.length;
  const treatedShare = options.treatedShare ?? (k - 1) / k;
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
    const a = rng.uniform() < treatedShare ? 1 + rng.int(k - 1) : 0;
    arm[i] = a;
    treatment[i] = arms[a]!;
    // Baseline visit propensity: recent, high-spending, web customers visit more.
    const logHistory = Math.log(history[i]!);
    const base = -2.2 - 0.08 * recency[i]! + 0.25 * (logHistory - 4.5) + (channel[i] === 'Web' ? 0.3 : 0) + 0.2 * newbie[i]!;
    response[i * k] = sigmoid(base);
    for (let t = 1; t < k; t++) {
      // The e-mail works on recent customers with a women's purchase history and hurts lapsed newbies.
      const lift =
        0.9 * womens[i]! * (recency[i]! <= 6 ? 1 : 0.2) + 0.15 * (logHistory - 4.5) - 0.5 * newbie[i]! * (recency[i]! > 9 ? 1 : 0) + 0.5 * (t - 1) * mens[i]! * (recency[i]! <= 8 ? 1 : 0);
      response[i * k + t] = sigmoid(base + lift);
      trueUplift[i * (k - 1) + t - 1] = response[i * k + t]! - response[i * k]!;
    }
    visit[i] = rng.bernoulli(response[i * k + a]!);
  }
  const id = new Float64Array(n);
  for (let i = 0; i < n; i++) id[i] = i + 1;
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
    numericColumn('visit', visit),
  ]);
  return { table, arms, arm, response, trueUplift };
}
