/**
 * The layer objects of `src/io/layers` (map coordinates, typed arrays) as the plain inputs of
 * `floodMetrics` and the GeoJSON exports.
 */
import type { Building, Facility, Road } from '../../src/io/layers/types.ts';
import type { XY } from '../../src/interventions/rasterise.ts';
import type { BuildingInput, FacilityInput, RoadInput } from './floodMetrics.ts';

function pairs(a: Float64Array): XY[] {
  const out: XY[] = [];
  for (let k = 0; k + 1 < a.length; k += 2) out.push([a[k], a[k + 1]]);
  return out;
}

/** Footprint rings without the repeated closing point. */
export function buildingsFromLayer(bs: readonly Building[]): BuildingInput[] {
  return bs.map((b) => {
    let ring = pairs(b.ring);
    const f = ring[0];
    const l = ring[ring.length - 1];
    if (ring.length > 3 && f[0] === l[0] && f[1] === l[1]) ring = ring.slice(0, -1);
    return { id: b.id, ring, population: b.population, use: b.use };
  });
}

export function roadsFromLayer(rs: readonly Road[]): RoadInput[] {
  return rs.map((r) => {
    const out: RoadInput = {
      id: r.id,
      line: pairs(r.coords),
      class: r.cls,
      lanes: r.lanes,
      speedKmh: r.speedKmh,
      oneway: r.oneway,
    };
    if (r.name !== undefined) out.name = r.name;
    return out;
  });
}

export function facilitiesFromLayer(fs: readonly Facility[]): FacilityInput[] {
  return fs.map((f) => ({ id: f.id, at: [f.x, f.y], kind: f.kind, name: f.name }));
}
