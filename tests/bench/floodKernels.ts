/**
 * Micro-benchmark of the flood row kernels: JavaScript (workers/flood/localInertial.ts) against
 * WebAssembly SIMD and scalar (workers/flood/wasm) on a 1000 × 1000 all-wet state, one thread.
 *   node --import tsx tests/bench/floodKernels.ts [ncols] [rounds] [--implicit]
 * Prints ns per cell for fluxRowX, fluxRowY, depthRow, outflowFactors separately (each over all
 * rows) and for a whole step in band.ts's order (all fluxes, positivity factors, all depths), best of
 * `rounds` (process CPU time, see nsPerCell), and the load average: the machine is shared, so only
 * the best round means much.
 */
import { loadavg } from 'node:os';
import { depthRow, fluxRowX, fluxRowY, type KernelParams } from '../../workers/flood/localInertial.ts';
import { outflowFactorRows } from '../../workers/flood/positivity.ts';
import { createFloodBuffers, floodArrays, LEDGER, LEDGER_FIELDS } from '../../workers/flood/state.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { floodPointers, loadFloodKernels, type WasmKernels } from '../../workers/flood/wasm/loader.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const ncols = Number(args[0] ?? 1000);
const nrows = ncols;
const rounds = Number(args[1] ?? 7);
const n = ncols * nrows;
const dx = 5;
const dt = 0.1;
const theta = 0.7;
const hThreshold = 1e-3;
const maxVelocity = 20;

let seed = 12345;
const rnd = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
};

const z = new Float64Array(n);
const manning = new Float64Array(n).fill(0.035);
for (let k = 0; k < n; k++) z[k] = 10 + 0.5 * rnd() - 0.001 * (k % ncols);
const setup = {
  ncols,
  nrows,
  cellSize: dx,
  z,
  manning,
  initialDepth: null,
  infiltration: null,
  durationS: 100,
  outputs: { intervalS: 100, pointCells: [], arrivalDepthM: 0.05 },
  // the state's layout reads the solver's tile size (the default) and step mode (global)
  solver: { depthThresholdM: hThreshold },
} as unknown as FloodSetup;
const b = createFloodBuffers(setup, 1, false);
const a = floodArrays(b);
for (let k = 0; k < n; k++) a.h[k] = 1 + 0.5 * rnd();
for (const q of [a.qx0, a.qx1, a.qy0, a.qy1]) for (let i = 0; i < q.length; i++) q[i] = 0.2 * (rnd() - 0.5);
const implicit = process.argv.includes('--implicit');
const p: KernelParams = { ncols, nrows, dx, dt, theta, hThreshold, maxVelocity, implicitFriction: implicit };
const P = floodPointers(b);
const k: WasmKernels = await loadFloodKernels(b.memory);
const out = new Float64Array(3);
const rowB = ncols * 4;

type Impl = 'js' | 'simd' | 'scalar';
const IMPLS: Impl[] = ['js', 'simd', 'scalar'];

function runX(impl: Impl): void {
  if (impl === 'js') for (let r = 0; r < nrows; r++) fluxRowX(a, a.qx0, a.qx1, a.qy0, p, r);
  else {
    const f = impl === 'simd' ? k.fluxRowX : k.fluxRowXScalar;
    for (let r = 0; r < nrows; r++)
      f(P.z, P.h, P.n2, P.qx0, P.qx1, P.qy0, ncols, r, 0, ncols, dx, dt, theta, hThreshold, maxVelocity, implicit);
  }
}

function runY(impl: Impl): void {
  if (impl === 'js')
    for (let r = 1; r < nrows; r++)
      fluxRowY(a, a.h, (r - 1) * ncols, a.h, r * ncols, a.qy0, a.qx0, p, r, a.qy1, r * ncols);
  else {
    const f = impl === 'simd' ? k.fluxRowY : k.fluxRowYScalar;
    for (let r = 1; r < nrows; r++)
      f(
        P.z,
        P.n2,
        P.h + (r - 1) * rowB,
        P.h + r * rowB,
        P.qy0,
        P.qx0,
        P.qy1 + r * rowB,
        ncols,
        r,
        0,
        ncols,
        dx,
        dt,
        theta,
        hThreshold,
        maxVelocity,
        implicit,
      );
  }
}

function depthJS(r: number): void {
  depthRow(
    a,
    a.qx1,
    a.qy1,
    r * ncols,
    a.qy1,
    (r + 1) * ncols,
    p,
    r,
    0,
    1,
    0.05,
    0.1,
    r * LEDGER_FIELDS + LEDGER.clamped,
    out,
  );
}

function runD(impl: Impl): void {
  if (impl === 'js') for (let r = 0; r < nrows; r++) depthJS(r);
  else {
    const f = impl === 'simd' ? k.depthRow : k.depthRowScalar;
    let hm = 0;
    for (let r = 0; r < nrows; r++)
      hm = f(
        P.h,
        P.valid,
        P.maxH,
        P.arrival,
        P.ledger,
        P.qx1,
        P.qy1 + r * rowB,
        P.qy1 + (r + 1) * rowB,
        ncols,
        r,
        0,
        ncols,
        dx,
        dt,
        0,
        1,
        0.05,
        0.1,
        r * LEDGER_FIELDS + LEDGER.clamped,
        hm,
      );
  }
}

/** positivity factors (no scalar wasm version: the SIMD one is timed in both columns) */
function runP(impl: Impl): void {
  if (impl === 'js') outflowFactorRows(a, a.qx1, a.qy1, p, 0, nrows);
  else for (let r = 0; r < nrows; r++) k.outflowFactors(P.qx1, P.qy1, P.h, P.fac, ncols, r, 0, ncols, dx, dt);
}

/** a whole step in band.ts's order: all fluxes, the positivity factors, all depths */
function runStep(impl: Impl): void {
  runX(impl);
  runY(impl);
  runP(impl);
  runD(impl);
}

const KERNELS: Array<[string, (impl: Impl) => void]> = [
  ['fluxRowX', runX],
  ['fluxRowY', runY],
  ['depthRow', runD],
  ['outflowFactors', runP],
  ['step', runStep],
];

/**
 * CPU time of this process (user + system, µs resolution) rather than wall time: on a shared,
 * overloaded machine the wall clock also counts the time other processes hold the core.
 */
function nsPerCell(fn: (impl: Impl) => void, impl: Impl): number {
  const t0 = process.cpuUsage();
  fn(impl);
  const d = process.cpuUsage(t0);
  return ((d.user + d.system) * 1e3) / n;
}

console.log(
  `flood kernels, ${ncols} × ${nrows} all wet, θ = ${theta}${implicit ? ', implicit friction' : ''}; node ${process.version}; load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
// warm-up (JIT tiers), then `rounds` rounds, each implementation interleaved so load changes hit all
for (const [, fn] of KERNELS) for (const impl of IMPLS) for (let i = 0; i < 3; i++) fn(impl);
const best: Record<string, Record<Impl, number>> = {};
for (const [name] of KERNELS) best[name] = { js: Infinity, simd: Infinity, scalar: Infinity };
for (let round = 0; round < rounds; round++) {
  for (const [name, fn] of KERNELS) {
    for (const impl of IMPLS) best[name][impl] = Math.min(best[name][impl], nsPerCell(fn, impl));
  }
}
const pad = (s: string, w: number): string => s.padStart(w);
console.log(
  `${'ns per cell (best of ' + rounds + ')'.padEnd(10)}${pad('JS', 9)}${pad('wasm SIMD', 11)}${pad('wasm scalar', 13)}${pad('JS/SIMD', 9)}`,
);
const sum = { js: 0, simd: 0, scalar: 0 };
for (const [name] of KERNELS) {
  const r = best[name];
  if (name !== 'step' && name !== 'outflowFactors') for (const impl of IMPLS) sum[impl] += r[impl];
  console.log(
    `${name.padEnd(24)}${pad(r.js.toFixed(2), 9)}${pad(r.simd.toFixed(2), 11)}${pad(r.scalar.toFixed(2), 13)}${pad((r.js / r.simd).toFixed(2) + '×', 9)}`,
  );
}
console.log(
  `${'sum of the three'.padEnd(24)}${pad(sum.js.toFixed(2), 9)}${pad(sum.simd.toFixed(2), 11)}${pad(sum.scalar.toFixed(2), 13)}${pad((sum.js / sum.simd).toFixed(2) + '×', 9)}`,
);
const f = best.step;
console.log(
  `step (x, y, positivity, depth): ${(1000 / f.js).toFixed(1)} M cell-updates/s JS, ${(1000 / f.simd).toFixed(1)} M/s wasm SIMD, ${(1000 / f.scalar).toFixed(1)} M/s wasm scalar (its positivity pass is the SIMD one)`,
);
console.log(
  `load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
