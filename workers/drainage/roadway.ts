/**
 * ROADWAY weirs: flow over a road embankment by the FHWA HDS-5 method, Q = k_t·C_r·L·h^1.5, with the
 * discharge coefficient C_r and the submergence factor k_t read from the curves of FHWA/RD-86/108
 * ("Bridge Waterways Analysis Model: Research Report", 1986, Figure 10), as SWMM 5 uses them. The curves are
 * published in US units (C_r in ft^0.5/s, the head of the low-head curves in ft); this module converts them.
 */

const FT = 0.3048;
/** ft^0.5/s → m^0.5/s */
const SQRT_FT = Math.sqrt(FT);

export type RoadSurface = 'paved' | 'gravel';

type Curve = readonly (readonly [number, number])[];

/** C_r (ft^0.5/s) against the head (ft) when head / road width ≤ 0.15 */
const CR_LOW: Record<RoadSurface, Curve> = {
  paved: [
    [0, 2.85],
    [0.2, 2.95],
    [0.7, 3.03],
    [4, 3.05],
  ],
  gravel: [
    [0, 2.5],
    [0.5, 2.7],
    [1, 2.8],
    [1.5, 2.9],
    [2, 2.98],
    [2.5, 3.02],
    [3, 3.03],
    [4, 3.05],
  ],
};
/** C_r (ft^0.5/s) against head / road width when that exceeds 0.15 */
const CR_HIGH: Record<RoadSurface, Curve> = {
  paved: [
    [0.15, 3.05],
    [0.25, 3.1],
  ],
  gravel: [
    [0.15, 2.95],
    [0.3, 3.1],
  ],
};
/** k_t against downstream / upstream head over the road */
const KT: Record<RoadSurface, Curve> = {
  paved: [
    [0.8, 1],
    [0.85, 0.98],
    [0.9, 0.92],
    [0.93, 0.85],
    [0.95, 0.8],
    [0.97, 0.7],
    [0.98, 0.6],
    [0.99, 0.5],
    [1, 0.4],
  ],
  gravel: [
    [0.75, 1],
    [0.8, 0.985],
    [0.83, 0.97],
    [0.86, 0.93],
    [0.89, 0.9],
    [0.9, 0.87],
    [0.92, 0.8],
    [0.94, 0.7],
    [0.96, 0.6],
    [0.98, 0.5],
    [0.99, 0.4],
    [1, 0.24],
  ],
};

/** Linear interpolation in a curve, held at its end values. */
function curveAt(c: Curve, x: number): number {
  if (x <= c[0][0]) return c[0][1];
  for (let i = 1; i < c.length; i++) {
    if (x <= c[i][0]) return c[i - 1][1] + ((x - c[i - 1][0]) * (c[i][1] - c[i - 1][1])) / (c[i][0] - c[i - 1][0]);
  }
  return c[c.length - 1][1];
}

/**
 * The roadway's k_t·C_r (m^0.5/s) for head h (m) over the road upstream, ht (m) downstream (≤ 0: free), and
 * the road width (m, in the flow direction).
 * @example roadwayCoefficient(0.3048, 0, 10, 'paved') // C_r(1 ft) = 3.03 + (1 − 0.7)/3.3·0.02 ft^0.5/s = 1.6765 m^0.5/s
 */
export function roadwayCoefficient(h: number, ht: number, roadWidth: number, surface: RoadSurface): number {
  if (!(h > 0)) return 0;
  const hl = h / roadWidth;
  const cr = hl <= 0.15 ? curveAt(CR_LOW[surface], h / FT) : curveAt(CR_HIGH[surface], hl);
  const kt = ht > 0 ? curveAt(KT[surface], ht / h) : 1;
  return cr * kt * SQRT_FT;
}
