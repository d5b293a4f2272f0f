/**
 * A light 2D map of the twin for the drill's map screen and the kiosk (SVG, no WebGL, so it is
 * instant on any screen): roads, shelters and gauges from the twin's GeoJSON layers, in
 * lon/lat scaled by cos(latitude). Returns handles to recolour gauges and roads by id.
 */
import type { FeatureCollection, Position } from 'geojson';

const NS = 'http://www.w3.org/2000/svg';

export interface MapSvg {
  svg: SVGSVGElement;
  /** the group to pan and zoom */
  content: SVGGElement;
  setGaugeColour(id: string, css: string): void;
  setRoadCut(id: string, cut: boolean): void;
  setShelterOpen(id: string, open: boolean): void;
  /** a marker (inject) at lon/lat */
  mark(id: string, lonLat: [number, number], css: string): void;
  clearMarks(): void;
}

export function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export function buildMapSvg(layers: { roads?: FeatureCollection | null; shelters?: FeatureCollection | null; gauges?: FeatureCollection | null }): MapSvg {
  const pts: Position[] = [];
  const collect = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') pts.push(c as Position);
    else if (Array.isArray(c)) c.forEach(collect);
  };
  for (const fc of [layers.roads, layers.shelters, layers.gauges]) fc?.features.forEach((f) => collect((f.geometry as { coordinates?: unknown })?.coordinates));
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const [x, y] of pts) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  if (!Number.isFinite(x0)) { x0 = 0; x1 = 1; y0 = 0; y1 = 1; }
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const W = 1000, sc = W / ((x1 - x0) * k || 1), H = Math.max(1, (y1 - y0) * sc);
  const P = ([x, y]: Position | [number, number]) => [((x - x0) * k * sc).toFixed(1), ((y1 - y) * sc).toFixed(1)];
  const svg = el('svg', { viewBox: `-40 -40 ${W + 80} ${H + 80}`, class: 'modes-map', preserveAspectRatio: 'xMidYMid meet' });
  const content = el('g', {});
  svg.appendChild(content);
  const roads = new Map<string, SVGPathElement>();
  layers.roads?.features.forEach((f) => {
    const g = f.geometry;
    const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    const d = lines.map((l) => 'M' + l.map((p) => P(p).join(' ')).join('L')).join('');
    const p = el('path', { d, class: 'road', 'stroke-width': (f.properties?.class === 'primary' ? 6 : 3) });
    content.appendChild(p);
    if (f.properties?.id) roads.set(String(f.properties.id), p);
  });
  const shelters = new Map<string, SVGRectElement>();
  layers.shelters?.features.forEach((f) => {
    if (f.geometry.type !== 'Point') return;
    const [x, y] = P(f.geometry.coordinates);
    const r = el('rect', { x: Number(x) - 9, y: Number(y) - 9, width: 18, height: 18, class: 'shelter' });
    content.appendChild(r);
    if (f.properties?.id) shelters.set(String(f.properties.id), r);
  });
  const gauges = new Map<string, SVGCircleElement>();
  layers.gauges?.features.forEach((f) => {
    if (f.geometry.type !== 'Point') return;
    const [x, y] = P(f.geometry.coordinates);
    const c = el('circle', { cx: x, cy: y, r: 16, class: 'gauge' });
    content.appendChild(c);
    if (f.properties?.id) gauges.set(String(f.properties.id), c);
  });
  const marks = el('g', {});
  content.appendChild(marks);
  return {
    svg,
    content,
    setGaugeColour: (id, css) => { const g = gauges.get(id); if (g) g.style.fill = css; },
    setRoadCut: (id, cut) => roads.get(id)?.classList.toggle('cut', cut),
    setShelterOpen: (id, open) => shelters.get(id)?.classList.toggle('open', open),
    mark: (id, ll, css) => {
      const [x, y] = P(ll);
      const m = el('path', { d: `M${x} ${Number(y) - 30}l18 30l-36 0z`, fill: css, class: 'mark', 'data-inject': id });
      marks.appendChild(m);
    },
    clearMarks: () => marks.replaceChildren(),
  };
}
