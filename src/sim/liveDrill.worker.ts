/**
 * Web Worker entry of the live drill engine (comlink): builds it from a scenario URL of this site
 * (createLiveDrill), then hands out one frame per `next()`. Frames come back as copies (the engine
 * keeps its own for the board), transferred.
 *
 * Pipelined: as soon as a frame is handed out the worker computes the next one, while the page
 * publishes and draws this one. It computes a frame step by step (LiveDrillEngine.advance) and
 * yields to its message queue between steps, so an inject (`apply`) lands at the next step of the
 * frame being computed and shows in that very frame; the frame ahead waits at its last step until
 * the page asks for it, so an inject given meanwhile lands in it too.
 */
import * as Comlink from 'comlink';
import { sameOriginUrl } from '../io/sameOrigin.ts';
import { compilePlainFloodKernels } from '../../workers/flood/wasm/loader.ts';
import type { BoardNumbers } from '../../workers/drill/board.ts';
import type { LiveInject, LogEntry } from '../../workers/drill/injects.ts';
import type { DrillCheckpoint, LiveFrame } from '../../workers/drill/liveEngine.ts';
import { replayLog } from '../../workers/drill/replay.ts';
import { createLiveDrill, type LiveDrill } from './liveDrill.ts';

export interface WorkerFrame {
  index: number;
  t: number;
  depth: Float32Array;
  board: BoardNumbers;
  /** wall ms the engine took for this frame: in all, the flood loop's share, the evacuation and board's */
  computeMs: number;
  floodMs: number;
  frameMs: number;
}

let drill: LiveDrill | null = null;
/**
 * The frame computed ahead, not yet handed out, and the gate that lets it finish: it is computed up
 * to its last stop and finishes only when the page asks for it (next()), so an inject given while
 * the engine waits still lands in it. (With one stop a frame there is no last stop to wait at: the
 * frame is computed whole.) Computing two frames ahead kept the engine busier while the director's
 * page drew its own map (1.46 s against 1.78 s mean between frames, speed 10) but showed injects later.
 */
let ahead: { frame: Promise<WorkerFrame | null>; release: () => void } | null = null;
/** the computations one after another (never two on the engine at once) */
let chain: Promise<unknown> = Promise.resolve();

/** a macrotask turn: the messages queued meanwhile (injects, checkpoint) are handled here */
const yieldToMessages = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * The next frame, step by step, waiting at its last stop for `gate` (null: no wait); computeMs
 * counts the engine's steps only, not the waits between.
 */
async function produce(gate: Promise<void> | null): Promise<WorkerFrame | null> {
  await yieldToMessages();
  let busy = 0;
  for (;;) {
    const e = engine();
    if (gate && e.stepsPerFrame > 1 && e.position().step === e.stepsPerFrame - 1) {
      await gate;
      gate = null;
    }
    const t0 = performance.now();
    const f = e.advance();
    busy += performance.now() - t0;
    if (f !== undefined) return f ? out(f, busy) : null;
    await yieldToMessages();
  }
}

function queueFrame(gate: Promise<void> | null): Promise<WorkerFrame | null> {
  const p = chain.then(() => produce(gate));
  chain = p.catch(() => undefined);
  return p;
}

const out = (f: LiveFrame, computeMs: number): WorkerFrame => {
  const depth = f.depth.slice();
  const { floodMs, frameMs } = drill?.engine.lastTiming ?? { floodMs: 0, frameMs: 0 };
  return Comlink.transfer({ index: f.index, t: f.t, depth, board: f.board, computeMs, floodMs, frameMs }, [
    depth.buffer,
  ]);
};

const api = {
  async init(
    scenarioUrl: string,
    o: {
      durationS?: number;
      frameIntervalS?: number;
      stepsPerFrame?: number;
      log?: LogEntry[];
      toFrame?: number;
      /** a checkpoint of this drill to start from (the log's entries after it are replayed) */
      checkpoint?: DrillCheckpoint | null;
    },
  ) {
    const text = await (await fetch(scenarioUrl)).text();
    const read = async (rel: string) => {
      const r = await fetch(sameOriginUrl(rel, scenarioUrl, 'scenario'));
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    };
    let kernels: WebAssembly.Module | undefined;
    try {
      kernels = await compilePlainFloodKernels();
    } catch (e) {
      console.warn(`live drill: WebAssembly kernels unavailable, using JavaScript (${(e as Error).message})`);
    }
    drill = await createLiveDrill(text, scenarioUrl.replace(/^.*\//, ''), read, {
      kernels,
      durationS: o.durationS,
      frameIntervalS: o.frameIntervalS,
      stepsPerFrame: o.stepsPerFrame,
    });
    // a restarted engine: from its newest checkpoint, then the log replayed up to the frame the drill had reached
    if (o.checkpoint) drill.engine.restore(o.checkpoint);
    if (o.toFrame) replayLog(drill.engine, o.log ?? [], () => undefined, o.toFrame);
    const s = drill.engine.setup;
    return {
      ncols: s.ncols,
      nrows: s.nrows,
      frameIntervalS: drill.engine.frameIntervalS,
      stepsPerFrame: drill.engine.stepsPerFrame,
      durationS: s.durationS,
      roads: drill.roads,
      shelters: drill.shelters,
      pumps: drill.pumps,
      frame: out(drill.engine.current(), 0),
    };
  },
  next(): Promise<WorkerFrame | null> {
    let f: Promise<WorkerFrame | null>;
    if (ahead) {
      ahead.release();
      f = ahead.frame;
      ahead = null;
    } else f = queueFrame(null);
    // the following frame, computed (to its last stop) while the page shows this one
    void f.then(
      (r) => {
        if (!r || ahead) return;
        let release: () => void = () => undefined;
        const gate = new Promise<void>((go) => {
          release = go;
        });
        const frame = queueFrame(gate);
        // a failure is the next next()'s to report
        frame.catch(() => undefined);
        ahead = { frame, release };
      },
      () => undefined,
    );
    return f;
  },
  apply(inject: LiveInject, drillS: number): { entry: LogEntry; board: BoardNumbers } {
    const entry = engine().apply(inject, drillS);
    return { entry, board: engine().current().board };
  },
  log: (): LogEntry[] => engine().log,
  /** the engine now, for the engine screen to keep (checkpointStore.ts) */
  checkpoint: (): DrillCheckpoint => engine().snapshot(),
};

function engine() {
  if (!drill) throw new Error('live drill worker: call init first');
  return drill.engine;
}

export type LiveDrillWorkerApi = typeof api;
Comlink.expose(api);
