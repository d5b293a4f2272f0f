/**
 * Flood hazard to people, UK FD2320 (Defra / Environment Agency, "Flood Risks to People", HR Wallingford
 * 2006; supplementary note 2008): HR = d·(v + 0.5) + DF, d depth (m), v speed (m/s), DF the debris factor,
 * here 0.5 for d ≤ 0.25 m and 1 above (the conservative default of the project notes).
 * Classes: HR < 0.75 low ("caution"), 0.75 ≤ HR < 1.25 moderate ("danger for some"),
 * 1.25 ≤ HR ≤ 2.0 significant ("danger for most"), HR > 2.0 extreme ("danger for all").
 */
export const HAZARD_CLASSES = ['low', 'moderate', 'significant', 'extreme'] as const;
export type HazardClassName = (typeof HAZARD_CLASSES)[number];

function debrisFactor(depthM: number): number {
  return depthM <= 0.25 ? 0.5 : 1;
}

export function hazardRating(depthM: number, speedMS: number, df = debrisFactor(depthM)): number {
  return depthM * (speedMS + 0.5) + df;
}

/** 0 low, 1 moderate, 2 significant, 3 extreme. */
export function hazardClassIndex(hr: number): 0 | 1 | 2 | 3 {
  if (hr < 0.75) return 0;
  if (hr < 1.25) return 1;
  if (hr <= 2.0) return 2;
  return 3;
}

export function hazardClass(hr: number): HazardClassName {
  return HAZARD_CLASSES[hazardClassIndex(hr)];
}

/**
 * Per-cell hazard class of a depth grid (and speed grid, else v = 0): 0–3 as above, 255 where the
 * depth is below `wetM` or NaN. For a map layer.
 */
export function hazardClassGrid(depth: Float32Array, speed: Float32Array | undefined, wetM = 0.01): Uint8Array {
  const out = new Uint8Array(depth.length);
  for (let i = 0; i < depth.length; i++) {
    const d = depth[i];
    if (!(d >= wetM)) {
      out[i] = 255;
      continue;
    }
    const v = speed ? speed[i] : 0;
    out[i] = hazardClassIndex(d * ((v > 0 ? v : 0) + 0.5) + (d <= 0.25 ? 0.5 : 1));
  }
  return out;
}
