/**
 * Evacuation benchmark: 100,000 households (agents) for six simulated hours on the default twin's
 * road network (data/default/roads.geojson, buildings, shelters in lon/lat, projected to UTM 48N) when it
 * exists, else on a synthetic grid town of ≥ 1,500 links, with a flood that spreads from the river
 * side and cuts roads. Prints and returns wall times and link events per second.
 *
 *   node --import tsx tests/bench/evacuation.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import proj4 from 'proj4';
import {
  createEvacuation,
  type BuildingInput,
  type EvacuationInput,
  type FloodFrames,
  type RoadInput,
  type ShelterInput,
} from '../../workers/evacuation/index.ts';

const AGENTS = 100_000;
const HOURS = 6;
const UTM48N = '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs';

/** A grid town: n × n junctions `spacing` m apart, two-way streets (every 4th an arterial), shelters spread over it. */
function syntheticTown(
  n = 26,
  spacing = 120,
): { roads: RoadInput[]; buildings: BuildingInput[]; shelters: ShelterInput[] } {
  const roads: RoadInput[] = [];
  for (let i = 0; i < n; i++) {
    const arterial = i % 4 === 0;
    const h: number[] = [];
    const v: number[] = [];
    for (let k = 0; k < n; k++) {
      h.push(k * spacing, i * spacing);
      v.push(i * spacing, k * spacing);
    }
    const props = {
      cls: arterial ? 'secondary' : 'residential',
      lanes: arterial ? 4 : 2,
      speedKmh: arterial ? 50 : 30,
      oneway: false,
    };
    roads.push({ id: `h${i}`, coords: Float64Array.from(h), ...props });
    roads.push({ id: `v${i}`, coords: Float64Array.from(v), ...props });
  }
  const size = (n - 1) * spacing;
  const buildings: BuildingInput[] = [];
  const nb = 5000;
  const people = Math.round(AGENTS * 2.6);
  for (let b = 0; b < nb; b++) {
    // a deterministic scatter
    const x = (((b * 7919) % 9973) / 9973) * size;
    const y = (((b * 104729) % 99991) / 99991) * size;
    buildings.push({ id: `b${b}`, x, y, population: Math.round(people / nb) });
  }
  const shelters: ShelterInput[] = [];
  const ns = 3;
  for (let i = 0; i < ns; i++) {
    for (let j = 0; j < ns; j++) {
      shelters.push({
        id: `s${i}_${j}`,
        name: `shelter ${i}-${j}`,
        x: ((i + 0.5) / ns) * size,
        y: ((j + 0.5) / ns) * size,
        capacity: Math.ceil((people * 1.1) / (ns * ns)),
      });
    }
  }
  return { roads, buildings, shelters };
}

/** The default twin's layers, projected; building populations scaled to AGENTS households. */
function defaultTwin(
  dataDir: string,
): { roads: RoadInput[]; buildings: BuildingInput[]; shelters: ShelterInput[] } | null {
  const f = (n: string): string => resolve(dataDir, n);
  if (!existsSync(f('roads.geojson')) || !existsSync(f('buildings.geojson')) || !existsSync(f('shelters.geojson')))
    return null;
  const fwd = proj4('EPSG:4326', UTM48N).forward as (p: number[]) => number[];
  const read = (n: string) =>
    JSON.parse(readFileSync(f(n), 'utf8')) as {
      features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
    };
  const roads: RoadInput[] = [];
  for (const [i, ft] of read('roads.geojson').features.entries()) {
    const lines =
      ft.geometry.type === 'MultiLineString'
        ? (ft.geometry.coordinates as number[][][])
        : [ft.geometry.coordinates as number[][]];
    for (const [j, line] of lines.entries()) {
      const xy: number[] = [];
      for (const p of line) xy.push(...fwd([p[0], p[1]]));
      const pr = ft.properties ?? {};
      roads.push({
        id: `${pr.id ?? i}${lines.length > 1 ? `#${j}` : ''}`,
        coords: Float64Array.from(xy),
        cls: String(pr.class ?? 'residential'),
        lanes: typeof pr.lanes === 'number' ? pr.lanes : undefined,
        speedKmh: typeof pr.speedKmh === 'number' ? pr.speedKmh : undefined,
        oneway: pr.oneway === true,
      });
    }
  }
  const bfs = read('buildings.geojson').features;
  const pops = bfs.map((b) => Math.max(0, Number(b.properties?.population ?? 0)));
  const total = pops.reduce((s, p) => s + p, 0) || bfs.length;
  const buildings: BuildingInput[] = bfs.map((b, i) => {
    const ring =
      b.geometry.type === 'MultiPolygon'
        ? (b.geometry.coordinates as number[][][][])[0][0]
        : (b.geometry.coordinates as number[][][])[0];
    let x = 0;
    let y = 0;
    for (const p of ring) {
      const q = fwd([p[0], p[1]]);
      x += q[0];
      y += q[1];
    }
    const share = (pops[i] || (total === bfs.length ? 1 : 0)) / total;
    return {
      id: String(b.properties?.id ?? i),
      x: x / ring.length,
      y: y / ring.length,
      population: Math.round(share * AGENTS * 2.6),
    };
  });
  const people = buildings.reduce((s, b) => s + b.population, 0);
  const sfs = read('shelters.geojson').features;
  const cap = sfs.reduce((s, f2) => s + Number(f2.properties?.capacity ?? 0), 0);
  const shelters: ShelterInput[] = sfs.map((s, i) => {
    const q = fwd(s.geometry.coordinates as number[]);
    // scale capacities so that the shelters can hold the benchmark's population
    const c = Number(s.properties?.capacity ?? 0);
    return {
      id: String(s.properties?.id ?? i),
      name: String(s.properties?.name ?? i),
      x: q[0],
      y: q[1],
      capacity: Math.ceil((cap > 0 ? c / cap : 1 / sfs.length) * people * 1.1),
    };
  });
  return { roads, buildings, shelters };
}

/** A flood that spreads across the town from its west edge (frames every 5 min). */
function spreadingFlood(xmin: number, ymin: number, xmax: number, ymax: number): FloodFrames {
  const cellSize = 20;
  const ncols = Math.ceil((xmax - xmin) / cellSize) + 2;
  const nrows = Math.ceil((ymax - ymin) / cellSize) + 2;
  const xll = xmin - cellSize;
  const yll = ymin - cellSize;
  const nf = (HOURS * 3600) / 300 + 1;
  const times = new Float64Array(nf);
  for (let k = 0; k < nf; k++) times[k] = k * 300;
  const frame = new Float32Array(ncols * nrows);
  const speed = new Float32Array(ncols * nrows).fill(0.3);
  let last = -1;
  const depth = (k: number): Float32Array => {
    if (k === last) return frame;
    last = k;
    // the water front crosses half the town in the first two hours, 1 m deep 400 m behind the front
    const front = 0.5 * Math.min(1, (3 * k) / (nf - 1)) * ncols;
    for (let r = 0; r < nrows; r++) {
      for (let c = 0; c < ncols; c++) frame[r * ncols + c] = c < front ? Math.min(1.5, (front - c) * 0.05) : 0;
    }
    return frame;
  };
  return { times, grid: { ncols, nrows, cellSize, xll, yll }, depth, speed: () => speed };
}

export async function benchEvacuation(
  dataDir = resolve(fileURLToPath(import.meta.url), '../../../data/default'),
): Promise<Record<string, number>> {
  const twin = defaultTwin(dataDir);
  const layers = twin ?? syntheticTown();
  let xmin = Infinity,
    ymin = Infinity,
    xmax = -Infinity,
    ymax = -Infinity;
  for (const r of layers.roads) {
    for (let i = 0; i < r.coords.length; i += 2) {
      xmin = Math.min(xmin, r.coords[i]);
      xmax = Math.max(xmax, r.coords[i]);
      ymin = Math.min(ymin, r.coords[i + 1]);
      ymax = Math.max(ymax, r.coords[i + 1]);
    }
  }
  const input: EvacuationInput = { ...layers, flood: spreadingFlood(xmin, ymin, xmax, ymax) };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ev = createEvacuation(input, {
    warning: { atS: 600 },
    seed: 1,
    householdSize: 2.6,
    // traffic-heavy: most households with a car drive
    carOwnership: 0.6,
    walkMaxM: 300,
    durationS: HOURS * 3600,
    frameIntervalS: 60,
  });
  const t1 = performance.now();
  // drive it as the browser worker does: one advance and one positions() per 60 s frame
  const pos = new Float32Array(2 * ev.agentCount);
  for (let t = 60; t <= HOURS * 3600; t += 60) {
    ev.advance(t);
    ev.positions(pos, xmin, ymin);
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const r = ev.result();
  const buildS = (t1 - t0) / 1000;
  const runS = (t2 - t1) / 1000;
  const figures: Record<string, number> = {
    evac_network_real: twin ? 1 : 0,
    evac_links: r.network.links,
    evac_nodes: r.network.nodes,
    evac_agents: r.agents,
    evac_people: r.people,
    evac_drivers: r.drivers,
    evac_walkers: r.walkers,
    evac_setup_s: buildS,
    evac_run_s: runS,
    evac_wall_s: buildS + runS,
    // CPU time of this process (user + system): steadier than wall time on a shared machine
    evac_cpu_s: (cpu.user + cpu.system) / 1e6,
    evac_link_events: r.linkEvents,
    evac_link_events_per_s: r.linkEvents / runS,
    evac_t50_s: r.t50S ?? NaN,
    evac_t90_s: r.t90S ?? NaN,
    evac_safe_people: r.curve[r.curve.length - 1].safe,
    evac_trapped_people: r.curve[r.curve.length - 1].trapped,
    evac_trapped_flooded_link: r.trappedByReason.floodedLink,
    evac_trapped_no_route: r.trappedByReason.noRoute,
    evac_reached_by_water:
      r.reachedByWater.low + r.reachedByWater.moderate + r.reachedByWater.significant + r.reachedByWater.extreme,
    evac_links_cut: r.linksCut.length,
  };
  console.log(
    `evacuation benchmark (${twin ? 'default twin roads' : 'synthetic grid town'}, ${HOURS} h simulated, flood frames every 5 min, positions every 60 s)`,
  );
  for (const [k, v] of Object.entries(figures))
    console.log(`  ${k.padEnd(26)} ${Number.isInteger(v) ? v : v.toFixed(3)}`);
  return figures;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchEvacuation();
}
