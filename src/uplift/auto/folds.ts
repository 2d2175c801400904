/** Cross-fitting folds stratified by arm, so every fold has each arm in the same proportion. */
import { Random } from '../../util/random.js';

/**
 * Fold number (0..k-1) of each row: within each arm the rows are shuffled with
 * the seed and dealt out in turn. Rows with arm −1 get fold −1 (left out).
 */
export function armStratifiedFolds(arm: Int32Array, k: number, seed: number): Int32Array {
  const fold = new Int32Array(arm.length).fill(-1);
  let nArms = 0;
  for (const a of arm) if (a + 1 > nArms) nArms = a + 1;
  const rng = new Random(seed ^ 0x5f0d);
  for (let a = 0; a < nArms; a++) {
    const rows: number[] = [];
    for (let i = 0; i < arm.length; i++) if (arm[i] === a) rows.push(i);
    rng.shuffle(rows);
    // Start each arm at another fold so small arms do not all pile into fold 0.
    const offset = a % k;
    rows.forEach((r, j) => {
      fold[r] = (j + offset) % k;
    });
  }
  return fold;
}

/** Rows of fold f (test) and of the other folds (train). */
export function foldRows(fold: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  let nTest = 0;
  let nTrain = 0;
  for (const v of fold) {
    if (v === f) nTest++;
    else if (v >= 0) nTrain++;
  }
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < fold.length; i++) {
    if (fold[i] === f) test[b++] = i;
    else if (fold[i]! >= 0) train[a++] = i;
  }
  return { train, test };
}
