/**
 * The engine screen's side of a live drill: runs the engine worker (src/sim/liveDrill.worker.ts),
 * paces its frames to the drill's speed (scenario seconds per wall second; a slow engine just goes
 * as fast as it can), publishes every frame, the board and the log on the bus, applies the injects
 * the director sends, and answers a screen that says hello with the current state.
 */
import * as Comlink from 'comlink';
import type { LiveDrillWorkerApi, WorkerFrame } from '../../../sim/liveDrill.worker.ts';
import type { LiveInject, LogEntry } from '../../../../workers/drill/injects.ts';
import type { BoardNumbers } from '../../../../workers/drill/board.ts';
import type { DrillCheckpoint } from '../../../../workers/drill/liveEngine.ts';
import { parseInject } from '../log.ts';
import type { BusText, DrillBus } from './bus.ts';
import { encodeFrame, frameMessage } from './frameWire.ts';
import { fitsResume, loadCheckpoint, saveCheckpoint } from './checkpointStore.ts';

/** wall ms between two checkpoints the engine screen keeps (a default-twin checkpoint is ~40 MB) */
const CHECKPOINT_EVERY_MS = 20_000;

export interface EngineInfo {
  ncols: number;
  nrows: number;
  frameIntervalS: number;
  /** flood stops per frame at which an inject applies (LiveDrillEngine.stepsPerFrame) */
  stepsPerFrame: number;
  durationS: number;
  roads: { id: string; name?: string }[];
  shelters: { id: string; name: string; capacity: number }[];
  pumps: string[];
}

export interface EngineHost {
  info: EngineInfo;
  /** handle a bus message meant for the engine (inject, hello) */
  onText(m: BusText): void;
  inject(i: LiveInject): Promise<LogEntry>;
  log(): LogEntry[];
  /** wall ms of each frame's computation, and when each inject's first frame was published */
  stats: {
    computeMs: number[];
    /** the flood loop's and the evacuation + board's shares of computeMs */
    floodMs: number[];
    frameMs: number[];
    /** main-thread ms to encode a frame and hand it to the bus */
    publishMs: number[];
    /** bytes of the last frame on the wire */
    frameBytes: number;
    publishedAt: number[];
    injectLatencyMs: number[];
    resumedFromCheckpoint: number | null;
    checkpointsSaved: number[];
  };
  /** hold the drill (no new frames) or let it go on */
  setPaused(p: boolean): void;
  stop(): void;
}

export async function startEngine(
  bus: DrillBus,
  scenarioUrl: string,
  o: {
    speed: number;
    durationS?: number;
    frameIntervalS?: number;
    stepsPerFrame?: number;
    session: string;
    resume?: { entries: LogEntry[]; frame: number } | null;
    /** the drill's key in the checkpoint store (room, scenario, window) */
    checkpointKey: string;
    /** wall seconds between two checkpoints (default CHECKPOINT_EVERY_MS) */
    checkpointEveryS?: number;
  },
  onFrame: (f: WorkerFrame) => void,
  onBoard: (b: BoardNumbers) => void,
): Promise<EngineHost> {
  const worker = new Worker(new URL('../../../sim/liveDrill.worker.ts', import.meta.url), {
    type: 'module',
    name: 'live-drill',
  });
  const api = Comlink.wrap<LiveDrillWorkerApi>(worker);
  // a restarted engine resumes from its newest checkpoint (this browser profile's) and replays the log
  // from there to the last frame the screens had (deterministic: the same bits)
  const stored = o.resume ? await loadCheckpoint(o.checkpointKey) : null;
  const checkpoint = stored && o.resume && fitsResume(stored, o.resume) ? stored : null;
  const init = await api.init(scenarioUrl, {
    durationS: o.durationS,
    frameIntervalS: o.frameIntervalS,
    stepsPerFrame: o.stepsPerFrame,
    log: o.resume?.entries,
    toFrame: o.resume?.frame,
    checkpoint,
  });
  const { frame: first, ...info } = init;
  let current: WorkerFrame = first;
  let board = first.board;
  let rev = 0;
  let stopped = false;
  let paused = false;
  let pausedMs = 0;
  const entries: LogEntry[] = (o.resume?.entries ?? []).filter((e) => e.frame <= first.index);
  const stats = {
    computeMs: [] as number[],
    floodMs: [] as number[],
    frameMs: [] as number[],
    publishMs: [] as number[],
    frameBytes: 0,
    publishedAt: [] as number[],
    injectLatencyMs: [] as number[],
    /** the checkpoint frame this engine resumed from (null: none), and the frames of those it saved */
    resumedFromCheckpoint: checkpoint ? checkpoint.index : null,
    checkpointsSaved: [] as number[],
  };
  let savedAt = performance.now();
  let heldCheckpoint: DrillCheckpoint | null = null;
  /** injects waiting for the first frame that shows them: wall ms given, the frame they follow */
  let pendingInjects: { at: number; after: number }[] = [];
  const startWall = performance.now();
  const t0 = first.t;

  const publishFrame = (f: WorkerFrame): void => {
    const buf = encodeFrame(frameMessage(o.session, f, info));
    stats.frameBytes = buf.byteLength;
    bus.sendFrame(buf);
  };
  const publishBoard = (): void =>
    bus.send({ type: 'board', session: o.session, rev: ++rev, frame: current.index, board });
  const publishLog = (): void => bus.send({ type: 'log', session: o.session, rev: ++rev, entries, info });
  const alive = setInterval(
    () => bus.send({ type: 'engine-alive', session: o.session, frame: current.index, at: Date.now() }),
    1000,
  );
  bus.send({ type: 'hello', role: 'engine', session: o.session });

  const show = (f: WorkerFrame): void => {
    current = f;
    board = f.board;
    const p0 = performance.now();
    publishFrame(f);
    const now = performance.now();
    stats.publishMs.push(now - p0);
    stats.publishedAt.push(now);
    for (const p of pendingInjects) if (f.index > p.after) stats.injectLatencyMs.push(now - p.at);
    pendingInjects = pendingInjects.filter((p) => f.index <= p.after);
    onFrame(f);
    onBoard(board);
    if (heldCheckpoint && heldCheckpoint.index <= f.index) storeCheckpoint(heldCheckpoint);
  };
  show(first);
  publishLog();

  // one frame after another, never earlier than the drill's speed allows
  const loop = async (): Promise<void> => {
    while (!stopped) {
      while (paused && !stopped) {
        await new Promise((r) => setTimeout(r, 100));
        pausedMs += 100;
      }
      const f = await api.next();
      if (!f || stopped) break;
      stats.computeMs.push(f.computeMs);
      stats.floodMs.push(f.floodMs);
      stats.frameMs.push(f.frameMs);
      const due = startWall + pausedMs + ((f.t - t0) / o.speed) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // a pause asked for while this frame was computed holds it back until the drill goes on
      while (paused && !stopped) await new Promise((r) => setTimeout(r, 100));
      show(f);
      if (performance.now() - savedAt > (o.checkpointEveryS ?? CHECKPOINT_EVERY_MS / 1000) * 1000) keepCheckpoint();
    }
  };
  void loop().catch((e) => {
    bus.send({ type: 'engine-error', session: o.session, message: (e as Error).message });
    console.error(e);
  });

  // the newest checkpoint into this profile's store (a failed save only costs a longer resume). The
  // worker computes a frame ahead: a checkpoint past the frame published waits for it, since a
  // restarted engine resumes only from a frame the screens have had (checkpointStore.ts fitsResume)
  const keepCheckpoint = (): void => {
    savedAt = performance.now();
    void api
      .checkpoint()
      .then((cp) => {
        if (cp.index <= current.index) storeCheckpoint(cp);
        else heldCheckpoint = cp;
      })
      .catch((e) => console.warn(`live drill: checkpoint not taken (${(e as Error).message})`));
  };
  const storeCheckpoint = (cp: DrillCheckpoint): void => {
    heldCheckpoint = null;
    void saveCheckpoint(o.checkpointKey, cp)
      .then(() => stats.checkpointsSaved.push(cp.index))
      .catch((e) => console.warn(`live drill: checkpoint not saved (${(e as Error).message})`));
  };

  const inject = async (i: LiveInject): Promise<LogEntry> => {
    const given = performance.now();
    const drillS = (given - startWall) / 1000;
    const r = await api.apply(i, drillS);
    entries.push(r.entry);
    pendingInjects.push({ at: given, after: r.entry.frame });
    board = r.board;
    onBoard(board);
    publishBoard();
    publishLog();
    return r.entry;
  };

  return {
    info,
    stats,
    inject,
    log: () => entries.slice(),
    onText(m) {
      if (m.type === 'hello' && m.role !== 'engine') {
        publishFrame(current);
        publishBoard();
        publishLog();
      } else if (m.type === 'pause') {
        paused = m.paused === true;
      } else if (m.type === 'inject') {
        try {
          void inject(parseInject(m.inject, 'inject')).catch((e) =>
            bus.send({ type: 'engine-error', session: o.session, message: (e as Error).message }),
          );
        } catch (e) {
          bus.send({ type: 'engine-error', session: o.session, message: (e as Error).message });
        }
      }
    },
    setPaused(p) {
      paused = p;
    },
    stop() {
      stopped = true;
      clearInterval(alive);
      worker.terminate();
    },
  };
}
