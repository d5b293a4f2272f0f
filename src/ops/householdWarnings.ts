/**
 * The households to warn: every building the forecast floods at the door (orange or red), with where
 * to go and by when. Shelters come from the evacuation model's road network: one reverse Dijkstra
 * per shelter over walking links (workers/evacuation/routing.ts) gives each door its walking time
 * to every shelter; households are served soonest-flooded first and each goes to the nearest shelter
 * that still has room for it (the last resort, when all are full, is the nearest one, marked full).
 * Leave by = arrival − walking time − a safety margin, not before the warning is issued.
 */
import { formatIsoTime } from '../io/gauges/series.ts';
import { MinHeap } from '../../workers/evacuation/heap.ts';
import { buildNetwork, MODE_WALK, nearestNode, type RoadNetwork } from '../../workers/evacuation/network.ts';
import { computeTrees, makeTrees } from '../../workers/evacuation/routing.ts';
import type { RoadInput, ShelterInput } from '../../workers/evacuation/types.ts';
import { COLOUR_RANK, type DoorForecast } from './buildingForecast.ts';

export interface Household {
  id: string;
  x: number;
  y: number;
  population: number;
}

export interface HouseholdWarning {
  buildingId: string;
  population: number;
  colour: 'orange' | 'red';
  arrivalS: number;
  maxDepthM: number;
  shelterId: string;
  /** the chosen shelter had no room left for this household */
  shelterFull: boolean;
  walkS: number;
  leaveByS: number;
  x: number;
  y: number;
}

/** Walking speed for the shelter times, m/s (an older or burdened walker, HEC-LifeSim's slow walk). */
export const WALK_MS = 1.0;

function dist(x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  return Math.sqrt(dx * dx + dy * dy);
}

/** Walking time from each household to each shelter ([h * shelters + s]), over roads or straight. */
export function walkTimes(households: Household[], shelters: ShelterInput[], roads: RoadInput[]): Float64Array {
  const out = new Float64Array(households.length * shelters.length);
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
    households.forEach((h, i) => {
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
  households.forEach((h, i) => {
    shelters.forEach((s, j) => {
      out[i * shelters.length + j] = dist(s.x, s.y, h.x, h.y) / WALK_MS;
    });
  });
  return out;
}

/** The warning list, soonest-flooded first. */
export function householdWarnings(
  forecasts: DoorForecast[],
  households: Household[],
  shelters: ShelterInput[],
  roads: RoadInput[],
  issueS: number,
  marginS = 3600,
): HouseholdWarning[] {
  const byId = new Map(households.map((h) => [h.id, h]));
  const warned = forecasts
    .filter((f) => COLOUR_RANK[f.colour] >= COLOUR_RANK.orange && (byId.get(f.id)?.population ?? 0) > 0)
    .sort((a, b) => (a.arrivalS || 0) - (b.arrivalS || 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const list = warned.map((f) => byId.get(f.id)!);
  const walk = walkTimes(list, shelters, roads);
  const room = shelters.map((s) => s.capacity);
  const ns = shelters.length;
  return warned.map((f, i) => {
    const h = list[i];
    let best = -1;
    let nearest = -1;
    for (let j = 0; j < ns; j++) {
      const t = walk[i * ns + j];
      if (nearest < 0 || t < walk[i * ns + nearest]) nearest = j;
      if (room[j] >= h.population && (best < 0 || t < walk[i * ns + best])) best = j;
    }
    const j = best >= 0 ? best : nearest;
    if (j >= 0) room[j] -= h.population;
    const walkS = j >= 0 ? walk[i * ns + j] : NaN;
    const arrival = Number.isFinite(f.arrivalS) ? f.arrivalS : issueS;
    return {
      buildingId: f.id,
      population: h.population,
      colour: f.colour as 'orange' | 'red',
      arrivalS: f.arrivalS,
      maxDepthM: f.maxDepthM,
      shelterId: j >= 0 ? shelters[j].id : '',
      shelterFull: best < 0,
      walkS,
      leaveByS: Math.max(issueS, arrival - walkS - marginS),
      x: h.x,
      y: h.y,
    };
  });
}

const iso = (startMs: number, s: number): string =>
  Number.isFinite(s) ? formatIsoTime(startMs + Math.round(s) * 1000, 8 * 60) : '';

/** CSV of the warning list (times in China Standard Time, +08:00). */
export function warningsCsv(list: HouseholdWarning[], startMs: number, forecastId: string): string {
  const rows = [
    'building_id,population,colour,water_arrives,max_depth_m,shelter_id,shelter_full,walk_min,leave_by,forecast_id',
  ];
  for (const w of list) {
    rows.push(
      [
        w.buildingId,
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
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** GeoJSON (RFC 7946, lon/lat) of the warning list; `toLonLat` maps the grid's CRS to WGS 84. */
export function warningsGeoJson(
  list: HouseholdWarning[],
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
