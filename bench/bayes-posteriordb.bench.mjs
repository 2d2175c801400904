#!/usr/bin/env node
// Model-language benchmark: the posteriordb posteriors of the validation suite and the paint line,
// liftwise's compiled models against rstan in the same run.
//
//   node bench/bayes-posteriordb.bench.mjs [--no-rstan] [--only NAME]
//
// 1. Gradient cost: µs per log-density-gradient evaluation of the compiled model, with the fused
//    linear-regression op (default) and op by op (compile({ fuse: false })); m13.2 also against its
//    hand-written gradient (src/bayes/sampler/reference-targets.ts).
// 2. Fits: 4 chains × (1000 warmup + 1000 draws), seed 1, 2 worker threads: whole sample() wall time,
//    summed per-chain CPU, the lowest bulk-ESS over the reference parameters per chain-CPU second;
//    rstan 2.21 (bench/rstan_posteriordb.R, cores = 2) on the posteriordb Stan code and data, its
//    draws put through the same ESS code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const db = resolve(root, '..', 'shared', 'data', 'posteriordb');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const args = process.argv.slice(2);
const withRstan = !args.includes('--no-rstan') && spawnSync('Rscript', ['-e', 'library(rstan)'], { stdio: 'ignore' }).status === 0;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

const { Model, sample, essBulk, parameterDraws, readTable } = await import(dist('src/index.js'));
const { paintLineData, paintLineModel, m13_2Model, reedfrogsTarget } = await import(dist('src/internals.js'));

function unzipFirst(path) {
  const zip = readFileSync(path);
  const nameLength = zip.readUInt16LE(26);
  const extraLength = zip.readUInt16LE(28);
  let size = zip.readUInt32LE(18);
  if ((zip.readUInt16LE(6) & 8) !== 0 || size === 0) {
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    size = zip.readUInt32LE(zip.readUInt32LE(eocd + 16) + 20);
  }
  const body = zip.subarray(30 + nameLength + extraLength, 30 + nameLength + extraLength + size);
  return zip.readUInt16LE(8) === 0 ? body : inflateRawSync(body);
}
const dataText = (name) => unzipFirst(join(db, 'data', 'data', `${name}.json.zip`)).toString('utf8');
const reference = (posterior) => JSON.parse(readFileSync(join(db, 'reference_posteriors', 'summary_statistics', 'mean_value', `${posterior}.json`), 'utf8'));

// The same models as test/bayes/validation/posteriordb-models.ts.
const posteriors = [
  ['eight_schools_noncentered', 'eight_schools', 'eight_schools-eight_schools_noncentered', (d) =>
    new Model().data('sigma', d.sigma).param('mu', 'Normal(0, 5)').param('tau', 'HalfCauchy(5)')
      .nonCentered('theta', 'Normal(mu, tau)', { shape: d.J }).observed('y_obs', 'Normal(theta, sigma)', d.y)],
  ['kidscore_interaction', 'kidiq', 'kidiq-kidscore_interaction', (d) =>
    new Model().data('mom_hs', d.mom_hs).data('mom_iq', d.mom_iq).deterministic('inter', 'mom_hs * mom_iq', { track: false })
      .param('beta', 'Flat()', { shape: 4 }).param('sigma', 'HalfCauchy(2.5)')
      .observed('kid_score', 'Normal(beta[1] + beta[2] * mom_hs + beta[3] * mom_iq + beta[4] * inter, sigma)', d.kid_score)],
  ['logearn_interaction', 'earnings', 'earnings-logearn_interaction', (d) =>
    new Model().data('height', d.height).data('male', d.male).deterministic('inter', 'height * male', { track: false })
      .param('beta', 'Flat()', { shape: 4 }).param('sigma', 'Flat()', { lower: 0 })
      .observed('log_earn', 'Normal(beta[1] + beta[2] * height + beta[3] * male + beta[4] * inter, sigma)', d.earn.map(Math.log))],
  ['nes', 'nes2000', 'nes2000-nes', (d) =>
    new Model().data('real_ideo', d.real_ideo).data('race_adj', d.race_adj)
      .data('age30_44', d.age_discrete.map((a) => +(a === 2))).data('age45_64', d.age_discrete.map((a) => +(a === 3)))
      .data('age65up', d.age_discrete.map((a) => +(a === 4))).data('educ1', d.educ1).data('gender', d.gender).data('income', d.income)
      .param('beta', 'Flat()', { shape: 9 }).param('sigma', 'Flat()', { lower: 0 })
      .observed('partyid7', 'Normal(beta[1] + beta[2] * real_ideo + beta[3] * race_adj + beta[4] * age30_44 + beta[5] * age45_64 + beta[6] * age65up + beta[7] * educ1 + beta[8] * gender + beta[9] * income, sigma)', d.partyid7)],
  ['blr', 'sblrc', 'sblrc-blr', (d) =>
    new Model().data('X', d.X.flat(), { shape: [d.N, d.D] }).param('beta', 'Normal(0, 10)', { shape: d.D }).param('sigma', 'HalfNormal(10)')
      .observed('y', 'Normal(dot(X, beta), sigma)', d.y)],
  ['logmesquite', 'mesquite', 'mesquite-logmesquite', (d) =>
    new Model().data('log_diam1', d.diam1.map(Math.log)).data('log_diam2', d.diam2.map(Math.log))
      .data('log_canopy_height', d.canopy_height.map(Math.log)).data('log_total_height', d.total_height.map(Math.log))
      .data('log_density', d.density.map(Math.log)).data('group', d.group)
      .param('beta', 'Flat()', { shape: 7 }).param('sigma', 'Flat()', { lower: 0 })
      .observed('log_weight', 'Normal(beta[1] + beta[2] * log_diam1 + beta[3] * log_diam2 + beta[4] * log_canopy_height + beta[5] * log_total_height + beta[6] * log_density + beta[7] * group, sigma)', d.weight.map(Math.log))],
];

function microsPerGradient(target, evaluations) {
  const theta = Float64Array.from({ length: target.dim }, (_, i) => 0.1 * Math.sin(i + 1));
  const grad = new Float64Array(target.dim);
  for (let i = 0; i < 2000; i++) target.logDensityGradient(theta, grad);
  const times = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < evaluations; i++) target.logDensityGradient(theta, grad);
    times.push(((performance.now() - t0) * 1000) / evaluations);
  }
  return times.sort((a, b) => a - b)[2];
}

const f = (x, d = 2) => x.toFixed(d);
console.log('### Gradient evaluations (µs each, median of 5 batches)\n');
console.log('| model | n | dim | fused | op by op | hand-written |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
const table = await readTable(resolve(root, '..', 'shared', 'data', 'rethinking', 'reedfrogs.csv'));
{
  const m = m13_2Model(table);
  const col = (n) => Array.from(table.columns.get(n).values);
  const hand = reedfrogsTarget({ surv: col('surv'), density: col('density') });
  console.log(`| m13.2 | 48 | 50 | ${f(microsPerGradient(m.compile(), 50000))} | ${f(microsPerGradient(m.compile({ fuse: false }), 50000))} | ${f(microsPerGradient(hand, 50000))} |`);
  const paint = paintLineModel(paintLineData(1000, 2026));
  console.log(`| paint line | 1000 | 6 | ${f(microsPerGradient(paint.compile(), 3000))} | ${f(microsPerGradient(paint.compile({ fuse: false }), 3000))} | – |`);
}
for (const [name, data, , build] of posteriors) {
  if (only !== undefined && !name.includes(only)) continue;
  const d = JSON.parse(dataText(data));
  const m = build(d);
  const n = m.nodes.find((x) => x.kind === 'observed').values.length;
  console.log(`| ${name} | ${n} | ${m.compile().dim} | ${f(microsPerGradient(m.compile(), 20000))} | ${f(microsPerGradient(m.compile({ fuse: false }), n > 400 ? 2000 : 10000))} | – |`);
}

console.log('\n### Fits: 4 chains × (1000 warmup + 1000 draws), seed 1, 2 threads\n');
console.log('| posterior | tool | whole s | Σ chain CPU s | leapfrogs/draw | min bulk-ESS | ESS per chain-CPU s | divergences |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const work = mkdtempSync(join(tmpdir(), 'liftwise-bench-'));
for (const [name, data, posterior, build] of posteriors) {
  if (only !== undefined && !name.includes(only)) continue;
  const d = JSON.parse(dataText(data));
  const names = reference(posterior).names;
  const t0 = performance.now();
  const fit = await sample(build(d).source(), { chains: 4, warmup: 1000, draws: 1000, seed: 1, threads: 2 });
  const whole = (performance.now() - t0) / 1000;
  const cpu = fit.chainInfo.reduce((s, c) => s + (c.cpuSeconds ?? c.warmupSeconds + c.samplingSeconds), 0);
  const ess = Math.min(...names.map((p) => essBulk(parameterDraws(fit, p), fit.chains)));
  const leap = fit.stats.nLeapfrog.reduce((a, b) => a + b, 0) / fit.stats.nLeapfrog.length;
  const div = fit.stats.divergent.reduce((a, b) => a + b, 0);
  console.log(`| ${name} | liftwise | ${f(whole)} | ${f(cpu, 3)} | ${f(leap, 1)} | ${ess.toFixed(0)} | ${(ess / cpu).toFixed(0)} | ${div} |`);
  if (!withRstan) continue;
  const dataFile = join(work, `${data}.json`);
  if (!existsSync(dataFile)) writeFileSync(dataFile, dataText(data));
  const drawsFile = join(work, `${name}-draws.csv`);
  // posteriordb writes Stan ≥ 2.26 array syntax; rstan 2.21 needs the old form: `array[J] real y` → `real y[J]`.
  const stanFile = join(work, `${name}.stan`);
  writeFileSync(
    stanFile,
    readFileSync(join(db, 'models', 'stan', `${name}.stan`), 'utf8').replace(/array\[([^\]]+)\]\s+(int|real)(<[^>]*>)?\s+(\w+)/g, '$2$3 $4[$1]'),
  );
  const r = spawnSync('Rscript', [join(here, 'rstan_posteriordb.R'), stanFile, dataFile, '1', drawsFile], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`| ${name} | rstan | failed: ${r.stderr.trim().split('\n').slice(-1)[0]} | | | | | |`);
    continue;
  }
  const peer = JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]);
  const lines = readFileSync(drawsFile, 'utf8').trim().split('\n');
  const header = lines[0].split(',').map((h) => h.replace(/"/g, '').replace(/\.(\d+)\.$/, '[$1]'));
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const peerEss = Math.min(...names.map((p) => {
    const k = header.indexOf(p);
    return essBulk(Float64Array.from(rows, (row) => row[k]), 4);
  }));
  const peerCpu = peer.perChain.reduce((a, b) => a + b, 0);
  console.log(`| ${name} | rstan 2.21 | ${f(peer.compile + peer.sample)} (compile ${f(peer.compile, 1)}) | ${f(peerCpu, 3)} | ${f(peer.leapfrogPerDraw, 1)} | ${peerEss.toFixed(0)} | ${(peerEss / peerCpu).toFixed(0)} | ${peer.divergent} |`);
}
