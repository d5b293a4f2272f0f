/**
 * Flood depth and velocity seen by the road network: every link samples the flood grid cells along
 * its geometry; a link's depth is the deepest of them (with that cell's speed). Thresholds and the
 * hazard rating come from docs/ARCHITECTURE.md "Sources" (Pregnolato et al. 2017; FD2320).
 */
import { cellIndexAt } from '../../src/core/grid.ts';
import type { RoadNetwork } from './network.ts';
import type { FloodGridShape } from './types.ts';

export interface LinkCells {
  start: Int32Array;
  cells: Int32Array;
}

/** Cells along every link, sampled every half cell along its polyline (duplicates in a row dropped). */
export function linkCells(net: RoadNetwork, g: FloodGridShape): LinkCells {
  const start = new Int32Array(net.linkCount + 1);
  const cells: number[] = [];
  const step = g.cellSize / 2;
  const xy = net.geomXY;
  for (let l = 0; l < net.linkCount; l++) {
    start[l] = cells.length;
    let last = -2;
    for (let i = net.geomStart[l] + 1; i < net.geomStart[l + 1]; i++) {
      const x0 = xy[2 * i - 2];
      const y0 = xy[2 * i - 1];
      const dx = xy[2 * i] - x0;
      const dy = xy[2 * i + 1] - y0;
      const n = Math.max(1, Math.ceil(Math.hypot(dx, dy) / step));
      for (let k = i === net.geomStart[l] + 1 ? 0 : 1; k <= n; k++) {
        const c = cellIndexAt(g, x0 + (dx * k) / n, y0 + (dy * k) / n);
        if (c >= 0 && c !== last) {
          cells.push(c);
          last = c;
        }
      }
    }
  }
  start[net.linkCount] = cells.length;
  return { start, cells: Int32Array.from(cells) };
}

/** Deepest depth along each link and the speed in that cell (NaN and negatives read as 0). */
export function sampleLinks(
  lc: LinkCells,
  depth: Float32Array,
  speed: Float32Array | null,
  outDepth: Float32Array,
  outSpeed: Float32Array,
): void {
  const n = outDepth.length;
  for (let l = 0; l < n; l++) {
    let dMax = 0;
    let vAt = 0;
    for (let k = lc.start[l]; k < lc.start[l + 1]; k++) {
      const c = lc.cells[k];
      const d = depth[c];
      if (d > dMax) {
        dMax = d;
        const v = speed ? speed[c] : 0;
        vAt = v > 0 ? v : 0;
      }
    }
    outDepth[l] = dMax;
    outSpeed[l] = vAt;
  }
}

/** Highest safe driving speed in water (Pregnolato et al. 2017), km/h; w in mm, 0 from 300 mm. */
export function pregnolatoSpeedKmh(depthM: number): number {
  const w = depthM * 1000;
  if (w >= 300) return 0;
  return 0.0009 * w * w - 0.5529 * w + 86.9448;
}

/** FD2320 hazard rating HR = d·(v + 0.5) + DF, DF = 0.5 for d ≤ 0.25 m, else 1. */
export function hazardRating(d: number, v: number): number {
  if (!(d > 0)) return 0;
  return d * (v + 0.5) + (d <= 0.25 ? 0.5 : 1);
}

/** FD2320 classes: < 0.75 low, 0.75–1.25 moderate, 1.25–2.0 significant, > 2.0 extreme (0..3). */
export function hazardClassIndex(hr: number): number {
  if (hr < 0.75) return 0;
  if (hr < 1.25) return 1;
  if (hr <= 2.0) return 2;
  return 3;
}
