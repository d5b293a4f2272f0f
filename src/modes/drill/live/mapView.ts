/**
 * A live drill map screen: the planner's 3D scene of the drill's twin (src/scene/twinView.ts) with
 * the live frames' water, the roads and buildings coloured by it, a large clock and legend, and the
 * director's camera (set views and fly-to bookmarks) applied as it comes.
 */
import * as Comlink from 'comlink';
import { Cartesian3, Math as CMath } from 'cesium';
import type { IoApi } from '../../../../workers/io.worker.ts';
import type { Grid } from '../../../core/grid.ts';
import { loadPageTwin } from '../../../sim/pageTwin.ts';
import { mountTwinView, type TwinView } from '../../../scene/twinView.ts';
import { createDrawTool } from '../../../ui/drawIntervention.ts';
import { DEPTH_RAMP, rgbCss } from '../../../export/colorRamp.ts';
import { escapeHtml } from '../../../core/escapeHtml.ts';

export interface CameraView {
  lon: number;
  lat: number;
  h: number;
  heading: number;
  pitch: number;
}

export interface MapScreen {
  view: TwinView;
  dem: Grid;
  showDepth(depth: Float32Array, index: number): void;
  /** map point (grid CRS) under a window pixel, or null */
  pickMap(px: number, py: number): [number, number] | null;
  camera(): CameraView;
  setCamera(c: CameraView, fly: boolean): void;
  whenRendered(): Promise<void>;
}

/** `layers`: the vector layers to draw (buildings, roads, gauges, shelters); default all the twin has */
export async function mountMap(el: HTMLElement, scenarioUrl: string, layers?: string[]): Promise<MapScreen> {
  const io = Comlink.wrap<IoApi>(
    new Worker(new URL('../../../../workers/io.worker.ts', import.meta.url), { type: 'module', name: 'floodtwin-io' }),
  );
  const loaded = await io.loadScenario(scenarioUrl);
  const twin = await loadPageTwin(scenarioUrl, loaded.scenario.twin);
  const dem = loaded.dem;
  const want = (k: string) => !layers || layers.includes(k);
  const layerOn = {
    buildings: !!twin.buildings && want('buildings'),
    roads: !!twin.roads && want('roads'),
    gauges: !!twin.gauges && want('gauges'),
    shelters: !!(twin.shelters || twin.facilities) && want('shelters'),
    water: true,
  };
  const view = mountTwinView(el, dem, twin, { layerOn });
  const ts = view.ts;
  const draw = createDrawTool(ts, () => undefined);
  let shownIndex = -1;
  const legend = document.createElement('div');
  legend.className = 'live-legend';
  legend.innerHTML = `<b>Water depth (m)</b><div class="ramp" style="background:linear-gradient(to right, ${escapeHtml(DEPTH_RAMP.map((s) => rgbCss(s.rgb)).join(','))})"></div>
    <div class="ticks">${DEPTH_RAMP.map((s) => `<span>${s.depthM.toFixed(2)}</span>`).join('')}</div><div><span class="swatch" style="background:#e0302a"></span> road cut (≥ 0.3 m)</div>`;
  el.appendChild(legend);
  return {
    view,
    dem,
    showDepth(depth, index) {
      // the same frame twice (no blend): every screen shows exactly the frame's water
      ts.water.setFrames(depth, index, depth, index, 0);
      if (index !== shownIndex) {
        shownIndex = index;
        view.buildings?.update(depth);
        view.roads?.update(depth);
        view.gauges?.update(depth);
      }
      ts.viewer.scene.requestRender();
    },
    pickMap: (px, py) => draw.pickMap(px, py),
    camera() {
      const c = ts.viewer.camera.positionCartographic;
      return {
        lon: CMath.toDegrees(c.longitude),
        lat: CMath.toDegrees(c.latitude),
        h: c.height,
        heading: CMath.toDegrees(ts.viewer.camera.heading),
        pitch: CMath.toDegrees(ts.viewer.camera.pitch),
      };
    },
    setCamera(c, fly) {
      const destination = Cartesian3.fromDegrees(c.lon, c.lat, c.h);
      const orientation = { heading: CMath.toRadians(c.heading), pitch: CMath.toRadians(c.pitch), roll: 0 };
      if (fly) ts.viewer.camera.flyTo({ destination, orientation, duration: 1.5 });
      else ts.viewer.camera.setView({ destination, orientation });
      ts.viewer.scene.requestRender();
    },
    whenRendered: () => ts.whenRendered(),
  };
}
