/**
 * The page's I/O worker: reads scenario files, grids, drainage networks, gauge records and GeoJSON
 * layers off the main thread (comlink). Errors come back as Error messages (InputError text names
 * the file and line/field/cell); the page shows them inline and keeps the current twin.
 */
import * as Comlink from 'comlink';
import type { FeatureCollection } from 'geojson';
import { InputError } from '../src/core/errors.ts';
import type { Grid } from '../src/core/grid.ts';
import type { Scenario } from '../src/core/scenario/scenario.ts';
import { droppedDrainage, prepareRun } from '../src/sim/prepareRun.ts';
import type { GridGeometry } from '../src/core/grid.ts';
import { createDrainageCoupler, type DrainageCouplingConfig } from './drainage/coupler.ts';
import type { SwmmInp } from '../src/io/swmmInp.ts';
import { readGrid } from '../src/io/readGrid.ts';
import { readSwmmInp } from '../src/io/swmmInp.ts';
import { readGaugeFile } from '../src/io/gauges/index.ts';
import type { FloodSetup } from './flood/setup.ts';
import { floodMetrics, type FloodMetrics, type FloodMetricsInput } from './analysis/floodMetrics.ts';
import { sameOriginUrl } from '../src/io/sameOrigin.ts';

export type DroppedKind = 'dem' | 'inp' | 'gauge' | 'geojson';

export interface DroppedResult {
  kind: DroppedKind;
  file: string;
  grid?: Grid;
  geojson?: FeatureCollection;
  /** a one-line description for the panel */
  summary: string;
  /** a SWMM network: its drawable shape, and (given the scenario and grid) the drainage config a run couples */
  network?: NetworkGeometry;
  drainage?: DrainageCouplingConfig;
  /** gauge records: seconds since 1970 and values */
  gauge?: { stationId: string; times: Float64Array; values: Float64Array; unit: string };
}

export interface NetworkGeometry {
  nodes: { id: string; x: number; y: number }[];
  links: { id: string; line: [number, number][] }[];
}

export interface LoadedScenario {
  scenario: Scenario;
  dem: Grid;
  setup: FloodSetup;
  notes: string[];
}

export function kindOf(file: string): DroppedKind | null {
  const f = file.toLowerCase();
  if (/\.(tif|tiff|asc)$/.test(f)) return 'dem';
  if (f.endsWith('.inp')) return 'inp';
  if (/\.(csv|rdb|xml|wml|txt)$/.test(f)) return 'gauge';
  if (/\.(geojson|json)$/.test(f)) return 'geojson';
  return null;
}

function parseGeoJson(text: string, file: string): FeatureCollection {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file });
  }
  const o = json as { type?: unknown; features?: unknown };
  if (!o || typeof o !== 'object' || o.type !== 'FeatureCollection' || !Array.isArray(o.features)) {
    throw new InputError('not a FeatureCollection (needs "type": "FeatureCollection" and "features")', {
      file,
      path: 'type',
    });
  }
  (o.features as unknown[]).forEach((f, i) => {
    const ft = f as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } };
    if (!ft || ft.type !== 'Feature' || !ft.geometry || !Array.isArray(ft.geometry.coordinates)) {
      throw new InputError('feature without a geometry with coordinates', { file, path: `features[${i}]` });
    }
  });
  return json as FeatureCollection;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new InputError(`cannot load (HTTP ${r.status})`, { file: url });
  return new Uint8Array(await r.arrayBuffer());
}

const api = {
  /** `twin`: the scenario and grid a dropped .inp must couple to (checked by building the coupler) */
  async readDropped(
    bytes: Uint8Array,
    file: string,
    twin?: { scenario: Scenario; grid: GridGeometry },
  ): Promise<DroppedResult> {
    const kind = kindOf(file);
    if (!kind)
      throw new InputError('unknown file type (expected .tif/.asc DEM, .inp, gauge .csv/.rdb/.xml, or .geojson)', {
        file,
      });
    const text = () => new TextDecoder('utf-8').decode(bytes);
    if (kind === 'dem') {
      const grid = await readGrid(bytes, file);
      let wet = 0;
      for (let i = 0; i < grid.values.length; i++) if (!Number.isNaN(grid.values[i])) wet++;
      if (wet === 0) throw new InputError('the grid has no valid cells (all nodata)', { file });
      return { kind, file, grid, summary: `${grid.ncols}×${grid.nrows} cells of ${grid.cellSize} m` };
    }
    if (kind === 'inp') {
      const inpText = text();
      const net = readSwmmInp(inpText, file);
      let drainage: DrainageCouplingConfig | undefined;
      if (twin) {
        drainage = droppedDrainage(twin.scenario, inpText, file);
        createDrainageCoupler(drainage, twin.grid); // throws InputError if it cannot couple to this grid
      }
      const nodes = net.junctions.length + net.outfalls.length + net.storage.length + net.dividers.length;
      return {
        kind,
        file,
        network: networkGeometry(net),
        drainage,
        summary: `SWMM network: ${nodes} nodes (${net.junctions.length} junctions, ${net.outfalls.length} outfalls), ${net.conduits.length} conduits, ${net.pumps.length} pumps`,
      };
    }
    if (kind === 'gauge') {
      const s = readGaugeFile(text(), file);
      return {
        kind,
        file,
        gauge: { stationId: s.stationId, times: s.times, values: s.values, unit: s.unit },
        summary: `gauge ${s.stationId}: ${s.times.length} ${s.quantity} records (${s.unit})`,
      };
    }
    const geojson = parseGeoJson(text(), file);
    return { kind, file, geojson, summary: `${geojson.features.length} features` };
  },

  /**
   * Fetch a scenario and everything it names, and prepare the run (src/sim/prepareRun.ts: events,
   * interventions, grids, checks). `dem` replaces the scenario's DEM (a dropped file).
   */
  async loadScenario(url: string, dem?: { bytes: Uint8Array; name: string }): Promise<LoadedScenario> {
    const file = url.split('/').pop() ?? url;
    const abs = sameOriginUrl(url, self.location.href, '?scenario=');
    const text = new TextDecoder().decode(await fetchBytes(abs.href));
    let demPath: string | null = null;
    if (dem) {
      const j = JSON.parse(text) as { dem?: unknown };
      demPath = typeof j.dem === 'string' ? j.dem : null;
    }
    const read = async (rel: string) =>
      dem && rel === demPath ? dem.bytes : fetchBytes(sameOriginUrl(rel, abs, file).href);
    const prepared = await prepareRun(text, file, read);
    return {
      scenario: prepared.loaded.scenario,
      dem: prepared.grids.dem,
      setup: prepared.setup,
      notes: prepared.notes,
    };
  },

  /** the drawable shape of a SWMM network: node positions and conduit polylines (map units) */
  readNetworkGeometry(bytes: Uint8Array, file: string): NetworkGeometry {
    return networkGeometry(readSwmmInp(new TextDecoder().decode(bytes), file));
  },

  metrics(input: FloodMetricsInput): FloodMetrics {
    return floodMetrics(input);
  },
};

/** the drawable shape of a SWMM network: node positions and conduit polylines (map units) */
function networkGeometry(net: SwmmInp): NetworkGeometry {
  const at = new Map(net.coordinates.map((c) => [c.node, [c.x, c.y] as [number, number]]));
  const bends = new Map<string, [number, number][]>();
  for (const v of net.vertices) {
    const list = bends.get(v.link) ?? [];
    list.push([v.x, v.y]);
    bends.set(v.link, list);
  }
  const nodes = [...at.entries()].map(([id, [x, y]]) => ({ id, x, y }));
  const links: NetworkGeometry['links'] = [];
  for (const c of net.conduits) {
    const a = at.get(c.from),
      b = at.get(c.to);
    if (a && b) links.push({ id: c.name, line: [a, ...(bends.get(c.name) ?? []), b] });
  }
  return { nodes, links };
}

export type IoApi = typeof api;
Comlink.expose(api);
