/**
 * From a scenario file to a ready FloodSetup, in any host: the CLI reads files from disk, the page
 * fetches them; both pass a `read(relativePath)` function. Steps: parse and migrate the scenario
 * (src/scenario), read its grids (src/io), compile interventions (grid edits) and events (rain,
 * inflows, breaches), then build the engine's setup. Every failure is an InputError naming the file
 * and the JSON path or place at fault.
 */
import { InputError } from '../core/errors.ts';
import type { Grid } from '../core/grid.ts';
import { compileEvents } from '../events/compileEvents.ts';
import { applyInterventions } from '../interventions/applyInterventions.ts';
import { readGrid } from '../io/readGrid.ts';
import { loadScenario, type LoadedScenario } from '../scenario/scenarioFile.ts';
import { buildFloodSetup, type FloodSetup, type ScenarioGrids } from '../../workers/flood/setup.ts';
import { couplingConfigFromScenario } from '../../workers/drainage/config.ts';
import { drainageSchema } from '../core/scenario/drainage.ts';
import type { Scenario } from '../core/scenario/scenario.ts';
import type { DrainageCouplingConfig } from '../../workers/drainage/coupler.ts';
import { networkFromSwmm } from '../../workers/drainage/fromSwmm.ts';
import { readSwmmInp } from '../io/swmmInp.ts';
import { applyNetworkOverrides } from '../interventions/applyNetworkOverrides.ts';
import { checkRunBounds } from './runBounds.ts';

export type ReadFile = (relativePath: string) => Promise<Uint8Array>;

export interface PreparedRun {
  loaded: LoadedScenario;
  grids: ScenarioGrids;
  setup: FloodSetup;
  /** notes for the user (what interventions changed, where rain came from) */
  notes: string[];
}

async function gridAt(read: ReadFile, rel: string, path: string, file: string): Promise<Grid> {
  let bytes: Uint8Array;
  try {
    bytes = await read(rel);
  } catch (e) {
    throw new InputError(`cannot read "${rel}": ${(e as Error).message}`, { file, path });
  }
  return readGrid(bytes, rel);
}

/** A DEM with no valid cell, or a negative infiltration rate or capacity, would run silently wrong. */
function checkGridValues(grids: ScenarioGrids, file: string): void {
  if (!grids.dem.values.some((v) => !Number.isNaN(v)))
    throw new InputError('the DEM has no valid cells (all nodata)', { file, path: 'dem' });
  for (const [key, path] of [
    ['infiltrationRate', 'infiltration.rateMmPerHour'],
    ['infiltrationCapacity', 'infiltration.capacityMm'],
  ] as const) {
    const g = grids[key];
    const k = g ? g.values.findIndex((v) => v < 0) : -1;
    if (g && k >= 0) {
      throw new InputError(`${g.values[k]} is negative (a rate or capacity is 0 or more)`, {
        file,
        path,
        cell: [k % g.ncols, Math.floor(k / g.ncols)],
      });
    }
  }
}

export async function prepareRun(text: string, file: string, read: ReadFile): Promise<PreparedRun> {
  const loaded = loadScenario(text, file);
  const s = loaded.scenario;
  const grids: ScenarioGrids = { dem: await gridAt(read, s.dem, 'dem', file) };
  if (typeof s.manning === 'string') grids.manning = await gridAt(read, s.manning, 'manning', file);
  if (typeof s.initialWaterLevel === 'string')
    grids.initialWaterLevel = await gridAt(read, s.initialWaterLevel, 'initialWaterLevel', file);
  if (s.infiltration && typeof s.infiltration.rateMmPerHour === 'string')
    grids.infiltrationRate = await gridAt(read, s.infiltration.rateMmPerHour, 'infiltration.rateMmPerHour', file);
  if (s.infiltration && typeof s.infiltration.capacityMm === 'string')
    grids.infiltrationCapacity = await gridAt(read, s.infiltration.capacityMm, 'infiltration.capacityMm', file);
  checkGridValues(grids, file);
  for (const key of ['rateMmPerHour', 'capacityMm'] as const) {
    const v = s.infiltration?.[key];
    if (typeof v === 'number' && !(v >= 0))
      throw new InputError(`${v} is negative (a rate or capacity is 0 or more)`, { file, path: `infiltration.${key}` });
  }

  // text files the events name (gauge records), read up front because compileEvents is synchronous
  const texts = new Map<string, string>();
  const ev = loaded.events as Record<string, unknown>;
  const wanted: string[] = [];
  const rg = ev.rainGauge as { file?: string } | undefined;
  if (rg?.file) wanted.push(rg.file);
  for (const r of (ev.riverHydrographs as { gaugeFile?: string }[] | undefined) ?? [])
    if (r.gaugeFile) wanted.push(r.gaugeFile);
  for (const w of wanted) {
    try {
      texts.set(w, new TextDecoder().decode(await read(w)));
    } catch (e) {
      throw new InputError(`cannot read "${w}": ${(e as Error).message}`, { file, path: 'events' });
    }
  }

  const notes: string[] = [];
  let setup = buildFloodSetup(s, grids, file);
  const hasInterventions = loaded.interventions.length > 0;
  const hasEvents = Object.keys(ev).length > 0;
  if (hasInterventions || hasEvents) {
    const dem = grids.dem;
    const iv = applyInterventions(
      { z: setup.z, manning: setup.manning, infiltration: setup.infiltration ?? undefined },
      loaded.interventions,
      dem,
    );
    for (const x of iv.summary)
      if (x.kind !== 'pump' && x.kind !== 'pipeUpsize')
        notes.push(
          `intervention ${x.index} (${x.kind}${x.id ? ` ${x.id}` : ''}): ${x.cells} cells, ${x.volumeChangeM3.toFixed(0)} m³ of ground`,
        );
    const ce = compileEvents(loaded.events, {
      grid: dem,
      z: iv.z,
      warn: (m) => notes.push(`warning: ${m}`),
      readText: (f) => {
        const t = texts.get(f);
        if (t === undefined) throw new InputError(`"${f}" was not loaded`, { file, path: 'events' });
        return t;
      },
    });
    if (ce.rain && s.rain)
      throw new InputError('give rain either as "rain" or as a rain event, not both', { file, path: 'events' });
    // rebuild with the edited bed, roughness and the event inflows, so every check runs again
    const demEdited: Grid = { ...dem, values: iv.z };
    const scenarioWithEvents = {
      ...s,
      rain: ce.rain
        ? { mmPerHour: ce.rain.mmPerHour.map(([t, v]) => [t, v] as [number, number]), source: ce.rain.source }
        : s.rain,
      inflows: [
        ...s.inflows,
        ...ce.inflows.map((f) => ({
          id: f.id,
          point: [f.point[0], f.point[1]] as [number, number],
          hydrograph: f.hydrograph.map(([t, v]) => [t, v] as [number, number]),
        })),
      ],
    };
    if (ce.rain) notes.push(`rain: ${ce.rain.source}, ${ce.rain.totalMm.toFixed(1)} mm in all`);
    setup = buildFloodSetup(scenarioWithEvents, { ...grids, dem: demEdited }, file);
    if (typeof iv.manning !== 'number') setup.manning = iv.manning;
    if (iv.infiltration) setup.infiltration = iv.infiltration;
    setup.bedChanges = [...iv.bedChanges, ...ce.bedChanges].map((b) => ({
      cells: b.cells,
      startS: b.startS,
      endS: b.endS,
      fromZ: Float32Array.from(b.cells, (k) => iv.z[k]),
      finalZ: b.finalZ,
    }));
  }
  if (s.drainage) {
    let inpText: string;
    try {
      inpText = new TextDecoder().decode(await read(s.drainage.network));
    } catch (e) {
      throw new InputError(`cannot read "${s.drainage.network}": ${(e as Error).message}`, {
        file,
        path: 'drainage.network',
      });
    }
    const drainage = couplingConfigFromScenario(s.drainage, inpText, s.drainage.network);
    setup.drainage = drainage;
    notes.push(
      `sewers: ${s.drainage.network}, outfalls ${s.drainage.outfallMode === 'grid' ? 'tied to the river on the grid' : 'as the file says'}`,
    );
    if (loaded.interventions.some((x) => x.kind === 'pump' || x.kind === 'pipeUpsize')) {
      // pump capacity / pipe upsizing edit the network; the coupler then runs this network, not the text
      // (built as the coupler would: networkFromConfig, no subcatchment runoff in a coupled run)
      const base = networkFromSwmm(readSwmmInp(inpText, s.drainage.network), s.drainage.network, { runoff: false });
      const edited = applyNetworkOverrides(base, loaded.interventions, file);
      drainage.network = edited.network;
      delete drainage.inpText;
      for (const c of edited.changes) notes.push(c.note);
    }
  } else {
    const k = loaded.interventions.findIndex((x) => x.kind === 'pump' || x.kind === 'pipeUpsize');
    if (k >= 0)
      throw new InputError(
        `a ${loaded.interventions[k].kind} intervention needs a sewer network, and the scenario has no "drainage"`,
        { file, path: `interventions[${k}]` },
      );
  }
  // bounds and the engine's memory, before any run allocates (src/sim/runBounds.ts)
  checkRunBounds(setup, file);
  return { loaded, grids, setup, notes };
}

/**
 * The drainage config for a SWMM network dropped in place of the scenario's (the page's drop area):
 * the scenario's own "drainage" options with this file, or, for a scenario without sewers, the
 * defaults with outfalls tied to the river on the grid. The next run couples this network.
 */
export function droppedDrainage(scenario: Scenario, inpText: string, file: string): DrainageCouplingConfig {
  const spec = scenario.drainage
    ? { ...scenario.drainage, network: file }
    : drainageSchema.parse({ network: file, outfallMode: 'grid' });
  return couplingConfigFromScenario(spec, inpText, file);
}
