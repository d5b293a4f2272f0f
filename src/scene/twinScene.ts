/**
 * The whole scene for one twin, top to bottom: viewer, terrain from the DEM, the water surface,
 * then the vector layers. Returns the handles the panels drive.
 */
import {
  Cartesian3,
  HeadingPitchRange,
  Math as CMath,
  Matrix4,
  SceneTransforms,
  Cartesian2,
  type Viewer,
} from 'cesium';
import type { Grid, GridCrs } from '../core/grid.ts';
import { createViewer } from './viewer.ts';
import { makeTwinFrame, type TwinFrame } from './twinFrame.ts';
import { makeDemTerrainProvider, demMinMax, sampleDem } from './terrainProvider.ts';
import { addWaterLayer, type WaterLayer } from './waterLayer.ts';
import { addHillshadeLayer } from './hillshadeLayer.ts';

export interface TwinScene {
  viewer: Viewer;
  frame: TwinFrame;
  dem: Grid;
  water: WaterLayer;
  /** ground height (m, unexaggerated) at map point */
  groundAt(x: number, y: number): number;
  /** window pixel (CSS px) of map point (x, y) at `aboveM` metres above the ground, or null */
  toScreen(x: number, y: number, aboveM?: number): [number, number] | null;
  setExaggeration(v: number): void;
  home(): void;
  /** resolves once the terrain tiles are loaded and drawn (globe.tilesLoaded over a few frames) */
  whenRendered(timeoutMs?: number): Promise<void>;
  /** render now (requestRenderMode) */
  render(): void;
  destroy(): void;
}

export function buildTwinScene(
  container: HTMLElement,
  dem: Grid,
  crs: GridCrs | undefined,
  opts: { imagery?: boolean } = {},
): TwinScene {
  const mark = (name: string, t0: number) =>
    performance.measure(`floodtwin:${name}`, { start: t0, end: performance.now() });
  let t0 = performance.now();
  const viewer = createViewer(container, { imagery: opts.imagery });
  mark('viewer', t0);
  const scene = viewer.scene;
  const frame = makeTwinFrame(dem, crs ?? dem.crs);
  const [lo] = demMinMax(dem);
  scene.terrainProvider = makeDemTerrainProvider(dem, frame);
  scene.verticalExaggerationRelativeHeight = lo;
  t0 = performance.now();
  addHillshadeLayer(viewer, dem, frame);
  mark('hillshade', t0);
  t0 = performance.now();
  const water = addWaterLayer(scene, dem, frame);
  mark('water mesh', t0);

  const groundAt = (x: number, y: number) => sampleDem(dem, x, y, lo) ?? lo;
  const W = dem.ncols * dem.cellSize,
    H = dem.nrows * dem.cellSize;
  const cx = dem.xll + W / 2,
    cy = dem.yll + H / 2;

  const home = () => {
    // north up, looking down at 45°; the target sits a little west of the centre so the twin
    // clears the planner panel on the left
    const tx = cx - 0.08 * W;
    const target = frame.toCartesian(tx, cy, groundAt(tx, cy) * scene.verticalExaggeration);
    viewer.camera.lookAt(target, new HeadingPitchRange(0, CMath.toRadians(-45), 1.15 * Math.max(W, H)));
    viewer.camera.lookAtTransform(Matrix4.IDENTITY);
    scene.requestRender();
  };
  home();

  const scratch = new Cartesian3();
  const win = new Cartesian2();
  return {
    viewer,
    frame,
    dem,
    water,
    groundAt,
    toScreen(x, y, aboveM = 0) {
      const ex = scene.verticalExaggeration,
        rel = scene.verticalExaggerationRelativeHeight;
      const h = (groundAt(x, y) - rel) * ex + rel + aboveM;
      frame.toCartesian(x, y, h, scratch);
      const p = SceneTransforms.worldToWindowCoordinates(scene, scratch, win);
      return p ? [p.x, p.y] : null;
    },
    setExaggeration(v) {
      scene.verticalExaggeration = v;
      scene.requestRender();
    },
    home,
    whenRendered(timeoutMs = 120_000) {
      // tilesLoaded can be true before the first frame: require it on several rendered frames
      return new Promise<void>((resolve, reject) => {
        let good = 0;
        const t0 = performance.now();
        const remove = scene.postRender.addEventListener(() => {
          good = scene.globe.tilesLoaded ? good + 1 : 0;
          if (good >= 3) {
            remove();
            resolve();
          } else if (performance.now() - t0 > timeoutMs) {
            remove();
            reject(new Error('terrain did not finish loading'));
          } else {
            setTimeout(() => scene.requestRender(), 0);
          }
        });
        scene.requestRender();
      });
    },
    render() {
      scene.requestRender();
      scene.render();
    },
    destroy() {
      viewer.destroy();
    },
  };
}
