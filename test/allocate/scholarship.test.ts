import { expect, it } from 'vitest';
import { runScholarship, APPLICANTS_FILE, HISTORY_FILE, type ScholarshipReport } from '../../src/scholarship/scholarship.js';
import type { AllocationProblem } from '../../src/allocate/problem.js';
import { describeWithShared, sharedPath } from '../helpers/shared.js';

/**
 * The exact optimum of a dose problem whose level costs are multiples of
 * `step`, by dynamic programming over the budget in steps (and over the number
 * of recipients when capped): best[b][r] = most value using b steps of budget
 * and r recipients.
 */
function exactByDp(problem: AllocationProblem, step: number): number {
  const { units: n, arms: L, values, costs } = problem;
  const B = Math.round(problem.budget! / step);
  const R = problem.maxRecipients ?? n;
  const units = Array.from({ length: L }, (_, k) => Math.round(costs[k]! / step));
  const width = R + 1;
  let best = new Float64Array((B + 1) * width).fill(-Infinity);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    const next = new Float64Array((B + 1) * width).fill(-Infinity);
    for (let b = 0; b <= B; b++) {
      for (let r = 0; r <= R; r++) {
        const here = best[b * width + r]!;
        if (here === -Infinity) continue;
        for (let k = 0; k < L; k++) {
          const b2 = b + units[k]!;
          const r2 = r + (k === 0 ? 0 : 1);
          if (b2 > B || r2 > R) continue;
          const v = here + values[i * L + k]!;
          if (v > next[b2 * width + r2]!) next[b2 * width + r2] = v;
        }
      }
    }
    best = next;
  }
  let top = -Infinity;
  for (const v of best) top = Math.max(top, v);
  return top;
}

function spendAndRecipients(report: ScholarshipReport): { spend: number; recipients: number } {
  let spend = 0;
  let recipients = 0;
  report.choice.forEach((k) => {
    spend += report.levels[k]!;
    if (k !== 0) recipients++;
  });
  return { spend, recipients };
}

describeWithShared('scholarship scenario (n = 500)', [`data/janos/${HISTORY_FILE}`, `data/janos/${APPLICANTS_FILE}`], () => {
  const dataDir = sharedPath('data/janos');

  it('plans the optimum of the exact dynamic program over the levels, budget 0.2·n', async () => {
    const report = await runScholarship({ dataDir, students: 500, seed: 1 });
    // The enrolment model is scikit-learn's LogisticRegression(C=1) fit (fixtures/janos_sklearn.py).
    expect(report.model.intercept).toBeCloseTo(-8.738502183678762, 6);
    const reference = [-14.349706306988244, -10.249447395846238, 13.084029195226174];
    report.model.coef.forEach((c, j) => expect(c).toBeCloseTo(reference[j]!, 6));
    expect(report.budget).toBe(100);
    expect(report.plan.status).toBe('optimal');
    const dp = exactByDp(report.problem, 0.5);
    expect(report.plan.expectedEnrolments).toBeCloseTo(dp, 9);
    expect(spendAndRecipients(report).spend).toBeLessThanOrEqual(100 + 1e-9);
    // The baselines are what they claim: Σ P(enroll | 0), and a plan within the budget.
    let none = 0;
    for (let i = 0; i < 500; i++) none += report.problem.values[i * 6]!;
    expect(report.noScholarships.expectedEnrolments).toBeCloseTo(none, 9);
    expect(report.bestStudentsFirst.spend).toBeLessThanOrEqual(100);
    expect(report.plan.expectedEnrolments).toBeGreaterThan(report.bestStudentsFirst.expectedEnrolments);
  });

  it('plans the optimum of the dynamic program with at most 0.2·n recipients too', async () => {
    const report = await runScholarship({ dataDir, students: 500, seed: 1, recipientShare: 0.2 });
    expect(report.maxRecipients).toBe(100);
    expect(report.plan.status).toBe('optimal');
    expect(report.plan.expectedEnrolments).toBeCloseTo(exactByDp(report.problem, 0.5), 9);
    expect(spendAndRecipients(report).recipients).toBeLessThanOrEqual(100);
  });
});
