/**
 * The twin's 3D view as the planner and the drill screens both show it: the scene (terrain, water)
 * with the buildings, roads, shelters, gauges, sewer pipes and evacuation agents of the twin, each
 * drawn when the twin has it and `layerOn` asks for it. One module, so a drill map screen is the
 * planner's scene, not a copy.
 */
import type { Grid } from '../core/grid.ts';
import type { PageTwinLayers } from '../sim/pageTwin.ts';
import type { NetworkGeometry } from '../../workers/io.worker.ts';
import { buildTwinScene, type TwinScene } from './twinScene.ts';
import { addBuildingsLayer, type BuildingsLayer } from './buildingsLayer.ts';
import { addRoadsLayer, type RoadsLayer } from './roadsLayer.ts';
import { addSheltersLayer, type SheltersLayer } from './sheltersLayer.ts';
import { addGaugesLayer, readGauges, type GaugesLayer } from './gaugesLayer.ts';
import { addPipesLayer, type PipesLayer } from './pipesLayer.ts';
import { addAgentsLayer, type AgentsLayer } from './agentsLayer.ts';

export interface TwinView {
  ts: TwinScene;
  buildings: BuildingsLayer | null;
  roads: RoadsLayer | null;
  shelters: SheltersLayer | null;
  gauges: GaugesLayer | null;
  pipes: PipesLayer | null;
  agents: AgentsLayer | null;
}

export interface TwinViewOptions {
  network?: NetworkGeometry | null;
  /** which layers to build and show: buildings, roads, shelters, gauges, pipes, water */
  layerOn: Record<string, boolean>;
  exaggeration?: number;
  hazard?: boolean;
  /** add the evacuation agents layer */
  agents?: boolean;
}

export function mountTwinView(el: HTMLElement, dem: Grid, twin: PageTwinLayers, o: TwinViewOptions): TwinView {
  el.innerHTML = '';
  const ts = buildTwinScene(el, dem, dem.crs);
  ts.setExaggeration(o.exaggeration ?? 1);
  ts.water.setHazardMode(!!o.hazard);
  ts.water.show = o.layerOn.water !== false;
  const scene = ts.viewer.scene;
  const on = o.layerOn;
  let t0 = performance.now();
  const buildings =
    twin.buildings && on.buildings ? addBuildingsLayer(scene, twin.buildings, dem, ts.frame, ts.groundAt) : null;
  performance.measure('floodtwin:buildings', { start: t0, end: performance.now() });
  t0 = performance.now();
  const roads = twin.roads && on.roads ? addRoadsLayer(scene, twin.roads, dem, ts.frame, ts.groundAt) : null;
  performance.measure('floodtwin:roads', { start: t0, end: performance.now() });
  const shelters =
    twin.shelters || twin.facilities ? addSheltersLayer(ts.viewer, twin.shelters, twin.facilities) : null;
  const gauges = twin.gauges
    ? addGaugesLayer(ts.viewer, readGauges(twin.gauges, dem, ts.frame, ts.groundAt), dem)
    : null;
  const pipes = o.network && on.pipes ? addPipesLayer(scene, o.network, ts.frame, ts.groundAt) : null;
  const agents = o.agents ? addAgentsLayer(scene, ts.frame, ts.groundAt) : null;
  if (buildings) buildings.show = !!on.buildings;
  if (roads) roads.show = !!on.roads;
  if (shelters) shelters.show = !!on.shelters;
  if (gauges) gauges.show = !!on.gauges;
  return { ts, buildings, roads, shelters, gauges, pipes, agents };
}
