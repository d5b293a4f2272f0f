/**
 * The compare worker (comlink): the page's A/B preparation (scenario, grids, interventions, the twin's
 * layers) and its metrics run here, off the main thread (src/sim/comparePair.ts). The page
 * runs the two flood simulations between `prepare` and `finish` with its flood workers.
 *
 * `prepare` fetches A's scenario and everything it names relative to its URL, builds B (A plus the
 * drawn wall), and hands both FloodSetups over (their arrays transferred, not copied); what the
 * metrics need later (geometry, wall mask, the layers as metrics inputs) stays here.
 */
import * as Comlink from 'comlink';
import type { ReadFile } from '../../src/sim/prepareRun.ts';
import type { FloodSetup } from '../flood/setup.ts';
import {
  finishPair,
  prepareSide,
  scenarioWithWall,
  sideGeometry,
  transferables,
  type MapPoint,
  type PairResult,
  type SideGeometry,
  type SideOutputs,
} from '../../src/sim/comparePair.ts';

export interface PrepareRequest {
  /** absolute URL of scenario A */
  scenarioUrl: string;
  /** the drawn wall (map coordinates) and its crest */
  line: MapPoint[];
  crestM: number;
  /** both runs stop here (the CLI's --duration-s) */
  durationS?: number;
}

export interface PreparedPairInfo {
  a: FloodSetup;
  b: FloodSetup;
  notesA: string[];
  notesB: string[];
  /** seconds spent in this worker (fetch + prepare) */
  wallS: number;
}

let pending: { a: SideGeometry; b: SideGeometry } | null = null;

const api = {
  async prepare(req: PrepareRequest): Promise<PreparedPairInfo> {
    const t0 = performance.now();
    pending = null;
    const url = req.scenarioUrl;
    const file = url.split('/').pop() ?? url;
    const r = await fetch(url);
    if (!r.ok) throw new Error(`cannot load ${file} (HTTP ${r.status})`);
    const textA = await r.text();
    const textB = scenarioWithWall(textA, req.line, req.crestM);
    // A and B read the same files: fetch each once
    const cache = new Map<string, Promise<Uint8Array>>();
    const read: ReadFile = (rel) => {
      const abs = new URL(rel, url).href;
      let p = cache.get(abs);
      if (!p) {
        p = fetch(abs).then(async (res) => {
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return new Uint8Array(await res.arrayBuffer());
        });
        cache.set(abs, p);
      }
      return p;
    };
    const a = await prepareSide(textA, file, read, req.durationS);
    const b = await prepareSide(textB, file, read, req.durationS);
    pending = { a: sideGeometry(a), b: sideGeometry(b) };
    const out: PreparedPairInfo = {
      a: a.prepared.setup,
      b: b.prepared.setup,
      notesA: a.prepared.notes,
      notesB: b.prepared.notes,
      wallS: (performance.now() - t0) / 1000,
    };
    return Comlink.transfer(out, transferables(out.a, out.b));
  },

  /** Metrics table, difference map and depth grids of the pair `prepare` made, from both runs' results. */
  finish(ra: SideOutputs, rb: SideOutputs): PairResult {
    if (!pending) throw new Error('finish before prepare');
    const r = finishPair(pending.a, pending.b, ra, rb);
    return Comlink.transfer(r, transferables(r.diff.values, r.depthA.values, r.depthB.values));
  },
};

export type CompareWorkerApi = typeof api;

Comlink.expose(api);
