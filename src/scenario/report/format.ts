/** Number formatting and HTML escaping for the report; fixed locale so the same data gives the same text. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const threeSignificant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const scientific = new Intl.NumberFormat('en-US', { notation: 'scientific', maximumSignificantDigits: 3 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/**
 * A number as people read it in a table: whole numbers with thousands
 * separators, |v| ≥ 1 with at most two decimals, |v| < 1 with three
 * significant digits, and scientific notation beyond 10^12 or below 10^-4.
 * Null, NaN and ±Infinity become the given placeholder (or '∞' / '−∞').
 *
 * @example
 * formatNumber(12345.678); // '12,345.68'
 * formatNumber(0.012345);  // '0.0123'
 * formatNumber(3);         // '3'
 * formatNumber(null);      // '—'
 */
export function formatNumber(value: number | null, empty = '—'): string {
  if (value === null || Number.isNaN(value)) return empty;
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0'; // also −0
  const abs = Math.abs(value);
  if (abs >= 1e12 || abs < 1e-4) return scientific.format(value);
  if (Number.isInteger(value)) return integer.format(value);
  if (abs >= 1) return twoDecimals.format(value);
  return threeSignificant.format(value);
}

/**
 * A share in [0, 1] as a percentage with at most one decimal.
 *
 * @example
 * formatPercent(0.3333); // '33.3%'
 */
export function formatPercent(share: number): string {
  return Number.isFinite(share) ? percent.format(share) : '—';
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * escapeHtml('<script>"x"</script>'); // '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c]!);
}
