/**
 * Colours of the sand table's ground: a hillshade of the DEM times a land-use tint, one RGB per
 * cell (vertex colours of the terrain mesh). Hillshade after Horn (1981): the slope from the
 * 3×3 central differences, lit by a sun from the north-west 45° up, Lambert shading; the shade
 * is mixed 35 % ambient so valleys keep their tint.
 */
const sqrt = Math.sqrt; // correctly rounded (IEEE 754): deterministic everywhere

/** land-use code (the twin manifest, "landUse") → model-paint tint */
export const LANDUSE_TINT: Record<number, [number, number, number]> = {
  1: [0.42, 0.55, 0.62], // river bed
  2: [0.62, 0.6, 0.56], // road
  3: [0.8, 0.74, 0.66], // dense urban
  4: [0.86, 0.7, 0.52], // old town
  5: [0.84, 0.8, 0.68], // residential
  6: [0.55, 0.72, 0.45], // park / green
  7: [0.36, 0.56, 0.34], // forest
  8: [0.62, 0.7, 0.42], // levee and bank grass
};
const DEFAULT_TINT: [number, number, number] = [0.78, 0.74, 0.64];

/**
 * Lambert shade (0..1) of each cell from ground heights `z` (m), cell size (m) and vertical exaggeration.
 * @example hillshade(new Float32Array(4).fill(5), 2, 2, 10, 1)[0] // flat ground: sin(45°) ≈ 0.707
 */
export function hillshade(
  z: Float32Array,
  ncols: number,
  nrows: number,
  cellSize: number,
  exaggeration: number,
): Float32Array {
  const out = new Float32Array(ncols * nrows);
  // sun from the north-west, 45° up: unit vector (east, north, up)
  const s = sqrt(0.5),
    sx = -0.5,
    sy = 0.5,
    sz = s;
  const at = (c: number, r: number) =>
    z[Math.min(nrows - 1, Math.max(0, r)) * ncols + Math.min(ncols - 1, Math.max(0, c))];
  for (let r = 0; r < nrows; r++)
    for (let c = 0; c < ncols; c++) {
      const dzdx =
        (at(c + 1, r - 1) +
          2 * at(c + 1, r) +
          at(c + 1, r + 1) -
          (at(c - 1, r - 1) + 2 * at(c - 1, r) + at(c - 1, r + 1))) /
        (8 * cellSize);
      // row 0 is north: north is r − 1
      const dzdy =
        (at(c - 1, r - 1) +
          2 * at(c, r - 1) +
          at(c + 1, r - 1) -
          (at(c - 1, r + 1) + 2 * at(c, r + 1) + at(c + 1, r + 1))) /
        (8 * cellSize);
      const nx = -dzdx * exaggeration,
        ny = -dzdy * exaggeration;
      const len = sqrt(nx * nx + ny * ny + 1);
      out[r * ncols + c] = Math.max(0, (nx * sx + ny * sy + sz) / len);
    }
  return out;
}

/** RGB per cell (0..1): tint × (0.35 + 0.65 · shade / sin 45°), clamped to 1 */
export function terrainColours(shade: Float32Array, landuse: Float32Array | null): Float32Array {
  const out = new Float32Array(shade.length * 3);
  const flat = sqrt(0.5);
  for (let k = 0; k < shade.length; k++) {
    const tint = (landuse && LANDUSE_TINT[landuse[k]]) || DEFAULT_TINT;
    const l = 0.35 + (0.65 * shade[k]) / flat;
    for (let j = 0; j < 3; j++) out[3 * k + j] = Math.min(1, tint[j] * l);
  }
  return out;
}
