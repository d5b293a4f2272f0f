/**
 * Roads on the terrain, pale when passable and red where the water on them reaches ROAD_CUT_M
 * (0.3 m: vehicles unsafe, Pregnolato et al. 2017). Recoloured in place per frame.
 *
 * Lines are densified to the DEM's cell size and lifted 1 m above the DEM, in one Primitive:
 * Cesium's terrain-clamped GroundPolylinePrimitive looked the same but tripled the software-rendered
 * (SwiftShader) time to the first frame of the small twin (78 s against 21 s).
 */
import {
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PolylineGeometry,
  Primitive,
  PolylineColorAppearance,
  Cartesian3,
  type Scene,
} from 'cesium';
import type { FeatureCollection, LineString, MultiLineString } from 'geojson';
import type { Grid } from '../core/grid.ts';
import { polylineCells } from '../interventions/rasterise.ts';
import type { TwinFrame } from './twinFrame.ts';

export const ROAD_CUT_M = 0.3;
export const ROAD_OPEN = Color.fromCssColorString('#f2efe6');
export const ROAD_CUT = Color.fromCssColorString('#e0302a');

export interface RoadsLayer {
  count: number;
  /** recolour; returns the number of roads cut */
  update(depth: Float32Array | null): number;
  setExaggeration(): void;
  show: boolean;
}

export function addRoadsLayer(
  scene: Scene,
  fc: FeatureCollection,
  dem: Grid,
  frame: TwinFrame,
  groundAt: (x: number, y: number) => number,
): RoadsLayer {
  const lines: { id: string; xy: [number, number][]; cells: Int32Array; width: number }[] = [];
  fc.features.forEach((f, i) => {
    const g = f.geometry as LineString | MultiLineString;
    const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    const cls = String((f.properties ?? {}).class ?? '');
    const width = cls === 'motorway' || cls === 'primary' ? 4 : cls === 'secondary' || cls === 'tertiary' ? 3 : 2;
    for (const part of parts) {
      if (part.length < 2) continue;
      const xy = (part as [number, number][]).map(([lon, lat]) => frame.fromLonLat(lon, lat));
      lines.push({ id: String((f.properties ?? {}).id ?? `r${i}`), xy, cells: polylineCells(dem, xy), width });
    }
  });
  const state = new Uint8Array(lines.length);
  let primitive: Primitive | null = null;
  let show = true;
  const build = () => {
    if (primitive) scene.primitives.remove(primitive);
    const ex = scene.verticalExaggeration,
      rel = scene.verticalExaggerationRelativeHeight;
    const step = dem.cellSize;
    primitive = new Primitive({
      geometryInstances: lines.map((l, k) => {
        const pos: Cartesian3[] = [];
        for (let j = 0; j + 1 < l.xy.length; j++) {
          const [x0, y0] = l.xy[j],
            [x1, y1] = l.xy[j + 1];
          const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
          for (let s = j === 0 ? 0 : 1; s <= n; s++) {
            const x = x0 + ((x1 - x0) * s) / n,
              y = y0 + ((y1 - y0) * s) / n;
            pos.push(frame.toCartesian(x, y, (groundAt(x, y) - rel) * ex + rel + 1));
          }
        }
        return new GeometryInstance({
          id: `road:${k}`,
          geometry: new PolylineGeometry({
            positions: pos,
            width: l.width,
            vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
            arcType: 0,
          }),
          attributes: { color: ColorGeometryInstanceAttribute.fromColor(state[k] ? ROAD_CUT : ROAD_OPEN) },
        });
      }),
      appearance: new PolylineColorAppearance({ translucent: false }),
      asynchronous: false,
      show,
    });
    scene.primitives.add(primitive);
  };
  if (lines.length) build();
  return {
    count: lines.length,
    setExaggeration() {
      if (lines.length) build();
    },
    update(depth) {
      let cut = 0;
      for (let k = 0; k < lines.length; k++) {
        let d = 0;
        if (depth) for (const c of lines[k].cells) if (depth[c] > d) d = depth[c];
        const s = d >= ROAD_CUT_M ? 1 : 0;
        cut += s;
        if (s === state[k] || !primitive?.ready) continue;
        const attrs = primitive.getGeometryInstanceAttributes(`road:${k}`);
        attrs.color = ColorGeometryInstanceAttribute.toValue(s ? ROAD_CUT : ROAD_OPEN, attrs.color);
        state[k] = s;
      }
      scene.requestRender();
      return cut;
    },
    get show() {
      return show;
    },
    set show(v: boolean) {
      show = v;
      if (primitive) primitive.show = v;
      scene.requestRender();
    },
  };
}
