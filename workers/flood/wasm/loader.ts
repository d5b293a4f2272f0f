/**
 * Loads the WebAssembly flood kernels (kernel.ts, built by `npm run build:wasm`) on the flood
 * state's memory (state.ts createFloodBuffers). Works in Node and in the browser/workers:
 * - `instantiateFloodKernels(source, memory)` is synchronous and environment-free: give it the
 *   .wasm bytes or a compiled WebAssembly.Module (a Module can be posted to workers);
 * - `loadFloodKernels(memory)` finds the binary next to this file (`new URL(…, import.meta.url)`,
 *   which Vite turns into an asset URL): read with node:fs for a file: URL, fetched otherwise.
 * The memory must be shared iff the module is the shared build: `kernelFileFor(memory)` picks it.
 *
 * All pointers are BYTE offsets into `memory` (FloodBuffers.layout[name][0] + index · element size).
 */
import { cbrt } from '../../../src/core/detMath.ts';
import { buildPow73Table32 } from '../pow73.ts';
import type { FloodArrays } from '../state.ts';

/** the first 64 KiB of the memory, which createFloodBuffers (state.ts MEMORY_BASE) leaves to the kernel */
const RESERVED_BYTES = 65536;

export interface WasmKernels {
  /** interior x faces of row r west of cells c0 … c1 − 1; −1 or the last cell with a runaway velocity (JS fluxRowX) */
  fluxRowX(
    zPtr: number,
    hPtr: number,
    n2Ptr: number,
    qxOldPtr: number,
    qxNewPtr: number,
    qyOldPtr: number,
    ncols: number,
    r: number,
    c0: number,
    c1: number,
    dx: number,
    dt: number,
    theta: number,
    hThreshold: number,
    maxVelocity: number,
    implicitFriction: number | boolean,
  ): number;
  /** y faces of face row j, columns c0 … c1 − 1; hNRowPtr/hSRowPtr/outRowPtr point at the FIRST element of their rows (JS fluxRowY) */
  fluxRowY(
    zPtr: number,
    n2Ptr: number,
    hNRowPtr: number,
    hSRowPtr: number,
    qyOldPtr: number,
    qxOldPtr: number,
    outRowPtr: number,
    ncols: number,
    j: number,
    c0: number,
    c1: number,
    dx: number,
    dt: number,
    theta: number,
    hThreshold: number,
    maxVelocity: number,
    implicitFriction: number | boolean,
  ): number;
  /** depth update of cells c0 … c1 − 1 of row r (JS depthRow); returns max(hMaxIn, new depths); errors → depthErrorCell/Kind */
  depthRow(
    hPtr: number,
    validPtr: number,
    maxHPtr: number,
    arrivalPtr: number,
    ledgerPtr: number,
    qxPtr: number,
    qyNRowPtr: number,
    qySRowPtr: number,
    ncols: number,
    r: number,
    c0: number,
    c1: number,
    dx: number,
    dt: number,
    rainDepth: number,
    t1: number,
    arrivalDepth: number,
    negativeTolerance: number,
    ledgerIndex: number,
    hMaxIn: number,
  ): number;
  /** positivity factors of cells c0 … c1 − 1 of row r (positivity.ts outflowFactors): fac; 1 if a cell was limited */
  outflowFactors(
    qxPtr: number,
    qyPtr: number,
    hPtr: number,
    facPtr: number,
    ncols: number,
    r: number,
    c0: number,
    c1: number,
    dx: number,
    dt: number,
  ): number;
  /** the running maximum of |u| + √(g·hf) over deep faces that fluxRowX/Y keep (localInertial.ts trackSpeed) */
  resetSpeedMax(): void;
  getSpeedMax(): number;
  /** x faces of the limited rows among [r0, r1) times their donor's factor (positivity.ts scaleRowsX) */
  scaleRowsX(qxPtr: number, facPtr: number, rowLimitedPtr: number, ncols: number, r0: number, r1: number): void;
  /** y face rows j0 … j1 − 1 next to a limited row times their donor's factor (positivity.ts scaleRowsY) */
  scaleRowsY(
    qyPtr: number,
    facPtr: number,
    rowLimitedPtr: number,
    ncols: number,
    nrows: number,
    j0: number,
    j1: number,
  ): void;
  /** local time stepping: x faces of row r and y faces north of it, columns c0 … c1 − 1, keep their old flux; 0 between dry cells (kernels.ts holdFaces) */
  holdFaces(
    hPtr: number,
    qxOldPtr: number,
    qxNewPtr: number,
    qyOldPtr: number,
    qyNewPtr: number,
    ncols: number,
    r: number,
    c0: number,
    c1: number,
    dry: number,
  ): void;
  /** the same three, one face/cell at a time (no SIMD): reference and fallback */
  fluxRowXScalar: WasmKernels['fluxRowX'];
  fluxRowYScalar: WasmKernels['fluxRowY'];
  depthRowScalar: WasmKernels['depthRow'];
  /** first depth error since depthResetError (cell index, −1 = none) and its kind (1 NaN, 2 negative) */
  depthErrorCell(): number;
  depthErrorKind(): number;
  depthResetError(): void;
  /** hf^(7/3) exactly as pow73.ts (for tests) */
  pow73Export(hf: number): number;
  tablePtr(): number;
  tableLength(): number;
}

/** byte offset of the pow73 table in the reserved first 64 KiB (must match kernel.ts TABLE_PTR) */
export const POW73_TABLE_PTR = 8192;
const EXP_LO = 1023 - 16;
const EXP_HI = 1023 + 12;
const TABLE_LEN = (EXP_HI - EXP_LO) << 8;
const EXPORTS = [
  'fluxRowX',
  'fluxRowY',
  'depthRow',
  'outflowFactors',
  'scaleRowsX',
  'scaleRowsY',
  'holdFaces',
  'resetSpeedMax',
  'getSpeedMax',
  'fluxRowXScalar',
  'fluxRowYScalar',
  'depthRowScalar',
  'depthErrorCell',
  'depthErrorKind',
  'depthResetError',
  'pow73Export',
  'tablePtr',
  'tableLength',
] as const;

/**
 * Writes pow73's float32 table (pow73.ts: 1/cbrt of the middle of each bucket of exponent and 8 mantissa
 * bits) at POW73_TABLE_PTR, computed with the same formula in this same engine, so the wasm and
 * JavaScript tables are the same bits. Idempotent: every worker may call it on a shared memory.
 */
export function writePow73Table(memory: WebAssembly.Memory): void {
  if (POW73_TABLE_PTR + TABLE_LEN * 4 > RESERVED_BYTES)
    throw new Error('pow73 table does not fit in the reserved first 64 KiB');
  const table = buildPow73Table32();
  if (table.length !== TABLE_LEN) throw new Error("pow73 table size differs from the kernel's");
  new Float32Array(memory.buffer, POW73_TABLE_PTR, TABLE_LEN).set(table);
}

/** true when the memory is a shared one (its buffer a SharedArrayBuffer) */
export function isSharedMemory(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/** The binary to use with this memory: 'kernel-shared.wasm' for a shared memory, else 'kernel.wasm'. */
export function kernelFileFor(memory: WebAssembly.Memory): 'kernel.wasm' | 'kernel-shared.wasm' {
  return isSharedMemory(memory) ? 'kernel-shared.wasm' : 'kernel.wasm';
}

/** URL of the binary for this memory (both written out literally so that Vite bundles both). */
export function kernelUrlFor(memory: WebAssembly.Memory): URL {
  return isSharedMemory(memory)
    ? new URL('./kernel-shared.wasm', import.meta.url)
    : new URL('./kernel.wasm', import.meta.url);
}

/**
 * Synchronous instantiation from the binary's bytes or a compiled module (e.g. posted by the main
 * thread to each band worker). Also writes the pow73 table unless `writeTable` is false.
 */
export function instantiateFloodKernels(
  source: BufferSource | WebAssembly.Module,
  memory: WebAssembly.Memory,
  writeTable = true,
): WasmKernels {
  const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
  if (writeTable) writePow73Table(memory);
  const instance = new WebAssembly.Instance(module, imports(memory));
  return pick(instance);
}

/** Asynchronous load of the binary next to this file, for Node (node:fs) and browsers (fetch). */
export async function loadFloodKernels(memory: WebAssembly.Memory): Promise<WasmKernels> {
  const bytes = await readKernelBytes(kernelUrlFor(memory));
  const { instance } = await WebAssembly.instantiate(bytes, imports(memory));
  writePow73Table(memory);
  return pick(instance);
}

/** Compiles the right binary for the memory once, to post the module to workers. */
export async function compileFloodKernels(memory: WebAssembly.Memory): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await readKernelBytes(kernelUrlFor(memory)));
}

/** The module for a plain (not shared) memory: one band in the calling thread (runInProcess.ts). */
export async function compilePlainFloodKernels(): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await readKernelBytes(new URL('./kernel.wasm', import.meta.url)));
}

/** The .wasm bytes at a URL: node:fs for file: URLs (Node, tsx, vitest), fetch for http(s). */
export async function readKernelBytes(url: URL): Promise<ArrayBuffer> {
  if (url.protocol === 'file:') {
    const fsModule = 'node:fs/promises'; // not a literal import: keeps the browser bundle free of it
    const { readFile } = (await import(/* @vite-ignore */ fsModule)) as { readFile(u: URL): Promise<Uint8Array> };
    const b = await readFile(url);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url.href}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/** Byte offsets of the state's arrays (state.ts FloodArrays), by name. */
export type FloodPointers = Record<keyof FloodArrays, number>;

/** Byte offsets of the state's arrays, by name, from FloodBuffers.layout. */
export function floodPointers(b: { layout: Record<string, [number, number]> }): FloodPointers {
  const p: Partial<FloodPointers> = {};
  for (const [name, [offset]] of Object.entries(b.layout)) p[name as keyof FloodArrays] = offset;
  return p as FloodPointers;
}

function imports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return { env: { memory }, kernel: { cbrt } };
}

function pick(instance: WebAssembly.Instance): WasmKernels {
  const ex = instance.exports as Record<string, unknown>;
  const k: Record<string, unknown> = {};
  for (const name of EXPORTS) {
    if (typeof ex[name] !== 'function') throw new Error(`flood kernel module lacks export ${name}`);
    k[name] = ex[name];
  }
  const kernels = k as unknown as WasmKernels;
  if (kernels.tablePtr() !== POW73_TABLE_PTR || kernels.tableLength() !== TABLE_LEN)
    throw new Error('flood kernel module has a different pow73 table layout');
  return kernels;
}
