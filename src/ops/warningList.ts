/**
 * Who to warn: every building whose door the forecast floods (orange or red), one list with a kind.
 *  - household: a home (use residential): its people go to the nearest shelter with room, by the
 *    leave-by time;
 *  - premises: a shop, office, public or industrial building: the owner or occupier is told to move
 *    stock and vehicles up or out, close and leave by the same time; it takes shelter seats only when
 *    it has people (population > 0), otherwise it is pointed to the nearest shelter and takes none.
 * Shelters come from the evacuation model's road network: one reverse Dijkstra per shelter over
 * walking links (workers/evacuation/routing.ts) gives each door its walking time to every shelter;
 * buildings are served soonest-flooded first and each goes to the nearest shelter that still has room
 * for its people (the last resort, when all are full, is the nearest one, marked full).
 * Leave by = arrival − walking time − a safety margin, not before the warning is issued.
 */
import type { BuildingUse } from '../io/layers/types.ts';
import { formatIsoTime } from '../io/gauges/series.ts';
import { MinHeap } from '../../workers/evacuation/heap.ts';
import { buildNetwork, MODE_WALK, nearestNode, type RoadNetwork } from '../../workers/evacuation/network.ts';
import { computeTrees, makeTrees } from '../../workers/evacuation/routing.ts';
import type { RoadInput, ShelterInput } from '../../workers/evacuation/types.ts';
import { COLOUR_RANK, type DoorForecast } from './buildingForecast.ts';

/** A building as the warning list needs it: its door point, its people and its use. */
export interface Occupancy {
  id: string;
  x: number;
  y: number;
  population: number;
  use: BuildingUse;
}

export type WarningKind = 'household' | 'premises';

export interface BuildingWarning {
  buildingId: string;
  kind: WarningKind;
  use: BuildingUse;
  population: number;
  colour: 'orange' | 'red';
  arrivalS: number;
  maxDepthM: number;
  shelterId: string;
  /** the chosen shelter had no room left for this building's people */
  shelterFull: boolean;
  walkS: number;
  leaveByS: number;
  x: number;
  y: number;
}

/**
 * Homes are households; every other use is premises to warn.
 * @example warningKind('commercial') // 'premises'
 */
export function warningKind(use: BuildingUse): WarningKind {
  return use === 'residential' ? 'household' : 'premises';
}

/** Counts of a warning list by kind, and the people in it. */
export function countByKind(list: BuildingWarning[]): { households: number; premises: number; people: number } {
  let households = 0;
  let people = 0;
  for (const w of list) {
    if (w.kind === 'household') households++;
    people += w.population;
  }
  return { households, premises: list.length - households, people };
}

/** Walking speed for the shelter times, m/s (an older or burdened walker, HEC-LifeSim's slow walk). */
export const WALK_MS = 1.0;

function dist(x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  return Math.sqrt(dx * dx + dy * dy);
}

/** Walking time from each building to each shelter ([h * shelters + s]), over roads or straight. */
export function walkTimes(
  buildings: { x: number; y: number }[],
  shelters: ShelterInput[],
  roads: RoadInput[],
): Float64Array {
  const out = new Float64Array(buildings.length * shelters.length);
  const net: RoadNetwork | null = roads.length
    ? buildNetwork(roads, { laneCapacityVehPerH: 1800, jamDensityVehPerKm: 150 })
    : null;
  if (net && net.nodeCount > 0) {
    const walkable = (n: number): boolean => {
      for (let k = net.inStart[n]; k < net.inStart[n + 1]; k++)
        if (net.linkMode[net.inLinks[k]] & MODE_WALK) return true;
      return false;
    };
    const cost = new Float64Array(net.linkCount);
    for (let l = 0; l < net.linkCount; l++) cost[l] = net.linkMode[l] & MODE_WALK ? net.linkLen[l] / WALK_MS : Infinity;
    const shelterNode = Int32Array.from(shelters, (s) => nearestNode(net, s.x, s.y, walkable));
    const trees = makeTrees(shelters.length, net.nodeCount);
    computeTrees(net, cost, shelterNode, trees, new MinHeap(net.nodeCount));
    buildings.forEach((h, i) => {
      const n = nearestNode(net, h.x, h.y, walkable);
      shelters.forEach((s, j) => {
        // to and from the network in a straight line
        const access = n >= 0 ? dist(net.nodeX[n], net.nodeY[n], h.x, h.y) / WALK_MS : 0;
        const egress =
          shelterNode[j] >= 0 ? dist(net.nodeX[shelterNode[j]], net.nodeY[shelterNode[j]], s.x, s.y) / WALK_MS : 0;
        out[i * shelters.length + j] = n >= 0 ? trees.dist[j * net.nodeCount + n] + access + egress : Infinity;
      });
    });
    return out;
  }
  buildings.forEach((h, i) => {
    shelters.forEach((s, j) => {
      out[i * shelters.length + j] = dist(s.x, s.y, h.x, h.y) / WALK_MS;
    });
  });
  return out;
}

/** The warning list (households and premises), soonest-flooded first. */
export function warningList(
  forecasts: DoorForecast[],
  buildings: Occupancy[],
  shelters: ShelterInput[],
  roads: RoadInput[],
  issueS: number,
  marginS = 3600,
): BuildingWarning[] {
  const byId = new Map(buildings.map((b) => [b.id, b]));
  const warned = forecasts
    .filter((f) => COLOUR_RANK[f.colour] >= COLOUR_RANK.orange && byId.has(f.id))
    .sort((a, b) => (a.arrivalS || 0) - (b.arrivalS || 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const list = warned.map((f) => byId.get(f.id)!);
  const walk = walkTimes(list, shelters, roads);
  const room = shelters.map((s) => s.capacity);
  return warned.map((f, i) => {
    const b = list[i];
    const { shelter, full } = chooseShelter(
      walk.subarray(i * shelters.length, (i + 1) * shelters.length),
      room,
      b.population,
    );
    const walkS = shelter >= 0 ? walk[i * shelters.length + shelter] : NaN;
    const arrival = Number.isFinite(f.arrivalS) ? f.arrivalS : issueS;
    return {
      buildingId: f.id,
      kind: warningKind(b.use),
      use: b.use,
      population: b.population,
      colour: f.colour as 'orange' | 'red',
      arrivalS: f.arrivalS,
      maxDepthM: f.maxDepthM,
      shelterId: shelter >= 0 ? shelters[shelter].id : '',
      shelterFull: full,
      walkS,
      leaveByS: Math.max(issueS, arrival - walkS - marginS),
      x: b.x,
      y: b.y,
    };
  });
}

/**
 * The nearest shelter with room for `people` (they take their seats from `room`); with no people,
 * the nearest shelter, no seats taken; when all are full, the nearest, marked full.
 * @example chooseShelter(Float64Array.of(60, 120), [2, 10], 3) // { shelter: 1, full: false }, room [2, 7]
 */
export function chooseShelter(walkS: Float64Array, room: number[], people: number): { shelter: number; full: boolean } {
  let best = -1;
  let nearest = -1;
  for (let j = 0; j < walkS.length; j++) {
    if (nearest < 0 || walkS[j] < walkS[nearest]) nearest = j;
    if (people > 0 && room[j] >= people && (best < 0 || walkS[j] < walkS[best])) best = j;
  }
  if (people <= 0) return { shelter: nearest, full: false };
  const shelter = best >= 0 ? best : nearest;
  if (shelter >= 0) room[shelter] -= people;
  return { shelter, full: best < 0 };
}

const iso = (startMs: number, s: number): string =>
  Number.isFinite(s) ? formatIsoTime(startMs + Math.round(s) * 1000, 8 * 60) : '';

/** CSV of the warning list (times in China Standard Time, +08:00). */
export function warningsCsv(list: BuildingWarning[], startMs: number, forecastId: string): string {
  const rows = [
    'building_id,kind,use,population,colour,water_arrives,max_depth_m,shelter_id,shelter_full,walk_min,leave_by,forecast_id',
  ];
  for (const w of list) {
    rows.push(
      [
        w.buildingId,
        w.kind,
        w.use,
        w.population,
        w.colour,
        iso(startMs, w.arrivalS),
        w.maxDepthM.toFixed(2),
        w.shelterId,
        w.shelterFull,
        (w.walkS / 60).toFixed(0),
        iso(startMs, w.leaveByS),
        forecastId,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return rows.join('\n') + '\n';
}

function csvCell(v: unknown): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** GeoJSON (RFC 7946, lon/lat) of the warning list; `toLonLat` maps the grid's CRS to WGS 84. */
export function warningsGeoJson(
  list: BuildingWarning[],
  startMs: number,
  forecastId: string,
  toLonLat: (x: number, y: number) => [number, number],
): object {
  return {
    type: 'FeatureCollection',
    features: list.map((w) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: toLonLat(w.x, w.y).map((v) => Math.round(v * 1e7) / 1e7) },
      properties: {
        buildingId: w.buildingId,
        kind: w.kind,
        use: w.use,
        population: w.population,
        colour: w.colour,
        waterArrives: iso(startMs, w.arrivalS),
        maxDepthM: Math.round(w.maxDepthM * 100) / 100,
        shelterId: w.shelterId,
        shelterFull: w.shelterFull,
        leaveBy: iso(startMs, w.leaveByS),
        forecastId,
      },
    })),
  };
}
