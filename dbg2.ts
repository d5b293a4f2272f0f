import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prepareRun } from './src/sim/prepareRun.ts';
import { runFloodInProcess } from './workers/flood/runInProcess.ts';
const dir = resolve('scenarios/tiny');
const text = readFileSync('/tmp/i14_fuzzcase.json', 'utf8');
const p = await prepareRun(text, 'f.json', async (rel) => new Uint8Array(readFileSync(join(dir, rel))));
p.setup.durationS = Number(process.env.D ?? 1);
p.setup.outputs.gridTimesS = [];
const t0 = performance.now();
try { const r = runFloodInProcess(p.setup); console.log(r.summary.steps, r.summary.simulatedS, (performance.now() - t0).toFixed(0), 'ms'); } catch (e) { console.log('err', (e as Error).message, (performance.now() - t0).toFixed(0)); }
