/**
 * Flood closures: what a flood frame does to the road links. Each link reads the deepest cell along
 * it (flood.ts); vehicles are slowed by Pregnolato et al. 2017 and the link closes to them from
 * `vehicleDepthLimitM`; walkers slow linearly to half speed at `pedDepthLimitM` (an assumption) and
 * the link closes to them above that depth or above d·v `pedDvLimit`. The first closure time and the
 * deepest water of each link are kept for the report.
 */
import { InputError } from '../../src/core/errors.ts';
import { linkCells, pregnolatoSpeedKmh, sampleLinks, type LinkCells } from './flood.ts';
import { MODE_CAR, type RoadNetwork } from './network.ts';
import type { EvacuationOptions, FloodGridShape } from './types.ts';

export type ClosureLimits = Pick<EvacuationOptions, 'vehicleDepthLimitM' | 'pedDepthLimitM' | 'pedDvLimit'>;

/** What one frame changed. */
export interface ClosureChanges {
  /** the frame's grid differs from the last one (cells along the links were sampled afresh) */
  newGrid: boolean;
  /** some vehicle speed or vehicle closure changed */
  car: boolean;
  /** some walking factor or walker closure changed */
  ped: boolean;
  /** links newly closed to vehicles, ascending */
  closedCar: number[];
  /** some link newly closed to walkers */
  closedPed: boolean;
}

export class FloodClosures {
  /** vehicle speed on each link now (m/s) */
  readonly speedEff: Float64Array;
  /** walking speed factor on each link now (1 dry … 0.5) */
  readonly pedFactor: Float64Array;
  readonly closedCar: Uint8Array;
  readonly closedPed: Uint8Array;
  /** depth and speed each link read from the last frame */
  readonly depth: Float32Array;
  readonly speed: Float32Array;
  readonly maxDepth: Float32Array;
  /** first closure time (NaN: never) */
  readonly cutCarAt: Float64Array;
  readonly cutPedAt: Float64Array;
  closedCarCount = 0;
  closedPedCount = 0;
  private cells: LinkCells | null = null;
  private shape: FloodGridShape | null = null;

  constructor(
    private readonly net: RoadNetwork,
    private readonly limits: ClosureLimits,
  ) {
    const L = net.linkCount;
    this.speedEff = Float64Array.from(net.linkSpeed);
    this.pedFactor = new Float64Array(L).fill(1);
    this.closedCar = new Uint8Array(L);
    this.closedPed = new Uint8Array(L);
    this.depth = new Float32Array(L);
    this.speed = new Float32Array(L);
    this.maxDepth = new Float32Array(L);
    this.cutCarAt = new Float64Array(L).fill(NaN);
    this.cutPedAt = new Float64Array(L).fill(NaN);
  }

  /** true when `grid` is not the grid the link cells were last sampled for (they are rebuilt) */
  private newGrid(grid: FloodGridShape): boolean {
    const s = this.shape;
    if (s && s.ncols === grid.ncols && s.nrows === grid.nrows && s.cellSize === grid.cellSize && s.xll === grid.xll && s.yll === grid.yll) {
      return false;
    }
    this.cells = linkCells(this.net, grid);
    this.shape = { ...grid };
    return true;
  }

  /** Reads a frame at time t into the links' depths, speeds and closures. */
  apply(grid: FloodGridShape, depth: Float32Array, speed: Float32Array | null, t: number): ClosureChanges {
    if (depth.length !== grid.ncols * grid.nrows) {
      throw new InputError(`flood frame has ${depth.length} cells, grid ${grid.ncols}×${grid.nrows}`, { field: 'flood.depth' });
    }
    const newGrid = this.newGrid(grid);
    const { net, limits: o } = this;
    sampleLinks(this.cells as LinkCells, depth, speed, this.depth, this.speed);
    const ch: ClosureChanges = { newGrid, car: false, ped: false, closedCar: [], closedPed: false };
    for (let l = 0; l < net.linkCount; l++) {
      const d = this.depth[l];
      const v = this.speed[l];
      if (d > this.maxDepth[l]) this.maxDepth[l] = d;
      const cc = net.linkMode[l] & MODE_CAR && d >= o.vehicleDepthLimitM ? 1 : 0;
      const cp = d > o.pedDepthLimitM || d * v > o.pedDvLimit ? 1 : 0;
      // vehicles slow in shallow water (Pregnolato et al. 2017)
      const vWater = d > 0 ? pregnolatoSpeedKmh(d) / 3.6 : Infinity;
      const se = cc ? net.linkSpeed[l] : Math.max(0.5, Math.min(net.linkSpeed[l], vWater));
      if (se !== this.speedEff[l]) {
        this.speedEff[l] = se;
        ch.car = true;
      }
      // walkers wading: an assumption, linear from full speed dry to half speed at the depth limit
      const pf = cp ? 1 : Math.max(0.5, 1 - (0.5 * d) / o.pedDepthLimitM);
      if (pf !== this.pedFactor[l]) {
        this.pedFactor[l] = pf;
        ch.ped = true;
      }
      if (cc !== this.closedCar[l]) {
        this.closedCar[l] = cc;
        ch.car = true;
        this.closedCarCount += cc ? 1 : -1;
        if (cc) {
          if (Number.isNaN(this.cutCarAt[l])) this.cutCarAt[l] = t;
          ch.closedCar.push(l);
        }
      }
      if (cp !== this.closedPed[l]) {
        this.closedPed[l] = cp;
        ch.ped = true;
        this.closedPedCount += cp ? 1 : -1;
        if (cp) {
          if (Number.isNaN(this.cutPedAt[l])) this.cutPedAt[l] = t;
          ch.closedPed = true;
        }
      }
    }
    return ch;
  }
}
