/**
 * Input and output shapes of the evacuation engine. Everything is in map coordinates (metres, the
 * DEM's projected CRS) and seconds from the scenario start. The lead adapts the GeoJSON readers'
 * objects to these interfaces; the engine depends on nothing but `src/core`.
 */
import type { GridGeometry } from '../../src/core/grid.ts';
import type { Series } from '../../src/core/timeSeries.ts';

export type RoadClass = 'motorway' | 'primary' | 'secondary' | 'tertiary' | 'residential' | 'service' | 'footway';

export interface RoadInput {
  id: string;
  /** polyline vertices as x,y pairs in map metres */
  coords: Float64Array;
  /** road class; `footway` (also `path`, `pedestrian`, `steps`) is for walkers only */
  cls: string;
  lanes?: number;
  speedKmh?: number;
  oneway?: boolean;
}

export interface BuildingInput {
  id: string;
  /** door or centroid in map metres */
  x: number;
  y: number;
  population: number;
}

export interface ShelterInput {
  id: string;
  x: number;
  y: number;
  /** people */
  capacity: number;
  name?: string;
}

/** A population raster (people per cell); row 0 is the north row as in `src/core/grid.ts`. */
export interface PopulationGridInput extends GridGeometry {
  values: Float32Array;
}

/** A river gauge whose stage series can trigger the warning. */
export interface GaugeInput {
  id: string;
  warningLevelM: number;
  /** stage (m) against seconds from the scenario start */
  series: Series;
}

export type FloodGridShape = GridGeometry;

/**
 * Frames from the flood engine. Frame k holds from times[k] until times[k+1]. Depth in metres,
 * speed (|velocity|) in m/s, both row 0 = north; NaN or negative reads as dry / still.
 */
export interface FloodFrames {
  times: Float64Array;
  grid: FloodGridShape;
  depth(frameIndex: number): Float32Array;
  speed(frameIndex: number): Float32Array | null;
  /** the run's maximum depth per cell, when known (for `evacuate: 'atRisk'`; else taken from the frames) */
  maxDepth?: Float32Array;
}

export interface EvacuationInput {
  roads: RoadInput[];
  buildings?: BuildingInput[];
  populationGrid?: PopulationGridInput;
  shelters: ShelterInput[];
  gauges?: GaugeInput[];
  flood?: FloodFrames | null;
}

export type WarningSpec = { atS: number } | { gauge: string; leadS: number };

/** Engine options: the scenario's `evacuation` field (see src/core/scenario/evacuation.ts) plus run length. */
export interface EvacuationOptions {
  warning: WarningSpec;
  /** P(t) = 1 − exp(−a·t^b), t in hours since the warning (HEC-LifeSim) */
  mobilisation: { a: number; b: number };
  seed: number;
  /** mean people per household; households of floor/ceil of it fill each building exactly */
  householdSize: number;
  /** fraction of households owning a car */
  carOwnership: number;
  /** households whose nearest shelter is within this walking distance walk even with a car */
  walkMaxM: number;
  /** interval of the evacuation curve and recorded positions */
  frameIntervalS: number;
  durationS: number;
  /** free walking speed v0 (Weidmann 1993) */
  walkSpeedMs: number;
  /** per-lane flow capacity of a road link */
  laneCapacityVehPerH: number;
  /** jam density per lane (LifeSim: 160 veh/mi ≈ 99.4 veh/km) */
  jamDensityVehPerKm: number;
  /** vehicles cannot use a link from this depth (Pregnolato et al. 2017) */
  vehicleDepthLimitM: number;
  /** walkers cannot use a link above this depth ... */
  pedDepthLimitM: number;
  /** ... or above this depth × velocity (m²/s) */
  pedDvLimit: number;
  /** an agent counts as reached by water from this depth at its position */
  reachedDepthM: number;
  /** a vehicle blocked this long by a full downstream link is pushed through (MATSim stuck time) */
  stuckTimeS: number;
  /** drivers re-plan with current queue delays this often (0: only when links close) */
  rerouteIntervalS: number;
  /** share of drivers who re-plan with queue delays (LifeSim: 80 % reroute in a jam) */
  rerouteShare: number;
  /** keep agent positions at every frame in the result (big: 8 bytes per agent per frame) */
  recordPositions: boolean;
  /** who leaves: every household, or those whose home the flood reaches (max depth ≥ atRiskDepthM) */
  evacuate: 'all' | 'atRisk';
  atRiskDepthM: number;
  /** a home farther than this from any road leading to a shelter is not snapped (trapped when it leaves) */
  maxSnapM: number;
}

export const AGENT_WAITING = 0;
export const AGENT_EN_ROUTE = 1;
export const AGENT_SAFE = 2;
export const AGENT_TRAPPED = 3;

/** Why a trapped agent is trapped. */
export const TRAP_NONE = 0;
export const TRAP_FLOODED_LINK = 1;
export const TRAP_NO_ROUTE = 2;
export const TRAP_NO_ROOM = 3;

export const HAZARD_CLASSES = ['low', 'moderate', 'significant', 'extreme'] as const;
export type HazardClass = (typeof HAZARD_CLASSES)[number];

export interface EvacuationState {
  timeS: number;
  warningS: number;
  /** people in each state */
  safe: number;
  enRoute: number;
  waiting: number;
  trapped: number;
  walking: number;
  driving: number;
  agents: number;
  people: number;
  linkEvents: number;
}

export interface CurveRow {
  timeS: number;
  safe: number;
  enRoute: number;
  waiting: number;
  trapped: number;
  walking: number;
  driving: number;
  reachedByWater: number;
  linksClosedVehicle: number;
  linksClosedPedestrian: number;
}

export interface ShelterUse {
  id: string;
  name: string;
  capacity: number;
  occupancy: number;
  /** first time it turned people away, null if never */
  fullAtS: number | null;
}

export interface LinkCut {
  roadId: string;
  /** directed link index and its ends */
  link: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  closedForVehiclesAtS: number | null;
  closedForPedestriansAtS: number | null;
  maxDepthM: number;
}

export interface Bottleneck {
  roadId: string;
  link: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** vehicle-seconds spent beyond free-flow time on the link */
  delayVehS: number;
  vehicles: number;
  maxQueueVeh: number;
}

export interface EvacuationResult {
  warningS: number;
  durationS: number;
  frameIntervalS: number;
  agents: number;
  people: number;
  /** people left out because the flood never reaches their home (evacuate: 'atRisk') */
  notAtRisk: number;
  walkers: number;
  drivers: number;
  curve: CurveRow[];
  /** seconds from the scenario start; null when that share never reached safety */
  t50S: number | null;
  t90S: number | null;
  t100S: number | null;
  shelters: ShelterUse[];
  linksCut: LinkCut[];
  bottlenecks: Bottleneck[];
  /** people reached by water, by their worst FD2320 hazard class */
  reachedByWater: Record<HazardClass, number>;
  trappedByReason: { floodedLink: number; noRoute: number; noRoom: number };
  linkEvents: number;
  network: { nodes: number; links: number; unsnappedBuildings: number };
  /** x,y pairs of every agent at every frame (when options.recordPositions) */
  positions?: Float32Array[];
}
