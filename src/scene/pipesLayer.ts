/**
 * Storm sewers: each conduit drawn along its route just above the ground, coloured by how full it
 * is (from the coupled drainage run's samples: grey-green empty, yellow half full, red full or
 * surcharged), and manholes marked red while they overflow onto the street. Recoloured in place.
 * A dropped network replaces the layer: `destroy()` the old one, add the new one.
 */
import {
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PolylineGeometry,
  Primitive,
  PolylineColorAppearance,
  PointPrimitiveCollection,
  type PointPrimitive,
  type Scene,
} from 'cesium';
import type { TwinFrame } from './twinFrame.ts';

export const PIPE_EMPTY = Color.fromCssColorString('#7d9a8c');
export const PIPE_HALF = Color.fromCssColorString('#f2d14b');
export const PIPE_FULL = Color.fromCssColorString('#e0302a');
export const OVERFLOW = Color.fromCssColorString('#ff2d55');

/** colour of a conduit at fill f (0 empty … 1 full) */
export function fillColor(f: number): Color {
  const t = Math.max(0, Math.min(1, f));
  return t < 0.5
    ? Color.lerp(PIPE_EMPTY, PIPE_HALF, t / 0.5, new Color())
    : Color.lerp(PIPE_HALF, PIPE_FULL, (t - 0.5) / 0.5, new Color());
}

export interface PipeState {
  /** fill per conduit in the layer's order, NaN = unknown */
  fill: Float32Array;
  /** 1 where the node overflowed since the previous sample, in the layer's node order */
  overflowing: Uint8Array;
}

export interface PipesLayer {
  linkIds: string[];
  nodeIds: string[];
  /** conduits drawn (polylines) and manholes marked (points, shown while they overflow) */
  readonly drawn: { conduits: number; nodes: number };
  update(state: PipeState | null): void;
  setExaggeration(): void;
  show: boolean;
  /** removes the layer's primitives from the scene */
  destroy(): void;
}

export function addPipesLayer(
  scene: Scene,
  geom: { nodes: { id: string; x: number; y: number }[]; links: { id: string; line: [number, number][] }[] },
  frame: TwinFrame,
  groundAt: (x: number, y: number) => number,
): PipesLayer {
  let primitive: Primitive | null = null;
  let show = true;
  const shown = new Int16Array(geom.links.length).fill(-1);
  const points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  let marks: PointPrimitive[] = [];
  const lift = (x: number, y: number) => {
    const ex = scene.verticalExaggeration,
      rel = scene.verticalExaggerationRelativeHeight;
    return (groundAt(x, y) - rel) * ex + rel + 1.5;
  };
  const build = () => {
    if (primitive) scene.primitives.remove(primitive);
    primitive = new Primitive({
      geometryInstances: geom.links.map(
        (l, k) =>
          new GeometryInstance({
            id: `pipe:${k}`,
            geometry: new PolylineGeometry({
              positions: l.line.map(([x, y]) => frame.toCartesian(x, y, lift(x, y))),
              width: 2,
              vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
              arcType: 0,
            }),
            attributes: { color: ColorGeometryInstanceAttribute.fromColor(PIPE_EMPTY) },
          }),
      ),
      appearance: new PolylineColorAppearance({ translucent: false }),
      asynchronous: false,
      show,
    });
    scene.primitives.add(primitive);
    shown.fill(-1);
    points.removeAll();
    marks = geom.nodes.map((n) =>
      points.add({
        position: frame.toCartesian(n.x, n.y, lift(n.x, n.y) + 1),
        pixelSize: 9,
        color: OVERFLOW,
        outlineColor: Color.WHITE,
        outlineWidth: 1,
        show: false,
      }),
    );
  };
  if (geom.links.length) build();
  return {
    linkIds: geom.links.map((l) => l.id),
    nodeIds: geom.nodes.map((n) => n.id),
    get drawn() {
      return { conduits: primitive ? geom.links.length : 0, nodes: points.length };
    },
    update(state) {
      if (!primitive?.ready) return;
      for (let k = 0; k < geom.links.length; k++) {
        const f = state ? state.fill[k] : 0;
        const bucket = Number.isFinite(f) ? Math.round(Math.max(0, Math.min(1, f)) * 20) : 0;
        if (bucket === shown[k]) continue;
        const attrs = primitive.getGeometryInstanceAttributes(`pipe:${k}`);
        attrs.color = ColorGeometryInstanceAttribute.toValue(fillColor(bucket / 20), attrs.color);
        shown[k] = bucket;
      }
      for (let i = 0; i < marks.length; i++) marks[i].show = show && !!state && state.overflowing[i] === 1;
      scene.requestRender();
    },
    setExaggeration() {
      if (geom.links.length) build();
    },
    get show() {
      return show;
    },
    set show(v: boolean) {
      show = v;
      if (primitive) primitive.show = v;
      points.show = v;
      scene.requestRender();
    },
    destroy() {
      if (primitive) scene.primitives.remove(primitive);
      primitive = null;
      scene.primitives.remove(points);
      scene.requestRender();
    },
  };
}
