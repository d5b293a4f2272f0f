/**
 * Builds a live drill engine (workers/drill/liveEngine.ts) from a scenario file, in any host (the
 * page's engine worker, the CLI, the tests pass `read`): the flood setup (prepareRun), its sewer
 * coupler, the twin's gauges for the board and, when the scenario has an "evacuation", the
 * evacuation engine on the twin's roads, buildings and shelters. Who is at risk is judged as the
 * page does (atRiskDepths): below the highest stage the warning gauge's forecast record gives.
 */
import { cellAt } from '../core/grid.ts';
import { parseEvacuationScenario } from '../core/scenario/evacuation.ts';
import { createEvacuation, type Evacuation, type RoadInput } from '../../workers/evacuation/index.ts';
import { createCoupler } from '../../workers/flood/couplers.ts';
import { LiveDrillEngine } from '../../workers/drill/liveEngine.ts';
import type { GaugeSpec } from '../../workers/drill/board.ts';
import { atRiskDepths, gaugeRecords, gaugeStages } from './evacuationRun.ts';
import { prepareRun, type ReadFile } from './prepareRun.ts';
import { loadTwinLayers } from './twinLayers.ts';
import { ringCentroid } from '../core/ringCentroid.ts';

export interface LiveDrillOptions {
  /** compiled WebAssembly kernels for a plain memory; else the JavaScript kernels (same bits) */
  kernels?: WebAssembly.Module;
  /** a shorter run than the scenario's (scenario seconds) */
  durationS?: number;
  /** scenario seconds between frames (else the scenario's) */
  frameIntervalS?: number;
  /** flood stops per frame at which injects apply (LiveEngineOptions.stepsPerFrame; default 1) */
  stepsPerFrame?: number;
  /** run the scenario's evacuation too (default: when it has one) */
  evacuation?: boolean;
  /** fields that replace the scenario's "evacuation" ones (e.g. an earlier warning for a drill) */
  evacuationOverrides?: Record<string, unknown>;
  blueMarginM?: number;
}

export interface LiveDrill {
  engine: LiveDrillEngine;
  /** the twin's roads and shelters in map units (for the page's pickers), empty without a twin */
  roads: { id: string; name?: string }[];
  shelters: { id: string; name: string; capacity: number }[];
  pumps: string[];
  /** the evacuation engine the board reads (null without one) */
  evacuation: Evacuation | null;
}

export async function createLiveDrill(
  text: string,
  file: string,
  read: ReadFile,
  o: LiveDrillOptions = {},
): Promise<LiveDrill> {
  const prepared = await prepareRun(text, file, read);
  const s = prepared.loaded.scenario;
  const setup = prepared.setup;
  if (o.durationS !== undefined) setup.durationS = Math.min(setup.durationS, o.durationS);
  if (o.frameIntervalS !== undefined) setup.outputs = { ...setup.outputs, frameIntervalS: o.frameIntervalS };
  const coupler = await createCoupler(setup);
  const layers = s.twin ? await loadTwinLayers(s.twin, read, file) : null;
  const gauges: GaugeSpec[] = (layers?.gauges ?? []).map((g) => {
    const c = cellAt(setup, g.x, g.y);
    return {
      id: g.id,
      cell: c ? c[1] * setup.ncols + c[0] : -1,
      warningLevelM: g.warningLevelM,
      guaranteedLevelM: g.guaranteedLevelM,
    };
  });
  const roads: RoadInput[] = (layers?.roads ?? []).map((r) => ({
    id: r.id,
    coords: r.coords,
    cls: r.cls,
    lanes: r.lanes,
    speedKmh: r.speedKmh,
    oneway: r.oneway,
  }));
  let evacuation = null;
  if (layers && s.evacuation && o.evacuation !== false) {
    const opts = parseEvacuationScenario({ ...(s.evacuation as object), ...o.evacuationOverrides }, file);
    const records = await gaugeRecords(layers, s.startTime, read);
    const n = setup.ncols * setup.nrows;
    const initial = setup.initialDepth ?? new Float32Array(n);
    const noPoints = { pointTimes: new Float64Array(0), pointDepths: new Float64Array(0) };
    const shelters = layers.shelters.map((sh) => ({
      id: sh.id,
      x: sh.x,
      y: sh.y,
      capacity: sh.capacity,
      name: sh.name,
    }));
    const ev = createEvacuation(
      {
        roads,
        buildings: layers.buildings.map((b) => {
          const [x, y] = ringCentroid(b.ring);
          return { id: b.id, x, y, population: b.population };
        }),
        shelters,
        gauges: gaugeStages(setup, noPoints, layers, records),
        // the initial state only: the engine pushes each frame as it computes it
        flood: {
          times: Float64Array.of(0),
          grid: setup,
          depth: () => initial,
          speed: () => null,
          maxDepth: atRiskDepths(setup, initial, opts.warning, records),
        },
      },
      { ...opts, durationS: setup.durationS },
    );
    evacuation = {
      ev,
      roads,
      shelters: shelters.map((sh) => ({ id: sh.id, name: sh.name ?? sh.id, capacity: sh.capacity })),
    };
  }
  const engine = new LiveDrillEngine(setup, {
    kernels: o.kernels,
    coupler,
    evacuation,
    gauges,
    roads,
    blueMarginM: o.blueMarginM,
    stepsPerFrame: o.stepsPerFrame,
  });
  const drainage = setup.drainage as { network?: { links: { id: string; kind: string }[] } } | undefined;
  return {
    engine,
    roads: (layers?.roads ?? []).map((r) => ({ id: r.id, name: r.name })),
    shelters: evacuation?.shelters ?? [],
    evacuation: evacuation?.ev ?? null,
    pumps: drainage?.network?.links.filter((l) => l.kind === 'pump').map((l) => l.id) ?? [],
  };
}
