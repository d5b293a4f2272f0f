/**
 * The live drill engine on the default twin (river-flood-peak.json, 1200 × 800 cells): wall time
 * per frame of the flood + evacuation at a given frame interval (WebAssembly kernels, one thread,
 * as the page's engine worker runs it), and the cost of one frame step without the evacuation.
 *   npm run bench -- drill
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLiveDrill } from '../../src/sim/liveDrill.ts';
import { compilePlainFloodKernels } from '../../workers/flood/wasm/loader.ts';

const dir = resolve(import.meta.dirname, '../../scenarios');

export async function benchDrill(frameIntervalS = 60, frames = 5): Promise<void> {
  const read = async (f: string) => new Uint8Array(readFileSync(resolve(dir, f)));
  const text = readFileSync(resolve(dir, 'river-flood-peak.json'), 'utf8');
  const kernels = await compilePlainFloodKernels();
  for (const evacuation of [true, false]) {
    const t0 = performance.now();
    const d = await createLiveDrill(text, 'river-flood-peak.json', read, {
      kernels,
      frameIntervalS,
      durationS: frameIntervalS * (frames + 1),
      evacuation,
    });
    const setupMs = performance.now() - t0;
    const ms: number[] = [];
    for (let k = 0; k < frames; k++) {
      const t1 = performance.now();
      d.engine.next();
      ms.push(performance.now() - t1);
    }
    const sorted = ms.slice().sort((a, b) => a - b);
    const e = d.engine.current().board.evacuation;
    console.log(
      `live drill, ${evacuation ? 'flood + evacuation' : 'flood only'}: setup ${setupMs.toFixed(0)} ms; ${frameIntervalS} scenario s per frame: median ${sorted[frames >> 1].toFixed(0)} ms wall per frame (${ms.map((x) => x.toFixed(0)).join(', ')}) → ${(frameIntervalS / (sorted[frames >> 1] / 1000)).toFixed(1)} scenario s per wall s${e ? `; ${e.people} people in the evacuation` : ''}`,
    );
  }
}
