/**
 * How closely two runs of the same scenario agree, where they need not agree bit for bit: local
 * against global time steps, the GPU engine against the CPU one. The rules are the ones the engine
 * promises for such pairs: maximum depth within 2 cm in 99 % of the wet cells, arrival times within
 * 5 %.
 */

/** The parts of a flood result (result.ts) the comparison reads. */
export interface AgreementInput {
  maxDepth: Float32Array;
  /** seconds to arrival, NaN where the water never came */
  arrivalTime: Float32Array;
}

export interface AgreementOptions {
  /** a cell is wet when either run's max depth exceeds this (m) */
  wetM: number;
  /** max-depth tolerance (m) */
  depthTolM: number;
  /** arrival-time tolerance, relative to the later of the two */
  arrivalRel: number;
}

export interface FloodAgreement {
  /** cells wet in either run */
  wetCells: number;
  /** share of those whose max depths differ by less than depthTolM */
  depthShareWithin: number;
  /** the 99th percentile of |Δ max depth| over the wet cells (m) */
  p99DepthDiffM: number;
  maxDepthDiffM: number;
  /** cells the water reached in either run */
  arrivalCells: number;
  /** share of those where both runs have an arrival time and they differ by at most arrivalRel */
  arrivalShareWithin: number;
}

export const DEFAULT_AGREEMENT: AgreementOptions = { wetM: 0.01, depthTolM: 0.02, arrivalRel: 0.05 };

/**
 * Compares `other` with the reference run `ref`, cell by cell.
 *
 * @example
 * const a = floodAgreement(globalRun, localRun);
 * const ok = a.depthShareWithin >= 0.99 && a.arrivalShareWithin >= 0.95;
 */
export function floodAgreement(
  ref: AgreementInput,
  other: AgreementInput,
  opts: AgreementOptions = DEFAULT_AGREEMENT,
): FloodAgreement {
  const n = ref.maxDepth.length;
  if (other.maxDepth.length !== n || ref.arrivalTime.length !== n || other.arrivalTime.length !== n)
    throw new Error(`floodAgreement: the runs have different grids (${n} and ${other.maxDepth.length} cells)`);
  const diffs = new Float64Array(n);
  let wet = 0;
  let within = 0;
  let arrivals = 0;
  let arrivalsWithin = 0;
  for (let i = 0; i < n; i++) {
    const a = ref.maxDepth[i];
    const b = other.maxDepth[i];
    if (a > opts.wetM || b > opts.wetM) {
      const d = Math.abs(a - b);
      diffs[wet++] = d;
      if (d < opts.depthTolM) within++;
    }
    const ta = ref.arrivalTime[i];
    const tb = other.arrivalTime[i];
    if (ta >= 0 || tb >= 0) {
      arrivals++;
      if (ta >= 0 && tb >= 0 && Math.abs(ta - tb) <= opts.arrivalRel * Math.max(ta, tb)) arrivalsWithin++;
    }
  }
  const sorted = diffs.subarray(0, wet).sort();
  return {
    wetCells: wet,
    depthShareWithin: wet ? within / wet : 1,
    p99DepthDiffM: wet ? sorted[Math.min(wet - 1, Math.floor(0.99 * wet))] : 0,
    maxDepthDiffM: wet ? sorted[wet - 1] : 0,
    arrivalCells: arrivals,
    arrivalShareWithin: arrivals ? arrivalsWithin / arrivals : 1,
  };
}
