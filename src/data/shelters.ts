/**
 * Shelters: schools, parks and a stadium on high ground (the terrace and the lower hills, at least
 * 15 m above normal water), spread out, nearest the centre first. Each takes a 2 × 2 lattice block
 * (80 × 80 m) that the building generator leaves for it.
 */
import { hash01 } from './rng.ts';
import { LATTICE, lattice, NI, NJ, nodeKey } from './roads.ts';
import { SEED, WS_TOWN } from './site.ts';
import { CENTRE_POINT, sample, site, Zone } from './terrain.ts';

export type ShelterKind = 'school' | 'park' | 'stadium';

export interface ShelterSite {
  id: string;
  kind: ShelterKind;
  name: string;
  nameZh: string;
  capacity: number;
  /** lattice block origin (even i, j); the block covers cells i..i+1, j..j+1 */
  i: number;
  j: number;
  x: number;
  y: number;
}

const KINDS: ShelterKind[] = [
  'stadium',
  'school',
  'park',
  'school',
  'school',
  'park',
  'school',
  'park',
  'school',
  'school',
  'park',
  'school',
  'park',
];
const SCHOOL_NAMES: [string, string][] = [
  ['Jialing No. 1 Middle School', '嘉陵第一中学'],
  ['Terrace Road Primary School', '台地路小学'],
  ['Binjiang Experimental School', '滨江实验学校'],
  ['Hillside No. 7 Middle School', '山城第七中学'],
  ['Bend Foreign Languages School', '江湾外国语学校'],
  ['North Slope Primary School', '北坡小学'],
  ['Terrace No. 3 Middle School', '台地第三中学'],
];
const PARK_NAMES: [string, string][] = [
  ['Pipa Hill Park', '枇杷山公园'],
  ['Terrace Central Park', '台地中央公园'],
  ['Eling Garden', '鹅岭园'],
  ['Hilltop Forest Park', '山顶森林公园'],
  ['Riverside Steps Garden', '江岸梯道花园'],
];

let cache: ShelterSite[] | null = null;

export function shelterSites(): ShelterSite[] {
  if (cache) return cache;
  const nodes = lattice();
  const cands: { i: number; j: number; x: number; y: number; score: number }[] = [];
  for (let j = 2; j < NJ - 2; j += 2) {
    for (let i = 2; i < NI - 2; i += 2) {
      let ok = true;
      for (let dj = 0; dj <= 2 && ok; dj++)
        for (let di = 0; di <= 2 && ok; di++) ok = nodes[nodeKey(i + di, j + dj)].open;
      if (!ok) continue;
      const c = nodes[nodeKey(i + 1, j + 1)];
      for (const [dx, dy] of [
        [-30, -30],
        [30, -30],
        [30, 30],
        [-30, 30],
        [0, 0],
      ]) {
        sample(c.x + dx, c.y + dy);
        if (!(site.zone === Zone.CENTRE || site.zone === Zone.SUBURB) || site.z < WS_TOWN + 15) ok = false;
      }
      if (!ok) continue;
      const d = Math.hypot(c.x - CENTRE_POINT[0], c.y - CENTRE_POINT[1]);
      cands.push({ i, j, x: c.x, y: c.y, score: d + 400 * hash01(i, j, 7, SEED) });
    }
  }
  cands.sort((a, b) => a.score - b.score || a.j - b.j || a.i - b.i);
  const chosen: typeof cands = [];
  for (const c of cands) {
    if (chosen.length === KINDS.length) break;
    if (chosen.some((o) => Math.hypot(o.x - c.x, o.y - c.y) < 400)) continue;
    chosen.push(c);
  }
  let school = 0;
  let park = 0;
  cache = chosen.map((c, k) => {
    const kind = KINDS[k];
    let name: string;
    let nameZh: string;
    let capacity: number;
    if (kind === 'stadium') {
      [name, nameZh] = ['Jialing Bend Stadium', '江湾体育场'];
      capacity = 12000;
    } else if (kind === 'school') {
      [name, nameZh] = SCHOOL_NAMES[school++ % SCHOOL_NAMES.length];
      capacity = 1200 + 100 * Math.floor(12 * hash01(c.i, c.j, 9, SEED));
    } else {
      [name, nameZh] = PARK_NAMES[park++ % PARK_NAMES.length];
      // open ground: about 2 m² a person over the 80 m block, rounded to hundreds
      capacity = 100 * Math.round((LATTICE * 2) ** 2 / 2 / 100);
    }
    return { id: `s${k + 1}`, kind, name, nameZh, capacity, i: c.i, j: c.j, x: c.x, y: c.y };
  });
  return cache;
}

/** The shelter occupying lattice cell (i, j), if any. */
export function shelterAtCell(i: number, j: number): ShelterSite | undefined {
  for (const s of shelterSites()) if (i >= s.i && i <= s.i + 1 && j >= s.j && j <= s.j + 1) return s;
  return undefined;
}
