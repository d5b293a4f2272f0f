/**
 * Drawing a levee or flood wall on the map: each left click picks the terrain under the cursor
 * (`globe.pick` on the camera ray, else `scene.pickPosition`), turns the picked ECEF point into the
 * DEM's map coordinates (ECEF → lon/lat → the twin frame's `fromLonLat`, the inverse of the
 * transform the scene draws with) and appends it to the line; a right click or Escape finishes.
 * The line is drawn as a yellow polyline a few metres above the ground.
 *
 * `addPoint(x, y)` is what a click ends in; the browser tests call it with map coordinates when
 * clicking through software WebGL would be flaky.
 */
import {
  Cartesian2,
  Cartesian3,
  Cartographic,
  Color,
  Math as CMath,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Entity,
} from 'cesium';
import type { Intervention } from '../core/scenario/edits.ts';
import { floodWall } from '../sim/comparePair.ts';
import type { TwinScene } from '../scene/twinScene.ts';

export type MapPoint = [number, number];

/** The intervention a drawn line becomes (schema: src/core/scenario/edits.ts, `leveeSchema`). */
export interface DrawnFloodWall {
  kind: 'floodWall';
  id: string;
  line: MapPoint[];
  crestM: number;
}

export function floodWallFrom(line: MapPoint[], crestM: number, id = 'drawn-wall'): DrawnFloodWall & Intervention {
  return floodWall(line, crestM, id); // the compare worker builds B with the same function
}

export interface DrawTool {
  /** the points so far (map coordinates of the DEM) */
  readonly points: MapPoint[];
  readonly active: boolean;
  /** start taking clicks (clears nothing) */
  start(): void;
  /** stop taking clicks; the line stays drawn */
  stop(): void;
  /** append a map point (what a click ends in) */
  addPoint(x: number, y: number): void;
  undo(): void;
  clear(): void;
  /** map point of the terrain under window pixel (px, py), or null off the globe / off the grid */
  pickMap(px: number, py: number): MapPoint | null;
  destroy(): void;
}

export function createDrawTool(ts: TwinScene, onChange: (points: MapPoint[], active: boolean) => void): DrawTool {
  const viewer = ts.viewer;
  const scene = viewer.scene;
  const g = ts.dem;
  const points: MapPoint[] = [];
  let active = false;
  let handler: ScreenSpaceEventHandler | null = null;
  let lineEntity: Entity | null = null;
  const dots: Entity[] = [];
  const carto = new Cartographic();

  // the ground height as drawn (exaggerated about the scene's relative height), plus a lift
  const drawnAt = (x: number, y: number, liftM: number): Cartesian3 => {
    const ex = scene.verticalExaggeration,
      rel = scene.verticalExaggerationRelativeHeight;
    return ts.frame.toCartesian(x, y, (ts.groundAt(x, y) - rel) * ex + rel + liftM);
  };

  const redraw = (): void => {
    if (lineEntity) viewer.entities.remove(lineEntity);
    lineEntity = null;
    for (const d of dots) viewer.entities.remove(d);
    dots.length = 0;
    for (const [x, y] of points) {
      dots.push(
        viewer.entities.add({
          position: drawnAt(x, y, 4),
          point: { pixelSize: 8, color: Color.YELLOW, outlineColor: Color.BLACK, outlineWidth: 1 },
        }),
      );
    }
    if (points.length >= 2) {
      lineEntity = viewer.entities.add({
        polyline: { positions: points.map(([x, y]) => drawnAt(x, y, 4)), width: 4, material: Color.YELLOW },
      });
    }
    scene.requestRender();
  };
  const changed = (): void => {
    redraw();
    onChange(points.slice(), active);
  };

  const inGrid = (x: number, y: number): boolean =>
    x >= g.xll && x <= g.xll + g.ncols * g.cellSize && y >= g.yll && y <= g.yll + g.nrows * g.cellSize;

  const pickMap = (px: number, py: number): MapPoint | null => {
    const win = new Cartesian2(px, py);
    let hit: Cartesian3 | undefined;
    const ray = viewer.camera.getPickRay(win);
    if (ray) hit = scene.globe.pick(ray, scene);
    if (!hit && scene.pickPositionSupported) hit = scene.pickPosition(win);
    if (!hit) return null;
    const c = Cartographic.fromCartesian(hit, undefined, carto);
    if (!c) return null;
    const [x, y] = ts.frame.fromLonLat(CMath.toDegrees(c.longitude), CMath.toDegrees(c.latitude));
    return inGrid(x, y) ? [x, y] : null;
  };

  const onKey = (e: KeyboardEvent): void => {
    if (!active) return;
    if (e.key === 'Escape' || e.key === 'Enter') tool.stop();
    else if (e.key === 'Backspace') tool.undo();
  };

  const tool: DrawTool = {
    points,
    get active() {
      return active;
    },
    start() {
      if (active) return;
      active = true;
      handler = new ScreenSpaceEventHandler(scene.canvas);
      handler.setInputAction((e: { position: Cartesian2 }) => {
        const p = pickMap(e.position.x, e.position.y);
        if (p) tool.addPoint(p[0], p[1]);
      }, ScreenSpaceEventType.LEFT_CLICK);
      handler.setInputAction(() => tool.stop(), ScreenSpaceEventType.RIGHT_CLICK);
      window.addEventListener('keydown', onKey);
      scene.canvas.style.cursor = 'crosshair';
      changed();
    },
    stop() {
      if (!active) return;
      active = false;
      handler?.destroy();
      handler = null;
      window.removeEventListener('keydown', onKey);
      scene.canvas.style.cursor = '';
      changed();
    },
    addPoint(x, y) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`map point (${x}, ${y}) is not a number`);
      if (!inGrid(x, y)) throw new Error(`map point (${x.toFixed(1)}, ${y.toFixed(1)}) is outside the twin's DEM`);
      points.push([x, y]);
      changed();
    },
    undo() {
      points.pop();
      changed();
    },
    clear() {
      points.length = 0;
      changed();
    },
    pickMap,
    destroy() {
      tool.stop();
      points.length = 0;
      redraw();
    },
  };
  return tool;
}
