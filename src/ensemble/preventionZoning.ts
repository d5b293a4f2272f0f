/**
 * Prevention zoning from the merged exceedance map: each cell's zone follows the annual probability
 * that water there rises above the zoning depth (the merge's first exceedance depth, 0.15 m by
 * default, the depth at which streets are cut for people on foot). The thresholds are this project's
 * choice, stated in the legend and README, not a standard's:
 *   3 key prevention     AEP ≥ 1/20   (flooded in a 20-year event or a more frequent one)
 *   2 general prevention AEP ≥ 1/100  (flooded by the 100-year event or a more frequent one)
 *   1 watch              AEP > 0      (flooded only by a rarer event of the ensemble)
 *   0 none               never flooded in the ensemble
 */

export const PREVENTION_ZONES = [
  { code: 1, name: 'watch', fromAep: 0 },
  { code: 2, name: 'general prevention', fromAep: 1 / 100 },
  { code: 3, name: 'key prevention', fromAep: 1 / 20 },
] as const;

/** AEPs a band sum reaches within rounding (a sum of probability bands, e.g. 0.1 − 0.05 + 0.05) count as equal */
const TOLERANCE = 1e-12;

/**
 * The prevention zone (0–3) of each cell from its annual exceedance probability.
 *
 * @example
 * preventionZones([0, 0.005, 0.01, 0.049, 0.05, 0.5]) // Uint8Array [0, 1, 2, 2, 3, 3]
 */
export function preventionZones(aep: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(aep.length);
  for (let c = 0; c < aep.length; c++) {
    const p = aep[c];
    if (!(p > 0)) continue;
    let zone = 1;
    for (const z of PREVENTION_ZONES) if (p >= z.fromAep - TOLERANCE) zone = z.code;
    out[c] = zone;
  }
  return out;
}
