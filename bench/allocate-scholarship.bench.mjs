#!/usr/bin/env node
// The scholarship scenario over five seeded draws of n = 500 and n = 1000 admitted students: expected enrolments of
// liftwise's proven-optimal plan, of no scholarships and of "best students get 2.5 first", budget 0.2·n k$ with and
// without a cap of 0.2·n recipients, and the time per plan. The peer figures are JANOS's published means over five
// samples (discrete levels 297.4 / 576.3; its greedy 243.2 / 467.2), a different draw of students.
//
//   node bench/allocate-scholarship.bench.mjs [--data-dir ../shared/data/janos]
import { existsSync } from 'node:fs';
import os from 'node:os';

const dist = new URL('../dist/', import.meta.url);
const { runScholarship } = await import(new URL('src/scholarship/scholarship.js', dist).href);

const args = process.argv.slice(2);
const i = args.indexOf('--data-dir');
const dataDir = i >= 0 ? args[i + 1] : new URL('../../shared/data/janos/', import.meta.url).pathname;
if (!existsSync(dataDir)) {
  console.log(`skipped: ${dataDir} not found`);
  process.exit(0);
}
console.log(`scholarship scenario — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`);
const janos = { 500: { discrete: 297.4, greedy: 243.2 }, 1000: { discrete: 576.3, greedy: 467.2 } };
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rows = [];
for (const students of [500, 1000]) {
  for (const cap of [undefined, 0.2]) {
    const runs = [];
    for (let seed = 1; seed <= 5; seed++) {
      const r = await runScholarship({ dataDir, students, seed, ...(cap === undefined ? {} : { recipientShare: cap }) });
      runs.push(r);
    }
    const row = {
      students,
      cap: cap === undefined ? 'none' : `${cap}·n`,
      plan: mean(runs.map((r) => r.plan.expectedEnrolments)),
      none: mean(runs.map((r) => r.noScholarships.expectedEnrolments)),
      bestFirst: mean(runs.map((r) => r.bestStudentsFirst.expectedEnrolments)),
      optimal: runs.filter((r) => r.plan.status === 'optimal').length,
      secondsMean: mean(runs.map((r) => r.plan.seconds)),
      secondsMax: Math.max(...runs.map((r) => r.plan.seconds)),
      recipients: mean(runs.map((r) => r.plan.recipients)),
    };
    rows.push(row);
    console.log(
      `n=${students} cap ${row.cap.padEnd(5)} plan ${row.plan.toFixed(1)} (${row.optimal}/5 proven optimal, ${row.recipients.toFixed(0)} recipients, ` +
        `${row.secondsMean.toFixed(2)} s mean / ${row.secondsMax.toFixed(2)} s max)  no scholarships ${row.none.toFixed(1)}  best-first ${row.bestFirst.toFixed(1)}` +
        `  | JANOS: discrete ${janos[students].discrete}, greedy ${janos[students].greedy}`,
    );
  }
}
console.log(`\nJSON\n${JSON.stringify(rows)}`);
