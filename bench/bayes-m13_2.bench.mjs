#!/usr/bin/env node
// Bayesian sampler benchmark: Statistical Rethinking m13.2 (reedfrogs), 4 chains × (1000 warmup + 1000 draws),
// our NUTS against rstan in the same run.
//
//   node bench/bayes-m13_2.bench.mjs [--repeats 3] [--targets hand,model] [--no-rstan]
//
// Each of our runs is a fresh Node process (`--run <target>`), timed from spawn to exit, so "whole run" covers
// start-up, reading the CSV, compiling the model (target "model"), sampling, diagnostics and printing the summary.
// Targets: "hand" = the hand-written log density with analytic gradient (src/bayes/sampler/reference-targets.ts),
// "model" = the model language's compiled m13.2 (src/bayes/model/examples.ts), used when it is built.
// rstan runs ../shared/peers/rstan_m13_2.R (sourced, so its fit's draws can go through our diagnostics too).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, availableParallelism, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const data = resolve(root, '..', 'shared', 'data', 'rethinking', 'reedfrogs.csv');
const peerScript = resolve(root, '..', 'shared', 'peers', 'rstan_m13_2.R');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

/** One timed run in this process: prints a JSON line with everything the parent needs. */
async function runOnce(target) {
  const { readTable } = await import(dist('src/data/index.js'));
  const { sample, parameterDraws } = await import(dist('src/bayes/sampler/index.js'));
  const { referenceTargetSource } = await import(dist('src/internals.js'));
  const { diagnose, renderSummaryTable, essBulk, essTail } = await import(dist('src/bayes/diagnostics/index.js'));
  const table = await readTable(data);
  let source;
  if (target === 'hand') {
    const column = (name) => Array.from(table.columns.get(name).values);
    source = referenceTargetSource('reedfrogsTarget', { surv: column('surv'), density: column('density') });
  } else {
    const { m13_2Source } = await import(dist('src/bayes/model/examples.js'));
    source = m13_2Source(table);
  }
  const fit = await sample(source, { chains: 4, warmup: 1000, draws: 1000, seed: 1 });
  const diagnosis = diagnose(fit, { parameters: ['abar', 'sigma'] });
  process.stderr.write(`${renderSummaryTable(diagnosis.summary)}\n`);
  const summaryAt = performance.now() / 1000; // seconds since this process started
  const stats = (name) => {
    const x = parameterDraws(fit, name);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
    return { mean, sd, essBulk: essBulk(x, fit.chains), essTail: essTail(x, fit.chains) };
  };
  const leapfrogs = fit.stats.nLeapfrog.reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({
    target,
    perChain: fit.chainInfo.map((c) => ({ warmup: c.warmupSeconds, sampling: c.samplingSeconds, cpu: c.cpuSeconds })),
    sampleWall: fit.wallSeconds,
    summaryAt,
    abar: stats('abar'),
    sigma: stats('sigma'),
    meanLeapfrog: leapfrogs / fit.stats.nLeapfrog.length,
    meanAccept: fit.stats.acceptStat.reduce((a, b) => a + b, 0) / fit.stats.acceptStat.length,
    stepSizes: fit.chainInfo.map((c) => c.stepSize.toFixed(3)).join(' '),
    divergences: diagnosis.sampler.divergences.total,
    warnings: diagnosis.warnings.map((w) => w.code),
  }));
}

/** rstan via the peer script; returns its timings and, through our diagnostics, the ESS of its draws. */
async function runRstan() {
  if (spawnSync('Rscript', ['-e', 'suppressMessages(library(rstan))'], { encoding: 'utf8' }).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'liftwise-rstan-'));
  const drawsFile = join(dir, 'draws.csv');
  const expr = [
    `source(${JSON.stringify(peerScript)})`,
    'a <- rstan::extract(f, pars = c("abar", "sigma"), permuted = FALSE)',
    `write.csv(data.frame(chain = rep(seq_len(dim(a)[2]), each = dim(a)[1]), abar = as.vector(a[, , "abar"]), sigma = as.vector(a[, , "sigma"])), ${JSON.stringify(drawsFile)}, row.names = FALSE)`,
    'sp <- get_sampler_params(f, inc_warmup = FALSE)',
    'cat(sprintf("stan_sampler: leapfrog=%.3f accept=%.3f stepsizes=%s divergent=%d\\n", mean(sapply(sp, function(s) mean(s[, "n_leapfrog__"]))), mean(sapply(sp, function(s) mean(s[, "accept_stat__"]))), paste(sprintf("%.3f", sapply(sp, function(s) s[1, "stepsize__"])), collapse = " "), sum(sapply(sp, function(s) sum(s[, "divergent__"])))))',
  ].join('; ');
  const started = performance.now();
  const r = spawnSync('Rscript', ['-e', expr, data], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const processSeconds = (performance.now() - started) / 1000;
  if (r.status !== 0) {
    console.log(`rstan failed (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const out = r.stdout;
  const compile = Number(/compile_s=([\d.]+)/.exec(out)?.[1]);
  const sampleS = Number(/sample_s=([\d.]+)/.exec(out)?.[1]);
  const perChain = /per-chain warmup\+sample s: ([\d. ]+)/.exec(out)?.[1].trim().split(/\s+/).map(Number) ?? [];
  const row = (name) => {
    const m = new RegExp(`^${name}\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`, 'm').exec(out);
    return m ? { mean: Number(m[1]), sd: Number(m[2]), nEff: Number(m[3]), rhat: Number(m[4]) } : undefined;
  };
  const { essBulk, essTail } = await import(dist('src/bayes/diagnostics/index.js'));
  const lines = readFileSync(drawsFile, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const chains = new Set(lines.map((l) => l[0])).size;
  const ess = (k) => {
    const x = Float64Array.from(lines, (l) => l[k]);
    return { essBulk: essBulk(x, chains), essTail: essTail(x, chains) };
  };
  rmSync(dir, { recursive: true, force: true });
  const sampler = /stan_sampler: leapfrog=([\d.]+) accept=([\d.]+) stepsizes=([\d. ]+) divergent=(\d+)/.exec(out);
  return {
    compile, sample: sampleS, perChain, processSeconds,
    meanLeapfrog: Number(sampler?.[1]), meanAccept: Number(sampler?.[2]), stepSizes: sampler?.[3] ?? '', divergences: Number(sampler?.[4]),
    abar: { ...row('abar'), ...ess(1) },
    sigma: { ...row('sigma'), ...ess(2) },
    rstanVersion: spawnSync('Rscript', ['-e', 'cat(as.character(packageVersion("rstan")))'], { encoding: 'utf8' }).stdout.trim(),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const f2 = (x) => x.toFixed(2);
const f3 = (x) => x.toFixed(3);

async function main() {
  if (option('run') !== undefined) return runOnce(option('run'));
  if (!existsSync(data)) {
    console.log(`skipped: ${data} not found`);
    return;
  }
  const repeats = Number(option('repeats', '3'));
  const targets = option('targets', 'hand,model').split(',')
    .filter((t) => t !== 'model' || existsSync(join(root, 'dist', 'src', 'bayes', 'model', 'examples.js')));
  const load = () => (readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?');
  console.log(`machine: ${availableParallelism()} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average at start ${load()}`);

  const ours = {};
  for (const target of targets) {
    ours[target] = [];
    for (let k = 0; k < repeats; k++) {
      const started = performance.now();
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--run', target], { encoding: 'utf8', cwd: root });
      const whole = (performance.now() - started) / 1000;
      if (r.status !== 0) {
        console.log(`${target}: run failed (exit ${r.status})\n${r.stderr.slice(-3000)}`);
        break;
      }
      const result = JSON.parse(r.stdout.trim().split('\n').pop());
      result.whole = whole;
      result.summed = sum(result.perChain.map((c) => c.warmup + c.sampling));
      result.summedSampling = sum(result.perChain.map((c) => c.sampling));
      result.summedCpu = sum(result.perChain.map((c) => c.cpu));
      ours[target].push(result);
      if (k === 0) console.log(`\n${target} (first run) summary:\n${r.stderr.trimEnd()}`);
    }
  }

  const stan = args.includes('--no-rstan') ? undefined : await runRstan();
  console.log(`\nload average at end ${load()}\n`);

  const lines = [];
  lines.push('| run | whole run s | sampling wall s | summed per-chain wall s | per-chain wall s | summed per-chain CPU s | ā mean ± sd | ā bulk-ESS | ā ESS per CPU s | σ mean ± sd | σ bulk-ESS | σ ESS per CPU s |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  const medians = {};
  for (const [target, runs] of Object.entries(ours)) {
    if (runs.length === 0) continue;
    for (const [k, r] of runs.entries()) {
      lines.push(`| liftwise ${target} #${k + 1} | ${f2(r.whole)} | ${f2(r.sampleWall)} | ${f3(r.summed)} | ${r.perChain.map((c) => f3(c.warmup + c.sampling)).join(' ')} | ${f3(r.summedCpu)} | ${f3(r.abar.mean)} ± ${f3(r.abar.sd)} | ${r.abar.essBulk.toFixed(0)} | ${(r.abar.essBulk / r.summedCpu).toFixed(0)} | ${f3(r.sigma.mean)} ± ${f3(r.sigma.sd)} | ${r.sigma.essBulk.toFixed(0)} | ${(r.sigma.essBulk / r.summedCpu).toFixed(0)} |`);
    }
    medians[target] = {
      whole: median(runs.map((r) => r.whole)),
      summed: median(runs.map((r) => r.summed)),
      summedCpu: median(runs.map((r) => r.summedCpu)),
    };
  }
  if (stan !== undefined) {
    const summed = sum(stan.perChain);
    lines.push(`| rstan ${stan.rstanVersion} | ${f2(stan.compile + stan.sample)} (compile ${f2(stan.compile)} + sample ${f2(stan.sample)}) | ${f2(stan.sample)} | – | ${stan.perChain.map(f3).join(' ')} (CPU) | ${f3(summed)} | ${f3(stan.abar.mean)} ± ${f3(stan.abar.sd)} | ${stan.abar.essBulk.toFixed(0)} (n_eff ${stan.abar.nEff.toFixed(0)}) | ${(stan.abar.essBulk / summed).toFixed(0)} | ${f3(stan.sigma.mean)} ± ${f3(stan.sigma.sd)} | ${stan.sigma.essBulk.toFixed(0)} (n_eff ${stan.sigma.nEff.toFixed(0)}) | ${(stan.sigma.essBulk / summed).toFixed(0)} |`);
  }
  console.log(lines.join('\n'));
  console.log('\nSampler behaviour (post-warmup means):');
  for (const [target, runs] of Object.entries(ours)) {
    if (runs.length > 0) console.log(`- liftwise ${target}: ${f2(runs[0].meanLeapfrog)} leapfrog steps per draw, accept_stat ${f3(runs[0].meanAccept)}, step sizes ${runs[0].stepSizes}, ${runs[0].divergences} divergences`);
  }
  if (stan !== undefined) console.log(`- rstan: ${f2(stan.meanLeapfrog)} leapfrog steps per draw, accept_stat ${f3(stan.meanAccept)}, step sizes ${stan.stepSizes}, ${stan.divergences} divergences`);

  if (stan !== undefined) {
    // Stan 2.21 (rstan 2.21's StanHeaders) times each chain with clock(): the CPU time of the chain's
    // process (one R process per chain with cores = 2). The like-for-like figure for us is the CPU time
    // of each chain's worker thread; wall times are shown too, but on a shared, loaded machine they
    // measure the queue for a core as much as the sampler.
    const summed = sum(stan.perChain);
    const stanAbar = stan.abar.essBulk / summed;
    const stanSigma = stan.sigma.essBulk / summed;
    console.log("\nTargets (issue 5): medians of our runs against the rstan run; per-chain times are CPU seconds on both sides (Stan 2.21 uses clock()):");
    for (const [target, runs] of Object.entries(ours)) {
      if (runs.length === 0) continue;
      const m = medians[target];
      const cpuRatio = m.summedCpu / summed;
      const abarRatio = median(runs.map((r) => r.abar.essBulk / r.summedCpu)) / stanAbar;
      const sigmaRatio = median(runs.map((r) => r.sigma.essBulk / r.summedCpu)) / stanSigma;
      const speedup = (stan.compile + stan.sample) / m.whole;
      console.log(`- ${target}: summed per-chain time ${f2(cpuRatio)}× Stan's (target ≤ 2: ${cpuRatio <= 2 ? 'met' : 'NOT met'}; on wall time ${f2(m.summed / summed)}×); ` +
        `ESS per second ${f2(abarRatio)}× (ā) and ${f2(sigmaRatio)}× (σ) Stan's (target ≥ 0.5: ${Math.min(abarRatio, sigmaRatio) >= 0.5 ? 'met' : 'NOT met'}); ` +
        `whole run ${speedup.toFixed(1)}× faster than rstan compile + sample (target ≥ 10: ${speedup >= 10 ? 'met' : 'NOT met'})`);
    }
  } else if (args.includes('--no-rstan')) {
    console.log('\nrstan skipped (--no-rstan): no comparison');
  } else {
    console.log('\nrstan not installed (apt-get install r-cran-rstan; ln -s /usr/include /usr/lib/R/site-library/BH/include): no comparison');
  }
}

await main();
