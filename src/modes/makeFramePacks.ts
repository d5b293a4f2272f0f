/**
 * Records the frame packs the drill map and the kiosk cards play (framePack.ts), by running the
 * scenarios with the headless engine (the same kernels as the page's workers, deterministic):
 *   node --import tsx src/modes/makeFramePacks.ts [drill|kiosk|all] [--workers N] [--alpha A]
 * writes scenarios/drills/<drill>.frames.gz (the drill window of its base scenario, one frame per
 * frameIntervalS) and scenarios/kiosk/{rain,levee,sponge,pump}.frames.gz. Rerun after the engine, the
 * twin or a scenario changes (small twin: about five minutes on one core, the drill run most of it).
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeTransform } from '../io/crs.ts';
import { prepareRun, type ReadFile } from '../sim/prepareRun.ts';
import { runFloodNode } from '../sim/floodRunNode.ts';
import { packFrames, type PackClip, type PackHeader } from './framePack.ts';
import { parseDrill } from './drill/schema.ts';
import { pumpFails, spongeEverywhere } from './kiosk/cards.ts';

export interface ClipJob {
  id: string;
  /** scenario file (repo path) */
  scenario: string;
  /** edits to the scenario JSON before the run (e.g. a sponge city's interventions) */
  edit?(json: Record<string, unknown>): void;
  durationS: number;
  frameIntervalS: number;
  /** keep frames at or after this scenario time */
  fromS?: number;
  /** what the edit changes, recorded in the pack's clip */
  note?: string;
}

interface Recorded {
  header: Omit<PackHeader, 'times' | 'clips'>;
  times: number[];
  frames: Float32Array[];
}

async function runClip(job: ClipJob, workers: number, log: (s: string) => void): Promise<Recorded> {
  const path = resolve(job.scenario);
  const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  job.edit?.(json);
  // the clip's frame rate before preparing (a scenario without one, like levee-a, is refused)
  json.outputs = { ...(json.outputs as object | undefined), frameIntervalS: job.frameIntervalS };
  const read: ReadFile = async (rel) => new Uint8Array(await readFile(resolve(dirname(path), rel)));
  const prepared = await prepareRun(JSON.stringify(json), job.scenario, read);
  const setup = prepared.setup;
  setup.durationS = job.durationS;
  setup.outputs.gridTimesS = [];
  setup.outputs.frameIntervalS = job.frameIntervalS;
  const epsg = prepared.grids.dem.crs?.epsg ?? 32648;
  const toLonLat = makeTransform(epsg, 4326);
  const { ncols, nrows, cellSize, xll, yll, z } = setup;
  const top = yll + nrows * cellSize,
    right = xll + ncols * cellSize;
  const r6 = (p: [number, number]): [number, number] => [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];
  const rec: Recorded = {
    header: {
      ncols,
      nrows,
      cellSize,
      xll,
      yll,
      epsg,
      cornersLonLat: { nw: r6(toLonLat(xll, top)), ne: r6(toLonLat(right, top)), sw: r6(toLonLat(xll, yll)) },
    },
    times: [],
    frames: [],
  };
  const t0 = performance.now();
  let lastLog = 0;
  await runFloodNode(setup, workers, {
    onProgress: (p) => {
      if (p.wallS - lastLog >= 15) {
        lastLog = p.wallS;
        log(`  ${job.id}: t = ${p.t.toFixed(0)} of ${p.durationS} s`);
      }
    },
    onFrame: (t, depth) => {
      if (t < (job.fromS ?? 0) - 1e-6) return;
      const f = depth.slice();
      for (let k = 0; k < f.length; k++) if (Number.isNaN(z[k])) f[k] = NaN; // outside the DEM: nodata
      if (rec.times.length && t === rec.times[rec.times.length - 1]) rec.frames[rec.frames.length - 1] = f;
      else {
        rec.times.push(t);
        rec.frames.push(f);
      }
    },
  });
  log(
    `  ${job.id}: ${rec.frames.length} frames (${rec.times[0]}…${rec.times[rec.times.length - 1]} s) in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  return rec;
}

export async function makePack(out: string, jobs: ClipJob[], workers: number, log: (s: string) => void): Promise<void> {
  const clips: PackClip[] = [];
  const times: number[] = [];
  const frames: Float32Array[] = [];
  let header: Recorded['header'] | null = null;
  for (const job of jobs) {
    const r = await runClip(job, workers, log);
    if (
      header &&
      (header.ncols !== r.header.ncols ||
        header.nrows !== r.header.nrows ||
        header.xll !== r.header.xll ||
        header.yll !== r.header.yll)
    ) {
      throw new Error(`${job.scenario}: another grid than the pack's first clip`);
    }
    header ??= r.header;
    clips.push({
      id: job.id,
      scenario: job.scenario,
      first: times.length,
      count: r.times.length,
      ...(job.note ? { note: job.note } : {}),
    });
    times.push(...r.times);
    frames.push(...r.frames);
  }
  const bytes = gzipSync(packFrames({ ...header!, times, clips }, frames), { level: 9 });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, bytes);
  log(`${out}: ${frames.length} frames, ${(bytes.length / 1024).toFixed(0)} KiB`);
}

/** the drill's pack: its base scenario over the drill window, one frame per frameIntervalS */
export async function drillJobs(drillFile: string, alpha?: number): Promise<ClipJob> {
  const script = parseDrill(await readFile(drillFile, 'utf8'), drillFile);
  const end = script.scenarioStartS + script.durationS * script.scenarioSecondsPerDrillSecond;
  const first = Math.floor(script.scenarioStartS / script.frameIntervalS + 1e-9) * script.frameIntervalS;
  // the drill's run: its base scenario plus each levee breach inject that says how it goes (inRun),
  // at the inject's scenario time
  const breaches = script.injects.flatMap((i) =>
    i.kind === 'leveeBreach' && i.inRun && i.at ? [{ i, run: i.inRun, at: i.at }] : [],
  );
  const notes: string[] = breaches.map(
    ({ i }) => `levee breach "${i.id}" at ${script.scenarioStartS + i.atS * script.scenarioSecondsPerDrillSecond} s`,
  );
  if (alpha !== undefined) notes.push(`solver.alpha ${alpha}`);
  const edit = (json: Record<string, unknown>): void => {
    if (alpha !== undefined) json.solver = { ...(json.solver as object | undefined), alpha };
    if (breaches.length === 0) return;
    const toGrid = makeTransform(4326, 32648); // the twins are in WGS 84 / UTM 48N (CONVENTIONS.md)
    const xy = (p: [number, number]) => toGrid(p[0], p[1]).map((v) => Math.round(v * 100) / 100);
    const events = (json.events ?? {}) as Record<string, unknown>;
    events.leveeBreaches = [
      ...((events.leveeBreaches as unknown[]) ?? []),
      ...breaches.map(({ i, run, at }) => ({
        id: i.id,
        atS: script.scenarioStartS + i.atS * script.scenarioSecondsPerDrillSecond,
        line: run.crestLine.map(xy),
        centre: xy(at),
        // the inject's width is the gap; the event opens the crest within widthM of the centre (a radius)
        widthM: (i as { widthM: number }).widthM / 2,
        finalCrestM: run.finalCrestM,
        durationS: run.durationS,
        ...(run.thicknessM !== undefined ? { thicknessM: run.thicknessM } : {}),
      })),
    ];
    json.events = events;
  };
  return {
    id: 'drill',
    scenario: relative('.', resolve(dirname(drillFile), script.baseScenario)),
    edit,
    ...(notes.length ? { note: notes.join('; ') } : {}),
    durationS: Math.ceil(end / script.frameIntervalS - 1e-9) * script.frameIntervalS,
    frameIntervalS: script.frameIntervalS,
    fromS: first,
  };
}

export const KIOSK_PACKS: Record<string, ClipJob[]> = {
  rain: [{ id: 'rain', scenario: 'scenarios/small-rainstorm.json', durationS: 7200, frameIntervalS: 600 }],
  levee: [
    { id: 'holds', scenario: 'scenarios/levee-b.json', durationS: 2400, frameIntervalS: 120 },
    { id: 'fails', scenario: 'scenarios/levee-a.json', durationS: 2400, frameIntervalS: 120 },
  ],
  sponge: [
    {
      id: 'sponge',
      scenario: 'scenarios/small-rainstorm.json',
      edit: spongeEverywhere,
      durationS: 7200,
      frameIntervalS: 600,
    },
  ],
  pump: [
    {
      id: 'pump',
      scenario: 'scenarios/small-rainstorm.json',
      edit: pumpFails,
      durationS: 7200,
      frameIntervalS: 600,
      note: 'pump P1 capacity 0',
    },
  ],
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const what = args.find((a) => !a.startsWith('--')) ?? 'all';
  const wi = args.indexOf('--workers');
  const workers = wi >= 0 ? Math.max(1, Number(args[wi + 1]) || 1) : 1;
  const ai = args.indexOf('--alpha');
  const alpha = ai >= 0 ? Number(args[ai + 1]) : undefined;
  if (alpha !== undefined && !(alpha > 0 && alpha <= 1))
    throw new Error(`--alpha ${args[ai + 1]}: give a number in (0, 1]`);
  const log = (s: string) => process.stderr.write(s + '\n');
  if (what === 'drill' || what === 'all') {
    const drill = 'scenarios/drills/jialing-flood-drill.json';
    await makePack(drill.replace(/\.json$/, '.frames.gz'), [await drillJobs(drill, alpha)], workers, log);
  }
  if (what === 'kiosk' || what === 'all' || what in KIOSK_PACKS) {
    for (const [name, jobs] of Object.entries(KIOSK_PACKS)) {
      if (what !== 'kiosk' && what !== 'all' && what !== name) continue;
      await makePack(`scenarios/kiosk/${name}.frames.gz`, jobs, workers, log);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('makeFramePacks.ts')) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
