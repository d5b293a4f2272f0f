/**
 * The area centroid of a polygon ring (shoelace), for a building's door or its flood cell. The ring is
 * x,y pairs, flat (`Float64Array`, as the layer readers give it) or as points; closed (first point
 * repeated) or not: the repeated point adds a zero-length edge, which changes nothing. A ring with
 * (almost) no area gives the mean of its vertices.
 * @example ringCentroid(Float64Array.from([0, 0, 2, 0, 2, 2, 0, 2, 0, 0])) // [1, 1]
 */
export function ringCentroid(ring: Float64Array | readonly (readonly [number, number])[]): [number, number] {
  const flat = ring instanceof Float64Array;
  const n = flat ? ring.length / 2 : ring.length;
  const x = (i: number): number => (flat ? ring[2 * i] : ring[i][0]);
  const y = (i: number): number => (flat ? ring[2 * i + 1] : ring[i][1]);
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const f = x(j) * y(i) - x(i) * y(j);
    a += f;
    cx += (x(j) + x(i)) * f;
    cy += (y(j) + y(i)) * f;
  }
  if (Math.abs(a) < 1e-12) {
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += x(i);
      sy += y(i);
    }
    return [sx / n, sy / n];
  }
  return [cx / (3 * a), cy / (3 * a)];
}
