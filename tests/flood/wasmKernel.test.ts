/**
 * The WebAssembly flood kernels (workers/flood/wasm) against the JavaScript ones
 * (workers/flood/localInertial.ts): random states with dry, shallow, wet and wall cells run through
 * both, every output compared bit for bit (Uint32 views), error returns compared too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { depthRow, fluxRowX, fluxRowY, type KernelParams } from '../../workers/flood/localInertial.ts';
import { outflowFactorRows, scaleOutflows } from '../../workers/flood/positivity.ts';
import { pow73 } from '../../workers/flood/pow73.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import { demFrom, setupFor } from './helpers.ts';
import {
  createFloodBuffers,
  floodArrays,
  LEDGER,
  LEDGER_FIELDS,
  type FloodArrays,
  type FloodBuffers,
} from '../../workers/flood/state.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import {
  compilePlainFloodKernels,
  floodPointers,
  instantiateFloodKernels,
  kernelFileFor,
  loadFloodKernels,
  POW73_TABLE_PTR,
  readKernelBytes,
  type WasmKernels,
} from '../../workers/flood/wasm/loader.ts';

const wasmDir = fileURLToPath(new URL('../../workers/flood/wasm/', import.meta.url));

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  ncols: number;
  nrows: number;
  seed: number;
  theta: number;
  dx: number;
  dt: number;
  hThreshold: number;
  maxVelocity: number;
  /** fraction of wall cells, of dry cells */
  walls: number;
  dry: number;
  /** a few cells 5000 m deep (hf beyond pow73's table) */
  deep?: boolean;
  /** KernelParams.implicitFriction */
  implicit?: boolean;
  /** a lake at rest: level 2 m (up to rounding) over the random bed, so the slope dead band acts */
  lake?: boolean;
  /** skip the positivity pass, so that depthRow meets overdrawn cells (clamping, errors) */
  noPositivity?: boolean;
  rain?: number;
}

/** A state with the real layout (createFloodBuffers), then random values everywhere. */
function randomState(cs: Case, shared = false): { b: FloodBuffers; a: FloodArrays } {
  const { ncols, nrows } = cs;
  const n = ncols * nrows;
  const rnd = mulberry32(cs.seed);
  const z = new Float64Array(n);
  const manning = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    z[k] = rnd() < cs.walls ? NaN : 3 * rnd() + 0.01 * (k % ncols);
    manning[k] = 0.01 + 0.1 * rnd();
  }
  const setup = {
    ncols,
    nrows,
    cellSize: cs.dx,
    z,
    manning,
    initialDepth: null,
    infiltration: null,
    durationS: 100,
    outputs: { intervalS: 100, pointCells: [], arrivalDepthM: 0.05 },
    solver: {},
  } as unknown as FloodSetup;
  const b = createFloodBuffers(setup, 2, shared);
  const a = floodArrays(b);
  for (let k = 0; k < n; k++) {
    if (!a.valid[k]) continue;
    const u = rnd();
    a.h[k] = u < cs.dry ? 0 : u < cs.dry + 0.1 ? 2e-3 * rnd() : 2 * rnd();
    if (cs.deep && rnd() < 0.02) a.h[k] = 5000;
    if (cs.lake) a.h[k] = Math.max(0, 2 - a.z[k]);
    a.maxH[k] = rnd() < 0.5 ? a.h[k] : 3 * rnd();
    a.arrival[k] = rnd() < 0.7 ? -1 : 10 * rnd();
  }
  // fluxes of very different sizes (1e-12 … 1), so that float64 sums of them round and the order
  // of the additions shows in the bits
  for (const q of [a.qx0, a.qx1, a.qy0, a.qy1])
    for (let i = 0; i < q.length; i++) q[i] = rnd() < 0.2 ? 0 : (rnd() - 0.5) * Math.pow(10, -12 * rnd());
  for (let i = 0; i < a.ledger.length; i++) a.ledger[i] = rnd();
  // maxSpeed stands in for any other float32 row in the memory (a copy of a neighbour's row)
  for (let i = 0; i < a.maxSpeed.length; i++) a.maxSpeed[i] = rnd() < 0.3 ? 0 : 2 * rnd();
  return { b, a };
}

const params = (cs: Case): KernelParams => ({
  ncols: cs.ncols,
  nrows: cs.nrows,
  dx: cs.dx,
  dt: cs.dt,
  theta: cs.theta,
  hThreshold: cs.hThreshold,
  maxVelocity: cs.maxVelocity,
  implicitFriction: cs.implicit ?? false,
});

const NEG_TOL = 0.1;
const ARRIVAL = 0.05;

interface StepLog {
  bad: number[];
  /** outflowFactors' result */
  limited: number;
  hMax: number;
  errorCell: number;
  errorKind: number;
  /** the largest |u| + √(g·hf) over deep faces (trackSpeed) */
  speed: number;
}

/** One step like band.ts: fluxes of all rows, then depths of all rows (interior faces; the edge faces keep their random values), in JS. */
function stepJS(cs: Case, a: FloodArrays, parity: number, t1: number): StepLog {
  const p = params(cs);
  const { ncols, nrows } = cs;
  const [qxOld, qxNew] = parity ? [a.qx1, a.qx0] : [a.qx0, a.qx1];
  const [qyOld, qyNew] = parity ? [a.qy1, a.qy0] : [a.qy0, a.qy1];
  const out = new Float64Array([0, -1, 0]);
  const bad: number[] = [];
  const rain = cs.rain ?? 0;
  p.speedMax = 0;
  for (let r = 0; r < nrows; r++) {
    bad.push(fluxRowX(a, qxOld, qxNew, qyOld, p, r));
    if (r > 0) bad.push(fluxRowY(a, a.h, (r - 1) * ncols, a.h, r * ncols, qyOld, qxOld, p, r, qyNew, r * ncols));
  }
  const limited = cs.noPositivity ? 0 : outflowFactorRows(a, qxNew, qyNew, p, 0, nrows) ? 1 : 0;
  if (limited) scaleOutflows(a, qxNew, qyNew, p, 0, nrows);
  for (let r = 0; r < nrows; r++) {
    depthRow(
      a,
      qxNew,
      qyNew,
      r * ncols,
      qyNew,
      (r + 1) * ncols,
      p,
      r,
      rain,
      t1,
      ARRIVAL,
      NEG_TOL,
      r * LEDGER_FIELDS + LEDGER.clamped,
      out,
    );
  }
  return { bad, limited, hMax: out[0], errorCell: out[1], errorKind: out[2], speed: p.speedMax };
}

type Variant = 'simd' | 'scalar';

/** The same pass with the wasm kernels on the byte offsets of the state's arrays. */
function stepWasm(cs: Case, b: FloodBuffers, k: WasmKernels, parity: number, t1: number, v: Variant): StepLog {
  const P = floodPointers(b);
  const { ncols, nrows, dx, dt, theta, hThreshold, maxVelocity } = cs;
  const implicit = cs.implicit ? 1 : 0;
  const row = ncols * 4;
  const [qxOld, qxNew] = parity ? [P.qx1, P.qx0] : [P.qx0, P.qx1];
  const [qyOld, qyNew] = parity ? [P.qy1, P.qy0] : [P.qy0, P.qy1];
  const fx = v === 'simd' ? k.fluxRowX : k.fluxRowXScalar;
  const fy = v === 'simd' ? k.fluxRowY : k.fluxRowYScalar;
  const dr = v === 'simd' ? k.depthRow : k.depthRowScalar;
  const rain = cs.rain ?? 0;
  k.depthResetError();
  k.resetSpeedMax();
  let hMax = 0;
  const bad: number[] = [];
  const depth = (r: number): void => {
    hMax = dr(
      P.h,
      P.valid,
      P.maxH,
      P.arrival,
      P.ledger,
      qxNew,
      qyNew + r * row,
      qyNew + (r + 1) * row,
      ncols,
      r,
      0,
      ncols,
      dx,
      dt,
      rain,
      t1,
      ARRIVAL,
      NEG_TOL,
      r * LEDGER_FIELDS + LEDGER.clamped,
      hMax,
    );
  };
  for (let r = 0; r < nrows; r++) {
    bad.push(
      fx(P.z, P.h, P.n2, qxOld, qxNew, qyOld, ncols, r, 0, ncols, dx, dt, theta, hThreshold, maxVelocity, implicit),
    );
    if (r > 0)
      bad.push(
        fy(
          P.z,
          P.n2,
          P.h + (r - 1) * row,
          P.h + r * row,
          qyOld,
          qxOld,
          qyNew + r * row,
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
        ),
      );
  }
  // positivity: factors and scaling in wasm (in two bands' halves, as band.ts calls it)
  let limited = 0;
  if (!cs.noPositivity) {
    for (let r = 0; r < nrows; r++) {
      const rowLimited = k.outflowFactors(qxNew, qyNew, P.h, P.fac, ncols, r, 0, ncols, dx, dt);
      new Uint8Array(b.memory.buffer, P.rowLimited, nrows)[r] = rowLimited;
      limited |= rowLimited;
    }
  }
  if (limited) {
    const half = nrows >> 1;
    k.scaleRowsX(qxNew, P.fac, P.rowLimited, ncols, 0, half);
    k.scaleRowsX(qxNew, P.fac, P.rowLimited, ncols, half, nrows);
    k.scaleRowsY(qyNew, P.fac, P.rowLimited, ncols, nrows, 0, half);
    k.scaleRowsY(qyNew, P.fac, P.rowLimited, ncols, nrows, half, nrows + 1);
  }
  for (let r = 0; r < nrows; r++) depth(r);
  return { bad, limited, hMax, errorCell: k.depthErrorCell(), errorKind: k.depthErrorKind(), speed: k.getSpeedMax() };
}

const STATE = ['h', 'qx0', 'qx1', 'qy0', 'qy1', 'maxH', 'arrival', 'fac'] as const;

/** Bitwise comparison of every state array; NaNs (if `nanOk`) only need to be NaN in both. */
function expectSameBits(a: FloodArrays, w: FloodArrays, nanOk = false): void {
  for (const name of STATE) {
    const x = new Uint32Array(a[name].buffer, a[name].byteOffset, a[name].length);
    const y = new Uint32Array(w[name].buffer, w[name].byteOffset, w[name].length);
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== y[i] && !(nanOk && Number.isNaN(a[name][i]) && Number.isNaN(w[name][i]))) {
        throw new Error(
          `${name}[${i}] differs: JS ${a[name][i]} (0x${x[i].toString(16)}) vs wasm ${w[name][i]} (0x${y[i].toString(16)})`,
        );
      }
    }
  }
  expect(Array.from(w.rowLimited)).toEqual(Array.from(a.rowLimited));
  const l1 = new Uint32Array(a.ledger.buffer, a.ledger.byteOffset, a.ledger.length * 2);
  const l2 = new Uint32Array(w.ledger.buffer, w.ledger.byteOffset, w.ledger.length * 2);
  expect(Array.from(l2)).toEqual(Array.from(l1));
}

const kernelsFor = (b: FloodBuffers): WasmKernels =>
  instantiateFloodKernels(readFileSync(join(wasmDir, kernelFileFor(b.memory))), b.memory);

const base: Case = {
  ncols: 37,
  nrows: 11,
  seed: 1,
  theta: 1,
  dx: 5,
  dt: 0.5,
  hThreshold: 1e-3,
  maxVelocity: 10,
  walls: 0.05,
  dry: 0.3,
};
const CASES: Array<[string, Case]> = [
  ['θ = 1, odd width', base],
  ['θ = 1, implicit friction', { ...base, seed: 31, implicit: true }],
  ['θ = 0.7, implicit friction, large dt', { ...base, ncols: 30, seed: 32, theta: 0.7, implicit: true, dx: 1, dt: 2 }],
  ['θ = 0.7, odd width', { ...base, seed: 2, theta: 0.7 }],
  ['θ = 0.7, even width, rain', { ...base, ncols: 64, nrows: 9, seed: 3, theta: 0.7, rain: 2e-4 }],
  ['θ = 1, all wet, no walls', { ...base, ncols: 40, seed: 4, walls: 0, dry: 0 }],
  ['mostly dry with walls', { ...base, seed: 5, theta: 0.8, walls: 0.2, dry: 0.7 }],
  ['tiny threshold (hf below the pow73 table: Math.cbrt path)', { ...base, seed: 6, theta: 0.7, hThreshold: 1e-9 }],
  ['5000 m deep cells (hf beyond the table)', { ...base, seed: 7, deep: true, dt: 0.01 }],
  ['runaway velocities (small v_max)', { ...base, seed: 8, theta: 0.7, maxVelocity: 0.05 }],
  ['large dt: positivity limiter', { ...base, ncols: 33, seed: 9, dx: 1, dt: 4, theta: 0.7 }],
  [
    'large dt, no positivity pass: clamped and negative depths',
    { ...base, ncols: 33, seed: 19, dx: 1, dt: 4, theta: 0.7, noPositivity: true },
  ],
  ['lake at rest (slope dead band)', { ...base, seed: 33, lake: true, walls: 0.02 }],
  ['width 1', { ...base, ncols: 1, nrows: 6, seed: 18, walls: 0, dry: 0 }],
  ['width 2', { ...base, ncols: 2, nrows: 5, seed: 10 }],
  ['width 3', { ...base, ncols: 3, nrows: 6, seed: 11, theta: 0.7 }],
];

describe('wasm flood kernels are bit-identical to the JavaScript kernels', () => {
  for (const [label, cs] of CASES) {
    for (const v of ['simd', 'scalar'] as const) {
      it(`${label} (${v})`, () => {
        const js = randomState(cs);
        const wa = randomState(cs);
        const k = kernelsFor(wa.b);
        let sawBad = false;
        let sawLimited = false;
        let sawError = false;
        let sawSpeed = false;
        for (let step = 0; step < 4; step++) {
          const t1 = 0.37 * (step + 1);
          const ra = stepJS(cs, js.a, step & 1, t1);
          const rw = stepWasm(cs, wa.b, k, step & 1, t1, v);
          expect(rw.bad).toEqual(ra.bad);
          expect(rw.limited).toBe(ra.limited);
          expect(Object.is(rw.hMax, ra.hMax)).toBe(true);
          expect(Object.is(rw.speed, ra.speed)).toBe(true);
          expect(rw.errorCell).toBe(ra.errorCell);
          expect(rw.errorKind).toBe(ra.errorKind);
          expectSameBits(js.a, wa.a);
          if (ra.speed > 0) sawSpeed = true;
          if (ra.bad.some((e) => e >= 0)) sawBad = true;
          if (ra.limited) sawLimited = true;
          if (ra.errorCell >= 0) sawError = true;
        }
        // the cases meant to reach the rare paths do reach them
        if (cs.maxVelocity < 1) expect(sawBad).toBe(true);
        if (cs.dt >= 2 && !cs.noPositivity) expect(sawLimited).toBe(true);
        if (cs.noPositivity) expect(sawError).toBe(true);
        // deep faces exist in every case with wet cells, so the speed maximum is exercised
        if (cs.dry < 1 && cs.ncols > 1) expect(sawSpeed).toBe(true);
      });
    }
  }

  it('fluxRowY from a row in another array into a scratch row (row pointers, not only h)', () => {
    const cs: Case = { ...base, ncols: 29, seed: 12, theta: 0.7 };
    const js = randomState(cs);
    const wa = randomState(cs);
    const k = kernelsFor(wa.b);
    const P = floodPointers(wa.b);
    const p = params(cs);
    const { ncols } = cs;
    // north row from maxSpeed[0 … ncols), south row = h row 5, output into maxSpeed[2·ncols …)
    const outJS = js.a.maxSpeed.subarray(2 * ncols, 3 * ncols);
    const eJS = fluxRowY(js.a, js.a.maxSpeed, 0, js.a.h, 5 * ncols, js.a.qy0, js.a.qx0, p, 5, outJS, 0);
    const eW = k.fluxRowY(
      P.z,
      P.n2,
      P.maxSpeed,
      P.h + 5 * ncols * 4,
      P.qy0,
      P.qx0,
      P.maxSpeed + 2 * ncols * 4,
      ncols,
      5,
      0,
      ncols,
      cs.dx,
      cs.dt,
      cs.theta,
      cs.hThreshold,
      cs.maxVelocity,
      false,
    );
    expect(eW).toBe(eJS);
    const outW = wa.a.maxSpeed.subarray(2 * ncols, 3 * ncols);
    expect(Array.from(new Uint32Array(outW.buffer, outW.byteOffset, ncols))).toEqual(
      Array.from(new Uint32Array(outJS.buffer, outJS.byteOffset, ncols)),
    );
    expect(outJS.some((q) => q !== 0)).toBe(true);
  });

  it('NaN fluxes: the depth error is reported as NaN at the same cell', () => {
    const cs: Case = { ...base, ncols: 24, seed: 13 };
    const js = randomState(cs);
    const wa = randomState(cs);
    for (const a of [js.a, wa.a]) {
      a.qx0[3 * 25 + 7] = NaN;
      a.qy0[5 * 24 + 10] = NaN;
    }
    const k = kernelsFor(wa.b);
    const ra = stepJS(cs, js.a, 0, 1);
    const rw = stepWasm(cs, wa.b, k, 0, 1, 'simd');
    expect(ra.errorKind).toBe(1);
    expect(rw.errorKind).toBe(1);
    expect(rw.errorCell).toBe(ra.errorCell);
    expect(rw.bad).toEqual(ra.bad);
    expectSameBits(js.a, wa.a, true);
  });

  it('depthRow with the running h_max starting at −0 or below 0 (scalar fallback) matches', () => {
    const cs: Case = { ...base, ncols: 16, seed: 14, dry: 1, walls: 0 };
    for (const start of [-0, -1]) {
      const js = randomState(cs);
      const wa = randomState(cs);
      const k = kernelsFor(wa.b);
      const P = floodPointers(wa.b);
      const out = new Float64Array([start, -1, 0]);
      js.a.qx1.fill(0);
      js.a.qy1.fill(0);
      wa.a.qx1.fill(0);
      wa.a.qy1.fill(0);
      depthRow(js.a, js.a.qx1, js.a.qy1, 0, js.a.qy1, 16, params(cs), 0, 0, 1, ARRIVAL, NEG_TOL, 3, out);
      const hm = k.depthRow(
        P.h,
        P.valid,
        P.maxH,
        P.arrival,
        P.ledger,
        P.qx1,
        P.qy1,
        P.qy1 + 64,
        16,
        0,
        0,
        16,
        cs.dx,
        cs.dt,
        0,
        1,
        ARRIVAL,
        NEG_TOL,
        3,
        start,
      );
      expect(Object.is(hm, out[0])).toBe(true);
    }
  });

  it('pow73 matches pow73.ts bit for bit, in and out of the table range', () => {
    const { b } = randomState({ ...base, ncols: 4, nrows: 4 });
    const k = kernelsFor(b);
    const rnd = mulberry32(99);
    const f = new Float64Array(2);
    const u = new Uint32Array(f.buffer);
    for (let i = 0; i < 20000; i++) {
      const hf = Math.fround(Math.pow(10, -9 + 14 * rnd()));
      f[0] = pow73(hf);
      f[1] = k.pow73Export(hf);
      if (u[0] !== u[2] || u[1] !== u[3]) throw new Error(`pow73(${hf}): JS ${f[0]} vs wasm ${f[1]}`);
    }
    // and it is hf^(7/3), to the one Newton step's 2e-6
    expect(Math.abs(k.pow73Export(8) / 128 - 1)).toBeLessThan(2e-6);
    expect(Math.abs(k.pow73Export(0.001) / 1e-7 - 1)).toBeLessThan(2e-6);
    expect(new Float32Array(b.memory.buffer, POW73_TABLE_PTR, 1)[0]).toBeCloseTo(
      1 / Math.cbrt(Math.pow(2, -16) * (1 + 0.5 / 256)),
      6,
    );
  });
});

describe('loading', () => {
  it("a run in the calling thread with the compiled kernels gives the JavaScript run's bits", async () => {
    const dem = demFrom(41, 23, 5, (c, r) => 2 + 0.02 * c + 0.3 * Math.sin(c / 3) * Math.cos(r / 4));
    const setup = () =>
      setupFor(dem, {
        durationS: 600,
        initialWaterLevel: 2.6,
        rain: { mmPerHour: [[0, 40]] },
        edges: { east: { free: { slope: 0.01 } } },
        outputs: { intervalS: 300 },
        solver: { theta: 0.8 },
      });
    const js = runFloodInProcess(setup());
    const wasm = runFloodInProcess(setup(), { kernels: await compilePlainFloodKernels() });
    expect(wasm.summary.steps).toBe(js.summary.steps);
    expect(Buffer.from(wasm.depth.buffer).equals(Buffer.from(js.depth.buffer))).toBe(true);
    expect(Buffer.from(wasm.maxDepth.buffer).equals(Buffer.from(js.maxDepth.buffer))).toBe(true);
    expect(wasm.summary.massBalance).toEqual(js.summary.massBalance);
    expect(js.summary.steps).toBeGreaterThan(50);
  });

  it('loadFloodKernels reads the binary next to the loader, for a plain and for a shared memory', async () => {
    for (const shared of [false, true]) {
      const cs: Case = { ...base, ncols: 21, nrows: 7, seed: 15, theta: 0.7 };
      const js = randomState(cs);
      const wa = randomState(cs, shared);
      expect(wa.b.memory.buffer instanceof SharedArrayBuffer).toBe(shared);
      const k = await loadFloodKernels(wa.b.memory);
      const ra = stepJS(cs, js.a, 0, 1);
      const rw = stepWasm(cs, wa.b, k, 0, 1, 'simd');
      expect(rw.bad).toEqual(ra.bad);
      expectSameBits(js.a, wa.a);
    }
  });

  it('a module only links with the matching kind of memory', async () => {
    const plain = await readKernelBytes(new URL('kernel.wasm', `file://${wasmDir}`));
    const shared = new WebAssembly.Memory({ initial: 2, maximum: 2, shared: true });
    expect(() => instantiateFloodKernels(plain, shared)).toThrow();
  });

  it('the committed binaries export the kernels, and rebuilding from kernel.ts gives the same bytes', () => {
    for (const file of ['kernel.wasm', 'kernel-shared.wasm']) {
      const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(wasmDir, file)))).map(
        (e) => e.name,
      );
      for (const n of [
        'fluxRowX',
        'fluxRowY',
        'depthRow',
        'fluxRowXScalar',
        'fluxRowYScalar',
        'depthRowScalar',
        'depthErrorCell',
        'depthResetError',
      ])
        expect(names).toContain(n);
    }
    const out = mkdtempSync(join(tmpdir(), 'floodwasm-'));
    try {
      const r = spawnSync(process.execPath, [join(wasmDir, 'build.mjs'), out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      for (const file of ['kernel.wasm', 'kernel-shared.wasm']) {
        expect(Buffer.compare(readFileSync(join(out, file)), readFileSync(join(wasmDir, file)))).toBe(0);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
