/**
 * Critical facilities: hospitals, schools, substations and fire stations. Each takes the building
 * nearest its intended spot (which becomes a public building with its name); schools that are
 * shelters are listed too. Two are deliberately at risk: the old-town hospital and substation.
 */
import { buildBuildings, buildingCentre, type Building } from './buildings.ts';
import { halfWidth, pointAt, S_APEX } from './river.ts';
import { shelterSites } from './shelters.ts';
import { CENTRE_POINT } from './terrain.ts';

export type FacilityKind = 'hospital' | 'school' | 'substation' | 'fire_station';

export interface Facility {
  id: string;
  kind: FacilityKind;
  name: string;
  nameZh: string;
  x: number;
  y: number;
}

let cache: Facility[] | null = null;

export function buildFacilities(): Facility[] {
  if (cache) return cache;
  const buildings = buildBuildings();
  const [cx, cy] = CENTRE_POINT;
  const hw = halfWidth(S_APEX);
  const wanted: { kind: FacilityKind; name: string; nameZh: string; at: [number, number] }[] = [
    { kind: 'hospital', name: "Jialing Bend People's Hospital", nameZh: '江湾人民医院', at: [cx + 250, cy + 120] },
    {
      kind: 'hospital',
      name: 'Old Town Hospital of Traditional Chinese Medicine',
      nameZh: '古镇中医院',
      at: pointAt(S_APEX - 400, hw + 220),
    },
    { kind: 'school', name: 'Old Town Primary School', nameZh: '古镇小学', at: pointAt(S_APEX + 450, hw + 260) },
    {
      kind: 'substation',
      name: 'Old Town 110 kV Substation',
      nameZh: '古镇110千伏变电站',
      at: pointAt(S_APEX + 550, hw + 160),
    },
    { kind: 'substation', name: 'Terrace 220 kV Substation', nameZh: '台地220千伏变电站', at: [cx - 650, cy + 250] },
    {
      kind: 'substation',
      name: 'South Bank 110 kV Substation',
      nameZh: '南岸110千伏变电站',
      at: pointAt(S_APEX + 2000, -halfWidth(S_APEX + 2000) - 200),
    },
    { kind: 'fire_station', name: 'Jialing Bend Fire Station', nameZh: '江湾消防站', at: [cx + 350, cy - 350] },
    {
      kind: 'fire_station',
      name: 'West Terrace Fire Station',
      nameZh: '西台地消防站',
      at: pointAt(S_APEX - 1500, hw + 600),
    },
  ];
  const taken = new Set<Building>();
  const out: Facility[] = [];
  for (const w of wanted) {
    let best: Building | null = null;
    let bestD = Infinity;
    for (const b of buildings) {
      if (taken.has(b) || b.use === 'public') continue;
      const [bx, by] = buildingCentre(b);
      const d = Math.hypot(bx - w.at[0], by - w.at[1]);
      if (d < bestD) [best, bestD] = [b, d];
    }
    if (!best) continue;
    taken.add(best);
    best.use = 'public';
    best.population = 0;
    best.name = w.name;
    best.nameZh = w.nameZh;
    const [x, y] = buildingCentre(best);
    out.push({ id: `f${out.length + 1}`, kind: w.kind, name: w.name, nameZh: w.nameZh, x, y });
  }
  for (const s of shelterSites()) {
    if (s.kind !== 'school') continue;
    out.push({ id: `f${out.length + 1}`, kind: 'school', name: s.name, nameZh: s.nameZh, x: s.x, y: s.y });
  }
  cache = out;
  return cache;
}
