// Hashes everything a small set of bart and bcf fits produce, so a change to the sampler can be checked to keep
// the posterior bit for bit: `node bench/bart-draws-hash.mjs` before and after, compare the printed hashes.
// Fits: bart and bcf × continuous and binary outcome × 2 and 3 arms, 2 chains, 300 rows, and bcf with every
// optional effect-forest prior on (scale, leaf variance, intercept, learned α). Each hash covers the saved model
// (every kept forest, the summaries: their means are sums over all draws of σ and the average effects) and
// 10 effect draws for 200 new rows. Not a timing bench (not named *.bench.mjs, so `npm run bench` skips it).
import { createHash } from 'node:crypto';
import { BayesTreeUplift, featureMatrix, Random } from '../dist/src/index.js';

const n = Number(process.env.ROWS ?? 300);
const p = 6;
const all = createHash('sha256');
for (const method of ['bart', 'bcf', 'bcf+']) {
  for (const binary of [false, true]) {
    for (const K of [2, 3]) {
      const rng = new Random(17 * K + (binary ? 1 : 0));
      const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng.uniform()));
      const arm = Int32Array.from({ length: n }, (_, i) => (i < K ? i : rng.uniform() < 0.3 + 0.4 * cols[0][i] ? 1 + rng.int(K - 1) : 0));
      const mu = (i) => 2 * cols[0][i] + Math.sin(Math.PI * cols[1][i]);
      const tau = (i) => (arm[i] === 0 ? 0 : arm[i] * (0.5 + cols[2][i]));
      const y = Float64Array.from({ length: n }, (_, i) => {
        const v = mu(i) + tau(i) + 0.5 * rng.normal();
        return binary ? (v > 1.8 ? 1 : 0) : v;
      });
      const extra = method === 'bcf+' ? { adaptiveCoding: true, sampleLeafScaleTau: true, tauIntercept: true, learnAlphaTau: true } : {};
      const model = new BayesTreeUplift({
        method: method === 'bcf+' ? 'bcf' : method,
        task: binary ? 'classification' : 'regression',
        seed: 3,
        chains: 2,
        threads: 1,
        warmup: 40,
        draws: 60,
        keep: 30,
        ...extra,
      }).fit(featureMatrix(cols), arm, y);
      const Xs = featureMatrix(Array.from({ length: p }, () => Float64Array.from({ length: 200 }, () => rng.uniform())));
      const e = model.predictEffects(Xs, { draws: 10 });
      const h = createHash('sha256');
      h.update(JSON.stringify(model.toJSON()));
      h.update(Buffer.from(e.draws.values.buffer));
      const d = h.digest('hex').slice(0, 16);
      all.update(d);
      console.log(`${method.padEnd(4)} ${binary ? 'binary    ' : 'continuous'} K=${K}  ${d}  ate mean ${model.summaries.find((s) => s.name.startsWith('ate'))?.mean}`);
    }
  }
}
console.log(`all ${all.digest('hex').slice(0, 16)}`);
