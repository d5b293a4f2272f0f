/// <reference types="@webgpu/types" />
/**
 * The flood state on the GPU: one storage buffer per array of state.ts (float32 like the CPU
 * state), the compute pipelines of stepShader.ts and their bind groups for both flux parities.
 * Laid out once in the constructor; `encodeStep` records one step, the read* methods bring arrays
 * back into the host mirror (a FloodArrays of state.ts), the write* methods send cells up.
 * The ledger accumulators `acc` (Kahan pairs) are: clamped water per cell [0, n), infiltration
 * per cell [n, 2n), volume in then out per edge face [2n, 2n + 2E) with E = 2·(ncols + nrows),
 * received depth per inflow entry after that, then per cell from a rain field (if any).
 */
import type { FloodSetup } from '../setup.ts';
import type { FloodArrays } from '../state.ts';
import { ParamBlock, PARAM_BYTES } from './params.ts';
import { BINDING, NO_CELL, RED_WORDS, STEP_WGSL, WORKGROUP } from './stepShader.ts';

/** GPUBufferUsage flags by their spec values (Dawn for Node defines no globals until asked) */
const USAGE = { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 } as const;
/** GPUMapMode.READ */
const MAP_READ = 1;

type Kernel = 'fluxes' | 'factors' | 'depth' | 'rainField' | 'inflows' | 'infiltrate' | 'gather' | 'scatter';
type BufName = Exclude<keyof typeof BINDING, 'params'>;

/** The bindings each kernel uses (its auto layout holds exactly these). */
const USES: Record<Kernel, BufName[]> = {
  fluxes: ['z', 'h', 'n2', 'qxOld', 'qxNew', 'qyOld', 'qyNew', 'red'],
  factors: ['qxNew', 'qyNew', 'h', 'n2', 'fac'],
  depth: ['h', 'qxNew', 'qyNew', 'qxOld', 'qyOld', 'fac', 'maxH', 'arrival', 'red', 'acc'],
  rainField: ['h', 'maxH', 'arrival', 'idx', 'vals', 'fac', 'acc', 'red'],
  inflows: ['h', 'maxH', 'arrival', 'idx', 'vals', 'acc', 'red'],
  infiltrate: ['h', 'infRate', 'infLeft', 'acc'],
  gather: ['h', 'idx', 'vals'],
  scatter: ['idx', 'vals', 'dst'],
};
const PARAMS_USED: Kernel[] = ['fluxes', 'factors', 'depth', 'rainField', 'inflows', 'infiltrate'];

/** A list of cells and values to gather from or scatter into h or z. */
interface CellList {
  idx: GPUBuffer;
  vals: GPUBuffer;
  count: number;
}

export class GpuFloodState {
  readonly params: ParamBlock;
  readonly n: number;
  readonly nEdge: number;
  private readonly buf: Record<string, GPUBuffer> = {};
  private readonly pipes = {} as Record<Kernel, GPUComputePipeline>;
  private readonly groups: Partial<Record<Kernel, GPUBindGroup>> = {};
  private readonly redStage: GPUBuffer;
  private readonly redReset = new Uint32Array(RED_WORDS);
  private inflow: CellList | null = null;
  private inflowGroup: GPUBindGroup | null = null;
  /** the rain field: station of each cell (idx) and each station's depth this step (vals) */
  private rain: { idx: GPUBuffer; vals: GPUBuffer; group: GPUBindGroup } | null = null;
  private readonly maxGroupsX: number;

  constructor(
    readonly device: GPUDevice,
    readonly setup: FloodSetup,
    a: FloodArrays,
  ) {
    const { ncols, nrows } = setup;
    this.n = ncols * nrows;
    this.nEdge = 2 * (ncols + nrows);
    this.maxGroupsX = Math.min(65535, device.limits.maxComputeWorkgroupsPerDimension);
    const nInflow = setup.inflows.reduce((s, f) => s + f.cells.length, 0);
    const nRain = setup.rainField ? this.n : 0;
    const accPairs = 2 * this.n + 2 * this.nEdge + nInflow + nRain;
    this.params = new ParamBlock(setup, 2 * this.n, this.maxGroupsX * WORKGROUP);
    this.buf.params = device.createBuffer({ size: PARAM_BYTES, usage: USAGE.UNIFORM | USAGE.COPY_DST });
    const storage = (name: string, data: Float32Array | Uint32Array | null, bytes: number): void => {
      const size = Math.max(16, Math.ceil(bytes / 4) * 4);
      this.buf[name] = device.createBuffer({ size, usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST });
      if (data && data.byteLength)
        device.queue.writeBuffer(this.buf[name], 0, data.buffer, data.byteOffset, data.byteLength);
    };
    storage('z', a.z, a.z.byteLength);
    storage('h', a.h, a.h.byteLength);
    storage('n2', a.n2, a.n2.byteLength);
    storage('qx0', a.qx0, a.qx0.byteLength);
    storage('qx1', null, a.qx1.byteLength);
    storage('qy0', a.qy0, a.qy0.byteLength);
    storage('qy1', null, a.qy1.byteLength);
    storage('fac', null, 4 * this.n);
    storage('maxH', a.maxH, a.maxH.byteLength);
    storage('arrival', a.arrival, a.arrival.byteLength);
    storage('red', null, 4 * RED_WORDS);
    storage('acc', null, 8 * accPairs);
    storage('infRate', a.infRate, a.infRate ? a.infRate.byteLength : 4);
    storage('infLeft', a.infLeft, a.infLeft ? a.infLeft.byteLength : 4);
    this.redStage = device.createBuffer({ size: 4 * RED_WORDS, usage: USAGE.MAP_READ | USAGE.COPY_DST });
    this.redReset[2] = NO_CELL;
    this.redReset[3] = NO_CELL;
    const module = device.createShaderModule({ code: STEP_WGSL });
    for (const k of Object.keys(USES) as Kernel[]) {
      this.pipes[k] = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: k } });
    }
    // qx0/qy0 hold the step's scaled fluxes (read as old by the next step), qx1/qy1 the unscaled new ones
    const named: Record<string, GPUBuffer> = {
      ...this.buf,
      qxOld: this.buf.qx0,
      qxNew: this.buf.qx1,
      qyOld: this.buf.qy0,
      qyNew: this.buf.qy1,
    };
    for (const k of ['fluxes', 'factors', 'depth', 'infiltrate'] as Kernel[]) this.groups[k] = this.bindGroup(k, named);
    if (setup.rainField) {
      const f = setup.rainField;
      const list = this.cellList(Uint32Array.from(f.stationOfCell));
      const vals = device.createBuffer({
        size: Math.max(16, 4 * f.stationMmPerHour.length),
        usage: USAGE.STORAGE | USAGE.COPY_DST,
      });
      this.rain = { idx: list.idx, vals, group: this.bindGroup('rainField', { ...named, idx: list.idx, vals }) };
    }
    if (nInflow) {
      const cells = new Uint32Array(nInflow);
      let i = 0;
      for (const f of setup.inflows) for (const k of f.cells) cells[i++] = k;
      this.inflow = this.cellList(cells);
      this.inflowGroup = this.bindGroup('inflows', { ...this.buf, idx: this.inflow.idx, vals: this.inflow.vals });
    }
  }

  private bindGroup(k: Kernel, named: Record<string, GPUBuffer>): GPUBindGroup {
    const entries: GPUBindGroupEntry[] = USES[k].map((name) => ({
      binding: BINDING[name],
      resource: { buffer: named[name] },
    }));
    if (PARAMS_USED.includes(k)) entries.push({ binding: BINDING.params, resource: { buffer: this.buf.params } });
    return this.device.createBindGroup({ layout: this.pipes[k].getBindGroupLayout(0), entries });
  }

  /** Buffers for a fixed list of cells (sewer manholes, moved beds, inflow entries). */
  cellList(cells: Uint32Array | Int32Array): CellList {
    const mk = (): GPUBuffer =>
      this.device.createBuffer({
        size: Math.max(4, 4 * cells.length),
        usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST,
      });
    const idx = mk();
    this.device.queue.writeBuffer(idx, 0, new Uint32Array(cells));
    return { idx, vals: mk(), count: cells.length };
  }

  private dispatch(pass: GPUComputePassEncoder, k: Kernel, group: GPUBindGroup, threads: number): void {
    const groups = Math.ceil(threads / WORKGROUP);
    if (groups === 0) return;
    pass.setPipeline(this.pipes[k]);
    pass.setBindGroup(0, group);
    const x = Math.min(groups, this.maxGroupsX);
    pass.dispatchWorkgroups(x, Math.ceil(groups / x));
  }

  /**
   * Sends the step's parameters and inflow depths, records the step and a copy of the
   * reductions, and submits it. `inflowAdd`: the depth each inflow entry receives.
   */
  submitStep(inflowAdd: Float32Array | null, rainDepths: Float32Array | null = null): void {
    const q = this.device.queue;
    q.writeBuffer(this.buf.params, 0, this.params.bytes);
    q.writeBuffer(this.buf.red, 0, this.redReset);
    if (this.inflow && inflowAdd) q.writeBuffer(this.inflow.vals, 0, inflowAdd);
    if (this.rain && rainDepths) q.writeBuffer(this.rain.vals, 0, rainDepths);
    const g = this.groups;
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    const { ncols, nrows } = this.setup;
    const nx = (ncols + 1) * nrows;
    const ny = ncols * (nrows + 1);
    this.dispatch(pass, 'fluxes', g.fluxes!, nx + ny);
    this.dispatch(pass, 'factors', g.factors!, this.n);
    this.dispatch(pass, 'depth', g.depth!, this.n);
    if (this.rain && rainDepths) this.dispatch(pass, 'rainField', this.rain.group, this.n);
    if (this.inflowGroup) {
      pass.setPipeline(this.pipes.inflows);
      pass.setBindGroup(0, this.inflowGroup);
      pass.dispatchWorkgroups(1);
    }
    if (this.setup.infiltration) this.dispatch(pass, 'infiltrate', g.infiltrate!, this.n);
    pass.end();
    enc.copyBufferToBuffer(this.buf.red, 0, this.redStage, 0, 4 * RED_WORDS);
    q.submit([enc.finish()]);
  }

  /** The step's reductions: h_max, wave speed, first runaway cell, first bad depth (NO_CELL = none). */
  async readReductions(): Promise<Uint32Array> {
    await this.redStage.mapAsync(MAP_READ);
    const out = new Uint32Array(this.redStage.getMappedRange().slice(0));
    this.redStage.unmap();
    return out;
  }

  /** Copies GPU arrays into host arrays (one submission, one map). */
  async read(parts: Array<[string, Float32Array]>): Promise<void> {
    let bytes = 0;
    for (const [, dst] of parts) bytes += Math.ceil(dst.byteLength / 16) * 16;
    const stage = this.device.createBuffer({ size: Math.max(16, bytes), usage: USAGE.MAP_READ | USAGE.COPY_DST });
    const enc = this.device.createCommandEncoder();
    let off = 0;
    const offsets: number[] = [];
    for (const [name, dst] of parts) {
      offsets.push(off);
      const len = Math.ceil(dst.byteLength / 4) * 4;
      if (len) enc.copyBufferToBuffer(this.buf[name], 0, stage, off, len);
      off += Math.ceil(dst.byteLength / 16) * 16;
    }
    this.device.queue.submit([enc.finish()]);
    await stage.mapAsync(MAP_READ);
    const all = stage.getMappedRange();
    parts.forEach(([, dst], i) => {
      dst.set(new Float32Array(all, offsets[i], dst.length));
    });
    stage.unmap();
    stage.destroy();
  }

  /** The buffers of the current (scaled) fluxes, which the next step reads as old. */
  readonly fluxNames: [string, string] = ['qx0', 'qy0'];

  /** The ledger accumulators summed in float64: [clamped, infiltration, boundary in, boundary out, inflow]. */
  async ledgerTotals(): Promise<number[]> {
    const acc = new Float32Array(this.buf.acc.size / 4);
    await this.read([['acc', acc]]);
    const sum = (from: number, to: number): number => {
      let s = 0;
      for (let i = from; i < to; i++) s += acc[2 * i] - acc[2 * i + 1];
      return s;
    };
    const n = this.n;
    const e = this.nEdge;
    const area = this.setup.cellSize * this.setup.cellSize;
    // inflow entries and rain-field cells both go to the inflow column, as on the CPU
    return [
      sum(0, n) * area,
      sum(n, 2 * n) * area,
      sum(2 * n, 2 * n + e),
      sum(2 * n + e, 2 * n + 2 * e),
      sum(2 * n + 2 * e, acc.length / 2) * area,
    ];
  }

  /** Reads h at a cell list into `out` (the sewer coupler's cells). */
  async gather(list: CellList, out: Float32Array): Promise<void> {
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    this.dispatch(
      pass,
      'gather',
      this.bindGroup('gather', { ...this.buf, idx: list.idx, vals: list.vals }),
      list.count,
    );
    pass.end();
    this.device.queue.submit([enc.finish()]);
    const tmp = new Float32Array(list.count);
    await this.readBuffer(list.vals, tmp);
    out.set(tmp);
  }

  private async readBuffer(src: GPUBuffer, dst: Float32Array): Promise<void> {
    const stage = this.device.createBuffer({
      size: Math.max(16, Math.ceil(dst.byteLength / 16) * 16),
      usage: USAGE.MAP_READ | USAGE.COPY_DST,
    });
    const enc = this.device.createCommandEncoder();
    enc.copyBufferToBuffer(src, 0, stage, 0, dst.byteLength);
    this.device.queue.submit([enc.finish()]);
    await stage.mapAsync(MAP_READ);
    dst.set(new Float32Array(stage.getMappedRange(), 0, dst.length));
    stage.unmap();
    stage.destroy();
  }

  /** Writes values into h or z at a cell list. */
  scatter(list: CellList, values: Float32Array, into: 'h' | 'z'): void {
    this.device.queue.writeBuffer(list.vals, 0, values);
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    this.dispatch(
      pass,
      'scatter',
      this.bindGroup('scatter', { idx: list.idx, vals: list.vals, dst: this.buf[into] }),
      list.count,
    );
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  /** Writes a whole host array into a GPU array. */
  writeAll(name: string, values: Float32Array): void {
    this.device.queue.writeBuffer(this.buf[name], 0, values.buffer, values.byteOffset, values.byteLength);
  }

  destroy(): void {
    for (const b of Object.values(this.buf)) b.destroy();
    this.rain?.vals.destroy();
    this.redStage.destroy();
  }
}
