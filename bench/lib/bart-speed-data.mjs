// The data of the bart/bcf speed benches: n rows × 20 uniform features, a randomised 0/1 arm and a continuous
// outcome y = 2·x1 + sin(π·x2) + arm·(0.5 + x3) + N(0, 0.5²), seeded by n.
import { Random } from '../../dist/src/index.js';

export const FEATURES = 20;

export function bartSpeedData(n) {
  const rng = new Random(n);
  const cols = Array.from({ length: FEATURES }, () => Float64Array.from({ length: n }, () => rng.uniform()));
  const arm = Int32Array.from({ length: n }, () => rng.int(2));
  const y = Float64Array.from({ length: n }, (_, i) => 2 * cols[0][i] + Math.sin(Math.PI * cols[1][i]) + arm[i] * (0.5 + cols[2][i]) + 0.5 * rng.normal());
  return { cols, arm, y, rng };
}
