// The calibration table of risk-calibration.bench.mjs from per-seed records (one per shape × seed × learner): per shape
// and learner, the 90 % interval's coverage of the plan's truth, the mean reported and true plan values, the bias as a
// ratio of means ((Σ reported − Σ true) / Σ true: robust when a seed's true value is near 0, where the mean of
// per-seed ratios is not) with its standard error over seeds (sd of reported − true over √seeds, ÷ mean true: with 10
// seeds it is about ±10 %, so a bias of that size on 10 seeds is not established), the mean absolute error, the mean
// of per-seed ratios (the older tables' column) and times.
//
//   node bench/lib/calibration-table.mjs FILE…   (JSON lines written with --out; a seed recorded twice counts once)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function calibrationTable(records) {
  const seen = new Map();
  for (const r of records) seen.set(`${r.shape}|${r.learner}|${r.seed}`, r);
  const groups = new Map();
  for (const r of seen.values()) {
    const key = `${r.shape}|${r.learner}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const lines = [
    '| shape | learner | seeds | 90 % interval covers truth | reported (mean) | true (mean) | (Σ reported − Σ true) / Σ true ± se | mean abs error | mean of reported / true − 1 | CPU s / seed | seeds missed |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [key, rs] of groups) {
    const [shape, learner] = key.split('|');
    rs.sort((a, b) => a.seed - b.seed);
    const missed = rs.filter((x) => !(x.lower <= x.truth && x.truth <= x.upper)).map((x) => x.seed);
    const reported = avg(rs.map((x) => x.mean));
    const truth = avg(rs.map((x) => x.truth));
    const errors = rs.map((x) => x.mean - x.truth);
    const meanError = avg(errors);
    const sd = Math.sqrt(errors.reduce((a, e) => a + (e - meanError) ** 2, 0) / Math.max(1, rs.length - 1));
    lines.push(
      `| ${shape} | ${learner} | ${rs.length} | ${rs.length - missed.length} / ${rs.length} | ${reported.toFixed(1)} | ${truth.toFixed(1)} | ${(100 * (reported / truth - 1)).toFixed(1)} ± ${((100 * sd) / Math.sqrt(rs.length) / truth).toFixed(1)} % | ${avg(rs.map((x) => Math.abs(x.mean - x.truth))).toFixed(1)} | ${(100 * (avg(rs.map((x) => x.mean / x.truth)) - 1)).toFixed(1)} % | ${avg(rs.map((x) => x.cpu)).toFixed(1)} | ${missed.join(', ')} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const records = process.argv
    .slice(2)
    .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
  console.log(calibrationTable(records));
}
