/**
 * Web Worker entry of the live drill engine (comlink): builds it from a scenario URL of this site
 * (createLiveDrill), then computes one frame per `next()` and applies injects between frames.
 * Frames come back as copies (the engine keeps its own for the board), transferred.
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
  /** wall ms the engine took for this frame */
  computeMs: number;
}

let drill: LiveDrill | null = null;

const out = (f: LiveFrame, computeMs: number): WorkerFrame => {
  const depth = f.depth.slice();
  return Comlink.transfer({ index: f.index, t: f.t, depth, board: f.board, computeMs }, [depth.buffer]);
};

const api = {
  async init(
    scenarioUrl: string,
    o: {
      durationS?: number;
      frameIntervalS?: number;
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
    });
    // a restarted engine: from its newest checkpoint, then the log replayed up to the frame the drill had reached
    if (o.checkpoint) drill.engine.restore(o.checkpoint);
    if (o.toFrame) replayLog(drill.engine, o.log ?? [], () => undefined, o.toFrame);
    const s = drill.engine.setup;
    return {
      ncols: s.ncols,
      nrows: s.nrows,
      frameIntervalS: s.outputs.frameIntervalS,
      durationS: s.durationS,
      roads: drill.roads,
      shelters: drill.shelters,
      pumps: drill.pumps,
      frame: out(drill.engine.current(), 0),
    };
  },
  next(): WorkerFrame | null {
    const t0 = performance.now();
    const f = engine().next();
    return f ? out(f, performance.now() - t0) : null;
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
