/** A time series as [[t, value], ...] with strictly increasing t (seconds unless named otherwise). */
export type Series = ReadonlyArray<readonly [number, number]>;

/**
 * Piecewise-linear value at t, held constant before the first and after the last point.
 * Allocation-free (binary search), so it can be called once per solver step.
 */
export function seriesAt(s: Series, t: number): number {
  const n = s.length;
  if (n === 0) return 0;
  if (t <= s[0][0]) return s[0][1];
  if (t >= s[n - 1][0]) return s[n - 1][1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (s[mid][0] <= t) lo = mid;
    else hi = mid;
  }
  const [t0, v0] = s[lo];
  const [t1, v1] = s[hi];
  return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
}

/** Exact integral of the piecewise-linear series from a to b (a ≤ b). */
export function seriesIntegral(s: Series, a: number, b: number): number {
  if (b <= a || s.length === 0) return 0;
  // breakpoints inside (a, b), plus the ends; trapezoids between them are exact for linear pieces
  let sum = 0;
  let tPrev = a;
  let vPrev = seriesAt(s, a);
  for (const [t] of s) {
    if (t <= a || t >= b) continue;
    const v = seriesAt(s, t);
    sum += 0.5 * (v + vPrev) * (t - tPrev);
    tPrev = t;
    vPrev = v;
  }
  sum += 0.5 * (seriesAt(s, b) + vPrev) * (b - tPrev);
  return sum;
}
