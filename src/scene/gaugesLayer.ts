/**
 * River gauges as columns: a pale sleeve up to above the guaranteed level, a water column to the
 * current level (blue below the warning level, orange from it, red from the guaranteed level),
 * and two rings at the warning (yellow) and guaranteed (red) levels. The current level is the
 * simulated water level in the gauge's cell (ground + depth); before a run there is no column.
 */
import { Cartesian3, Color, ConstantPositionProperty, ConstantProperty, type Entity, type Viewer } from 'cesium';
import type { FeatureCollection, Point } from 'geojson';
import type { Grid } from '../core/grid.ts';
import type { TwinFrame } from './twinFrame.ts';

export const GAUGE_OK = Color.fromCssColorString('#3c8fe0');
export const GAUGE_WARN = Color.fromCssColorString('#f39c12');
export const GAUGE_DANGER = Color.fromCssColorString('#e0302a');

export interface GaugeInfo {
  id: string;
  name: string;
  nameZh?: string;
  warningLevelM: number;
  guaranteedLevelM: number;
  datum?: string;
  record?: string;
  x: number;
  y: number;
  lon: number;
  lat: number;
  cell: number;
  groundM: number;
}

export interface GaugesLayer {
  gauges: GaugeInfo[];
  update(depth: Float32Array | null): void;
  /** the gauge id of a picked object, or null */
  gaugeOf(picked: unknown): string | null;
  setExaggeration(): void;
  show: boolean;
}

export function readGauges(
  fc: FeatureCollection,
  dem: Grid,
  frame: TwinFrame,
  groundAt: (x: number, y: number) => number,
): GaugeInfo[] {
  const out: GaugeInfo[] = [];
  fc.features.forEach((f, i) => {
    if (f.geometry?.type !== 'Point') return;
    const [lon, lat] = (f.geometry as Point).coordinates;
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const [x, y] = frame.fromLonLat(lon, lat);
    const col = Math.floor((x - dem.xll) / dem.cellSize);
    const row = Math.floor((dem.yll + dem.nrows * dem.cellSize - y) / dem.cellSize);
    const inside = col >= 0 && col < dem.ncols && row >= 0 && row < dem.nrows;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
    out.push({
      id: String(p.id ?? `g${i}`),
      name: String(p.name ?? p.id ?? `gauge ${i + 1}`),
      nameZh: typeof p.nameZh === 'string' ? p.nameZh : undefined,
      warningLevelM: num(p.warningLevelM),
      guaranteedLevelM: num(p.guaranteedLevelM),
      datum: typeof p.datum === 'string' ? p.datum : undefined,
      record: typeof p.record === 'string' ? p.record : undefined,
      x,
      y,
      lon,
      lat,
      cell: inside ? row * dem.ncols + col : -1,
      groundM: groundAt(x, y),
    });
  });
  return out;
}

export function addGaugesLayer(viewer: Viewer, gauges: GaugeInfo[], dem: Grid): GaugesLayer {
  const scene = viewer.scene;
  const radius = Math.max(6, (Math.max(dem.ncols, dem.nrows) * dem.cellSize) / 180);
  const ents: { sleeve: Entity; water: Entity; warn: Entity; guar: Entity }[] = [];
  const ex = (h: number) =>
    (h - scene.verticalExaggerationRelativeHeight) * scene.verticalExaggeration +
    scene.verticalExaggerationRelativeHeight;
  const levels = new Float32Array(gauges.length).fill(NaN);

  const place = (e: Entity, g: GaugeInfo, bottom: number, top: number) => {
    const b = ex(bottom),
      t = ex(Math.max(top, bottom + 0.01));
    e.position = new ConstantPositionProperty(Cartesian3.fromDegrees(g.lon, g.lat, (b + t) / 2));
    e.cylinder!.length = new ConstantProperty(t - b);
  };

  gauges.forEach((g) => {
    const top = Math.max(g.guaranteedLevelM, g.warningLevelM, g.groundM) + 2;
    const cyl = (id: string, color: Color, r: number, outline = false) =>
      viewer.entities.add({
        id: `gauge:${g.id}:${id}`,
        cylinder: {
          length: 1,
          topRadius: r,
          bottomRadius: r,
          material: color,
          outline,
          outlineColor: Color.WHITE.withAlpha(0.6),
        },
      });
    const e = {
      sleeve: cyl('sleeve', Color.WHITE.withAlpha(0.35), radius, true),
      water: cyl('water', GAUGE_OK, radius * 0.8),
      warn: cyl('warning', Color.YELLOW, radius * 1.25),
      guar: cyl('guaranteed', GAUGE_DANGER, radius * 1.25),
    };
    ents.push(e);
    const isFiniteTop = Number.isFinite(top) ? top : g.groundM + 10;
    place(e.sleeve, g, g.groundM, isFiniteTop);
    e.water.show = false;
    if (Number.isFinite(g.warningLevelM)) place(e.warn, g, g.warningLevelM - 0.15, g.warningLevelM + 0.15);
    else e.warn.show = false;
    if (Number.isFinite(g.guaranteedLevelM)) place(e.guar, g, g.guaranteedLevelM - 0.15, g.guaranteedLevelM + 0.15);
    else e.guar.show = false;
  });

  let show = true;
  const layer: GaugesLayer = {
    gauges,
    update(depth) {
      gauges.forEach((g, k) => {
        const e = ents[k];
        const d = depth && g.cell >= 0 ? depth[g.cell] : 0;
        if (!(d > 0.01)) {
          e.water.show = false;
          levels[k] = NaN;
          return;
        }
        const level = g.groundM + d;
        levels[k] = level;
        e.water.show = show;
        place(e.water, g, g.groundM, level);
        const c = level >= g.guaranteedLevelM ? GAUGE_DANGER : level >= g.warningLevelM ? GAUGE_WARN : GAUGE_OK;
        e.water.cylinder!.material = c as never;
      });
      scene.requestRender();
    },
    gaugeOf(picked) {
      const id = (picked as { id?: { id?: unknown } } | undefined)?.id?.id;
      if (typeof id !== 'string' || !id.startsWith('gauge:')) return null;
      return id.split(':')[1];
    },
    setExaggeration() {
      gauges.forEach((g, k) => {
        const e = ents[k];
        const top = Math.max(g.guaranteedLevelM, g.warningLevelM, g.groundM) + 2;
        place(e.sleeve, g, g.groundM, Number.isFinite(top) ? top : g.groundM + 10);
        if (Number.isFinite(g.warningLevelM)) place(e.warn, g, g.warningLevelM - 0.15, g.warningLevelM + 0.15);
        if (Number.isFinite(g.guaranteedLevelM)) place(e.guar, g, g.guaranteedLevelM - 0.15, g.guaranteedLevelM + 0.15);
        if (Number.isFinite(levels[k])) place(e.water, g, g.groundM, levels[k]);
      });
      scene.requestRender();
    },
    get show() {
      return show;
    },
    set show(v: boolean) {
      show = v;
      ents.forEach((e, k) => {
        e.sleeve.show = v;
        e.warn.show = v && Number.isFinite(gauges[k].warningLevelM);
        e.guar.show = v && Number.isFinite(gauges[k].guaranteedLevelM);
        e.water.show = v && Number.isFinite(levels[k]);
      });
      scene.requestRender();
    },
  };
  return layer;
}
