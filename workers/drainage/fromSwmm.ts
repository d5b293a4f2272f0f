/**
 * SWMM `.inp` model (file units) → the solver's SI network. US files (CFS/GPM/MGD) have lengths in ft,
 * areas in ft², weir coefficients in ft^0.5/s; SI files (CMS/LPS/MLD) in m. Flows in the file's
 * FLOW_UNITS. Reference: SWMM 5 User's Manual, Appendix D, and the engine source (inflow.c, node.c).
 */
import { InputError } from '../../src/core/errors.ts';
import { pow } from '../../src/core/detMath.ts';
import type { Series } from '../../src/core/timeSeries.ts';
import {
  parseClockSeconds,
  resolvedSwmmOptions,
  type ResolvedSwmmOptions,
  timeSeriesToSeries,
  simulationDurationSeconds,
  type ControlAction,
  type ControlRule,
  type ControlVariable,
  type SwmmInp,
  type XSection,
} from '../../src/io/swmmInp.ts';
import { runoffInflows, type RunoffContinuity } from './runoff.ts';
import { readPatterns, dwfMultiplier } from './patterns.ts';
import { transectTable } from './transect.ts';
import {
  defaultRoutingOptions,
  type DrainageNetwork,
  type LinkSpec,
  type NodeInflow,
  type NodeSpec,
  type PumpSpec,
  type RoutingOptions,
  type ShapeName,
  type WeirSpec,
  type XSectionSpec,
} from './network.ts';

const FT = 0.3048;

/** m³/s per unit of each SWMM flow unit. */
export const FLOW_TO_CMS: Record<string, number> = {
  CFS: FT * FT * FT,
  GPM: (FT * FT * FT) / 448.831,
  MGD: FT * FT * FT * 1.547229,
  CMS: 1,
  LPS: 0.001,
  MLD: 1000 / 86400,
};

export function isUsUnits(flowUnits: string): boolean {
  return flowUnits === 'CFS' || flowUnits === 'GPM' || flowUnits === 'MGD';
}

export interface UnitFactors {
  len: number;
  area: number;
  vol: number;
  flow: number;
}

export function unitFactors(flowUnits: string): UnitFactors {
  const us = isUsUnits(flowUnits);
  const len = us ? FT : 1;
  return { len, area: len * len, vol: len * len * len, flow: FLOW_TO_CMS[flowUnits] ?? 1 };
}

const SHAPE_NAMES: Record<string, ShapeName> = {
  CIRCULAR: 'circular',
  FORCE_MAIN: 'force_main',
  FILLED_CIRCULAR: 'filled_circular',
  RECT_CLOSED: 'rect_closed',
  RECT_OPEN: 'rect_open',
  TRAPEZOIDAL: 'trapezoidal',
  TRIANGULAR: 'triangular',
  HORIZ_ELLIPSE: 'horiz_ellipse',
  VERT_ELLIPSE: 'vert_ellipse',
  ARCH: 'arch',
  PARABOLIC: 'parabolic',
  POWER: 'power',
  RECT_TRIANGULAR: 'rect_triangular',
  RECT_ROUND: 'rect_round',
  MODBASKETHANDLE: 'modbaskethandle',
  EGG: 'egg',
  HORSESHOE: 'horseshoe',
  GOTHIC: 'gothic',
  CATENARY: 'catenary',
  SEMIELLIPTICAL: 'semielliptical',
  BASKETHANDLE: 'baskethandle',
  SEMICIRCULAR: 'semicircular',
  CUSTOM: 'custom',
  IRREGULAR: 'irregular',
};

/** Lengths among geom2..geom4 per shape (the rest are slopes or exponents). */
const LENGTH_GEOMS: Partial<Record<ShapeName, readonly number[]>> = {
  rect_triangular: [1, 2],
  rect_round: [1, 2],
  modbaskethandle: [1, 2],
  trapezoidal: [1],
  force_main: [],
};

/** A ROADWAY weir's road width (m) and surface, when the file gives both (SWMM then uses the HDS-5 curves). */
function roadway(w: SwmmInp['weirs'][number], L: number): Pick<WeirSpec, 'roadWidth' | 'roadSurface'> {
  const surf = w.roadSurface === 'PAVED' ? 'paved' : w.roadSurface === 'GRAVEL' ? 'gravel' : undefined;
  if (w.type !== 'ROADWAY' || !surf || !(w.roadWidth && w.roadWidth > 0)) return {};
  return { roadWidth: w.roadWidth * L, roadSurface: surf };
}

/**
 * A DUMMY conduit (no cross-section): SWMM passes its upstream node's inflow on, storing nothing. Run as an
 * ideal pump that is always on (its flow is the inlet node's inflow and held water, never backwards).
 */
function dummyLink(id: string, from: string, to: string): LinkSpec {
  return { id, kind: 'pump', from, to, pump: { curveType: 0, curve: [], initOn: true, startDepth: 0, stopDepth: 0 } };
}

/** A conduit's [XSECTIONS] line (file units) → the solver's SI section; InputError naming the link otherwise. */
function xsectionSpec(m: SwmmInp, xs: XSection, L: number, file: string, linkName: string): XSectionSpec {
  const shape = SHAPE_NAMES[xs.shape];
  const where = { file, section: 'XSECTIONS', field: linkName };
  if (!shape) {
    throw new InputError(
      `[XSECTIONS] shape ${xs.shape} of link "${linkName}" is not supported by the drainage solver (supported: ${Object.keys(SHAPE_NAMES).join(', ')})`,
      where,
    );
  }
  const lengths = LENGTH_GEOMS[shape] ?? [1];
  const g = xs.geom.map((v, i) => (i === 0 || lengths.includes(i) ? v * L : v));
  const spec: XSectionSpec = { shape, geom1: g[0], geom2: g[1], geom3: g[2], geom4: g[3], barrels: xs.barrels || 1 };
  // a D-W force main's roughness height is given in inches (US) or mm (SI)
  if (shape === 'force_main' && m.options.forceMainEquation === 'D-W')
    spec.geom2 = xs.geom[1] * (L === 1 ? 0.001 : 0.0254);
  if ((shape === 'horiz_ellipse' || shape === 'vert_ellipse' || shape === 'arch') && !(xs.geom[1] > 0)) {
    throw new InputError(
      `[XSECTIONS] ${xs.shape} link "${linkName}": standard size codes (Geom2 = 0) are not supported; give the height and width`,
      where,
    );
  }
  if (shape === 'filled_circular' && !(xs.geom[1] < xs.geom[0])) {
    throw new InputError(
      `[XSECTIONS] FILLED_CIRCULAR link "${linkName}": the filled depth (Geom2 ${xs.geom[1]}) must be less than the diameter (Geom1 ${xs.geom[0]})`,
      where,
    );
  }
  if (shape === 'power' && !(xs.geom[2] > 0)) {
    throw new InputError(
      `[XSECTIONS] POWER link "${linkName}": the exponent (Geom3) must be > 0, got ${xs.geom[2]}`,
      where,
    );
  }
  if (shape === 'custom') {
    const c = m.curves.find((x) => x.name === xs.curve);
    if (!c) throw new InputError(`[XSECTIONS] CUSTOM link "${linkName}": unknown shape curve "${xs.curve}"`, where);
    spec.curve = c.points.map(([y, w]) => [y, w]);
  }
  if (shape === 'irregular') {
    const t = m.transects.find((x) => x.name === xs.curve);
    if (!t) throw new InputError(`[XSECTIONS] IRREGULAR link "${linkName}": unknown transect "${xs.curve}"`, where);
    const tab = transectTable(t, L);
    spec.geom1 = tab.depth[tab.depth.length - 1];
    spec.transect = tab;
  }
  return spec;
}

/** An IRREGULAR conduit takes its transect's channel n (SWMM ignores the conduit's own roughness there). */
function irregularN(m: SwmmInp, xs: XSection): number | undefined {
  return xs.shape === 'IRREGULAR' ? m.transects.find((t) => t.name === xs.curve)?.nChannel : undefined;
}

/** SI factor of a rule variable's values (node depth and head: length; volume; flows). */
function variableFactor(v: ControlVariable, u: UnitFactors): number {
  if (v.object === 'SIMULATION' || v.attribute === 'STATUS' || v.attribute === 'SETTING') return 1;
  if (v.object === 'NODE') return v.attribute === 'VOLUME' ? u.vol : v.attribute === 'INFLOW' ? u.flow : u.len;
  return v.attribute === 'DEPTH' ? u.len : u.flow;
}

/** [CONTROLS] rules with their compared values in SI units, and their modulated actions' curves and series. */
function controlsToSI(m: SwmmInp, u: UnitFactors, seriesOf: (name: string) => Series, file: string): ControlRule[] {
  return m.controls.map((r) => {
    // a CONTROL curve's x is the rule's controller variable: the left side of its last premise
    const last = r.premises[r.premises.length - 1];
    const fx = last ? variableFactor(last.left, u) : 1;
    const action = (a: ControlAction): ControlAction => {
      const md = a.modulated;
      if (!md || md.kind === 'PID') return a;
      const where = { file, line: r.line, field: r.name };
      if (md.kind === 'TIMESERIES') return { ...a, modulated: { ...md, series: seriesOf(md.name) } };
      const c = m.curves.find((x) => x.name === md.name);
      if (!c || c.points.length === 0)
        throw new InputError(`[CONTROLS] rule ${r.name}: unknown or empty CONTROL curve "${md.name}"`, where);
      return { ...a, modulated: { ...md, points: c.points.map(([x, y]) => [x * fx, y] as [number, number]) } };
    };
    return {
      ...r,
      premises: r.premises.map((p) => ({
        ...p,
        right: typeof p.right === 'number' ? p.right * variableFactor(p.left, u) : p.right,
      })),
      thenActions: r.thenActions.map(action),
      elseActions: r.elseActions.map(action),
    };
  });
}

/** Converts a parsed SWMM model to the solver's SI network. `runoff`: route subcatchment runoff
 *  (standalone runs; a coupled run rains on the grid instead). */
export function networkFromSwmm(
  m: SwmmInp,
  file = 'network.inp',
  opts: { runoff?: boolean; duration?: number } = {},
): DrainageNetwork {
  const flowUnits = m.options.flowUnits;
  const u = unitFactors(flowUnits);
  const L = u.len;
  const elevOffsets = m.options.linkOffsets === 'ELEVATION';
  const series = new Map<string, Series>();
  const seriesNamed = (name: string, _where: object, field: string): Series => {
    let s = series.get(name);
    if (!s) {
      const ts = m.timeseries.find((t) => t.name === name);
      if (!ts) throw new InputError(`unknown time series "${name}"`, { file, field });
      if (ts.file)
        throw new InputError(`time series "${name}" reads an external file, which is not supported`, { file, field });
      s = timeSeriesToSeries(ts, m);
      if (s.length === 0) throw new InputError(`time series "${name}" has no usable points`, { file, field });
      series.set(name, s);
    }
    return s;
  };
  const curve = (name: string, _where: object, field: string) => {
    const c = m.curves.find((x) => x.name === name);
    if (!c) throw new InputError(`unknown curve "${name}"`, { file, field });
    return c;
  };
  const coords = new Map(m.coordinates.map((c) => [c.node, c]));
  const nodes: NodeSpec[] = [];
  const inv = new Map<string, number>();
  const base = (name: string, invert: number) => {
    inv.set(name, invert * L);
    const c = coords.get(name);
    return c ? { x: c.x, y: c.y } : {};
  };
  for (const j of m.junctions) {
    nodes.push({
      id: j.name,
      kind: 'junction',
      invert: j.invert * L,
      maxDepth: j.maxDepth * L,
      initDepth: j.initDepth * L,
      surchargeDepth: j.surDepth * L,
      pondedArea: j.aponded * u.area,
      ...base(j.name, j.invert),
    });
  }
  for (const d of m.dividers) {
    // a flow divider is routed as a plain junction by dynamic wave (SWMM does the same)
    nodes.push({
      id: d.name,
      kind: 'junction',
      invert: d.invert * L,
      maxDepth: d.maxDepth * L,
      initDepth: d.initDepth * L,
      surchargeDepth: d.surDepth * L,
      pondedArea: d.aponded * u.area,
      ...base(d.name, d.invert),
    });
  }
  const duration = simulationDurationSeconds(m);
  for (const o of m.outfalls) {
    const spec: NodeSpec = {
      id: o.name,
      kind: 'outfall',
      invert: o.invert * L,
      maxDepth: 0,
      initDepth: 0,
      surchargeDepth: 0,
      pondedArea: 0,
      outfall: { mode: 'free', gated: o.gated },
      ...base(o.name, o.invert),
    };
    if (o.type === 'NORMAL') spec.outfall!.mode = 'normal';
    else if (o.type === 'FIXED') {
      spec.outfall!.mode = 'fixed';
      spec.outfall!.stage = (o.stage ?? o.invert) * L;
    } else if (o.type === 'TIMESERIES') {
      spec.outfall!.mode = 'series';
      spec.outfall!.series = seriesNamed(o.series ?? '', o, o.name).map(([t, v]) => [t, v * L] as [number, number]);
    } else if (o.type === 'TIDAL') {
      // tidal curve: hour of day (0-24) → stage, repeated over the run
      const c = curve(o.curve ?? '', o, o.name);
      const days = Math.ceil((duration ?? 86400) / 86400) + 1;
      const s: [number, number][] = [];
      for (let d = 0; d < days; d++) {
        for (const [hr, st] of c.points) {
          const t = d * 86400 + hr * 3600;
          if (s.length === 0 || t > s[s.length - 1][0]) s.push([t, st * L]);
        }
      }
      spec.outfall!.mode = 'series';
      spec.outfall!.series = s;
    }
    nodes.push(spec);
  }
  for (const s of m.storage) {
    const spec: NodeSpec = {
      id: s.name,
      kind: 'storage',
      invert: s.invert * L,
      maxDepth: s.maxDepth * L,
      initDepth: s.initDepth * L,
      surchargeDepth: s.surDepth * L,
      pondedArea: 0,
      ...base(s.name, s.invert),
    };
    if (s.shape === 'TABULAR') {
      const c = curve(s.curve ?? '', s, s.name);
      spec.storage = { a: 0, b: 0, c: 0, table: c.points.map(([d, a]) => [d * L, a * u.area] as [number, number]) };
    } else if (s.shape === 'FUNCTIONAL') {
      // area = a·d^b + c in file units → SI: a·(d/L)^b·L² = a·L^(2−b)·d^b
      const b = s.exponent ?? 0;
      spec.storage = { a: (s.coefficient ?? 0) * pow(L, 2 - b), b, c: (s.constant ?? 0) * u.area };
    } else {
      // SWMM 5.2 shapes from length, width and side slope: sample the area curve
      const len = (s.length ?? 0) * L;
      const wid = (s.width ?? 0) * L;
      const z = s.z ?? 0;
      const depth = Math.max(s.maxDepth * L, 0.01);
      const table: [number, number][] = [];
      for (let i = 0; i <= 20; i++) {
        const d = (depth * i) / 20;
        let a: number;
        if (s.shape === 'CYLINDRICAL') a = (Math.PI / 4) * len * wid;
        else if (s.shape === 'CONICAL') a = (Math.PI / 4) * (len + 2 * z * d) * (wid + 2 * z * d);
        else if (s.shape === 'PYRAMIDAL') a = (len + 2 * z * d) * (wid + 2 * z * d);
        else a = (2 / 3) * len * wid * Math.sqrt(d / depth); // PARABOLIC: width ∝ √depth
        table.push([d, a]);
      }
      spec.storage = { a: 0, b: 0, c: 0, table };
    }
    nodes.push(spec);
  }
  const xsByLink = new Map(m.xsections.map((x) => [x.link, x]));
  const lossByLink = new Map(m.losses.map((x) => [x.link, x]));
  const links: LinkSpec[] = [];
  const offset = (node: string, value: number) => (elevOffsets ? value * L - (inv.get(node) ?? 0) : value * L);
  for (const c of m.conduits) {
    const xs = xsByLink.get(c.name);
    if (!xs) throw new InputError(`conduit "${c.name}" has no [XSECTIONS] entry`, { file, field: c.name });
    if (xs.shape === 'DUMMY') {
      links.push(dummyLink(c.name, c.from, c.to));
      continue;
    }
    const x = xsectionSpec(m, xs, L, file, c.name);
    const loss = lossByLink.get(c.name);
    links.push({
      id: c.name,
      kind: 'conduit',
      from: c.from,
      to: c.to,
      conduit: {
        length: c.length * L,
        n: irregularN(m, xs) ?? c.roughness,
        inOffset: Math.max(0, offset(c.from, c.inOffset)),
        outOffset: Math.max(0, offset(c.to, c.outOffset)),
        xsection: x,
        initFlow: c.initFlow * u.flow,
        maxFlow: c.maxFlow * u.flow,
        lossIn: loss?.entry ?? 0,
        lossOut: loss?.exit ?? 0,
        lossAvg: loss?.average ?? 0,
        flapGate: loss?.flapGate ?? false,
        culvertCode: xs.culvert ?? 0,
      },
    });
  }
  for (const p of m.pumps) {
    let curveType: PumpSpec['curveType'] = 0;
    let pts: [number, number][] = [];
    if (p.curve !== '*') {
      const c = curve(p.curve, p, p.name);
      const t = c.type.toUpperCase();
      curveType = t === 'PUMP1' ? 1 : t === 'PUMP2' ? 2 : t === 'PUMP3' ? 3 : t === 'PUMP4' ? 4 : t === 'PUMP5' ? 5 : 0;
      if (curveType === 0) {
        throw new InputError(`pump "${p.name}": curve "${p.curve}" has type ${c.type}, not PUMP1..PUMP5`, {
          file,
          field: p.name,
        });
      }
      const xf = curveType === 1 ? u.vol : L;
      pts = c.points.map(([a, b]) => [a * xf, b * u.flow]);
    }
    links.push({
      id: p.name,
      kind: 'pump',
      from: p.from,
      to: p.to,
      pump: { curveType, curve: pts, initOn: p.status !== 'OFF', startDepth: p.startup * L, stopDepth: p.shutoff * L },
    });
  }
  for (const o of m.orifices) {
    const xs = xsByLink.get(o.name);
    if (!xs) throw new InputError(`orifice "${o.name}" has no [XSECTIONS] entry`, { file, field: o.name });
    const circ = xs.shape === 'CIRCULAR';
    links.push({
      id: o.name,
      kind: 'orifice',
      from: o.from,
      to: o.to,
      orifice: {
        type: o.type === 'BOTTOM' ? 'bottom' : 'side',
        offset: Math.max(0, offset(o.from, o.offset)),
        cd: o.cd,
        shape: circ ? 'circular' : 'rect',
        height: xs.geom[0] * L,
        width: (circ ? xs.geom[0] : xs.geom[1]) * L,
        gated: o.gated,
      },
    });
  }
  const sq = Math.sqrt(L);
  for (const w of m.weirs) {
    const xs = xsByLink.get(w.name);
    if (!xs) throw new InputError(`weir "${w.name}" has no [XSECTIONS] entry`, { file, field: w.name });
    const type =
      w.type === 'SIDEFLOW'
        ? 'sideflow'
        : w.type === 'V-NOTCH'
          ? 'vnotch'
          : w.type === 'TRAPEZOIDAL'
            ? 'trapezoidal'
            : w.type === 'ROADWAY'
              ? 'roadway'
              : 'transverse';
    const h = xs.geom[0] * L;
    const len = xs.geom[1] * L;
    const slope = type === 'vnotch' ? (xs.geom[1] * 0.5) / Math.max(xs.geom[0], 1e-9) : xs.geom[2];
    const cdf = type === 'sideflow' ? pow(L, 1 / 3) : sq;
    links.push({
      id: w.name,
      kind: 'weir',
      from: w.from,
      to: w.to,
      weir: {
        type,
        offset: Math.max(0, offset(w.from, w.crest)),
        height: h,
        length: len,
        sideSlope: slope,
        cd: w.cd * cdf,
        cd2: w.cd2 * sq,
        gated: w.gated,
        endContractions: w.endContractions,
        ...roadway(w, L),
      },
    });
  }
  for (const o of m.outlets) {
    // an outlet's rating (flow vs depth or head) as a pump-like curve, always on
    const head = o.type.endsWith('HEAD');
    let pts: [number, number][];
    if (o.type.startsWith('TABULAR')) {
      const c = curve(o.curve ?? '', o, o.name);
      pts = c.points.map(([a, b]) => [a * L, b * u.flow]);
    } else {
      pts = [];
      for (let i = 0; i <= 40; i++) {
        const d = (i / 40) * 20; // file units, 0..20
        pts.push([d * L, (o.coefficient ?? 0) * pow(d, o.exponent ?? 0.5) * u.flow]);
      }
    }
    // depth is measured above the outlet offset: shift the curve by it
    const off = Math.max(0, offset(o.from, o.offset));
    if (!head) pts = [[0, 0], ...pts.map(([a, b]) => [a + off, b] as [number, number])];
    links.push({
      id: o.name,
      kind: 'pump',
      from: o.from,
      to: o.to,
      pump: { curveType: head ? 3 : 4, curve: pts, initOn: true, startDepth: 0, stopDepth: 0 },
    });
  }

  const inflows: NodeInflow[] = [];
  const patterns = readPatterns(m);
  for (const f of m.inflows) {
    if (f.constituent.toUpperCase() !== 'FLOW') continue;
    // SWMM: baseline × baseline pattern + scale factor × time series
    const bp = f.pattern ? dwfMultiplier(m, patterns, [f.pattern], opts.duration ?? duration ?? 86400) : null;
    inflows.push({
      node: f.node,
      baseline: bp ? 0 : f.baseline * u.flow,
      scale: f.sfactor * u.flow,
      series: f.series ? seriesNamed(f.series, f, f.node) : undefined,
      kind: 'external',
    });
    if (bp && f.baseline !== 0)
      inflows.push({ node: f.node, baseline: 0, scale: f.baseline * u.flow, series: bp, kind: 'external' });
  }
  for (const d of m.dwf) {
    if (d.constituent.toUpperCase() !== 'FLOW') continue;
    const mult = dwfMultiplier(
      m,
      patterns,
      d.patterns.filter((x) => x),
      opts.duration ?? duration ?? 86400,
    );
    if (mult) inflows.push({ node: d.node, baseline: 0, scale: d.baseline * u.flow, series: mult, kind: 'dwf' });
    else inflows.push({ node: d.node, baseline: d.baseline * u.flow, scale: 0, kind: 'dwf' });
  }

  const options = defaultRoutingOptions();
  const o = m.options;
  if (o.routingStep && o.routingStep > 0) options.routingStep = o.routingStep;
  // MINIMUM_STEP is not used as a floor: the explicit scheme needs its stability limit
  if (o.variableStep && o.variableStep > 0) options.courant = Math.min(o.variableStep, 0.9);
  if (o.minSurfarea && o.minSurfarea > 0) options.minSurfArea = o.minSurfarea * u.area;
  options.allowPonding = o.allowPonding ?? false;
  if (o.normalFlowLimited) options.normalFlowLimited = o.normalFlowLimited.toLowerCase() as 'slope' | 'froude' | 'both';
  if (o.inertialDamping) options.inertialDamping = o.inertialDamping.toLowerCase() as 'none' | 'partial' | 'full';
  setSwmmScheme(options, resolvedSwmmOptions(o), u.len);

  let runoff: RunoffContinuity | undefined;
  if ((opts.runoff ?? true) && m.subcatchments.length > 0) {
    const r = runoffInflows(
      m,
      file,
      opts.duration ?? duration ?? 86400,
      Math.min(30, o.wetStep && o.wetStep > 0 ? o.wetStep : 30),
    );
    inflows.push(...r.inflows);
    runoff = r.continuity;
  }

  const controls = controlsToSI(m, u, (name) => seriesNamed(name, {}, 'CONTROLS'), file);
  const clockStart = parseClockSeconds(o.startTime ?? '0:00') ?? 0;
  const fileRouting = resolvedSwmmOptions(o).flowRouting;
  return {
    nodes,
    links,
    inflows,
    options,
    duration,
    reportStep: o.reportStep,
    flowUnits,
    runoff,
    controls,
    clockStart,
    fileRouting,
    fileRoutingDefaulted: o.flowRouting === undefined,
  };
}

/**
 * A file's own run takes SWMM's dynamic-wave step with the file's (or SWMM's default) Picard,
 * surcharge, time-step and conduit options; `len` converts the file's length unit to m.
 */
function setSwmmScheme(options: RoutingOptions, r: ResolvedSwmmOptions, len: number): void {
  options.scheme = 'swmm';
  options.surcharge = r.surchargeMethod === 'SLOT' ? 'slot' : 'extran';
  options.headTolerance = r.headTolerance * len;
  options.maxTrials = r.maxTrials;
  options.variableStep = r.variableStep;
  options.minStep = r.minimumStep;
  options.lengtheningStep = r.lengtheningStep;
  options.minSlope = r.minSlope / 100;
  options.routingStep = r.routingStep;
  options.forceMainEquation = r.forceMainEquation;
}
