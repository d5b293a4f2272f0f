/**
 * The per-step uniform block of the WGSL kernels (stepShader.ts PARAM_FIELDS), packed on the host.
 * The face constants are the CPU's (localInertial.ts faceConsts), rounded to float32 the same way.
 * A stage is passed as a float32 pair hi + lo, so stage − bed keeps its centimetres at 200 m.
 */
import { G } from '../localInertial.ts';
import type { EdgeSpec, FloodSetup } from '../setup.ts';
import type { EdgeStages } from '../boundaries.ts';
import { PARAM_FIELDS } from './stepShader.ts';

const fr = Math.fround;
export const PARAM_BYTES = Math.ceil((PARAM_FIELDS.length * 4) / 16) * 16;
const OFFSET = new Map<string, [number, 'u32' | 'f32']>(PARAM_FIELDS.map(([n, t], i) => [n, [i, t]]));

/** What changes from step to step. */
export interface StepValues {
  dt: number;
  t1: number;
  rainDepth: number;
  stages: EdgeStages;
}

export class ParamBlock {
  readonly bytes = new ArrayBuffer(PARAM_BYTES);
  private readonly u = new Uint32Array(this.bytes);
  private readonly f = new Float32Array(this.bytes);

  constructor(
    private readonly setup: FloodSetup,
    accEdge: number,
    strideX: number,
  ) {
    const s = setup.solver;
    const theta = fr(s.theta);
    this.set('ncols', setup.ncols);
    this.set('nrows', setup.nrows);
    this.set('centred', s.theta < 1 ? 1 : 0);
    this.set('implicit', s.friction === 'implicit' ? 1 : 0);
    this.set('invDx', fr(1 / setup.cellSize));
    this.set('theta', theta);
    this.set('side', fr(0.5 * fr(1 - theta)));
    this.set('hThr', fr(s.depthThresholdM));
    this.set('vmax2', fr(s.maxVelocityMS * s.maxVelocityMS));
    this.set('arr', fr(setup.outputs.arrivalDepthM));
    this.set('negTol', 0.1);
    this.set('accEdge', accEdge);
    const nInflow = setup.inflows.reduce((n, f) => n + f.cells.length, 0);
    this.set('accInflow', accEdge + 4 * (setup.ncols + setup.nrows));
    this.set('accRain', accEdge + 4 * (setup.ncols + setup.nrows) + nInflow);
    this.set('nCells', setup.ncols * setup.nrows);
    this.set('strideX', strideX);
    const e = setup.edges;
    for (const [side, spec] of [
      ['N', e.north],
      ['S', e.south],
      ['E', e.east],
      ['W', e.west],
    ] as const) {
      this.set(`kind${side}`, kindOf(spec));
      this.set(`slope${side}`, spec.kind === 'free' ? spec.slope : 0);
    }
  }

  set(name: string, v: number): void {
    const [i, t] = OFFSET.get(name)!;
    if (t === 'u32') this.u[i] = v;
    else this.f[i] = v;
  }

  /** The step's own values: dt and its products (as band.ts), rain, end time, edge stages. */
  step(v: StepValues): void {
    const gdt = fr(G * v.dt);
    this.set('dt', v.dt);
    this.set('gdt', gdt);
    this.set('gdtHalf', fr(0.5 * gdt));
    this.set('dtdx', fr(v.dt / this.setup.cellSize));
    this.set('vol', v.dt * this.setup.cellSize);
    this.set('rain', v.rainDepth);
    this.set('t1', v.t1);
    for (const [side, stage] of [
      ['N', v.stages.north],
      ['S', v.stages.south],
      ['E', v.stages.east],
      ['W', v.stages.west],
    ] as const) {
      const hi = Number.isNaN(stage) ? 0 : fr(stage);
      this.set(`stHi${side}`, hi);
      this.set(`stLo${side}`, Number.isNaN(stage) ? 0 : stage - hi);
    }
  }
}

function kindOf(spec: EdgeSpec): number {
  return spec.kind === 'closed' ? 0 : spec.kind === 'free' ? 1 : 2;
}
