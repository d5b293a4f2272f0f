/**
 * The typed model of an EPA SWMM 5 input file (.inp). Values stay in the file's own units
 * (US: ft, acres, in, in/hr and the FLOW_UNITS flow; SI: m, ha, mm, mm/hr and the FLOW_UNITS flow);
 * `units.ts` converts. Reference: EPA SWMM 5.2 User's Manual, Appendix D "Command Line SWMM"
 * (input file format), and the SWMM 5 engine source (input.c, project.c, node.c, link.c, xsect.c).
 *
 * Every record array is in file order. `sections` keeps the file's layout (section order, comment
 * and blank lines, unmodelled sections verbatim, trailing comments of data lines) so that
 * `writeSwmmInp` writes the file back with only the modelled data lines normalised.
 */

import type { Series } from '../../core/timeSeries.ts';
export type FlowUnits = 'CFS' | 'GPM' | 'MGD' | 'CMS' | 'LPS' | 'MLD';
export const FLOW_UNITS: readonly FlowUnits[] = ['CFS', 'GPM', 'MGD', 'CMS', 'LPS', 'MLD'];

export interface SwmmOptions {
  /** FLOW_UNITS; CFS (SWMM's default) when the file has none. CFS/GPM/MGD mean US lengths (ft). */
  flowUnits: FlowUnits;
  infiltration?: 'HORTON' | 'MODIFIED_HORTON' | 'GREEN_AMPT' | 'MODIFIED_GREEN_AMPT' | 'CURVE_NUMBER';
  flowRouting?: 'NONE' | 'STEADY' | 'KINWAVE' | 'XKINWAVE' | 'DYNWAVE';
  linkOffsets?: 'DEPTH' | 'ELEVATION';
  forceMainEquation?: 'H-W' | 'D-W';
  inertialDamping?: 'NONE' | 'PARTIAL' | 'FULL';
  normalFlowLimited?: 'SLOPE' | 'FROUDE' | 'BOTH';
  surchargeMethod?: 'EXTRAN' | 'SLOT';
  /** Dates as written (MM/DD/YYYY), times as written (HH:MM:SS); see `optionDateTimeSeconds`. */
  startDate?: string;
  startTime?: string;
  reportStartDate?: string;
  reportStartTime?: string;
  endDate?: string;
  endTime?: string;
  /** Time steps in seconds (the file writes HH:MM:SS; ROUTING_STEP is written as decimal seconds). */
  reportStep?: number;
  wetStep?: number;
  dryStep?: number;
  routingStep?: number;
  ruleStep?: number;
  minSlope?: number;
  variableStep?: number;
  lengtheningStep?: number;
  minSurfarea?: number;
  headTolerance?: number;
  sysFlowTol?: number;
  latFlowTol?: number;
  minimumStep?: number;
  maxTrials?: number;
  threads?: number;
  dryDays?: number;
  allowPonding?: boolean;
  skipSteadyState?: boolean;
  ignoreRainfall?: boolean;
  ignoreSnowmelt?: boolean;
  ignoreGroundwater?: boolean;
  ignoreRdii?: boolean;
  ignoreRouting?: boolean;
  ignoreQuality?: boolean;
  /** Any other option, keyed by its upper-case name, value as written (rest of the line). */
  other: Record<string, string>;
}

export interface Junction {
  name: string;
  /** Invert elevation (ft or m). */
  invert: number;
  maxDepth: number;
  initDepth: number;
  /** Surcharge depth above maxDepth. */
  surDepth: number;
  /** Ponded area (ft² or m²). */
  aponded: number;
}

export type OutfallType = 'FREE' | 'NORMAL' | 'FIXED' | 'TIDAL' | 'TIMESERIES';
export interface Outfall {
  name: string;
  invert: number;
  type: OutfallType;
  /** FIXED: the fixed stage (ft or m). */
  stage?: number;
  /** TIDAL: the tidal curve's name. */
  curve?: string;
  /** TIMESERIES: the stage time series' name. */
  series?: string;
  gated: boolean;
  /** Subcatchment that receives the outfall's discharge. */
  routeTo?: string;
}

export type StorageShape = 'FUNCTIONAL' | 'TABULAR' | 'CYLINDRICAL' | 'CONICAL' | 'PARABOLIC' | 'PYRAMIDAL';
export interface Storage {
  name: string;
  invert: number;
  maxDepth: number;
  initDepth: number;
  shape: StorageShape;
  /** FUNCTIONAL: area = constant + coefficient * depth^exponent (file order: coefficient exponent constant). */
  coefficient?: number;
  exponent?: number;
  constant?: number;
  /** TABULAR: storage curve (depth → area). */
  curve?: string;
  /** SWMM 5.2 shapes: length, width (ft or m) and side slope Z (run/rise). */
  length?: number;
  width?: number;
  z?: number;
  /** Surcharge depth (SWMM 5.1 files: ponded area). */
  surDepth: number;
  /** Fraction of evaporation realised. */
  fevap: number;
  /** Optional Green-Ampt seepage: suction head (in/mm), conductivity (in/hr, mm/hr), initial deficit. */
  seepage?: { suction: number; ksat: number; imd: number };
}

export type DividerType = 'CUTOFF' | 'OVERFLOW' | 'TABULAR' | 'WEIR';
export interface Divider {
  name: string;
  invert: number;
  divertedLink: string;
  type: DividerType;
  /** CUTOFF, WEIR: flow at which diversion begins. */
  qMin?: number;
  /** TABULAR: diversion curve. */
  curve?: string;
  /** WEIR: weir height and discharge coefficient. */
  weirHeight?: number;
  weirCd?: number;
  maxDepth: number;
  initDepth: number;
  surDepth: number;
  aponded: number;
}

export interface Conduit {
  name: string;
  from: string;
  to: string;
  length: number;
  /** Manning's n. */
  roughness: number;
  /** Offsets above the node inverts (LINK_OFFSETS DEPTH) or elevations (ELEVATION; a '*' in the file reads as the node's invert). */
  inOffset: number;
  outOffset: number;
  initFlow: number;
  /** Maximum flow (0 = no limit). */
  maxFlow: number;
}

export interface Pump {
  name: string;
  from: string;
  to: string;
  /** Pump curve name, or '*' for an ideal pump (outflow = inflow). */
  curve: string;
  status: 'ON' | 'OFF';
  startup: number;
  shutoff: number;
}

export interface Orifice {
  name: string;
  from: string;
  to: string;
  type: 'SIDE' | 'BOTTOM';
  offset: number;
  cd: number;
  gated: boolean;
  /** Time to open or close (hours). */
  closeTime: number;
}

export type WeirType = 'TRANSVERSE' | 'SIDEFLOW' | 'V-NOTCH' | 'TRAPEZOIDAL' | 'ROADWAY';
export interface Weir {
  name: string;
  from: string;
  to: string;
  type: WeirType;
  /** Crest height (offset) above the inlet node's invert. */
  crest: number;
  /** Discharge coefficient (US: ft^0.5/s, SI: m^0.5/s). */
  cd: number;
  gated: boolean;
  endContractions: number;
  /** Coefficient of the triangular ends of a TRAPEZOIDAL weir. */
  cd2: number;
  surcharge: boolean;
  /** ROADWAY: road width and surface (PAVED / GRAVEL). */
  roadWidth?: number;
  roadSurface?: string;
  /** SWMM 5.2: curve of discharge coefficient vs head. */
  coeffCurve?: string;
}

export type OutletType = 'FUNCTIONAL/DEPTH' | 'FUNCTIONAL/HEAD' | 'TABULAR/DEPTH' | 'TABULAR/HEAD';
export interface Outlet {
  name: string;
  from: string;
  to: string;
  offset: number;
  type: OutletType;
  /** FUNCTIONAL: flow = coefficient * depth^exponent. */
  coefficient?: number;
  exponent?: number;
  /** TABULAR: rating curve. */
  curve?: string;
  gated: boolean;
}

/** Shapes whose geometry this module knows (others are kept as written, as text). */
export const KNOWN_SHAPES = [
  'CIRCULAR',
  'FORCE_MAIN',
  'FILLED_CIRCULAR',
  'RECT_CLOSED',
  'RECT_OPEN',
  'TRAPEZOIDAL',
  'TRIANGULAR',
  'HORIZ_ELLIPSE',
  'VERT_ELLIPSE',
  'ARCH',
  'PARABOLIC',
  'POWER',
  'RECT_TRIANGULAR',
  'RECT_ROUND',
  'MODBASKETHANDLE',
  'EGG',
  'HORSESHOE',
  'GOTHIC',
  'CATENARY',
  'SEMIELLIPTICAL',
  'BASKETHANDLE',
  'SEMICIRCULAR',
  'CUSTOM',
  'IRREGULAR',
  'STREET',
  'DUMMY',
] as const;

export interface XSection {
  link: string;
  /** Upper case for a known shape; any other name kept as written. */
  shape: string;
  /** geom1..geom4 (CIRCULAR: diameter; RECT_*: height, width; TRAPEZOIDAL: height, bottom width, left and right side slopes; TRIANGULAR: height, top width). */
  geom: [number, number, number, number];
  barrels: number;
  /** Culvert inlet code (FHWA HDS-5), if given. */
  culvert?: number;
  /** CUSTOM: shape curve; IRREGULAR: transect; STREET: street cross-section name. */
  curve?: string;
}

export interface Loss {
  link: string;
  entry: number;
  exit: number;
  average: number;
  flapGate: boolean;
  /** Seepage rate (in/hr or mm/hr). */
  seepage: number;
}

export const CURVE_TYPES = [
  'STORAGE',
  'DIVERSION',
  'TIDAL',
  'RATING',
  'CONTROL',
  'SHAPE',
  'WEIR',
  'PUMP1',
  'PUMP2',
  'PUMP3',
  'PUMP4',
  'PUMP5',
] as const;
export type CurveType = (typeof CURVE_TYPES)[number];

export interface Curve {
  name: string;
  type: CurveType;
  /** [x, y] pairs in file order. */
  points: [number, number][];
}

export interface TimeSeriesPoint {
  /** Date as written (MM/DD/YYYY), if this point has one; a date holds for the later points until the next. */
  date?: string;
  /** Time as written: hours (decimal) or H:MM(:SS); relative to the start when no date is in force. */
  time: string;
  value: number;
}
export interface TimeSeries {
  name: string;
  /** External file of the series (`Name FILE path`); then `points` is empty. */
  file?: string;
  points: TimeSeriesPoint[];
}

export interface Inflow {
  node: string;
  /** FLOW or a pollutant name. */
  constituent: string;
  /** Time series name, '' for none (written as ""). */
  series: string;
  /** FLOW for flow; CONCEN or MASS for a pollutant. */
  type: 'FLOW' | 'CONCEN' | 'MASS';
  mfactor: number;
  sfactor: number;
  baseline: number;
  /** Baseline time pattern, '' for none. */
  pattern: string;
}

export interface Dwf {
  node: string;
  constituent: string;
  baseline: number;
  /** Up to four time patterns (monthly, daily, hourly, weekend); '' where none. */
  patterns: string[];
}

export interface RainGage {
  name: string;
  format: 'INTENSITY' | 'VOLUME' | 'CUMULATIVE';
  /** Recording interval as written (decimal hours or H:MM). */
  interval: string;
  /** Snow catch factor. */
  scf: number;
  source: 'TIMESERIES' | 'FILE';
  series?: string;
  file?: string;
  station?: string;
  /** FILE: units of the file's data. */
  fileUnits?: 'IN' | 'MM';
}

export interface Subcatchment {
  name: string;
  rainGage: string;
  /** Node or subcatchment receiving the runoff. */
  outlet: string;
  /** Area (acres or hectares). */
  area: number;
  pctImperv: number;
  /** Characteristic width (ft or m). */
  width: number;
  pctSlope: number;
  curbLength: number;
  snowPack?: string;
}

export interface Subarea {
  subcatchment: string;
  nImperv: number;
  nPerv: number;
  /** Depression storage (in or mm). */
  sImperv: number;
  sPerv: number;
  pctZero: number;
  routeTo: 'IMPERVIOUS' | 'PERVIOUS' | 'OUTLET';
  pctRouted?: number;
}

export interface Infiltration {
  subcatchment: string;
  /** HORTON: maxRate minRate decay dryTime maxInfil; GREEN_AMPT: suction ksat imd; CURVE_NUMBER: cn (ksat) dryTime. */
  params: number[];
  /** SWMM 5.2: per-subcatchment method overriding the INFILTRATION option. */
  method?: string;
}

/** An irregular cross-section of [TRANSECTS] (see transects.ts); stations and elevations in file units. */
export interface Transect {
  name: string;
  nLeft: number;
  nRight: number;
  nChannel: number;
  /** bank stations (station factor applied) */
  xLeftBank: number;
  xRightBank: number;
  /** main channel length / overbank length (SWMM: the channel's n is multiplied by its square root) */
  lengthFactor: number;
  stationFactor: number;
  elevationOffset: number;
  /** [station, elevation], station factor and elevation offset applied, stations non-decreasing */
  points: [number, number][];
  /** line of the X1 card */
  line: number;
}

/** A value a [CONTROLS] rule reads: an object's attribute, or the simulation clock. */
export type ControlVariable =
  | { object: 'NODE' | 'LINK' | 'CONDUIT' | 'PUMP' | 'ORIFICE' | 'WEIR' | 'OUTLET'; id: string; attribute: string }
  | { object: 'SIMULATION'; attribute: 'TIME' | 'CLOCKTIME' };

export type ControlOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export interface ControlPremise {
  join: 'IF' | 'AND' | 'OR';
  left: ControlVariable;
  op: ControlOp;
  /** a number in the file's units (time: seconds; ON/OPEN = 1, OFF/CLOSED = 0) or another variable */
  right: number | ControlVariable;
}

export interface ControlAction {
  object: 'PUMP' | 'ORIFICE' | 'WEIR' | 'OUTLET' | 'CONDUIT' | 'LINK';
  id: string;
  attribute: 'STATUS' | 'SETTING';
  /** ON/OPEN = 1, OFF/CLOSED = 0, else the setting (0 for a modulated action) */
  value: number;
  /** a modulated SETTING: `= CURVE id`, `= TIMESERIES id` or `= PID kp ki kd` */
  modulated?: ControlModulation;
}

/**
 * A modulated control setting (SWMM User's Manual, "Modulated Controls"): a CONTROL curve of the rule's
 * controller variable (the left side of its last premise evaluated), a time series of the simulation
 * time, or a PID controller holding that variable at the premise's value (ki, kd in minutes).
 * `points` (the curve, x in SI) and `series` are filled when the network is built.
 */
export type ControlModulation =
  | { kind: 'CURVE'; name: string; points?: [number, number][] }
  | { kind: 'TIMESERIES'; name: string; series?: Series }
  | { kind: 'PID'; kp: number; ki: number; kd: number };

/** A [CONTROLS] rule (see controls.ts). */
export interface ControlRule {
  name: string;
  premises: ControlPremise[];
  thenActions: ControlAction[];
  elseActions: ControlAction[];
  priority: number;
  line: number;
}

export interface Coordinate {
  node: string;
  x: number;
  y: number;
}
export interface Vertex {
  link: string;
  x: number;
  y: number;
}
export interface PolygonPoint {
  subcatchment: string;
  x: number;
  y: number;
}

/** A line of the file's layout: verbatim text, an option line, or (a line of) a modelled record. */
export type LayoutLine =
  | { kind: 'text'; text: string }
  | { kind: 'option'; key: string; comment?: string }
  | { kind: 'record'; ref: object; comment?: string };

export interface SwmmSection {
  /** Upper-case section name without brackets ('' for lines before the first header). */
  key: string;
  /** The header line as written ('' for the preamble). */
  header: string;
  lines: LayoutLine[];
}

export interface SwmmInp {
  /** [TITLE] text lines (comment lines are kept in `sections`). */
  title: string[];
  options: SwmmOptions;
  junctions: Junction[];
  outfalls: Outfall[];
  storage: Storage[];
  dividers: Divider[];
  conduits: Conduit[];
  pumps: Pump[];
  orifices: Orifice[];
  weirs: Weir[];
  outlets: Outlet[];
  xsections: XSection[];
  losses: Loss[];
  curves: Curve[];
  timeseries: TimeSeries[];
  inflows: Inflow[];
  dwf: Dwf[];
  raingages: RainGage[];
  subcatchments: Subcatchment[];
  subareas: Subarea[];
  infiltration: Infiltration[];
  coordinates: Coordinate[];
  vertices: Vertex[];
  polygons: PolygonPoint[];
  /** [TRANSECTS], parsed (the section itself is written back verbatim). */
  transects: Transect[];
  /** [CONTROLS] rules, parsed (the section itself is written back verbatim). */
  controls: ControlRule[];
  /** The file's layout, for writing it back; empty for a model built in code. */
  sections: SwmmSection[];
}

/** Section key → model array property, for the modelled record sections (also the write order of new sections). */
export const RECORD_SECTIONS = {
  RAINGAGES: 'raingages',
  SUBCATCHMENTS: 'subcatchments',
  SUBAREAS: 'subareas',
  INFILTRATION: 'infiltration',
  JUNCTIONS: 'junctions',
  OUTFALLS: 'outfalls',
  DIVIDERS: 'dividers',
  STORAGE: 'storage',
  CONDUITS: 'conduits',
  PUMPS: 'pumps',
  ORIFICES: 'orifices',
  WEIRS: 'weirs',
  OUTLETS: 'outlets',
  XSECTIONS: 'xsections',
  LOSSES: 'losses',
  INFLOWS: 'inflows',
  DWF: 'dwf',
  CURVES: 'curves',
  TIMESERIES: 'timeseries',
  COORDINATES: 'coordinates',
  VERTICES: 'vertices',
  POLYGONS: 'polygons',
} as const satisfies Record<string, keyof SwmmInp>;
export type RecordSectionKey = keyof typeof RECORD_SECTIONS;

/**
 * Line number (1-based) of each record read from a file (weakly held), for messages after parsing:
 * `recordLine.get(model.conduits[3])`. Records built in code have none.
 */
export const recordLine = new WeakMap<object, number>();

/** An empty model (no records; CMS unless told), for building a network in code. */
export function emptySwmmInp(flowUnits: FlowUnits = 'CMS'): SwmmInp {
  return {
    title: [],
    options: { flowUnits, other: {} },
    junctions: [],
    outfalls: [],
    storage: [],
    dividers: [],
    conduits: [],
    pumps: [],
    orifices: [],
    weirs: [],
    outlets: [],
    xsections: [],
    losses: [],
    curves: [],
    timeseries: [],
    inflows: [],
    dwf: [],
    raingages: [],
    subcatchments: [],
    subareas: [],
    infiltration: [],
    coordinates: [],
    vertices: [],
    polygons: [],
    transects: [],
    controls: [],
    sections: [],
  };
}
