/**
 * The zoning maps of a merged ensemble (`floodtwin ensemble merge`) in the twin's scene: one map at
 * a time draped on the terrain as an imagery layer (gridImagery.ts, like the A/B difference), and the
 * buildings' expected annual damage as coloured points (the risk zoning). The colour tables are
 * exported so the legend (src/ui/ensemblePanel.ts) shows the same classes the map draws.
 */
import { Color, PointPrimitiveCollection, type ImageryLayer, type Viewer } from 'cesium';
import { cellAt, type Grid } from '../core/grid.ts';
import { DRY_DEPTH_M, depthColor, HAZARD_CLASSES } from '../export/colorRamp.ts';
import type { MapKind } from '../ensemble/mergedIndex.ts';
import { addGridImagery } from './gridImagery.ts';
import type { TwinScene } from './twinScene.ts';

type Rgb = [number, number, number];

/** annual exceedance probability classes, from the most frequent (at least once in 2 years on average) */
export const EXCEEDANCE_CLASSES: { fromAep: number; label: string; rgb: Rgb }[] = [
  { fromAep: 0.5, label: '≥ 1/2 (every 2 years)', rgb: [90, 10, 110] },
  { fromAep: 0.1, label: '≥ 1/10', rgb: [160, 40, 140] },
  { fromAep: 0.02, label: '≥ 1/50', rgb: [215, 90, 150] },
  { fromAep: 0.01, label: '≥ 1/100', rgb: [240, 150, 170] },
  { fromAep: 0, label: '> 0 (rarer)', rgb: [250, 210, 200] },
];

/** prevention zone 1–3 (src/ensemble/preventionZoning.ts) */
export const PREVENTION_RGB: Record<number, Rgb> = { 1: [245, 215, 80], 2: [240, 140, 40], 3: [200, 30, 40] };

/** expected annual damage of a building (CNY a year, the damage curves' currency) */
export const EAD_CLASSES: { from: number; label: string; rgb: Rgb }[] = [
  { from: 10_000, label: '≥ 10 000', rgb: [180, 20, 40] },
  { from: 1_000, label: '1 000 – 10 000', rgb: [240, 120, 40] },
  { from: 100, label: '100 – 1 000', rgb: [245, 210, 70] },
  { from: Number.MIN_VALUE, label: '< 100', rgb: [170, 210, 120] },
  { from: 0, label: 'none', rgb: [200, 200, 200] },
];

/** map opacity: the hillshade stays readable under the zones */
const ALPHA = 200;

/**
 * Colour of a cell value of a map kind, or null (transparent) for dry / unzoned / NaN cells.
 *
 * @example
 * zoningColour('hazardClass', 3) // [170, 20, 60] (extreme)
 * zoningColour('maxDepth', 0.01) // null (drawn dry)
 */
export function zoningColour(kind: MapKind, v: number): Rgb | null {
  if (Number.isNaN(v)) return null;
  if (kind === 'maxDepth') return v >= DRY_DEPTH_M ? depthColor(v) : null;
  if (kind === 'hazardClass') return HAZARD_CLASSES[Math.round(v)]?.rgb ?? null;
  if (kind === 'prevention') return PREVENTION_RGB[Math.round(v)] ?? null;
  if (!(v > 0)) return null;
  return (EXCEEDANCE_CLASSES.find((c) => v >= c.fromAep) ?? EXCEEDANCE_CLASSES[EXCEEDANCE_CLASSES.length - 1]).rgb;
}

/** The EAD class of a building's expected annual damage. */
export function eadClass(ead: number): (typeof EAD_CLASSES)[number] {
  return EAD_CLASSES.find((c) => ead >= c.from) ?? EAD_CLASSES[EAD_CLASSES.length - 1];
}

export interface ZoningMapLayer {
  destroy(): void;
}

/** Drapes one zoning map (a grid on the twin's DEM frame) on the terrain. */
export function addZoningMap(ts: TwinScene, grid: Grid, kind: MapKind): ZoningMapLayer {
  const viewer: Viewer = ts.viewer;
  // two pixels a cell across (up to 2048) so single-cell zones stay visible
  const side = Math.min(2048, 2 * Math.max(grid.ncols, grid.nrows));
  const layer: ImageryLayer = addGridImagery(viewer, grid, ts.frame, side, (x, y, px, o) => {
    const c = cellAt(grid, x, y);
    const rgb = c ? zoningColour(kind, grid.values[c[1] * grid.ncols + c[0]]) : null;
    if (!rgb) {
      px[o + 3] = 0;
      return;
    }
    px[o] = rgb[0];
    px[o + 1] = rgb[1];
    px[o + 2] = rgb[2];
    px[o + 3] = ALPHA;
  });
  viewer.scene.requestRender();
  return {
    destroy() {
      if (!viewer.isDestroyed()) {
        viewer.imageryLayers.remove(layer, true);
        viewer.scene.requestRender();
      }
    },
  };
}

export interface RiskPoint {
  x: number;
  y: number;
  ead: number;
}

export interface RiskPointsLayer {
  show: boolean;
  destroy(): void;
}

/** The buildings' expected annual damage as points at their doors, coloured by EAD class. */
export function addRiskPoints(ts: TwinScene, points: RiskPoint[]): RiskPointsLayer {
  const scene = ts.viewer.scene;
  const coll = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const ex = scene.verticalExaggeration;
  const rel = scene.verticalExaggerationRelativeHeight;
  const colours = new Map(EAD_CLASSES.map((c) => [c, Color.fromBytes(c.rgb[0], c.rgb[1], c.rgb[2], 255)]));
  for (const p of points) {
    const h = (ts.groundAt(p.x, p.y) - rel) * ex + rel + 4;
    coll.add({
      position: ts.frame.toCartesian(p.x, p.y, h),
      pixelSize: 7,
      color: colours.get(eadClass(p.ead)),
      outlineColor: Color.BLACK,
      outlineWidth: 1,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
  }
  scene.requestRender();
  return {
    get show() {
      return coll.show;
    },
    set show(v: boolean) {
      coll.show = v;
      scene.requestRender();
    },
    destroy() {
      if (!scene.isDestroyed() && !coll.isDestroyed()) scene.primitives.remove(coll);
    },
  };
}
