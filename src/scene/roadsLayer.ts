/**
 * Roads draped on the terrain, grey when passable and red where the water on them reaches
 * ROAD_CUT_M (0.3 m: vehicles unsafe, Pregnolato et al. 2017). Recoloured in place per frame.
 */
import {
  Color, ColorGeometryInstanceAttribute, GeometryInstance, GroundPolylineGeometry, GroundPolylinePrimitive,
  PolylineColorAppearance, Cartesian3, type Scene,
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
  show: boolean;
}

export function addRoadsLayer(scene: Scene, fc: FeatureCollection, dem: Grid, frame: TwinFrame): RoadsLayer {
  const lines: { id: string; lonLat: [number, number][]; cells: Int32Array; width: number }[] = [];
  fc.features.forEach((f, i) => {
    const g = f.geometry as LineString | MultiLineString;
    const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    const cls = String((f.properties ?? {}).class ?? '');
    const width = cls === 'motorway' || cls === 'primary' ? 6 : cls === 'secondary' || cls === 'tertiary' ? 4 : 2.5;
    for (const part of parts) {
      if (part.length < 2) continue;
      const lonLat = part as [number, number][];
      const xy = lonLat.map(([lon, lat]) => frame.fromLonLat(lon, lat));
      lines.push({ id: String((f.properties ?? {}).id ?? `r${i}`), lonLat, cells: polylineCells(dem, xy), width });
    }
  });
  const state = new Uint8Array(lines.length);
  const primitive = new GroundPolylinePrimitive({
    geometryInstances: lines.map((l, k) => new GeometryInstance({
      id: `road:${k}`,
      geometry: new GroundPolylineGeometry({ positions: Cartesian3.fromDegreesArray(l.lonLat.flat()), width: l.width }),
      attributes: { color: ColorGeometryInstanceAttribute.fromColor(ROAD_OPEN) },
    })),
    appearance: new PolylineColorAppearance(),
  });
  if (lines.length) scene.groundPrimitives.add(primitive);
  return {
    count: lines.length,
    update(depth) {
      let cut = 0;
      for (let k = 0; k < lines.length; k++) {
        let d = 0;
        if (depth) for (const c of lines[k].cells) if (depth[c] > d) d = depth[c];
        const s = d >= ROAD_CUT_M ? 1 : 0;
        cut += s;
        if (s === state[k] || !primitive.ready) continue;
        const attrs = primitive.getGeometryInstanceAttributes(`road:${k}`);
        attrs.color = ColorGeometryInstanceAttribute.toValue(s ? ROAD_CUT : ROAD_OPEN, attrs.color);
        state[k] = s;
      }
      scene.requestRender();
      return cut;
    },
    get show() { return primitive.show; },
    set show(v: boolean) { primitive.show = v; scene.requestRender(); },
  };
}
