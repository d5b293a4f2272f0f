/**
 * Buildings: one or two per 40 m lattice cell, set back from the streets on its edges. Old town:
 * 2–5 floors, often two houses a cell; dense centre: towers of 10–38 floors; suburbs: 4–11 floors,
 * about half the cells built. Population from floor area (old town 25 m² a person, elsewhere 33).
 * A building's look depends only on its cell (seeded by the cell), so the small twin holds exactly
 * the default twin's buildings inside its window.
 */
import { rngFor } from './rng.ts';
import { buildRoads, lattice, NI, NJ, nodeKey, ROAD_SPECS, type LatticeNode } from './roads.ts';
import { SEED } from './site.ts';
import { shelterAtCell, shelterSites } from './shelters.ts';
import { sample, site, Zone } from './terrain.ts';

export type BuildingUse = 'residential' | 'commercial' | 'industrial' | 'public';

export interface Building {
  id: string;
  /** ring of 4 corners (local metres), counter-clockwise, not closed */
  ring: [number, number][];
  floors: number;
  population: number;
  use: BuildingUse;
  name?: string;
  nameZh?: string;
}

function quadPoint(
  p00: LatticeNode,
  p10: LatticeNode,
  p11: LatticeNode,
  p01: LatticeNode,
  u: number,
  v: number,
): [number, number] {
  const x = (1 - v) * ((1 - u) * p00.x + u * p10.x) + v * ((1 - u) * p01.x + u * p11.x);
  const y = (1 - v) * ((1 - u) * p00.y + u * p10.y) + v * ((1 - u) * p01.y + u * p11.y);
  return [x, y];
}

function ringArea(r: [number, number][]): number {
  let a = 0;
  for (let k = 0; k < r.length; k++) {
    const [x0, y0] = r[k];
    const [x1, y1] = r[(k + 1) % r.length];
    a += x0 * y1 - x1 * y0;
  }
  return a / 2;
}

const BAD_ZONES: ReadonlySet<number> = new Set([Zone.RIVER, Zone.LEVEE, Zone.BANK, Zone.FOREST, Zone.SCARP]);

function ringOk(r: [number, number][]): boolean {
  for (const [x, y] of r) {
    sample(x, y);
    if (BAD_ZONES.has(site.zone)) return false;
  }
  return true;
}

let cache: Building[] | null = null;

export function buildBuildings(): Building[] {
  if (cache) return cache;
  const nodes = lattice();
  const roads = buildRoads();
  // half width of the street on each lattice edge (0 = no street)
  const street = new Map<number, number>();
  const edgeKey = (a: number, b: number) => Math.min(a, b) * 1e6 + Math.max(a, b);
  for (const sg of roads.segments) if (!sg.bridge) street.set(edgeKey(sg.a, sg.b), ROAD_SPECS[sg.cls].widthM / 2);
  const out: Building[] = [];
  const add = (
    ring: [number, number][],
    floors: number,
    use: BuildingUse,
    perPerson: number,
    name?: [string, string],
  ) => {
    const area = Math.abs(ringArea(ring));
    const population = use === 'residential' ? Math.round((area * floors * 0.8) / perPerson) : 0;
    const b: Building = { id: `b${out.length + 1}`, ring, floors, population, use };
    if (name) [b.name, b.nameZh] = name;
    out.push(b);
  };
  for (let j = 0; j < NJ; j++) {
    for (let i = 0; i < NI; i++) {
      const k00 = nodeKey(i, j);
      const k10 = nodeKey(i + 1, j);
      const k11 = nodeKey(i + 1, j + 1);
      const k01 = nodeKey(i, j + 1);
      const p00 = nodes[k00];
      const p10 = nodes[k10];
      const p11 = nodes[k11];
      const p01 = nodes[k01];
      if (!p00.open || !p10.open || !p11.open || !p01.open) continue;
      const [cx, cy] = quadPoint(p00, p10, p11, p01, 0.5, 0.5);
      sample(cx, cy);
      const zone = site.zone;
      if (zone !== Zone.OLD_TOWN && zone !== Zone.CENTRE && zone !== Zone.SUBURB) continue;
      const shelter = shelterAtCell(i, j);
      const rnd = rngFor(i, j, 1, SEED);
      // setbacks (fractions of the cell) from the four edges: south (v=0), east (u=1), north, west
      const setback = (a: number, b: number, extra: number) => ((street.get(edgeKey(a, b)) ?? 0) + extra) / 40;
      const gap = zone === Zone.OLD_TOWN ? 1 : 2.5;
      let v0 = setback(k00, k10, gap);
      let u1 = 1 - setback(k10, k11, gap);
      let v1 = 1 - setback(k01, k11, gap);
      let u0 = setback(k00, k01, gap);
      if (shelter) {
        // the school or stadium stands in the block's south-west cell; parks stay open
        if (shelter.kind === 'park' || i !== shelter.i || j !== shelter.j) continue;
        const ring = [
          quadPoint(p00, p10, p11, p01, u0 + 0.1, v0 + 0.1),
          quadPoint(p00, p10, p11, p01, 1.4, v0 + 0.1),
          quadPoint(p00, p10, p11, p01, 1.4, 1.2),
          quadPoint(p00, p10, p11, p01, u0 + 0.1, 1.2),
        ];
        if (ringOk(ring)) add(ring, shelter.kind === 'school' ? 5 : 3, 'public', 33, [shelter.name, shelter.nameZh]);
        continue;
      }
      if (u1 - u0 < 0.3 || v1 - v0 < 0.3) continue;
      if (zone === Zone.OLD_TOWN) {
        const two = rnd() < 0.6;
        const floors = 2 + Math.floor(rnd() * 4);
        const use: BuildingUse = rnd() < 0.2 ? 'commercial' : 'residential';
        if (two) {
          const mid = (u0 + u1) / 2;
          const rings: [number, number][][] = [
            [
              quadPoint(p00, p10, p11, p01, u0, v0),
              quadPoint(p00, p10, p11, p01, mid - 0.03, v0),
              quadPoint(p00, p10, p11, p01, mid - 0.03, v1),
              quadPoint(p00, p10, p11, p01, u0, v1),
            ],
            [
              quadPoint(p00, p10, p11, p01, mid + 0.03, v0),
              quadPoint(p00, p10, p11, p01, u1, v0),
              quadPoint(p00, p10, p11, p01, u1, v1),
              quadPoint(p00, p10, p11, p01, mid + 0.03, v1),
            ],
          ];
          const f2 = 2 + Math.floor(rnd() * 4);
          if (ringOk(rings[0])) add(rings[0], floors, use, 25);
          if (ringOk(rings[1])) add(rings[1], f2, 'residential', 25);
        } else {
          const ring = [
            quadPoint(p00, p10, p11, p01, u0, v0),
            quadPoint(p00, p10, p11, p01, u1, v0),
            quadPoint(p00, p10, p11, p01, u1, v1),
            quadPoint(p00, p10, p11, p01, u0, v1),
          ];
          if (ringOk(ring)) add(ring, floors, use, 25);
        }
        continue;
      }
      const dense = zone === Zone.CENTRE;
      if (!dense && rnd() > 0.55) continue;
      const fill = dense ? 0.65 + 0.3 * rnd() : 0.5 + 0.3 * rnd();
      const du = (u1 - u0) * (1 - fill);
      const dv = (v1 - v0) * (1 - fill);
      u0 += du * rnd();
      u1 = u0 + (u1 - u0 - du);
      v0 += dv * rnd();
      v1 = v0 + (v1 - v0 - dv);
      const floors = dense ? 10 + Math.floor(rnd() * 29) : 4 + Math.floor(rnd() * 8);
      const use: BuildingUse = rnd() < (dense ? 0.3 : 0.1) ? 'commercial' : 'residential';
      const ring = [
        quadPoint(p00, p10, p11, p01, u0, v0),
        quadPoint(p00, p10, p11, p01, u1, v0),
        quadPoint(p00, p10, p11, p01, u1, v1),
        quadPoint(p00, p10, p11, p01, u0, v1),
      ];
      if (ringOk(ring)) add(ring, floors, use, 33);
    }
  }
  // shelters are generated first so their blocks are known
  void shelterSites;
  cache = out;
  return cache;
}

/** Centroid of a building's ring. */
export function buildingCentre(b: Building): [number, number] {
  let x = 0;
  let y = 0;
  for (const p of b.ring) {
    x += p[0];
    y += p[1];
  }
  return [x / b.ring.length, y / b.ring.length];
}
