/**
 * The ops view's 3D twin (src/scene/twinView.ts, the planner's and drills' scene) with the latest
 * forecast's flood: the runner's highest water level per computational cell
 * (forecast_maxlevel_latest.asc, src/ops/forecastFlood.ts) spread over the twin's own DEM and drawn
 * as the water, the buildings coloured by it. The note under it says the computational cell size
 * (the feeds file's ops.cellSizeM) next to the DEM's.
 */
import type { FeatureCollection } from 'geojson';
import { readAsciiGrid } from '../../io/asciiGrid.ts';
import { readGrid } from '../../io/readGrid.ts';
import { sameOriginUrl } from '../../io/sameOrigin.ts';
import type { Grid } from '../../core/grid.ts';
import { depthOnDem } from '../../ops/forecastFlood.ts';
import { loadPageTwin } from '../../sim/pageTwin.ts';
import { mountTwinView, type TwinView } from '../../scene/twinView.ts';

export interface ForecastFloodState {
  /** DEM cells the latest forecast floods (depth > 0) */
  wetCells: number;
  /** the computational grid's cell size (m) */
  cellSizeM: number;
  demCellSizeM: number;
}

export interface TwinPanel {
  /** fetches the runner's latest forecast flood and draws it; null while there is none */
  refresh(): Promise<ForecastFloodState | null>;
}

/** Mounts the twin of `scenarioUrl` (its DEM and layers) into `el`; `levelUrl` is the runner's grid. */
export async function mountTwinPanel(el: HTMLElement, scenarioUrl: URL, levelUrl: URL): Promise<TwinPanel> {
  const scenario = (await (await fetch(scenarioUrl)).json()) as { dem: string; twin?: string };
  const demUrl = sameOriginUrl(scenario.dem, scenarioUrl, 'dem');
  const dem = await readGrid(new Uint8Array(await (await fetch(demUrl)).arrayBuffer()), scenario.dem);
  const twin = await loadPageTwin(scenarioUrl.href, scenario.twin);
  const view = mountTwinView(
    el,
    dem,
    { ...twin, roads: null as FeatureCollection | null },
    {
      layerOn: { buildings: !!twin.buildings, gauges: !!twin.gauges, shelters: true, water: true },
    },
  );
  let shown = '';
  let key = 0;
  let state: ForecastFloodState | null = null;
  return {
    async refresh() {
      const r = await fetch(levelUrl, { cache: 'no-store' }).catch(() => null);
      // none yet: a 404, or a server's page fallback (HTML) for the missing file
      if (!r?.ok || r.headers.get('content-type')?.includes('text/html')) return state;
      const text = await r.text();
      if (text === shown) return state;
      shown = text;
      state = draw(view, dem, readAsciiGrid(text, levelUrl.pathname), ++key);
      return state;
    },
  };
}

/** `key`: a new number per forecast (the water layer keeps frames by key) */
function draw(view: TwinView, dem: Grid, level: Grid, key: number): ForecastFloodState {
  const depth = depthOnDem(level, dem);
  view.ts.water.setFrames(depth, key, depth, key, 0);
  view.buildings?.update(depth);
  view.gauges?.update(depth);
  view.ts.viewer.scene.requestRender();
  let wetCells = 0;
  for (const d of depth) if (d > 0) wetCells++;
  return { wetCells, cellSizeM: level.cellSize, demCellSizeM: dem.cellSize };
}
