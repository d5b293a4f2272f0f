/**
 * The drainage network in SI units (m, m², m³/s, s): what the 1D solver runs. Plain objects and
 * arrays only, so a network can be passed to a worker (structured clone). `fromSwmm.ts` builds it
 * from a SWMM `.inp` model (converting US units); tests may build it directly.
 */
import type { Series } from '../../src/core/timeSeries.ts';
import type { ControlRule } from '../../src/io/swmmInp.ts';

export type OutfallMode = 'free' | 'normal' | 'fixed' | 'series' | 'grid';

export interface OutfallSpec {
  mode: OutfallMode;
  /** fixed: the stage (m, absolute elevation) */
  stage?: number;
  /** series: the stage over time (s → m elevation); also a gauge's record */
  series?: Series;
  /** flap gate: no backflow from the outfall into the network */
  gated: boolean;
}

export interface StorageSpec {
  /** surface area (m²) = a·depth^b + c (SWMM FUNCTIONAL) */
  a: number;
  b: number;
  c: number;
  /** TABULAR: [depth m, area m²] pairs, increasing depth (replaces a, b, c when given) */
  table?: [number, number][];
}

export interface NodeSpec {
  id: string;
  kind: 'junction' | 'outfall' | 'storage';
  /** invert elevation (m) */
  invert: number;
  /** depth from invert to rim (m); 0 = the highest crown of the connected conduits (as SWMM) */
  maxDepth: number;
  initDepth: number;
  /** extra pressure depth above maxDepth before the node floods (m) */
  surchargeDepth: number;
  /** ponded area (m²): with ponding allowed, flood water is stored above the rim over this area */
  pondedArea: number;
  /** map coordinates (grid units) when known */
  x?: number;
  y?: number;
  outfall?: OutfallSpec;
  storage?: StorageSpec;
}

/** SWMM's [XSECTIONS] shapes in lower case (`xsection.ts` has closed forms, `shapeTables.ts` tables). */
export type ShapeName =
  | 'circular'
  | 'force_main'
  | 'rect_closed'
  | 'rect_open'
  | 'trapezoidal'
  | 'triangular'
  | 'filled_circular'
  | 'horiz_ellipse'
  | 'vert_ellipse'
  | 'arch'
  | 'parabolic'
  | 'power'
  | 'rect_triangular'
  | 'rect_round'
  | 'modbaskethandle'
  | 'egg'
  | 'horseshoe'
  | 'gothic'
  | 'catenary'
  | 'semielliptical'
  | 'baskethandle'
  | 'semicircular'
  | 'custom'
  | 'irregular';

export interface XSectionSpec {
  shape: ShapeName;
  /** circular: diameter; others: full height (m) (SWMM's Geom1) */
  geom1: number;
  /** rect/trapezoidal: bottom width; triangular, parabolic, power, ellipse, arch, rect_*: (top) width;
   *  filled_circular: filled depth (m) */
  geom2: number;
  /** trapezoidal: left side slope (run/rise); power: exponent; rect_triangular: triangle height (m);
   *  rect_round, modbaskethandle: arc radius (m) */
  geom3: number;
  /** trapezoidal: right side slope (run/rise) */
  geom4: number;
  barrels: number;
  /** custom: the SHAPE curve, [depth/full depth, width/full depth] pairs */
  curve?: [number, number][];
  /** irregular: the transect's table of depth above its lowest point → width, wetted perimeter (m) */
  transect?: { depth: number[]; width: number[]; perimeter: number[] };
}

export interface ConduitSpec {
  length: number;
  /** Manning's n (s/m^(1/3)) */
  n: number;
  /** offsets of the conduit inverts above the end nodes' inverts (m) */
  inOffset: number;
  outOffset: number;
  xsection: XSectionSpec;
  initFlow: number;
  /** 0 = no limit (m³/s) */
  maxFlow: number;
  /** local loss coefficients (entry, exit, average) of SWMM [LOSSES] */
  lossIn: number;
  lossOut: number;
  lossAvg: number;
  flapGate: boolean;
  /** FHWA HDS-5 inlet code of a culvert (SWMM's [XSECTIONS] Culvert field; `culvert.ts`), 0 = none */
  culvertCode?: number;
}

/** SWMM pump curve types: 1 = volume→flow steps, 2 = depth→flow steps, 3 = head→flow, 4 = depth→flow continuous,
 *  5 = head→flow at full speed of a variable-speed pump (its control SETTING is the relative speed). */
export interface PumpSpec {
  /** 0 = ideal (outflow = what arrives) */
  curveType: 0 | 1 | 2 | 3 | 4 | 5;
  /** [x, flow m³/s]; x is m³ (type 1), m depth (2, 4) or m head (3) */
  curve: [number, number][];
  initOn: boolean;
  /** inlet node depth (m) at which the pump starts; 0 = always on */
  startDepth: number;
  /** inlet node depth (m) at which it stops */
  stopDepth: number;
}

export interface OrificeSpec {
  type: 'side' | 'bottom';
  /** crest height above the inlet node's invert (m) */
  offset: number;
  cd: number;
  shape: 'circular' | 'rect';
  /** opening height or diameter (m) */
  height: number;
  /** opening width (rect, m) */
  width: number;
  gated: boolean;
}

export interface WeirSpec {
  type: 'transverse' | 'sideflow' | 'vnotch' | 'trapezoidal' | 'roadway';
  /** crest height above the inlet node's invert (m) */
  offset: number;
  /** opening height (m) */
  height: number;
  /** crest length (m) (v-notch: top width) */
  length: number;
  /** side slope (run/rise) for v-notch and trapezoidal */
  sideSlope: number;
  /** SI discharge coefficient (m^0.5/s) */
  cd: number;
  cd2: number;
  gated: boolean;
  endContractions: number;
  /** ROADWAY: road width in the flow direction (m) and surface; without both, Q = cd·L·h^1.5 */
  roadWidth?: number;
  roadSurface?: 'paved' | 'gravel';
}

export interface LinkSpec {
  id: string;
  kind: 'conduit' | 'pump' | 'orifice' | 'weir';
  from: string;
  to: string;
  conduit?: ConduitSpec;
  pump?: PumpSpec;
  orifice?: OrificeSpec;
  weir?: WeirSpec;
}

/** A lateral inflow at a node: constant + scale·series (m³/s). */
export interface NodeInflow {
  node: string;
  baseline: number;
  series?: Series;
  scale: number;
  /** 'dwf' (dry weather) or 'external' (direct inflow), for the continuity report */
  kind: 'dwf' | 'external' | 'runoff';
}

export interface RoutingOptions {
  /** longest network step (s) */
  routingStep: number;
  /** shortest network step (s) */
  minStep: number;
  /** fraction of the stability limit used as sub-step (SWMM VARIABLE_STEP) */
  courant: number;
  /** floor on a node's surface area, storage plus half its conduits' top widths (m², SWMM MIN_SURFAREA) */
  minSurfArea: number;
  /** flood water stays ponded above the rim over the node's ponded area */
  allowPonding: boolean;
  normalFlowLimited: 'slope' | 'froude' | 'both';
  inertialDamping: 'none' | 'partial' | 'full';
  /** 'swmm': SWMM 5's dynamic-wave step (Picard iterations, `dynwave.ts`); 'explicit': floodtwin's
   *  explicit sub-stepping (the coupled twin's default) */
  scheme: 'explicit' | 'swmm';
  /** SURCHARGE_METHOD of the 'swmm' scheme: EXTRAN (surcharged junctions without storage) or SLOT */
  surcharge: 'extran' | 'slot';
  /** HEAD_TOLERANCE (m): Picard iterations stop when no node head moves more */
  headTolerance: number;
  /** MAX_TRIALS: Picard iterations per step at most */
  maxTrials: number;
  /** VARIABLE_STEP of the 'swmm' scheme: the Courant factor, 0 = fixed ROUTING_STEP */
  variableStep: number;
  /** LENGTHENING_STEP (s): shorter conduits are lengthened to this Courant time at full flow; 0 = none */
  lengtheningStep: number;
  /** MIN_SLOPE as a fraction (the file's percent / 100) */
  minSlope: number;
  /** FORCE_MAIN_EQUATION: friction of full FORCE_MAIN conduits */
  forceMainEquation: 'H-W' | 'D-W';
}

export interface DrainageNetwork {
  nodes: NodeSpec[];
  links: LinkSpec[];
  inflows: NodeInflow[];
  options: RoutingOptions;
  /** simulation span (s from start) when the file gives one */
  duration?: number;
  reportStep?: number;
  /** the file's flow units and length system, for SWMM-style reports */
  flowUnits?: string;
  /** the file's FLOW_ROUTING (SWMM's KINWAVE when it gives none: `fileRoutingDefaulted`); the solver
   *  always routes by dynamic wave, and the standalone summary says so */
  fileRouting?: string;
  fileRoutingDefaulted?: boolean;
  /** [CONTROLS] rules with SI values (m, m³, m³/s, s) */
  controls?: ControlRule[];
  /** time of day at the start of the run (s), for SIMULATION CLOCKTIME rules */
  clockStart?: number;
  /** runoff continuity when subcatchment runoff was computed (standalone runs) */
  runoff?: {
    precipitation_m3: number;
    infiltration_m3: number;
    runoff_m3: number;
    finalSurfaceStorage_m3: number;
    errorPct: number;
    notes: string[];
  };
}

export function defaultRoutingOptions(): RoutingOptions {
  return {
    routingStep: 5,
    minStep: 0.01,
    courant: 0.75,
    minSurfArea: 1.167, // 12.566 ft², SWMM's default (a 4 ft manhole)
    allowPonding: false,
    normalFlowLimited: 'both',
    inertialDamping: 'partial',
    scheme: 'explicit',
    surcharge: 'slot',
    headTolerance: 0.001524, // 0.005 ft
    maxTrials: 8,
    variableStep: 0,
    lengtheningStep: 0,
    minSlope: 0,
    forceMainEquation: 'H-W',
  };
}

export function circular(d: number, barrels = 1): XSectionSpec {
  return { shape: 'circular', geom1: d, geom2: 0, geom3: 0, geom4: 0, barrels };
}

/** A conduit with defaults for the rarely used fields. */
export function conduit(
  length: number,
  n: number,
  xsection: XSectionSpec,
  extra: Partial<ConduitSpec> = {},
): ConduitSpec {
  return {
    length,
    n,
    xsection,
    inOffset: 0,
    outOffset: 0,
    initFlow: 0,
    maxFlow: 0,
    lossIn: 0,
    lossOut: 0,
    lossAvg: 0,
    flapGate: false,
    ...extra,
  };
}
