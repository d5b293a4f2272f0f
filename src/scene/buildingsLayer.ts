/**
 * Buildings: footprints extruded to their height (heightM, or floors × 3 m), standing on the DEM,
 * coloured by the water depth at their footprint (the deepest cell whose centre is inside it or
 * under its centroid; as the metrics count them). One Cesium Primitive with a colour per instance,
 * recoloured in place each frame (no rebuild); rebuilt only when the vertical exaggeration changes.
 */
import {
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  Cartesian3,
  Primitive,
  type Scene,
} from 'cesium';
import type { Feature, FeatureCollection, Polygon, MultiPolygon } from 'geojson';
import type { Grid } from '../core/grid.ts';
import { polygonCells } from '../interventions/rasterise.ts';
import type { TwinFrame } from './twinFrame.ts';
import { depthColor } from '../export/colorRamp.ts';

export const DRY_BUILDING = Color.fromCssColorString('#d9d4c7');
/** buildings count as flooded from this depth (m), like the metrics' first band */
export const BUILDING_WET_M = 0.1;

export interface BuildingInfo {
  id: string;
  name?: string;
  heightM: number;
  population: number;
  use?: string;
  lonLat: [number, number][];
  groundM: number;
  /** grid cells under the footprint (and centroid) */
  cells: Int32Array;
}

export interface BuildingsLayer {
  buildings: BuildingInfo[];
  /** recolour from a depth frame; returns the depth per building */
  update(depth: Float32Array | null): Float32Array;
  setExaggeration(): void;
  show: boolean;
}

function outerRings(f: Feature): [number, number][][] {
  const g = f.geometry as Polygon | MultiPolygon;
  if (g.type === 'Polygon') return [g.coordinates[0] as [number, number][]];
  if (g.type === 'MultiPolygon') return g.coordinates.map((p) => p[0] as [number, number][]);
  return [];
}

export function addBuildingsLayer(
  scene: Scene,
  fc: FeatureCollection,
  dem: Grid,
  frame: TwinFrame,
  groundAt: (x: number, y: number) => number,
): BuildingsLayer {
  const buildings: BuildingInfo[] = [];
  fc.features.forEach((f, i) => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    for (const ring of outerRings(f)) {
      if (ring.length < 4) continue;
      const xy = ring.map(([lon, lat]) => frame.fromLonLat(lon, lat));
      let ground = Infinity;
      for (const [x, y] of xy) ground = Math.min(ground, groundAt(x, y));
      let cx = 0,
        cy = 0;
      for (const [x, y] of xy) {
        cx += x;
        cy += y;
      }
      cx /= xy.length;
      cy /= xy.length;
      const cells = Array.from(polygonCells(dem, [xy]));
      const col = Math.floor((cx - dem.xll) / dem.cellSize);
      const row = Math.floor((dem.yll + dem.nrows * dem.cellSize - cy) / dem.cellSize);
      if (col >= 0 && col < dem.ncols && row >= 0 && row < dem.nrows) cells.push(row * dem.ncols + col);
      const heightM = typeof p.heightM === 'number' ? p.heightM : typeof p.floors === 'number' ? p.floors * 3 : 6;
      buildings.push({
        id: String(p.id ?? `b${i}`),
        name: typeof p.name === 'string' ? p.name : undefined,
        heightM,
        population: typeof p.population === 'number' ? p.population : 0,
        use: typeof p.use === 'string' ? p.use : undefined,
        lonLat: ring,
        groundM: ground,
        cells: Int32Array.from(cells),
      });
    }
  });

  let primitive: Primitive | null = null;
  let show = true;
  const colors = buildings.map(() => DRY_BUILDING);

  const build = () => {
    if (primitive) scene.primitives.remove(primitive);
    const ex = scene.verticalExaggeration,
      rel = scene.verticalExaggerationRelativeHeight;
    const exh = (h: number) => (h - rel) * ex + rel;
    primitive = new Primitive({
      geometryInstances: buildings.map(
        (b, k) =>
          new GeometryInstance({
            id: `building:${k}`,
            geometry: new PolygonGeometry({
              polygonHierarchy: new PolygonHierarchy(Cartesian3.fromDegreesArray(b.lonLat.slice(0, -1).flat())),
              height: exh(b.groundM) - 2,
              extrudedHeight: exh(b.groundM + b.heightM),
              vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
            }),
            attributes: { color: ColorGeometryInstanceAttribute.fromColor(colors[k]) },
          }),
      ),
      appearance: new PerInstanceColorAppearance({ translucent: false, closed: true }),
      asynchronous: false,
      show,
    });
    scene.primitives.add(primitive);
  };
  if (buildings.length) build();

  const depthOf = new Float32Array(buildings.length);
  return {
    buildings,
    update(depth) {
      for (let k = 0; k < buildings.length; k++) {
        let d = 0;
        if (depth) for (const c of buildings[k].cells) if (depth[c] > d) d = depth[c];
        depthOf[k] = d;
        const c = d >= BUILDING_WET_M ? Color.fromBytes(...depthColor(d)) : DRY_BUILDING;
        if (Color.equals(c, colors[k])) continue;
        const attrs = primitive?.ready ? primitive.getGeometryInstanceAttributes(`building:${k}`) : undefined;
        if (!attrs) continue; // not drawn yet: retried on the next update
        attrs.color = ColorGeometryInstanceAttribute.toValue(c, attrs.color);
        colors[k] = c;
      }
      scene.requestRender();
      return depthOf;
    },
    setExaggeration() {
      if (buildings.length) build();
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
