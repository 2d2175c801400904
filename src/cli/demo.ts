/**
 * liftwise demo: the whole path on a seeded synthetic campaign whose true
 * effects are known — simulate, fit on 70 %, evaluate on 30 %, allocate a
 * budget over the 30 %, and compare the plan's true incremental outcome with
 * random targeting and with the best plan possible (solved on the truth).
 */
import type { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { makeTempDir, removeTemp } from '../util/atomic.js';
import { checkOutputFolder, commitOutputFolder, type FolderState } from '../util/outputs.js';
import { simulateCampaign } from '../causal/campaign.js';
import { systematicSplit } from '../data/split.js';
import { takeRows, createTable, numericColumn } from '../data/table.js';
import { planTable } from '../allocate/plan-file.js';
import { problemFromEffects, type EffectsProblem } from '../allocate/from-effects.js';
import { armColumn } from '../effects/effects.js';
import { writeTable } from '../data/write.js';
import { UpliftModel, upliftColumnName } from '../uplift/model.js';
import { qiniAucScore } from '../metrics/index.js';
import { solveAllocation } from '../allocate/solve.js';
import { heldOutPlanValue } from '../allocate/heldOut.js';
import { Random } from '../util/random.js';
import { action, integerOption, numberOption } from './action.js';
import { info, printResult, stderrProgress } from './output.js';
import { secondsSince } from './common.js';
import { bcfPlan } from './demo-bcf.js';
import { DEFAULT_METHOD, defaultLearner } from '../uplift/learner-defaults.js';

interface DemoFlags {
  out?: string;
  replace?: boolean;
  n: number;
  seed: number;
  budget: number;
  learner?: string;
  method: string;
  json?: boolean;
  quiet?: boolean;
  bcfRows: number;
}

/** What each arm costs per customer and what one extra visit is worth (dollars). */
const ARMS = ['email', 'coupon'] as const;
const COST: Record<(typeof ARMS)[number], number> = { email: 0.25, coupon: 0.6 };
const VALUE_PER_VISIT = 10;

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the whole path on a seeded synthetic campaign with known effects, and compare plans with the truth')
    .option('--out <dir>', 'also write the campaign, model, scores and plan to this new folder')
    .option('--replace', 'replace an output folder a previous demo or scenario run wrote (only the files its .liftwise-output.json lists)')
    .option('--n <customers>', 'customers to simulate', integerOption('n'), 40_000)
    .option('--budget <dollars>', 'budget for the holdout customers', numberOption('budget'), 1500)
    .option('--method <name>', 'uplift method, or auto', DEFAULT_METHOD)
    .option('--learner <name>', `base learner (default: ${defaultLearner('binary')})`)
    .option('--seed <n>', 'random seed', integerOption('seed'), 1)
    .option('--json', 'print the report as JSON')
    .option('--quiet', 'no progress on stderr')
    .option('--bcf-rows <n>', 'training customers for the Bayesian causal forest section (0 skips it)', integerOption('bcf-rows'), 4000)
    .action(action(demo));
}

async function demo(flags: DemoFlags): Promise<void> {
  // The output folder is checked before any work; it is written whole, with a manifest, or not at all.
  const checked = flags.out === undefined ? undefined : await checkOutputFolder(flags.out, { replace: flags.replace === true });
  const progress = stderrProgress(flags.quiet === true);
  const campaign = simulateCampaign({ n: flags.n, seed: flags.seed, arms: [...ARMS] });
  const split = systematicSplit(campaign.table.nRows, 0.3);
  const train = takeRows(campaign.table, split.train);
  const holdout = takeRows(campaign.table, split.test);
  const learner = flags.learner ?? (flags.method === 'auto' ? 'auto' : defaultLearner('binary'));
  if (flags.quiet !== true) info(`simulated ${flags.n} customers (seed ${flags.seed}); fitting ${flags.method} uplift with ${learner} on 70 %`);

  const started = performance.now();
  const model = UpliftModel.fit(
    train,
    { treatment: 'treatment', outcome: 'visit', exclude: ['id'], method: flags.method, learner: flags.learner, seed: flags.seed },
    { progress },
  );
  const fitSeconds = secondsSince(started);
  // Point effects (no draws: a bootstrap model would otherwise predict with every refit).
  const effects = model.effects(holdout, { draws: 0 });
  const uplift = ARMS.map((_, a) => armColumn(effects, a + 1));

  // Holdout evaluation per arm: rows of that arm and the control.
  const armOf = Int32Array.from(split.test, (r) => campaign.arm[r]!);
  const visits = holdout.columns.get('visit')!;
  const qini = ARMS.map((_, a) => {
    const rows = [...armOf.keys()].filter((i) => armOf[i] === 0 || armOf[i] === a + 1);
    const y = rows.map((i) => (visits.kind === 'numeric' ? visits.values[i]! : 0));
    const t = rows.map((i) => (armOf[i] === a + 1 ? 1 : 0));
    return qiniAucScore(y, rows.map((i) => uplift[a]![i]!), t);
  });

  // Plan over the holdout customers: value = predicted extra visits × value per visit.
  const n = holdout.nRows;
  const K = ARMS.length + 1;
  const problem = problemFromEffects(
    { ...effects, arms: ['none', ...ARMS] },
    { valuePerOutcome: VALUE_PER_VISIT, costs: ARMS.map((arm) => COST[arm]), rules: { budget: flags.budget } },
  );
  const { costs } = problem;
  const trueValues = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    const r = split.test[i]!;
    ARMS.forEach((_, a) => {
      trueValues[i * K + a + 1] = campaign.trueUplift[r * ARMS.length + a]! * VALUE_PER_VISIT;
    });
  }
  const plan = await solveAllocation(problem, { progress });
  const oracle = await solveAllocation({ ...problem, values: trueValues });

  const trueVisits = (choice: Int32Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) if (choice[i]! > 0) s += trueValues[i * K + choice[i]!]! / VALUE_PER_VISIT;
    return s;
  };
  // The point plan's promise is a sum of selected estimates (optimistic); the
  // holdout customers' own randomised outcomes, which the model never saw, give
  // an unbiased estimate of what the plan delivers, with a 90 % bootstrap interval.
  const observedVisits = Float64Array.from({ length: n }, (_, i) => (visits.kind === 'numeric' ? visits.values[i]! : 0));
  const heldOut = heldOutPlanValue(plan.choice, armOf, observedVisits, { level: 0.9, seed: flags.seed, armLabels: ['none', ...ARMS] });
  const random = randomTargeting(n, K, costs, trueValues, flags.budget, flags.seed);
  if (flags.bcfRows > 0 && flags.quiet !== true) info(`fitting bcf on ${flags.bcfRows} training customers for the plan's posterior interval`);
  const bcf =
    flags.bcfRows > 0
      ? await bcfPlan({ train, holdout, rows: flags.bcfRows, seed: flags.seed, arms: ARMS, problem, valuePerVisit: VALUE_PER_VISIT, trueVisits, progress })
      : undefined;
  const report = {
    customers: { simulated: flags.n, train: split.train.length, holdout: n },
    model: { method: model.learner.method, learner: model.learnerName, fitSeconds, holdoutQiniAuc: Object.fromEntries(ARMS.map((a, k) => [a, qini[k]])) },
    budget: flags.budget,
    costs: COST,
    valuePerVisit: VALUE_PER_VISIT,
    plan: {
      solver: plan.solver,
      status: plan.status,
      spend: plan.spend,
      recipients: plan.recipients,
      perArm: Object.fromEntries(ARMS.map((a, k) => [a, plan.armCounts[k + 1] ?? 0])),
      predictedExtraVisits: plan.value / VALUE_PER_VISIT,
      proofGap: plan.relativeGap,
      trueExtraVisits: trueVisits(plan.choice),
      heldOut: { estimate: heldOut.estimate, interval: [heldOut.lower, heldOut.upper], level: heldOut.level, kind: heldOut.kind },
    },
    random: { spend: random.spend, recipients: random.recipients, trueExtraVisits: random.visits, draws: random.draws },
    best: { spend: oracle.spend, recipients: oracle.recipients, trueExtraVisits: trueVisits(oracle.choice) },
    ...(bcf === undefined ? {} : { bcf }),
  };
  if (flags.out !== undefined) await writeOutputs(checked!, campaign.table, model, holdout, uplift, plan.choice, problem);

  printResult(flags.json === true, report, () => {
    const p = report.plan;
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    return [
      `liftwise demo — synthetic campaign, ${flags.n} customers, arms ${ARMS.map((a) => `${a} ($${COST[a]})`).join(', ')}, $${VALUE_PER_VISIT} per visit`,
      `model: ${report.model.method} with ${report.model.learner}${model.selection === undefined ? '' : ' (chosen by auto)'}, fitted in ${fitSeconds.toFixed(2)} s on ${split.train.length} customers; holdout Qini AUC ${ARMS.map((a, k) => `${a} ${qini[k]!.toFixed(3)}`).join(', ')}`,
      `plan for the ${n} holdout customers with a $${flags.budget} budget (${p.solver}, ${p.status}, gap ${p.proofGap.toExponential(1)}):`,
      `  ${p.recipients} recipients (${ARMS.map((a) => `${p.perArm[a]} ${a}`).join(', ')}), spend $${p.spend.toFixed(2)}`,
      `  model promised ${p.predictedExtraVisits.toFixed(1)} extra visits (point estimates, no interval; selection makes them optimistic)`,
      `  held-out estimate ${heldOut.estimate.toFixed(1)}, 90 % interval ${heldOut.lower.toFixed(1)} … ${heldOut.upper.toFixed(1)} (held-out: the holdout customers' randomised outcomes, bootstrap over rows)`,
      `  true extra visits: ${p.trueExtraVisits.toFixed(1)}`,
      `random targeting, same budget: ${report.random.trueExtraVisits.toFixed(1)} true extra visits (mean of ${random.draws} draws)`,
      `best possible plan (knowing the truth): ${report.best.trueExtraVisits.toFixed(1)} true extra visits`,
      `→ the plan gets ${pct(p.trueExtraVisits / report.best.trueExtraVisits)} of the best possible and ${(p.trueExtraVisits / report.random.trueExtraVisits).toFixed(1)}× random targeting`,
      ...(bcf === undefined
        ? []
        : [
            `bcf (Bayesian causal forest) on ${bcf.rows} training customers, ${bcf.fitSeconds.toFixed(1)} s; plan on its posterior mean:`,
            `  promised extra visits ${bcf.predictedExtraVisits.toFixed(1)}, 94 % interval ${bcf.interval[0].toFixed(1)} … ${bcf.interval[1].toFixed(1)} (posterior: ${bcf.draws} posterior draws); true extra visits ${bcf.trueExtraVisits.toFixed(1)}`,
          ]),
      ...(flags.out === undefined ? [] : [`files written to ${flags.out}`]),
    ].join('\n');
  });
}

/**
 * Random targeting with the same budget: customers in random order each get
 * a random treated arm while money lasts. The mean over draws of the true
 * extra visits is reported.
 */
function randomTargeting(n: number, K: number, costs: Float64Array, trueValues: Float64Array, budget: number, seed: number) {
  const draws = 200;
  const rng = new Random(seed + 7);
  let visits = 0;
  let spend = 0;
  let recipients = 0;
  for (let d = 0; d < draws; d++) {
    const order = rng.permutation(n);
    let left = budget;
    for (const i of order) {
      const arm = 1 + rng.int(K - 1);
      const c = costs[i * K + arm]!;
      if (c > left) continue;
      left -= c;
      visits += trueValues[i * K + arm]! / VALUE_PER_VISIT;
      spend += c;
      recipients++;
    }
  }
  return { visits: visits / draws, spend: spend / draws, recipients: recipients / draws, draws };
}

async function writeOutputs(
  checked: FolderState,
  campaignTable: Parameters<typeof writeTable>[1],
  model: UpliftModel,
  holdout: Parameters<typeof writeTable>[1],
  uplift: readonly Float64Array[],
  choice: Int32Array,
  problem: EffectsProblem,
): Promise<void> {
  const target = resolve(checked.path);
  await mkdir(dirname(target), { recursive: true });
  const dir = await makeTempDir(target);
  try {
  await writeTable(join(dir, 'campaign.csv'), campaignTable);
  await model.save(join(dir, 'model.json'));
  const id = holdout.columns.get('id')!;
  await writeTable(
    join(dir, 'scores.csv'),
    createTable([id, ...ARMS.map((a, k) => numericColumn(upliftColumnName(a), uplift[k]!))]),
  );
  // The plan in the one plan layout `liftwise allocate` writes, so `liftwise evaluate --plan` reads it.
  await writeTable(join(dir, 'plan.csv'), planTable(problem, { choice }, { id }));
    await commitOutputFolder(dir, checked, 'demo', ['campaign.csv', 'model.json', 'scores.csv', 'plan.csv']);
  } catch (e) {
    await removeTemp(dir);
    throw e;
  }
}
