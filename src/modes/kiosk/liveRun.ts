/**
 * A card's live run: its scenario JSON edited for the visitor's choice (cards.ts), prepared like
 * any scenario (src/sim/prepareRun.ts) and run by the engine in workers through src/sim's run API
 * (runController.ts `startRun`). Files are fetched once and kept, so a second tap prepares fast.
 * Frames arrive as the engine makes them; the caller shows them (waterClock.ts).
 */
import { prepareRun, type ReadFile } from '../../sim/prepareRun.ts';
import { startRun, type RunHandle } from '../../sim/runController.ts';
import { fetchFramePack } from '../waterView.ts';
import { NODATA_MM, type FramePack } from '../framePack.ts';
import { CARDS, cardScenario, recordedFor, WALL_SOURCE, type CardId, type CardVariant } from './cards.ts';
import type { TimedFrame } from './waterClock.ts';

const bytesCache = new Map<string, Promise<Uint8Array>>();

/** the bytes of a repo file (scenarios/…, data/…), fetched once */
export function readRepoFile(path: string): Promise<Uint8Array> {
  const url = new URL(path, new URL(import.meta.env.BASE_URL, location.href)).href;
  let p = bytesCache.get(url);
  if (!p) {
    p = fetch(url).then(async (r) => {
      if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    });
    p.catch(() => bytesCache.delete(url));
    bytesCache.set(url, p);
  }
  return p;
}

const readJson = async (path: string) =>
  JSON.parse(new TextDecoder().decode(await readRepoFile(path))) as Record<string, unknown>;

/** a reader for files named relative to `file` (what prepareRun and loadTwinLayers expect) */
export function readerFor(file: string): ReadFile {
  const dir = new URL(file, 'http://repo/');
  return (rel) => readRepoFile(new URL(rel, dir).pathname.slice(1));
}

export interface LiveRun {
  frames: TimedFrame[];
  /** wall ms from start() to the first frame after t = 0 (null until then) */
  firstFrameMs: number | null;
  error: string | null;
  done: boolean;
  cancel(): void;
}

/** Starts the card's scenario in the engine's workers; frames are pushed into `frames` as they come. */
export function startLiveRun(id: CardId, v: CardVariant, onFrame?: () => void): LiveRun {
  const spec = CARDS[id];
  const t0 = performance.now();
  let handle: RunHandle | null = null;
  let cancelled = false;
  const live: LiveRun = {
    frames: [],
    firstFrameMs: null,
    error: null,
    done: false,
    cancel: () => {
      cancelled = true;
      handle?.cancel();
    },
  };
  void (async () => {
    const [base, wallJson] = await Promise.all([
      readJson(spec.scenario),
      spec.knob === 'levee' ? readJson(WALL_SOURCE) : null,
    ]);
    const wall =
      (wallJson?.interventions as { kind: string }[] | undefined)?.find((x) => x.kind === 'floodWall') ?? null;
    const json = cardScenario(id, base, v, wall);
    const prepared = await prepareRun(JSON.stringify(json), spec.scenario, readerFor(spec.scenario));
    if (cancelled) return;
    const setup = prepared.setup;
    setup.durationS = spec.durationS;
    setup.outputs.gridTimesS = [];
    // the initial state (the river at its start level) is the first frame
    live.frames.push({ t: 0, depth: (setup.initialDepth ?? new Float32Array(setup.ncols * setup.nrows)).slice() });
    handle = await startRun(setup, {
      frameIntervalS: spec.frameIntervalS,
      onFlood: (t, depth) => {
        if (cancelled) return;
        if (t > 0 && live.firstFrameMs === null) live.firstFrameMs = performance.now() - t0;
        const last = live.frames[live.frames.length - 1];
        if (last && t <= last.t) return;
        live.frames.push({ t, depth: depth.slice() });
        onFrame?.();
      },
    });
    if (cancelled) {
      handle.cancel();
      return;
    }
    await handle.done;
    live.done = true;
  })().catch((e: unknown) => {
    if (!cancelled) live.error = e instanceof Error ? e.message : String(e);
  });
  return live;
}

const packCache = new Map<string, Promise<FramePack | null>>();

/** The recorded prefix for this variant (frames of the clip), or [] when none fits or it fails to load. */
export async function recordedPrefix(id: CardId, v: CardVariant): Promise<TimedFrame[]> {
  const r = recordedFor(id, v);
  if (!r) return [];
  let p = packCache.get(r.pack);
  if (!p) {
    p = fetchFramePack(new URL(r.pack, new URL(import.meta.env.BASE_URL, location.href))).catch((e) => {
      console.warn(e);
      return null;
    });
    packCache.set(r.pack, p);
  }
  const pack = await p;
  const clip = pack?.clips.find((c) => c.id === r.clip);
  if (!pack || !clip) return [];
  const out: TimedFrame[] = [];
  for (let k = clip.first; k < clip.first + clip.count; k++) {
    if (pack.times[k] > CARDS[id].durationS) break;
    // mm codes to metres; nodata (outside the DEM) draws dry
    out.push({
      t: pack.times[k],
      depth: Float32Array.from(pack.frames[k], (mm) => (mm === NODATA_MM ? 0 : mm / 1000)),
    });
  }
  return out;
}
