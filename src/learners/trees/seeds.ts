/** Per-tree seed streams: tree t of a model seeded s always draws the same numbers, on any thread. */
import { Random } from '../../util/random.js';

function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The generator of tree `index` in a model with seed `seed`.
 *
 * @example treeRandom(0, 3).uniform() // the same on every run and thread
 */
export function treeRandom(seed: number, index: number): Random {
  const s = Math.floor(seed);
  const hi = mix32(Math.floor(s / 2 ** 32) ^ 0x51ed270b);
  const lo = mix32((s >>> 0) ^ hi);
  return new Random(mix32(lo + mix32(index + 0x632be5ab)) * 2 ** 21 + (mix32(index ^ lo) >>> 11));
}
