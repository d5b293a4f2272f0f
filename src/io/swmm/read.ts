/**
 * Reader of SWMM 5 .inp files into the typed `SwmmInp` (see types.ts). Follows the SWMM 5 engine's
 * own tokenising (input.c getTokens): ';' starts a comment anywhere on a line, fields are separated
 * by white space, a double-quoted string is one field. Keywords are case-insensitive (kept upper
 * case); names are kept as written. Every problem throws `InputError` naming file, line, section
 * and field; after parsing, `validateSwmmInp` checks names and references.
 */
import { InputError } from '../../core/errors.ts';
import {
  CURVE_TYPES,
  FLOW_UNITS,
  KNOWN_SHAPES,
  emptySwmmInp,
  recordLine,
  type Conduit,
  type Curve,
  type Divider,
  type DividerType,
  type Dwf,
  type Infiltration,
  type Inflow,
  type Junction,
  type LayoutLine,
  type Orifice,
  type Outfall,
  type OutfallType,
  type Outlet,
  type OutletType,
  type Pump,
  type RainGage,
  type Storage,
  type StorageShape,
  type Subarea,
  type Subcatchment,
  type SwmmInp,
  type SwmmOptions,
  type SwmmSection,
  type TimeSeries,
  type Weir,
  type WeirType,
  type XSection,
  type Loss,
} from './types.ts';
import { validateSwmmInp } from './validate.ts';
import { readTransectLine, transectState } from './transects.ts';
import { readControlLine, type ControlState } from './controls.ts';
import { isSwmmDate, isSwmmTime, parseDurationSeconds } from './time.ts';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export function isSwmmNumber(s: string): boolean {
  return NUMBER.test(s);
}

/** Splits a data line (comment already removed) into fields; "a b" is one field, "" an empty one. */
export function tokenize(s: string): string[] {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (isWs(s.charCodeAt(i))) {
      i++;
      continue;
    }
    if (s.charCodeAt(i) === 34) {
      let j = s.indexOf('"', i + 1);
      if (j < 0) j = n;
      out.push(s.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !isWs(s.charCodeAt(j))) j++;
      out.push(s.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** White space between fields: exactly what String.prototype.trim removes (so both agree). */
function isWs(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The text after the first field of a line (the first field may be quoted), trimmed. */
function restAfterFirstField(s: string): string {
  let i = 0;
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  if (s[i] === '"') {
    const j = s.indexOf('"', i + 1);
    i = j < 0 ? s.length : j + 1;
  } else {
    while (i < s.length && !isWs(s.charCodeAt(i))) i++;
  }
  return s.slice(i).trim();
}

/** Column names of each section, used to name the field in messages. */
const COLUMNS: Record<string, string[]> = {
  OPTIONS: ['Option', 'Value'],
  JUNCTIONS: ['Name', 'Elevation', 'MaxDepth', 'InitDepth', 'SurDepth', 'Aponded'],
  OUTFALLS: ['Name', 'Elevation', 'Type', 'StageData', 'Gated', 'RouteTo'],
  STORAGE: [
    'Name',
    'Elevation',
    'MaxDepth',
    'InitDepth',
    'Shape',
    'CurveOrParam1',
    'Param2',
    'Param3',
    'SurDepth',
    'Fevap',
    'Psi',
    'Ksat',
    'IMD',
  ],
  DIVIDERS: [
    'Name',
    'Elevation',
    'DivertedLink',
    'Type',
    'Parameters',
    'Parameters',
    'Parameters',
    'MaxDepth',
    'InitDepth',
    'SurDepth',
    'Aponded',
  ],
  CONDUITS: ['Name', 'FromNode', 'ToNode', 'Length', 'Roughness', 'InOffset', 'OutOffset', 'InitFlow', 'MaxFlow'],
  PUMPS: ['Name', 'FromNode', 'ToNode', 'PumpCurve', 'Status', 'Startup', 'Shutoff'],
  ORIFICES: ['Name', 'FromNode', 'ToNode', 'Type', 'Offset', 'Qcoeff', 'Gated', 'CloseTime'],
  WEIRS: [
    'Name',
    'FromNode',
    'ToNode',
    'Type',
    'CrestHt',
    'Qcoeff',
    'Gated',
    'EndCon',
    'EndCoeff',
    'Surcharge',
    'RoadWidth',
    'RoadSurf',
    'CoeffCurve',
  ],
  OUTLETS: ['Name', 'FromNode', 'ToNode', 'Offset', 'Type', 'QTable/Qcoeff', 'Qexpon', 'Gated'],
  XSECTIONS: ['Link', 'Shape', 'Geom1', 'Geom2', 'Geom3', 'Geom4', 'Barrels', 'Culvert'],
  LOSSES: ['Link', 'Kentry', 'Kexit', 'Kavg', 'FlapGate', 'Seepage'],
  CURVES: ['Name', 'Type', 'X-Value', 'Y-Value'],
  TIMESERIES: ['Name', 'Date', 'Time', 'Value'],
  INFLOWS: ['Node', 'Constituent', 'TimeSeries', 'Type', 'Mfactor', 'Sfactor', 'Baseline', 'Pattern'],
  DWF: ['Node', 'Constituent', 'Baseline', 'Patterns', 'Patterns', 'Patterns', 'Patterns'],
  RAINGAGES: ['Name', 'Format', 'Interval', 'SCF', 'Source', 'SeriesOrFile', 'Station', 'Units'],
  SUBCATCHMENTS: ['Name', 'RainGage', 'Outlet', 'Area', '%Imperv', 'Width', '%Slope', 'CurbLen', 'SnowPack'],
  SUBAREAS: ['Subcatchment', 'N-Imperv', 'N-Perv', 'S-Imperv', 'S-Perv', 'PctZero', 'RouteTo', 'PctRouted'],
  INFILTRATION: ['Subcatchment', 'Param1', 'Param2', 'Param3', 'Param4', 'Param5', 'Method'],
  COORDINATES: ['Node', 'X-Coord', 'Y-Coord'],
  VERTICES: ['Link', 'X-Coord', 'Y-Coord'],
  POLYGONS: ['Subcatchment', 'X-Coord', 'Y-Coord'],
};

/** One data line being parsed: its fields and where it is, for messages. */
export class Row {
  constructor(
    readonly t: string[],
    readonly line: number,
    readonly section: string,
    readonly file: string,
  ) {}

  fieldName(i: number): string {
    const cols = COLUMNS[this.section] ?? [];
    return i < cols.length ? cols[i] : `field ${i + 1}`;
  }

  error(message: string, i: number, field?: string): InputError {
    return new InputError(`[${this.section}] ${message}`, {
      file: this.file,
      line: this.line,
      field: field ?? this.fieldName(i),
    });
  }

  count(min: number, max: number): void {
    const n = this.t.length;
    if (n < min) {
      const cols = COLUMNS[this.section];
      const names = cols ? ` (${cols.slice(0, min).join(' ')})` : '';
      throw this.error(`expected at least ${min} fields${names}, got ${n}: the row is cut short`, n);
    }
    if (n > max) throw this.error(`expected at most ${max} fields, got ${n}`, max);
  }

  name(i: number, field?: string): string {
    const s = this.t[i];
    if (s === undefined) throw this.error('missing field', i, field);
    if (s === '') throw this.error('empty name', i, field);
    return s;
  }

  str(i: number, field?: string): string {
    const s = this.t[i];
    if (s === undefined) throw this.error('missing field', i, field);
    return s;
  }

  num(i: number, field?: string): number {
    const s = this.t[i];
    if (s === undefined) throw this.error('missing number', i, field);
    if (!NUMBER.test(s))
      throw this.error(`${field ?? this.fieldName(i)} is not a number: "${s.slice(0, 40)}"`, i, field);
    const v = Number(s) + 0; // -0 → 0, as it is written back
    if (!Number.isFinite(v))
      throw this.error(`${field ?? this.fieldName(i)} is out of range: "${s.slice(0, 40)}"`, i, field);
    return v;
  }

  optNum(i: number, dflt: number, field?: string): number {
    return i < this.t.length ? this.num(i, field) : dflt;
  }

  /** Checks a value read from field i against a lower bound (SWMM rejects these too). */
  atLeast(v: number, min: number, i: number, field?: string, strict = false): number {
    if (strict ? !(v > min) : !(v >= min)) {
      throw this.error(
        `${field ?? this.fieldName(i)} must be ${strict ? 'greater than' : 'at least'} ${min}, got ${v}`,
        i,
        field,
      );
    }
    return v;
  }

  /** A count (barrels, culvert code): an integer at least `min`. */
  int(i: number, min: number, field?: string): number {
    const v = this.num(i, field);
    if (!Number.isInteger(v) || v < min)
      throw this.error(
        `${field ?? this.fieldName(i)} must be a whole number of at least ${min}, got ${this.t[i].slice(0, 40)}`,
        i,
        field,
      );
    return v;
  }

  word<T extends string>(i: number, allowed: readonly T[], field?: string): T {
    const s = this.t[i];
    if (s === undefined) throw this.error('missing keyword', i, field);
    const up = s.toUpperCase();
    if (!(allowed as readonly string[]).includes(up)) {
      throw this.error(
        `unknown ${field ?? this.fieldName(i)} "${s.slice(0, 40)}" (expected one of ${allowed.join(', ')})`,
        i,
        field,
      );
    }
    return up as T;
  }

  yesNo(i: number, dflt: boolean, field?: string): boolean {
    if (i >= this.t.length) return dflt;
    return this.word(i, ['YES', 'NO'], field) === 'YES';
  }
}

// ---- [OPTIONS] -------------------------------------------------------------------------------

type OptionKind =
  | { kind: 'enum'; values: readonly string[]; aliases?: Record<string, string> }
  | { kind: 'date' }
  | { kind: 'time' }
  | { kind: 'step' }
  | { kind: 'routingStep' }
  | { kind: 'number' }
  | { kind: 'bool' };

/** Known options: upper-case key → kind. The typed property is the camelCase of the key. */
export const OPTION_SPECS: Record<string, OptionKind> = {
  FLOW_UNITS: { kind: 'enum', values: FLOW_UNITS },
  INFILTRATION: {
    kind: 'enum',
    values: ['HORTON', 'MODIFIED_HORTON', 'GREEN_AMPT', 'MODIFIED_GREEN_AMPT', 'CURVE_NUMBER'],
  },
  // SWMM still reads the SWMM 5.0 abbreviations (project.c OldRouteModelWords): kept as the new names
  FLOW_ROUTING: {
    kind: 'enum',
    values: ['NONE', 'STEADY', 'KINWAVE', 'XKINWAVE', 'DYNWAVE'],
    aliases: { NF: 'STEADY', KW: 'KINWAVE', EKW: 'XKINWAVE', DW: 'DYNWAVE' },
  },
  LINK_OFFSETS: { kind: 'enum', values: ['DEPTH', 'ELEVATION'] },
  FORCE_MAIN_EQUATION: { kind: 'enum', values: ['H-W', 'D-W'] },
  INERTIAL_DAMPING: { kind: 'enum', values: ['NONE', 'PARTIAL', 'FULL'] },
  NORMAL_FLOW_LIMITED: { kind: 'enum', values: ['SLOPE', 'FROUDE', 'BOTH'] },
  SURCHARGE_METHOD: { kind: 'enum', values: ['EXTRAN', 'SLOT'] },
  START_DATE: { kind: 'date' },
  END_DATE: { kind: 'date' },
  REPORT_START_DATE: { kind: 'date' },
  START_TIME: { kind: 'time' },
  END_TIME: { kind: 'time' },
  REPORT_START_TIME: { kind: 'time' },
  REPORT_STEP: { kind: 'step' },
  WET_STEP: { kind: 'step' },
  DRY_STEP: { kind: 'step' },
  RULE_STEP: { kind: 'step' },
  ROUTING_STEP: { kind: 'routingStep' },
  MIN_SLOPE: { kind: 'number' },
  VARIABLE_STEP: { kind: 'number' },
  LENGTHENING_STEP: { kind: 'number' },
  MIN_SURFAREA: { kind: 'number' },
  HEAD_TOLERANCE: { kind: 'number' },
  SYS_FLOW_TOL: { kind: 'number' },
  LAT_FLOW_TOL: { kind: 'number' },
  MINIMUM_STEP: { kind: 'number' },
  MAX_TRIALS: { kind: 'number' },
  THREADS: { kind: 'number' },
  DRY_DAYS: { kind: 'number' },
  ALLOW_PONDING: { kind: 'bool' },
  SKIP_STEADY_STATE: { kind: 'bool' },
  IGNORE_RAINFALL: { kind: 'bool' },
  IGNORE_SNOWMELT: { kind: 'bool' },
  IGNORE_GROUNDWATER: { kind: 'bool' },
  IGNORE_RDII: { kind: 'bool' },
  IGNORE_ROUTING: { kind: 'bool' },
  IGNORE_QUALITY: { kind: 'bool' },
};

/** FLOW_UNITS → flowUnits, etc. */
export function optionProp(key: string): keyof SwmmOptions {
  return key.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()) as keyof SwmmOptions;
}

function readOption(r: Row, body: string, opts: SwmmOptions): string {
  const key = r.name(0, 'Option').toUpperCase();
  if (r.t.length < 2) throw r.error(`option ${key} has no value`, 1, key);
  const spec = OPTION_SPECS[key];
  const o = opts as unknown as Record<string, unknown>;
  if (!spec) {
    // keep the rest of the line as written (quotes included)
    opts.other[key] = restAfterFirstField(body);
    return key;
  }
  if (r.t.length > 2) throw r.error(`option ${key} takes one value, got ${r.t.length - 1}`, 2, key);
  const v = r.t[1];
  const prop = optionProp(key);
  switch (spec.kind) {
    case 'enum': {
      const alias = spec.aliases?.[v.toUpperCase()];
      o[prop] = alias ?? r.word(1, [...spec.values, ...Object.keys(spec.aliases ?? {})], key);
      break;
    }
    case 'bool':
      o[prop] = r.word(1, ['YES', 'NO'], key) === 'YES';
      break;
    case 'number':
      o[prop] = r.num(1, key);
      break;
    case 'date':
      if (!isSwmmDate(v)) throw r.error(`${key} is not a date (MM/DD/YYYY): "${v.slice(0, 40)}"`, 1, key);
      o[prop] = v;
      break;
    case 'time':
      if (!isSwmmTime(v)) throw r.error(`${key} is not a time (HH:MM:SS): "${v.slice(0, 40)}"`, 1, key);
      o[prop] = v;
      break;
    case 'step':
    case 'routingStep': {
      // ROUTING_STEP: decimal seconds or H:MM:SS; the other steps: H:MM:SS or decimal hours (SWMM project.c)
      let s: number | undefined;
      if (spec.kind === 'routingStep' && NUMBER.test(v)) s = Number(v) + 0;
      else s = parseDurationSeconds(v);
      if (s === undefined || !Number.isFinite(s) || s < 0)
        throw r.error(`${key} is not a time step: "${v.slice(0, 40)}"`, 1, key);
      o[prop] = s;
      break;
    }
  }
  return key;
}

// ---- record sections -------------------------------------------------------------------------

const OUTFALL_TYPES: readonly OutfallType[] = ['FREE', 'NORMAL', 'FIXED', 'TIDAL', 'TIMESERIES'];
const STORAGE_SHAPES: readonly StorageShape[] = [
  'FUNCTIONAL',
  'TABULAR',
  'CYLINDRICAL',
  'CONICAL',
  'PARABOLIC',
  'PYRAMIDAL',
];
const DIVIDER_TYPES: readonly DividerType[] = ['CUTOFF', 'OVERFLOW', 'TABULAR', 'WEIR'];
const WEIR_TYPES: readonly WeirType[] = ['TRANSVERSE', 'SIDEFLOW', 'V-NOTCH', 'TRAPEZOIDAL', 'ROADWAY'];
const OUTLET_TYPES: readonly (OutletType | 'FUNCTIONAL' | 'TABULAR')[] = [
  'FUNCTIONAL/DEPTH',
  'FUNCTIONAL/HEAD',
  'TABULAR/DEPTH',
  'TABULAR/HEAD',
  'FUNCTIONAL',
  'TABULAR',
];
const KNOWN_SHAPE_SET = new Set<string>(KNOWN_SHAPES);
const INFIL_METHODS = ['HORTON', 'MODIFIED_HORTON', 'GREEN_AMPT', 'MODIFIED_GREEN_AMPT', 'CURVE_NUMBER'] as const;

function readJunction(r: Row): Junction {
  r.count(2, 6);
  const j: Junction = {
    name: r.name(0),
    invert: r.num(1),
    maxDepth: r.optNum(2, 0),
    initDepth: r.optNum(3, 0),
    surDepth: r.optNum(4, 0),
    aponded: r.optNum(5, 0),
  };
  r.atLeast(j.maxDepth, 0, 2);
  r.atLeast(j.initDepth, 0, 3);
  r.atLeast(j.surDepth, 0, 4);
  r.atLeast(j.aponded, 0, 5);
  return j;
}

function readOutfall(r: Row): Outfall {
  r.count(3, 6);
  const o: Outfall = { name: r.name(0), invert: r.num(1), type: r.word(2, OUTFALL_TYPES), gated: false };
  let k = 3;
  if (o.type === 'FIXED' || o.type === 'TIDAL' || o.type === 'TIMESERIES') {
    r.count(4, 6);
    if (o.type === 'FIXED') o.stage = r.num(3, 'Stage');
    else if (o.type === 'TIDAL') o.curve = r.name(3, 'TidalCurve');
    else o.series = r.name(3, 'TimeSeries');
    k = 4;
  } else {
    r.count(3, 5);
  }
  o.gated = r.yesNo(k, false, 'Gated');
  if (k + 1 < r.t.length) o.routeTo = r.name(k + 1, 'RouteTo');
  return o;
}

function readStorage(r: Row): Storage {
  r.count(6, 13);
  const s: Storage = {
    name: r.name(0),
    invert: r.num(1),
    maxDepth: r.num(2),
    initDepth: r.num(3),
    shape: r.word(4, STORAGE_SHAPES),
    surDepth: 0,
    fevap: 0,
  };
  let k: number;
  if (s.shape === 'TABULAR') {
    r.count(6, 11);
    s.curve = r.name(5, 'Curve');
    k = 6;
  } else {
    r.count(8, 13);
    if (s.shape === 'FUNCTIONAL') {
      s.coefficient = r.num(5, 'Coefficient');
      s.exponent = r.num(6, 'Exponent');
      s.constant = r.atLeast(r.num(7, 'Constant'), 0, 7, 'Constant');
    } else {
      // SWMM 5.2 node.c: length and width > 0, side slope (PARABOLIC: height) >= 0 (> 0)
      s.length = r.atLeast(r.num(5, 'Length'), 0, 5, 'Length', true);
      s.width = r.atLeast(r.num(6, 'Width'), 0, 6, 'Width', true);
      s.z = r.atLeast(r.num(7, 'Z'), 0, 7, 'Z', s.shape === 'PARABOLIC');
    }
    k = 8;
  }
  s.surDepth = r.optNum(k, 0, 'SurDepth');
  s.fevap = r.optNum(k + 1, 0, 'Fevap');
  if (r.t.length > k + 2) {
    r.count(k + 5, k + 5);
    s.seepage = { suction: r.num(k + 2, 'Psi'), ksat: r.num(k + 3, 'Ksat'), imd: r.num(k + 4, 'IMD') };
  }
  return s;
}

function readDivider(r: Row): Divider {
  r.count(4, 11);
  const d: Divider = {
    name: r.name(0),
    invert: r.num(1),
    divertedLink: r.name(2),
    type: r.word(3, DIVIDER_TYPES),
    maxDepth: 0,
    initDepth: 0,
    surDepth: 0,
    aponded: 0,
  };
  let k = 4;
  if (d.type === 'CUTOFF') {
    r.count(5, 9);
    d.qMin = r.num(4, 'Qmin');
    k = 5;
  } else if (d.type === 'TABULAR') {
    r.count(5, 9);
    d.curve = r.name(4, 'DiversionCurve');
    k = 5;
  } else if (d.type === 'WEIR') {
    r.count(7, 11);
    d.qMin = r.num(4, 'Qmin');
    d.weirHeight = r.num(5, 'Height');
    d.weirCd = r.num(6, 'Cd');
    k = 7;
  } else r.count(4, 8);
  d.maxDepth = r.optNum(k, 0, 'MaxDepth');
  d.initDepth = r.optNum(k + 1, 0, 'InitDepth');
  d.surDepth = r.optNum(k + 2, 0, 'SurDepth');
  d.aponded = r.optNum(k + 3, 0, 'Aponded');
  return d;
}

/** Conduits whose offsets were '*' (LINK_OFFSETS ELEVATION: at the node's invert), resolved after reading. */
type StarOffsets = { rec: Conduit; inStar: boolean; outStar: boolean }[];

function readConduit(r: Row, elevationOffsets: boolean, stars: StarOffsets): Conduit {
  r.count(7, 9);
  const inStar = elevationOffsets && r.t[5] === '*';
  const outStar = elevationOffsets && r.t[6] === '*';
  const c: Conduit = {
    name: r.name(0),
    from: r.name(1),
    to: r.name(2),
    length: r.atLeast(r.num(3), 0, 3, undefined, true),
    roughness: r.num(4),
    inOffset: inStar ? 0 : r.num(5),
    outOffset: outStar ? 0 : r.num(6),
    initFlow: r.optNum(7, 0),
    maxFlow: r.optNum(8, 0),
  };
  if (inStar || outStar) stars.push({ rec: c, inStar, outStar });
  return c;
}

function readPump(r: Row): Pump {
  r.count(4, 7);
  return {
    name: r.name(0),
    from: r.name(1),
    to: r.name(2),
    curve: r.name(3),
    status: r.t.length > 4 ? r.word(4, ['ON', 'OFF'] as const) : 'ON',
    startup: r.optNum(5, 0),
    shutoff: r.optNum(6, 0),
  };
}

function readOrifice(r: Row): Orifice {
  r.count(6, 8);
  return {
    name: r.name(0),
    from: r.name(1),
    to: r.name(2),
    type: r.word(3, ['SIDE', 'BOTTOM'] as const),
    offset: r.num(4),
    cd: r.num(5),
    gated: r.yesNo(6, false),
    closeTime: r.optNum(7, 0),
  };
}

function readWeir(r: Row): Weir {
  r.count(6, 13);
  const w: Weir = {
    name: r.name(0),
    from: r.name(1),
    to: r.name(2),
    type: r.word(3, WEIR_TYPES),
    crest: r.num(4),
    cd: r.num(5),
    gated: r.yesNo(6, false),
    endContractions: r.optNum(7, 0),
    cd2: r.optNum(8, 0),
    surcharge: r.yesNo(9, true),
  };
  if (r.t.length > 10) w.roadWidth = r.num(10);
  if (r.t.length > 11) w.roadSurface = r.str(11).toUpperCase();
  if (r.t.length > 12) w.coeffCurve = r.name(12);
  return w;
}

function readOutlet(r: Row): Outlet {
  r.count(6, 8);
  let type = r.word(4, OUTLET_TYPES);
  if (type === 'FUNCTIONAL' || type === 'TABULAR') type = `${type}/DEPTH`; // SWMM 5.0 names
  const o: Outlet = { name: r.name(0), from: r.name(1), to: r.name(2), offset: r.num(3), type, gated: false };
  if (type.startsWith('FUNCTIONAL')) {
    r.count(7, 8);
    o.coefficient = r.num(5, 'Qcoeff');
    o.exponent = r.num(6, 'Qexpon');
    o.gated = r.yesNo(7, false, 'Gated');
  } else {
    r.count(6, 7);
    o.curve = r.name(5, 'QTable');
    o.gated = r.yesNo(6, false, 'Gated');
  }
  return o;
}

function readXSection(r: Row): XSection {
  r.count(3, 8);
  const up = r.t[1].toUpperCase();
  const shape = KNOWN_SHAPE_SET.has(up) ? up : r.name(1);
  const x: XSection = { link: r.name(0), shape, geom: [0, 0, 0, 0], barrels: 1 };
  if (up === 'CUSTOM' || up === 'IRREGULAR' || up === 'STREET') {
    // short forms `CUSTOM Geom1 Curve (Barrels)`, `IRREGULAR Tsect (Barrels)`; the GUI writes all columns
    const c = up === 'CUSTOM' ? 3 : 2; // column of the curve / transect / street name
    if (up === 'CUSTOM') x.geom[0] = r.atLeast(r.num(2, 'Geom1'), 0, 2, 'Geom1', true);
    x.curve = r.name(c, up === 'CUSTOM' ? 'Curve' : up === 'IRREGULAR' ? 'Transect' : 'Street');
    if (r.t.length <= c + 2) {
      x.barrels = r.t.length > c + 1 ? r.int(c + 1, 1, 'Barrels') : 1;
    } else {
      for (let i = c + 1; i < 6; i++) x.geom[i - 2] = r.num(i);
      x.barrels = r.t.length > 6 ? r.int(6, 1) : 1;
      if (r.t.length > 7) x.culvert = r.int(7, 0);
    }
  } else {
    x.geom = [r.num(2), r.optNum(3, 0), r.optNum(4, 0), r.optNum(5, 0)];
    if (up !== 'DUMMY' && KNOWN_SHAPE_SET.has(up)) r.atLeast(x.geom[0], 0, 2, 'Geom1', true); // SWMM: a section needs a full area
    x.barrels = r.t.length > 6 ? r.int(6, 1) : 1;
    if (r.t.length > 7) x.culvert = r.int(7, 0);
  }
  return x;
}

function readLoss(r: Row): Loss {
  r.count(4, 6);
  return {
    link: r.name(0),
    entry: r.atLeast(r.num(1), 0, 1),
    exit: r.atLeast(r.num(2), 0, 2),
    average: r.atLeast(r.num(3), 0, 3),
    flapGate: r.yesNo(4, false),
    seepage: r.optNum(5, 0),
  };
}

function readInflow(r: Row): Inflow {
  r.count(3, 8);
  const c = r.name(1);
  const isFlow = c.toUpperCase() === 'FLOW';
  return {
    node: r.name(0),
    constituent: isFlow ? 'FLOW' : c,
    series: r.str(2),
    type:
      r.t.length > 3
        ? isFlow
          ? r.word(3, ['FLOW'] as const)
          : r.word(3, ['CONCEN', 'MASS'] as const)
        : isFlow
          ? 'FLOW'
          : 'CONCEN',
    mfactor: r.optNum(4, 1),
    sfactor: r.optNum(5, 1),
    baseline: r.optNum(6, 0),
    pattern: r.t.length > 7 ? r.str(7) : '',
  };
}

function readDwf(r: Row): Dwf {
  r.count(3, 7);
  const c = r.name(1);
  return {
    node: r.name(0),
    constituent: c.toUpperCase() === 'FLOW' ? 'FLOW' : c,
    baseline: r.num(2),
    patterns: r.t.slice(3),
  };
}

function readRainGage(r: Row): RainGage {
  r.count(6, 8);
  const g: RainGage = {
    name: r.name(0),
    format: r.word(1, ['INTENSITY', 'VOLUME', 'CUMULATIVE'] as const),
    interval: r.str(2),
    scf: r.num(3),
    source: r.word(4, ['TIMESERIES', 'FILE'] as const),
  };
  const iv = g.interval;
  if (!isSwmmTime(iv) && !(NUMBER.test(iv) && Number.isFinite(Number(iv))))
    throw r.error(`Interval is not a time (H:MM or decimal hours): "${iv.slice(0, 40)}"`, 2);
  if (g.source === 'TIMESERIES') {
    r.count(6, 6);
    g.series = r.name(5, 'TimeSeries');
  } else {
    r.count(8, 8);
    g.file = r.name(5, 'File');
    g.station = r.name(6, 'Station');
    g.fileUnits = r.word(7, ['IN', 'MM'] as const);
  }
  return g;
}

function readSubcatchment(r: Row): Subcatchment {
  r.count(7, 9);
  const s: Subcatchment = {
    name: r.name(0),
    rainGage: r.name(1),
    outlet: r.name(2),
    area: r.num(3),
    pctImperv: r.num(4),
    width: r.num(5),
    pctSlope: r.num(6),
    curbLength: r.optNum(7, 0),
  };
  if (r.t.length > 8) s.snowPack = r.str(8);
  return s;
}

function readSubarea(r: Row): Subarea {
  r.count(7, 8);
  const s: Subarea = {
    subcatchment: r.name(0),
    nImperv: r.num(1),
    nPerv: r.num(2),
    sImperv: r.num(3),
    sPerv: r.num(4),
    pctZero: r.num(5),
    routeTo: r.word(6, ['IMPERVIOUS', 'PERVIOUS', 'OUTLET'] as const),
  };
  if (r.t.length > 7) s.pctRouted = r.num(7);
  return s;
}

function readInfiltration(r: Row): Infiltration {
  r.count(4, 7);
  const n = r.t.length;
  const inf: Infiltration = { subcatchment: r.name(0), params: [] };
  let end = n;
  if (!NUMBER.test(r.t[n - 1])) {
    inf.method = r.word(n - 1, INFIL_METHODS, 'Method');
    end = n - 1;
  }
  if (end - 1 < 3) throw r.error(`expected at least 3 parameters, got ${end - 1}: the row is cut short`, end);
  if (end - 1 > 5) throw r.error(`expected at most 5 parameters, got ${end - 1}`, 6);
  for (let i = 1; i < end; i++) inf.params.push(r.num(i));
  return inf;
}

/** [CURVES]: `Name Type x y ...` on the first line of a curve, `Name x y ...` on the next ones. */
function readCurveLine(r: Row, byName: Map<string, Curve>): { rec: Curve; isNew: boolean } {
  r.count(2, 1e9);
  const name = r.name(0);
  let c = byName.get(name);
  let k = 1;
  const isNew = !c;
  if (!c) {
    if (NUMBER.test(r.t[1]))
      throw r.error(
        `curve ${name}: its first line must give the curve type (PUMP1..PUMP5, STORAGE, RATING, ...)`,
        1,
        'Type',
      );
    c = { name, type: r.word(1, CURVE_TYPES, 'Type'), points: [] };
    byName.set(name, c);
    k = 2;
  } else if (r.t.length > 1 && !NUMBER.test(r.t[1])) {
    throw r.error(
      `curve ${name}: X-Value is not a number: "${r.t[1].slice(0, 40)}" (the type goes on the curve's first line only)`,
      1,
      'X-Value',
    );
  }
  if ((r.t.length - k) % 2 !== 0)
    throw r.error(`curve ${name}: an X-Value without its Y-Value: the row is cut short`, r.t.length, 'Y-Value');
  for (let i = k; i < r.t.length; i += 2) c.points.push([r.num(i, 'X-Value'), r.num(i + 1, 'Y-Value')]);
  return { rec: c, isNew };
}

/** [TIMESERIES]: `Name FILE path`, or `Name [date] time value [[date] time value ...]`. */
function readSeriesLine(r: Row, byName: Map<string, TimeSeries>): { rec: TimeSeries; isNew: boolean } {
  r.count(3, 1e9);
  const name = r.name(0);
  let ts = byName.get(name);
  const isNew = !ts;
  if (r.t[1].toUpperCase() === 'FILE') {
    r.count(3, 3);
    if (ts) throw r.error(`time series ${name} is defined twice (a FILE series has one line)`, 0);
    ts = { name, file: r.str(2), points: [] };
    byName.set(name, ts);
    return { rec: ts, isNew };
  }
  if (!ts) {
    ts = { name, points: [] };
    byName.set(name, ts);
  } else if (ts.file !== undefined) {
    throw r.error(`time series ${name} reads from a FILE and cannot also have data lines`, 1);
  }
  let k = 1;
  while (k < r.t.length) {
    let date: string | undefined;
    if (isSwmmDate(r.t[k])) {
      date = r.t[k];
      k++;
    }
    if (k >= r.t.length)
      throw r.error(`time series ${name}: a date without time and value: the row is cut short`, 2, 'Time');
    const time = r.t[k];
    if (!isSwmmTime(time) && !NUMBER.test(time))
      throw r.error(`time series ${name}: Time is neither a date nor a time: "${time.slice(0, 40)}"`, 2, 'Time');
    if (k + 1 >= r.t.length)
      throw r.error(`time series ${name}: a time without its value: the row is cut short`, 3, 'Value');
    const value = r.num(k + 1, 'Value');
    ts.points.push(date === undefined ? { time, value } : { date, time, value });
    k += 2;
  }
  return { rec: ts, isNew };
}

type SimpleReader = (r: Row) => object;
const SIMPLE: Record<string, [keyof SwmmInp, SimpleReader]> = {
  JUNCTIONS: ['junctions', readJunction],
  OUTFALLS: ['outfalls', readOutfall],
  STORAGE: ['storage', readStorage],
  DIVIDERS: ['dividers', readDivider],
  PUMPS: ['pumps', readPump],
  ORIFICES: ['orifices', readOrifice],
  WEIRS: ['weirs', readWeir],
  OUTLETS: ['outlets', readOutlet],
  XSECTIONS: ['xsections', readXSection],
  LOSSES: ['losses', readLoss],
  INFLOWS: ['inflows', readInflow],
  DWF: ['dwf', readDwf],
  RAINGAGES: ['raingages', readRainGage],
  SUBCATCHMENTS: ['subcatchments', readSubcatchment],
  SUBAREAS: ['subareas', readSubarea],
  INFILTRATION: ['infiltration', readInfiltration],
  COORDINATES: [
    'coordinates',
    (r) => {
      r.count(3, 3);
      return { node: r.name(0), x: r.num(1), y: r.num(2) };
    },
  ],
  VERTICES: [
    'vertices',
    (r) => {
      r.count(3, 3);
      return { link: r.name(0), x: r.num(1), y: r.num(2) };
    },
  ],
  POLYGONS: [
    'polygons',
    (r) => {
      r.count(3, 3);
      return { subcatchment: r.name(0), x: r.num(1), y: r.num(2) };
    },
  ],
};

/** LINK_OFFSETS ELEVATION in force: read so far, or (as SWMM reads options first) later in the file. */
function linkOffsetsElevation(text: string, m: SwmmInp): boolean {
  if (m.options.linkOffsets !== undefined) return m.options.linkOffsets === 'ELEVATION';
  return /^[ \t]*LINK_OFFSETS[ \t]+ELEVATION\b/im.test(text);
}

/** A '*' offset (ELEVATION mode) means the conduit end sits at the node's invert (SWMM link.c). */
function resolveStarOffsets(m: SwmmInp, stars: StarOffsets): void {
  if (stars.length === 0) return;
  const inverts = new Map<string, number>();
  for (const list of [m.junctions, m.outfalls, m.storage, m.dividers])
    for (const n of list) inverts.set(n.name, n.invert);
  for (const s of stars) {
    if (s.inStar) s.rec.inOffset = inverts.get(s.rec.from) ?? 0;
    if (s.outStar) s.rec.outOffset = inverts.get(s.rec.to) ?? 0;
  }
}

/** Header spellings SWMM accepts for the same section. */
const SECTION_ALIASES: Record<string, string> = {
  OUTFALL: 'OUTFALLS',
  JUNCTION: 'JUNCTIONS',
  CONDUIT: 'CONDUITS',
  POLYGON: 'POLYGONS',
};

/** Every section SWMM 5.2 reads (its input.c section keywords); another name is an error, as in SWMM. */
const SWMM_SECTIONS = new Set(
  (
    'TITLE OPTIONS FILES RAINGAGES TEMPERATURE EVAPORATION SUBCATCHMENTS SUBAREAS INFILTRATION AQUIFERS ' +
    'GROUNDWATER GWF SNOWPACKS JUNCTIONS OUTFALLS STORAGE DIVIDERS CONDUITS PUMPS ORIFICES WEIRS OUTLETS XSECTIONS TRANSECTS ' +
    'STREETS INLETS INLET_USAGE LOSSES CONTROLS POLLUTANTS LANDUSES BUILDUP WASHOFF COVERAGES INFLOWS DWF PATTERNS RDII ' +
    'HYDROGRAPHS LOADINGS TREATMENT CURVES TIMESERIES REPORT MAP COORDINATES VERTICES POLYGONS SYMBOLS LABELS BACKDROP TAGS ' +
    'PROFILES LID_CONTROLS LID_USAGE ADJUSTMENTS EVENTS'
  ).split(' '),
);

/** Sections whose data lines are parsed into the model (the rest is kept verbatim). */
export function isModelledSection(key: string): boolean {
  return (
    key === 'TITLE' ||
    key === 'OPTIONS' ||
    key === 'CURVES' ||
    key === 'TIMESERIES' ||
    key === 'CONDUITS' ||
    key in SIMPLE
  );
}

/**
 * Parses SWMM 5 input text. `file` names the file in messages. Throws `InputError` for any
 * malformed line, unknown keyword, duplicate name or reference to an undefined object
 * (`validate: false` skips the cross-checks, e.g. for a file holding part of a network).
 */
export function readSwmmInp(text: string, file = 'network.inp', opts: { validate?: boolean } = {}): SwmmInp {
  const m = emptySwmmInp('CFS');
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // the final newline ends the last line
  let sec: SwmmSection = { key: '', header: '', lines: [] };
  m.sections.push(sec);
  const curves = new Map<string, Curve>();
  const series = new Map<string, TimeSeries>();
  const stars: StarOffsets = [];
  let elevationOffsets: boolean | undefined;
  const transects = transectState();
  const controls: ControlState = {};
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const lineNo = i + 1;
    const t = raw.trim();
    if (t.startsWith('[')) {
      const close = t.indexOf(']');
      if (close < 0)
        throw new InputError(`section header "${t.slice(0, 40)}" is not closed by "]"`, { file, line: lineNo });
      let key = t.slice(1, close).trim().toUpperCase();
      key = SECTION_ALIASES[key] ?? key;
      if (key === '') throw new InputError('empty section name "[]"', { file, line: lineNo });
      if (!SWMM_SECTIONS.has(key))
        throw new InputError(`unknown section [${key.slice(0, 40)}] (a misspelt name would drop its data)`, {
          file,
          line: lineNo,
        });
      sec = { key, header: raw.trimEnd(), lines: [] };
      m.sections.push(sec);
      continue;
    }
    if (sec.key === 'TRANSECTS' && t !== '' && !t.startsWith(';')) {
      const semi = raw.indexOf(';');
      readTransectLine(tokenize(semi >= 0 ? raw.slice(0, semi) : raw), lineNo, file, transects, m.transects);
    }
    if (sec.key === 'CONTROLS' && t !== '' && !t.startsWith(';')) {
      const semi = raw.indexOf(';');
      readControlLine(tokenize(semi >= 0 ? raw.slice(0, semi) : raw), lineNo, file, controls, m.controls);
    }
    if (t === '' || t.startsWith(';') || !isModelledSection(sec.key)) {
      if (sec.key === '' && t !== '' && !t.startsWith(';')) {
        throw new InputError(`data line before the first [SECTION] header: "${t.slice(0, 40)}"`, {
          file,
          line: lineNo,
        });
      }
      sec.lines.push({ kind: 'text', text: raw.trimEnd() });
      continue;
    }
    if (sec.key === 'TITLE') {
      // the writer writes all title lines at the first one, so only that one is in the layout
      if (m.title.length === 0) sec.lines.push({ kind: 'record', ref: m.title });
      m.title.push(raw.trimEnd());
      continue;
    }
    const semi = raw.indexOf(';');
    const body = semi >= 0 ? raw.slice(0, semi) : raw;
    const comment = semi >= 0 ? raw.slice(semi).trimEnd() : undefined;
    const toks = tokenize(body);
    if (toks.length === 0) {
      sec.lines.push({ kind: 'text', text: raw.trimEnd() });
      continue;
    }
    const r = new Row(toks, lineNo, sec.key, file);
    let entry: LayoutLine;
    if (sec.key === 'OPTIONS') {
      entry = { kind: 'option', key: readOption(r, body, m.options) };
    } else if (sec.key === 'CURVES' || sec.key === 'TIMESERIES') {
      const { rec, isNew } = sec.key === 'CURVES' ? readCurveLine(r, curves) : readSeriesLine(r, series);
      if (!isNew) {
        // a later line of a curve or series: the writer writes the whole record at its first line,
        // so the layout keeps only this line's comment (as a line of its own)
        if (comment !== undefined) sec.lines.push({ kind: 'text', text: comment });
        continue;
      }
      (sec.key === 'CURVES' ? m.curves : m.timeseries).push(rec as Curve & TimeSeries);
      recordLine.set(rec, lineNo);
      entry = { kind: 'record', ref: rec };
    } else if (sec.key === 'CONDUITS') {
      // LINK_OFFSETS must come first for '*' offsets, as in SWMM (which reads [OPTIONS] in a first pass)
      elevationOffsets ??= linkOffsetsElevation(text, m);
      const rec = readConduit(r, elevationOffsets, stars);
      m.conduits.push(rec);
      recordLine.set(rec, lineNo);
      entry = { kind: 'record', ref: rec };
    } else {
      const [prop, reader] = SIMPLE[sec.key];
      const rec = reader(r);
      (m[prop] as object[]).push(rec);
      recordLine.set(rec, lineNo);
      entry = { kind: 'record', ref: rec };
    }
    if (comment !== undefined) entry.comment = comment;
    sec.lines.push(entry);
  }
  if (m.sections[0].lines.length === 0) m.sections.shift();
  resolveStarOffsets(m, stars);
  if (opts.validate !== false) validateSwmmInp(m, file);
  return m;
}
