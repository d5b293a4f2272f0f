const COUNT_UNITS = new Set(['people', 'buildings', 'facilities']);

/**
 * How a metric is written for people, the same in the page's tables and the HTML report: counts
 * (people, buildings, facilities) whole, other values to 0, 1 or 2 decimals by size (≥ 100, ≥ 10,
 * smaller), with thousands separators; a missing value is '–'.
 * @example formatMetric(12345.678, 'ha') // '12,346'
 * @example formatMetric(3.14159, 'm') // '3.14'
 */
export function formatMetric(v: number | null, unit: string): string {
  if (v === null) return '–';
  const a = Math.abs(v);
  const digits = COUNT_UNITS.has(unit) ? 0 : a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A change between two runs: as `formatMetric`, with a '+' on increases. */
export function formatMetricChange(v: number | null, unit: string): string {
  if (v === null) return '–';
  const s = formatMetric(v, unit);
  return v > 0 ? `+${s}` : s;
}
