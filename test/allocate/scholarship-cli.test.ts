import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDir, cli, tempDir } from '../helpers/cli.js';
import { describeWithShared, sharedPath } from '../helpers/shared.js';

describe('liftwise scholarship: bad input', () => {
  it.each([
    ['an empty level grid', ['--levels', ''], /E_EMPTY_LEVELS: field levels: the dose level grid is empty/],
    ['levels out of order', ['--levels', '0,1,0.5'], /E_BAD_LEVELS: field levels: levels must be strictly increasing/],
    ['a negative budget', ['--budget-per-student', '-0.2'], /E_NEGATIVE_BUDGET: field budgetPerStudent: the budget must be a finite number ≥ 0, got -0.2/],
    ['a recipient share above 1', ['--recipient-share', '1.5'], /E_BAD_SHARE: field recipientShare: a share must be a number from 0 to 1, got 1.5/],
    ['a missing data folder', ['--data-dir', '/nonexistent/janos'], /E_FILE_NOT_FOUND: \/nonexistent\/janos\/college_student_enroll-s1-1.csv: file not found/],
  ])('rejects %s with exit code 2 and writes nothing', async (_what, args, message) => {
    const dir = tempDir('liftwise-scholarship-');
    const r = await cli(['scholarship', ...args, '--out', join(dir, 'plan.csv'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(listDir(dir)).toEqual([]);
  });
});

describeWithShared('liftwise scholarship', ['data/janos/college_student_enroll-s1-1.csv', 'data/janos/college_applications6000.csv'], () => {
  it('reports the plan against the baselines and writes one row per student', async () => {
    const dir = tempDir('liftwise-scholarship-');
    const out = join(dir, 'plan.csv');
    const r = await cli(['scholarship', '--students', '200', '--seed', '3', '--data-dir', sharedPath('data/janos'), '--out', out, '--json', '--quiet']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.budget).toBeCloseTo(40, 12);
    expect(report.plan.status).toBe('optimal');
    expect(report.plan.spend).toBeLessThanOrEqual(40 + 1e-9);
    expect(report.plan.expectedEnrolments).toBeGreaterThan(report.noScholarships.expectedEnrolments);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    // The columns --out promises: the student, the two grades the model used, the plan and its probability.
    expect(lines[0]).toBe('student_id,SAT,GPA,merit,p_enroll');
    expect(lines).toHaveLength(201);
    // The file's merits add up to the plan's spend, and its probabilities to its expected enrolments.
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    expect(rows.reduce((s, x) => s + x[3]!, 0)).toBeCloseTo(report.plan.spend, 9);
    expect(rows.reduce((s, x) => s + x[4]!, 0)).toBeCloseTo(report.plan.expectedEnrolments, 9);
    // SAT and GPA are the applicant's own, as in the applications file.
    const applicants = new Map(
      readFileSync(sharedPath('data/janos/college_applications6000.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n').slice(1)
        .map((l) => l.split(',').map(Number)).map((x) => [x[0]!, x] as const),
    );
    for (const x of rows) expect([x[1], x[2]]).toEqual([applicants.get(x[0]!)![1], applicants.get(x[0]!)![2]]);
  });
});
