/**
 * Everyday service points of the synthetic twins for the 15-minute life circle (GB 50180-2018): food
 * markets and community clinics, placed in commercial buildings (hospitals, schools and shelters are
 * in their own layers). Greedy and deterministic: buildings in id order, each kind kept at least a
 * set distance from others of its kind, so every neighbourhood gets about one.
 *
 *   node --import tsx src/data/services.ts data/small data/default   (writes <dir>/services.geojson)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Feature {
  properties: { id: string; use: string; name?: string };
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}

const SPACING_M = { market: 450, clinic: 700 } as const;
/** metres per degree at the twins' latitude (29.6° N) */
const M_PER_DEG_LAT = 110_860;
const M_PER_DEG_LON = 96_880;

function centre(f: Feature): [number, number] {
  const ring = f.geometry.coordinates[0];
  let x = 0;
  let y = 0;
  for (const [lon, lat] of ring.slice(0, -1)) {
    x += lon;
    y += lat;
  }
  const n = ring.length - 1;
  return [Number((x / n).toFixed(7)), Number((y / n).toFixed(7))];
}

export function placeServices(buildings: Feature[]): { id: string; kind: 'market' | 'clinic'; at: [number, number] }[] {
  const commercial = buildings
    .filter((b) => b.properties.use === 'commercial')
    .map((b) => ({ id: b.properties.id, at: centre(b) }));
  const out: { id: string; kind: 'market' | 'clinic'; at: [number, number] }[] = [];
  const used = new Set<string>();
  for (const kind of ['market', 'clinic'] as const) {
    const placed: [number, number][] = [];
    for (const b of commercial) {
      if (used.has(b.id)) continue;
      const far = placed.every(
        ([lon, lat]) => Math.hypot((lon - b.at[0]) * M_PER_DEG_LON, (lat - b.at[1]) * M_PER_DEG_LAT) >= SPACING_M[kind],
      );
      if (!far) continue;
      placed.push(b.at);
      used.add(b.id);
      out.push({ id: `${kind}${placed.length}`, kind, at: b.at });
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const dir of process.argv.slice(2)) {
    const buildings = (JSON.parse(readFileSync(join(dir, 'buildings.geojson'), 'utf8')) as { features: Feature[] })
      .features;
    const features = placeServices(buildings).map((s) => ({
      type: 'Feature',
      properties: {
        id: s.id,
        kind: s.kind,
        name: s.kind === 'market' ? `Food market ${s.id.slice(6)}` : `Community clinic ${s.id.slice(6)}`,
        nameZh: s.kind === 'market' ? `农贸市场${s.id.slice(6)}` : `社区卫生服务站${s.id.slice(6)}`,
      },
      geometry: { type: 'Point', coordinates: s.at },
    }));
    writeFileSync(
      join(dir, 'services.geojson'),
      `${JSON.stringify({ type: 'FeatureCollection', features }, null, 1)}\n`,
    );
    console.log(`${dir}/services.geojson: ${features.length} service points`);
  }
}
