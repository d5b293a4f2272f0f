/**
 * Unit conversions of SWMM models. SWMM's unit systems (User's Manual, "Units of measurement"):
 * with FLOW_UNITS CFS, GPM or MGD lengths are ft, areas acres (subcatchments) or ft² (ponding,
 * storage), rain and depression storage in, rates in/hr; with CMS, LPS or MLD lengths are m, areas
 * ha or m², depths mm, rates mm/hr. Flows are always in the FLOW_UNITS.
 * Exact factors: 1 ft = 0.3048 m, 1 in = 25.4 mm, 1 acre = 4046.8564224 m², 1 US gal = 3.785411784 L.
 */
import { InputError } from '../../core/errors.ts';
import { pow } from '../../core/detMath.ts';
import type { Curve, FlowUnits, SwmmInp } from './types.ts';

export const FT_TO_M = 0.3048;
export const IN_TO_MM = 25.4;
export const ACRE_TO_M2 = 4046.8564224;
export const ACRE_TO_HA = 0.40468564224;
const GALLON_M3 = 3.785411784e-3;

/** m³/s per unit of each FLOW_UNITS. */
export const CMS_PER: Readonly<Record<FlowUnits, number>> = {
  CFS: FT_TO_M * FT_TO_M * FT_TO_M, // 0.028316846592
  GPM: GALLON_M3 / 60,
  MGD: (1e6 * GALLON_M3) / 86_400,
  CMS: 1,
  LPS: 1e-3,
  MLD: 1e3 / 86_400,
};

/** True for the US customary systems (CFS, GPM, MGD): lengths in ft. */
export function isUsUnits(units: FlowUnits): boolean {
  return units === 'CFS' || units === 'GPM' || units === 'MGD';
}

/** A flow in `units` as m³/s. */
export function flowToCms(value: number, units: FlowUnits): number {
  return value * CMS_PER[units];
}

/** A length (elevation, depth, offset, pipe length, width) as m: ft → m for US units. */
export function lengthToM(value: number, units: FlowUnits): number {
  return isUsUnits(units) ? value * FT_TO_M : value;
}

/** A subcatchment area (acres or ha) as m². */
export function subcatchmentAreaToM2(value: number, units: FlowUnits): number {
  return isUsUnits(units) ? value * ACRE_TO_M2 : value * 1e4;
}

/** A small area (ponded area, storage area: ft² or m²) as m². */
export function areaToM2(value: number, units: FlowUnits): number {
  return isUsUnits(units) ? value * FT_TO_M * FT_TO_M : value;
}

/** A rain depth or depression storage (in or mm) as mm; also rates: in/hr → mm/hr. */
export function depthToMm(value: number, units: FlowUnits): number {
  return isUsUnits(units) ? value * IN_TO_MM : value;
}

/** Which [XSECTIONS] geometry values are lengths, per shape (slopes and size codes are not). */
const GEOM_LENGTHS: Record<string, readonly boolean[]> = {
  CIRCULAR: [true, false, false, false],
  FORCE_MAIN: [true, false, false, false],
  FILLED_CIRCULAR: [true, true, false, false],
  RECT_CLOSED: [true, true, false, false],
  RECT_OPEN: [true, true, false, false],
  TRAPEZOIDAL: [true, true, false, false],
  TRIANGULAR: [true, true, false, false],
  HORIZ_ELLIPSE: [true, true, false, false],
  VERT_ELLIPSE: [true, true, false, false],
  ARCH: [true, true, false, false],
  PARABOLIC: [true, true, false, false],
  POWER: [true, true, false, false],
  RECT_TRIANGULAR: [true, true, true, false],
  RECT_ROUND: [true, true, true, false],
  MODBASKETHANDLE: [true, true, true, false],
  EGG: [true, false, false, false],
  HORSESHOE: [true, false, false, false],
  GOTHIC: [true, false, false, false],
  CATENARY: [true, false, false, false],
  SEMIELLIPTICAL: [true, false, false, false],
  BASKETHANDLE: [true, false, false, false],
  SEMICIRCULAR: [true, false, false, false],
  CUSTOM: [true, false, false, false],
};

/**
 * A copy of the model in SWMM's SI system with FLOW_UNITS CMS: lengths m, small areas m²,
 * subcatchment areas ha, depths mm, rates mm/hr, flows m³/s; weir coefficients × √(0.3048);
 * curves converted by their type; rain-gage series (in → mm) and outfall stage series (ft → m)
 * converted in place; FLOW inflows keep their series and get the flow factor in Sfactor and
 * Baseline. Not converted: divider WEIR Cd, WEIR coefficient curves, pollutant loads,
 * shapes this module does not know. The copy keeps the layout, so it writes as a CMS file.
 */
export function toSI(model: SwmmInp): SwmmInp {
  const m = structuredClone(model);
  const units = m.options.flowUnits;
  const us = isUsUnits(units);
  const fQ = CMS_PER[units];
  const fL = us ? FT_TO_M : 1;
  const fA = fL * fL;
  const fD = us ? IN_TO_MM : 1;
  const fCd = Math.sqrt(fL); // Q = Cd L H^1.5: Cd in ft^0.5/s → m^0.5/s
  m.options.flowUnits = 'CMS';
  if (fQ === 1 && fL === 1) return m;

  const o = m.options;
  if (o.minSurfarea !== undefined) o.minSurfarea *= fA;
  if (o.headTolerance !== undefined) o.headTolerance *= fL;

  for (const j of m.junctions) {
    j.invert *= fL;
    j.maxDepth *= fL;
    j.initDepth *= fL;
    j.surDepth *= fL;
    j.aponded *= fA;
  }
  for (const x of m.outfalls) {
    x.invert *= fL;
    if (x.stage !== undefined) x.stage *= fL;
  }
  for (const s of m.storage) {
    s.invert *= fL;
    s.maxDepth *= fL;
    s.initDepth *= fL;
    s.surDepth *= fL;
    // area[ft²] = a d_ft^b + c  →  area[m²] = a fL^(2-b) d_m^b + c fL²
    if (s.coefficient !== undefined) s.coefficient *= pow(fL, 2 - (s.exponent ?? 0));
    if (s.constant !== undefined) s.constant *= fA;
    if (s.length !== undefined) s.length *= fL;
    if (s.width !== undefined) s.width *= fL;
    if (s.z !== undefined && s.shape === 'PARABOLIC') s.z *= fL; // a paraboloid's third value is its height; else a slope
    if (s.seepage) {
      s.seepage.suction *= fD;
      s.seepage.ksat *= fD;
    }
  }
  for (const d of m.dividers) {
    d.invert *= fL;
    d.maxDepth *= fL;
    d.initDepth *= fL;
    d.surDepth *= fL;
    d.aponded *= fA;
    if (d.qMin !== undefined) d.qMin *= fQ;
    if (d.weirHeight !== undefined) d.weirHeight *= fL;
  }
  for (const c of m.conduits) {
    c.length *= fL;
    c.inOffset *= fL;
    c.outOffset *= fL;
    c.initFlow *= fQ;
    c.maxFlow *= fQ;
  }
  for (const p of m.pumps) {
    p.startup *= fL;
    p.shutoff *= fL;
  }
  for (const r of m.orifices) r.offset *= fL;
  for (const w of m.weirs) {
    w.crest *= fL;
    w.cd *= fCd;
    w.cd2 *= fCd;
    if (w.roadWidth !== undefined) w.roadWidth *= fL;
  }
  for (const r of m.outlets) {
    r.offset *= fL;
    // Q = C h^e in the flow units with h in ft  →  Q[m³/s] = C fQ fL^-e h_m^e
    if (r.coefficient !== undefined) r.coefficient *= fQ * pow(fL, -(r.exponent ?? 0));
  }
  const dw = m.options.forceMainEquation === 'D-W';
  for (const x of m.xsections) {
    const lens = GEOM_LENGTHS[x.shape];
    if (lens) for (let i = 0; i < 4; i++) if (lens[i]) x.geom[i] *= fL;
    if (x.shape === 'FORCE_MAIN' && dw) x.geom[1] *= fD; // D-W roughness height: in → mm (SWMM xsect.c)
  }
  for (const l of m.losses) l.seepage *= fD;
  for (const c of m.curves) convertCurve(c, fL, fA, fQ);
  for (const t of m.transects) {
    t.xLeftBank *= fL;
    t.xRightBank *= fL;
    t.elevationOffset *= fL;
    for (const p of t.points) {
      p[0] *= fL;
      p[1] *= fL;
    }
  }

  // time series: rain in → mm, outfall stage ft → m; a series may take only one factor
  const scale = new Map<string, [number, string]>();
  const want = (name: string | undefined, f: number, use: string): void => {
    if (name === undefined || name === '' || f === 1) return;
    const prev = scale.get(name);
    if (prev && prev[0] !== f)
      throw new InputError(`time series ${name} is used as ${prev[1]} and as ${use}; toSI cannot convert it to both`, {
        field: name,
      });
    scale.set(name, [f, use]);
  };
  for (const g of m.raingages) if (g.source === 'TIMESERIES') want(g.series, fD, 'rainfall');
  for (const x of m.outfalls) if (x.type === 'TIMESERIES') want(x.series, fL, 'an outfall stage');
  for (const ts of m.timeseries) {
    const f = scale.get(ts.name);
    if (f) for (const p of ts.points) p.value *= f[0];
  }
  for (const i of m.inflows) {
    if (i.constituent !== 'FLOW') continue;
    const sf = scale.get(i.series)?.[0] ?? 1;
    i.sfactor *= fQ / sf;
    i.baseline *= fQ;
  }
  for (const d of m.dwf) if (d.constituent === 'FLOW') d.baseline *= fQ;

  for (const s of m.subcatchments) {
    s.area *= us ? ACRE_TO_HA : 1;
    s.width *= fL;
    s.curbLength *= fL;
  }
  for (const a of m.subareas) {
    a.sImperv *= fD;
    a.sPerv *= fD;
  }
  const defaultMethod = m.options.infiltration ?? 'HORTON';
  for (const inf of m.infiltration) {
    const method = inf.method ?? defaultMethod;
    const p = inf.params;
    if (method === 'HORTON' || method === 'MODIFIED_HORTON') {
      if (p.length > 0) p[0] *= fD;
      if (p.length > 1) p[1] *= fD;
      if (p.length > 4) p[4] *= fD;
    } else if (method === 'GREEN_AMPT' || method === 'MODIFIED_GREEN_AMPT') {
      if (p.length > 0) p[0] *= fD;
      if (p.length > 1) p[1] *= fD;
    } else if (method === 'CURVE_NUMBER') {
      if (p.length > 1) p[1] *= fD;
    }
  }
  return m;
}

/** Converts a curve's points by what its type means (x, y). */
function convertCurve(c: Curve, fL: number, fA: number, fQ: number): void {
  let fx = 1;
  let fy = 1;
  switch (c.type) {
    case 'STORAGE':
      fx = fL;
      fy = fA;
      break; // depth → area
    case 'RATING':
      fx = fL;
      fy = fQ;
      break; // head → flow
    case 'TIDAL':
      fy = fL;
      break; // hour → stage
    case 'PUMP1':
      fx = fL * fL * fL;
      fy = fQ;
      break; // wet-well volume → flow
    case 'PUMP2':
    case 'PUMP3':
    case 'PUMP4':
    case 'PUMP5':
      fx = fL;
      fy = fQ;
      break; // depth or head → flow
    case 'DIVERSION':
      fx = fQ;
      fy = fQ;
      break;
    default:
      return; // SHAPE, CONTROL and others are dimensionless or not known here
  }
  for (const p of c.points) {
    p[0] *= fx;
    p[1] *= fy;
  }
}
