/**
 * Counts written as people write them, shared by `liftwise allocate` flags and
 * scenario files so both accept the same forms: a whole number (120), a share
 * of the units in (0, 1) (0.2), or a percentage string ("20%").
 */

/** A percentage like "20%" or "12.5 %" (no sign, at most 100). */
const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;

export type CountOrShare = number | string;

/** Why a count-or-share is not one, or undefined when it is fine. */
export function countOrShareProblem(value: CountOrShare): string | undefined {
  if (typeof value === 'string') {
    const m = PERCENT.exec(value.trim());
    if (m === null) return `'${value}' is not a count or a percentage like "20%"`;
    if (Number.parseFloat(m[1]!) > 100) return `${value} is more than 100 % of the units`;
    return undefined;
  }
  if (!Number.isFinite(value) || value < 0) return `${value} is not a count ≥ 0`;
  if (value >= 1 && !Number.isInteger(value)) return `${value} is neither a whole count nor a share in (0, 1)`;
  return undefined;
}

/**
 * A count from "20%", 0.2 (a share of n) or 120 (a count); shares round down.
 *
 * @example
 * countFrom('20%', 1001); // 200
 * countFrom(0.2, 1001);   // 200
 * countFrom(120, 1001);   // 120
 */
export function countFrom(value: CountOrShare, n: number): number {
  if (typeof value === 'string') return Math.floor((Number.parseFloat(value) / 100) * n + 1e-9);
  return value > 0 && value < 1 ? Math.floor(value * n + 1e-9) : value;
}

/** Parses a flag's text: a percentage stays text, anything else must be a number. */
export function parseCountOrShare(text: string): CountOrShare | undefined {
  const t = text.trim();
  if (PERCENT.test(t)) return t;
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}
