/**
 * A light 2D map of the twin for the drill's map screen and the kiosk (SVG, no WebGL, so it is
 * instant on any screen): roads, shelters and gauges from the twin's GeoJSON layers, in
 * lon/lat scaled by cos(latitude). Returns handles to recolour gauges and roads by id.
 * Given the flood grid's placement, the water is a canvas raster (one pixel a cell, floodRaster.ts)
 * in a foreignObject UNDER the vectors, so roads cut, shelters, gauges and marks stay on top.
 */
import type { FeatureCollection, Position } from 'geojson';
import { clearRaster, gridToMapMatrix, paintDepthMm } from './floodRaster.ts';

const NS = 'http://www.w3.org/2000/svg';

export interface MapSvg {
  svg: SVGSVGElement;
  /** the group to pan and zoom */
  content: SVGGElement;
  setGaugeColour(id: string, css: string): void;
  setRoadCut(id: string, cut: boolean): void;
  setShelterOpen(id: string, open: boolean): void;
  /** a marker (inject) at lon/lat, with an optional label in large type to its right (or left) */
  mark(id: string, lonLat: [number, number], css: string, label?: string, labelLeft?: boolean): void;
  clearMarks(): void;
  /** the flood water layer (null when no grid placement was given) */
  water: WaterRaster | null;
  /** map (SVG user) coordinates of a lon/lat */
  project(lonLat: [number, number]): [number, number];
}

/** where the flood grid lies: its size and the lon/lat of three outer corners */
export interface GridPlacement {
  ncols: number;
  nrows: number;
  cornersLonLat: { nw: [number, number]; ne: [number, number]; sw: [number, number] };
}

export interface WaterRaster {
  canvas: HTMLCanvasElement;
  /** show a frame of depths in mm (a frame pack's), or no water (null); returns the wet cells */
  show(frameMm: Uint16Array | null): number;
  /** wet cells shown now */
  wet(): number;
  /** map coordinates of a cell's centre (col east, row south from the north-west corner) */
  cellCentre(col: number, row: number): [number, number];
}

const XHTML = 'http://www.w3.org/1999/xhtml';

function waterLayer(
  g: GridPlacement,
  toMap: (p: [number, number]) => [number, number],
): { node: SVGGElement; raster: WaterRaster } {
  const { ncols, nrows } = g;
  const nw = toMap(g.cornersLonLat.nw),
    ne = toMap(g.cornersLonLat.ne),
    sw = toMap(g.cornersLonLat.sw);
  const m = gridToMapMatrix(ncols, nrows, nw, ne, sw);
  const node = el('g', { class: 'water-layer' });
  const fo = el('foreignObject', {
    x: 0,
    y: 0,
    width: ncols,
    height: nrows,
    transform: `matrix(${m.map((v) => v.toFixed(6)).join(' ')})`,
    class: 'water',
  });
  const canvas = document.createElementNS(XHTML, 'canvas') as HTMLCanvasElement;
  canvas.width = ncols;
  canvas.height = nrows;
  canvas.className = 'water-canvas';
  fo.appendChild(canvas);
  node.appendChild(fo);
  const se: [number, number] = [ne[0] + sw[0] - nw[0], ne[1] + sw[1] - nw[1]];
  node.appendChild(
    el('path', {
      d: `M${[nw, ne, se, sw].map((p) => `${p[0].toFixed(1)} ${p[1].toFixed(1)}`).join('L')}Z`,
      class: 'grid-outline',
    }),
  );
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(ncols, nrows);
  let wet = 0;
  const raster: WaterRaster = {
    canvas,
    show: (frame) => {
      if (frame) wet = paintDepthMm(frame, img.data);
      else {
        clearRaster(img.data);
        wet = 0;
      }
      ctx.putImageData(img, 0, 0);
      canvas.dataset.wet = String(wet);
      return wet;
    },
    wet: () => wet,
    cellCentre: (col, row) => [
      m[0] * (col + 0.5) + m[2] * (row + 0.5) + m[4],
      m[1] * (col + 0.5) + m[3] * (row + 0.5) + m[5],
    ],
  };
  return { node, raster };
}

export function el<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export function buildMapSvg(
  layers: { roads?: FeatureCollection | null; shelters?: FeatureCollection | null; gauges?: FeatureCollection | null },
  grid?: GridPlacement | null,
): MapSvg {
  const pts: Position[] = [];
  // the map frames the whole flood grid as well as the layers
  if (grid)
    pts.push(grid.cornersLonLat.nw, grid.cornersLonLat.ne, grid.cornersLonLat.sw, [
      grid.cornersLonLat.ne[0] + grid.cornersLonLat.sw[0] - grid.cornersLonLat.nw[0],
      grid.cornersLonLat.ne[1] + grid.cornersLonLat.sw[1] - grid.cornersLonLat.nw[1],
    ]);
  const collect = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') pts.push(c as Position);
    else if (Array.isArray(c)) c.forEach(collect);
  };
  for (const fc of [layers.roads, layers.shelters, layers.gauges])
    fc?.features.forEach((f) => {
      collect((f.geometry as { coordinates?: unknown })?.coordinates);
    });
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const [x, y] of pts) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (!Number.isFinite(x0)) {
    x0 = 0;
    x1 = 1;
    y0 = 0;
    y1 = 1;
  }
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const W = 1000,
    sc = W / ((x1 - x0) * k || 1),
    H = Math.max(1, (y1 - y0) * sc);
  const toSvgText = ([x, y]: Position | [number, number]) => [
    ((x - x0) * k * sc).toFixed(1),
    ((y1 - y) * sc).toFixed(1),
  ];
  const svg = el('svg', {
    viewBox: `-40 -40 ${W + 80} ${H + 80}`,
    class: 'modes-map',
    preserveAspectRatio: 'xMidYMid meet',
  });
  const content = el('g', {});
  svg.appendChild(content);
  const project = ([x, y]: Position | [number, number]): [number, number] => [(x - x0) * k * sc, (y1 - y) * sc];
  const water = grid ? waterLayer(grid, project) : null;
  if (water) content.appendChild(water.node);
  const roads = new Map<string, SVGPathElement>();
  layers.roads?.features.forEach((f) => {
    const g = f.geometry;
    const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    const d = lines.map((l) => 'M' + l.map((p) => toSvgText(p).join(' ')).join('L')).join('');
    const p = el('path', { d, class: 'road', 'stroke-width': f.properties?.class === 'primary' ? 6 : 3 });
    content.appendChild(p);
    if (f.properties?.id) roads.set(String(f.properties.id), p);
  });
  const shelters = new Map<string, SVGRectElement>();
  layers.shelters?.features.forEach((f) => {
    if (f.geometry.type !== 'Point') return;
    const [x, y] = toSvgText(f.geometry.coordinates);
    const r = el('rect', { x: Number(x) - 9, y: Number(y) - 9, width: 18, height: 18, class: 'shelter' });
    content.appendChild(r);
    if (f.properties?.id) shelters.set(String(f.properties.id), r);
  });
  const gauges = new Map<string, SVGCircleElement>();
  layers.gauges?.features.forEach((f) => {
    if (f.geometry.type !== 'Point') return;
    const [x, y] = toSvgText(f.geometry.coordinates);
    const c = el('circle', { cx: x, cy: y, r: 16, class: 'gauge' });
    content.appendChild(c);
    if (f.properties?.id) gauges.set(String(f.properties.id), c);
  });
  const marks = el('g', {});
  content.appendChild(marks);
  return {
    svg,
    content,
    setGaugeColour: (id, css) => {
      const g = gauges.get(id);
      if (g) g.style.fill = css;
    },
    setRoadCut: (id, cut) => roads.get(id)?.classList.toggle('cut', cut),
    setShelterOpen: (id, open) => shelters.get(id)?.classList.toggle('open', open),
    mark: (id, ll, css, label, labelLeft) => {
      const [x, y] = toSvgText(ll);
      const m = el('path', { d: `M${x} ${Number(y) - 30}l18 30l-36 0z`, fill: css, class: 'mark', 'data-inject': id });
      marks.appendChild(m);
      if (label) {
        const t = el('text', {
          x: Number(x) + (labelLeft ? -24 : 24),
          y: Number(y) - 6,
          class: 'mark-label',
          'text-anchor': labelLeft ? 'end' : 'start',
          'data-inject': id,
        });
        t.textContent = label;
        marks.appendChild(t);
      }
    },
    clearMarks: () => marks.replaceChildren(),
    water: water?.raster ?? null,
    project: (ll) => project(ll),
  };
}
