/** The scholarship data shipped with liftwise are JANOS's files with the R row numbers and BOM removed, values unchanged. */
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { describeWithShared, repoPath, sharedPath } from '../helpers/shared.js';

describeWithShared('bundled scholarship data', ['data/janos/college_student_enroll-s1-1.csv', 'data/janos/college_applications6000.csv'], () => {
  it('history.csv is the JANOS history without its row-number column', () => {
    const original = readFileSync(sharedPath('data/janos/college_student_enroll-s1-1.csv'), 'utf8').trim().split(/\r?\n/);
    const bundled = readFileSync(repoPath('scenarios/scholarship/data/history.csv'), 'utf8').trim().split('\n');
    expect(bundled).toHaveLength(original.length);
    expect(bundled[0]).toBe('StudentID,SAT,GPA,merit,enroll');
    for (let i = 1; i < original.length; i++) expect(bundled[i]).toBe(original[i]!.slice(original[i]!.indexOf(',') + 1));
  });

  it('applicants.csv is the JANOS applicants file without its byte-order mark', () => {
    const original = readFileSync(sharedPath('data/janos/college_applications6000.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const bundled = readFileSync(repoPath('scenarios/scholarship/data/applicants.csv'), 'utf8').trim().split('\n');
    expect(bundled).toEqual(original);
  });
});
