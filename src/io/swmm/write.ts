/**
 * Writer of `SwmmInp` as SWMM 5 input text. The file's layout (`sections`) is followed: comment,
 * blank and unmodelled lines verbatim, modelled data lines re-formatted from the typed records
 * (fields padded to 16 columns, as SWMM's own writer does), a data line's trailing comment kept.
 * Records added to the model go after the last data line of their section (new sections at the
 * end); records removed from the model are dropped. Output is stable after one normalising pass.
 */
import {
  RECORD_SECTIONS,
  type Curve,
  type RecordSectionKey,
  type SwmmInp,
  type SwmmSection,
  type TimeSeries,
} from './types.ts';
import type * as T from './types.ts';
import { OPTION_SPECS, optionProp } from './read.ts';
import { formatClock } from './time.ts';

/** A number as the shortest text that reads back to the same double. */
export function fmtNum(v: number): string {
  return Object.is(v, -0) ? '0' : String(v);
}

/** A field, quoted when it is empty or holds white space (or would read as a section header). */
function fmtTok(s: string): string {
  return s === '' || /\s/.test(s) || s.startsWith('[') || s.startsWith('"') ? `"${s.replace(/"/g, '')}"` : s;
}

function fmtLine(fields: (string | number)[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const s = typeof f === 'number' ? fmtNum(f) : fmtTok(f);
    out += i < fields.length - 1 ? s.padEnd(16) + ' ' : s;
  }
  return out;
}

const yn = (b: boolean): string => (b ? 'YES' : 'NO');

/** The data lines (fields) of one record of a section. */
function recordFields(key: RecordSectionKey, r: object): (string | number)[][] {
  switch (key) {
    case 'JUNCTIONS': {
      const j = r as T.Junction;
      return [[j.name, j.invert, j.maxDepth, j.initDepth, j.surDepth, j.aponded]];
    }
    case 'OUTFALLS': {
      const o = r as T.Outfall;
      const f: (string | number)[] = [o.name, o.invert, o.type];
      if (o.type === 'FIXED') f.push(o.stage ?? 0);
      else if (o.type === 'TIDAL') f.push(o.curve ?? '');
      else if (o.type === 'TIMESERIES') f.push(o.series ?? '');
      f.push(yn(o.gated));
      if (o.routeTo !== undefined) f.push(o.routeTo);
      return [f];
    }
    case 'STORAGE': {
      const s = r as T.Storage;
      const f: (string | number)[] = [s.name, s.invert, s.maxDepth, s.initDepth, s.shape];
      if (s.shape === 'TABULAR') f.push(s.curve ?? '');
      else if (s.shape === 'FUNCTIONAL') f.push(s.coefficient ?? 0, s.exponent ?? 0, s.constant ?? 0);
      else f.push(s.length ?? 0, s.width ?? 0, s.z ?? 0);
      f.push(s.surDepth, s.fevap);
      if (s.seepage) f.push(s.seepage.suction, s.seepage.ksat, s.seepage.imd);
      return [f];
    }
    case 'DIVIDERS': {
      const d = r as T.Divider;
      const f: (string | number)[] = [d.name, d.invert, d.divertedLink, d.type];
      if (d.type === 'CUTOFF') f.push(d.qMin ?? 0);
      else if (d.type === 'TABULAR') f.push(d.curve ?? '');
      else if (d.type === 'WEIR') f.push(d.qMin ?? 0, d.weirHeight ?? 0, d.weirCd ?? 0);
      f.push(d.maxDepth, d.initDepth, d.surDepth, d.aponded);
      return [f];
    }
    case 'CONDUITS': {
      const c = r as T.Conduit;
      return [[c.name, c.from, c.to, c.length, c.roughness, c.inOffset, c.outOffset, c.initFlow, c.maxFlow]];
    }
    case 'PUMPS': {
      const p = r as T.Pump;
      return [[p.name, p.from, p.to, p.curve, p.status, p.startup, p.shutoff]];
    }
    case 'ORIFICES': {
      const o = r as T.Orifice;
      return [[o.name, o.from, o.to, o.type, o.offset, o.cd, yn(o.gated), o.closeTime]];
    }
    case 'WEIRS': {
      const w = r as T.Weir;
      const f: (string | number)[] = [
        w.name,
        w.from,
        w.to,
        w.type,
        w.crest,
        w.cd,
        yn(w.gated),
        w.endContractions,
        w.cd2,
        yn(w.surcharge),
      ];
      if (w.roadWidth !== undefined || w.roadSurface !== undefined || w.coeffCurve !== undefined)
        f.push(w.roadWidth ?? 0);
      if (w.roadSurface !== undefined || w.coeffCurve !== undefined) f.push(w.roadSurface ?? 'PAVED');
      if (w.coeffCurve !== undefined) f.push(w.coeffCurve);
      return [f];
    }
    case 'OUTLETS': {
      const o = r as T.Outlet;
      const f: (string | number)[] = [o.name, o.from, o.to, o.offset, o.type];
      if (o.type.startsWith('FUNCTIONAL')) f.push(o.coefficient ?? 0, o.exponent ?? 0);
      else f.push(o.curve ?? '');
      f.push(yn(o.gated));
      return [f];
    }
    case 'XSECTIONS': {
      const x = r as T.XSection;
      let f: (string | number)[];
      if (x.shape === 'CUSTOM') f = [x.link, x.shape, x.geom[0], x.curve ?? '', x.geom[2], x.geom[3], x.barrels];
      else if (x.shape === 'IRREGULAR' || x.shape === 'STREET')
        f = [x.link, x.shape, x.curve ?? '', x.geom[1], x.geom[2], x.geom[3], x.barrels];
      else f = [x.link, x.shape, x.geom[0], x.geom[1], x.geom[2], x.geom[3], x.barrels];
      if (x.culvert !== undefined) f.push(x.culvert);
      return [f];
    }
    case 'LOSSES': {
      const l = r as T.Loss;
      return [[l.link, l.entry, l.exit, l.average, yn(l.flapGate), l.seepage]];
    }
    case 'INFLOWS': {
      const i = r as T.Inflow;
      const f: (string | number)[] = [i.node, i.constituent, i.series, i.type, i.mfactor, i.sfactor, i.baseline];
      if (i.pattern !== '') f.push(i.pattern);
      return [f];
    }
    case 'DWF': {
      const d = r as T.Dwf;
      return [[d.node, d.constituent, d.baseline, ...d.patterns]];
    }
    case 'RAINGAGES': {
      const g = r as T.RainGage;
      if (g.source === 'FILE')
        return [[g.name, g.format, g.interval, g.scf, 'FILE', g.file ?? '', g.station ?? '', g.fileUnits ?? 'MM']];
      return [[g.name, g.format, g.interval, g.scf, 'TIMESERIES', g.series ?? '']];
    }
    case 'SUBCATCHMENTS': {
      const s = r as T.Subcatchment;
      const f: (string | number)[] = [
        s.name,
        s.rainGage,
        s.outlet,
        s.area,
        s.pctImperv,
        s.width,
        s.pctSlope,
        s.curbLength,
      ];
      if (s.snowPack !== undefined) f.push(s.snowPack);
      return [f];
    }
    case 'SUBAREAS': {
      const s = r as T.Subarea;
      const f: (string | number)[] = [s.subcatchment, s.nImperv, s.nPerv, s.sImperv, s.sPerv, s.pctZero, s.routeTo];
      if (s.pctRouted !== undefined) f.push(s.pctRouted);
      return [f];
    }
    case 'INFILTRATION': {
      const s = r as T.Infiltration;
      const f: (string | number)[] = [s.subcatchment, ...s.params];
      if (s.method !== undefined) f.push(s.method);
      return [f];
    }
    case 'CURVES': {
      const c = r as Curve;
      if (c.points.length === 0) return [[c.name, c.type]];
      return c.points.map((p, i) => (i === 0 ? [c.name, c.type, p[0], p[1]] : [c.name, p[0], p[1]]));
    }
    case 'TIMESERIES': {
      const ts = r as TimeSeries;
      if (ts.file !== undefined) return [[ts.name, 'FILE', ts.file]];
      return ts.points.map((p) =>
        p.date !== undefined ? [ts.name, p.date, p.time, p.value] : [ts.name, p.time, p.value],
      );
    }
    case 'COORDINATES': {
      const c = r as T.Coordinate;
      return [[c.node, c.x, c.y]];
    }
    case 'VERTICES': {
      const c = r as T.Vertex;
      return [[c.link, c.x, c.y]];
    }
    case 'POLYGONS': {
      const c = r as T.PolygonPoint;
      return [[c.subcatchment, c.x, c.y]];
    }
  }
}

/** Column header comment written above the records of a section the writer creates. */
const NEW_SECTION_HEADERS: Partial<Record<RecordSectionKey, string>> = {
  JUNCTIONS: ';;Name           Elevation        MaxDepth         InitDepth        SurDepth         Aponded',
  OUTFALLS: ';;Name           Elevation        Type             StageData        Gated            RouteTo',
  STORAGE:
    ';;Name           Elev.            MaxDepth         InitDepth        Shape            Curve/Params     SurDepth  Fevap  Psi  Ksat  IMD',
  CONDUITS:
    ';;Name           FromNode         ToNode           Length           Roughness        InOffset         OutOffset        InitFlow         MaxFlow',
  PUMPS:
    ';;Name           FromNode         ToNode           PumpCurve        Status           Startup          Shutoff',
  ORIFICES:
    ';;Name           FromNode         ToNode           Type             Offset           Qcoeff           Gated            CloseTime',
  WEIRS:
    ';;Name           FromNode         ToNode           Type             CrestHt          Qcoeff           Gated            EndCon           EndCoeff         Surcharge',
  XSECTIONS:
    ';;Link           Shape            Geom1            Geom2            Geom3            Geom4            Barrels          Culvert',
  CURVES: ';;Name           Type             X-Value          Y-Value',
  TIMESERIES: ';;Name           Date             Time             Value',
  COORDINATES: ';;Node           X-Coord          Y-Coord',
};

function optionValue(m: SwmmInp, key: string): string | undefined {
  const spec = OPTION_SPECS[key];
  if (!spec) return m.options.other[key];
  const v = (m.options as unknown as Record<string, unknown>)[optionProp(key)];
  if (v === undefined) return undefined;
  switch (spec.kind) {
    case 'bool':
      return yn(v as boolean);
    case 'number':
    case 'routingStep':
      return fmtNum(v as number);
    case 'step':
      return formatClock(v as number);
    default:
      return String(v);
  }
}

const optionLine = (key: string, value: string): string => fmtTok(key).padEnd(20) + ' ' + value;

/** Options set in the model that no line of the layout writes. */
function newOptions(m: SwmmInp, layoutKeys: Set<string>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(OPTION_SPECS)) {
    if (layoutKeys.has(key)) continue;
    const v = optionValue(m, key);
    if (v === undefined) continue;
    if (key === 'FLOW_UNITS' && v === 'CFS') continue; // SWMM's default: a file without FLOW_UNITS means CFS
    out.push(optionLine(key, v));
  }
  for (const key of Object.keys(m.options.other))
    if (!layoutKeys.has(key)) out.push(optionLine(key, m.options.other[key]));
  return out;
}

/** Writes the model as SWMM 5 input text (LF line ends, a final newline). */
export function writeSwmmInp(m: SwmmInp): string {
  const out: string[] = [];
  // what the layout already places
  const placed = new Set<object>();
  const layoutOptionKeys = new Set<string>();
  for (const sec of m.sections) {
    for (const l of sec.lines) {
      if (l.kind === 'record') placed.add(l.ref);
      else if (l.kind === 'option') layoutOptionKeys.add(l.key);
    }
  }
  const current = (key: string): Set<object> | undefined => {
    const prop = RECORD_SECTIONS[key as RecordSectionKey];
    return prop ? new Set(m[prop] as object[]) : undefined;
  };
  const fresh = (key: string): string[] => {
    if (key === 'TITLE') return placed.has(m.title) ? [] : m.title.slice();
    if (key === 'OPTIONS') return newOptions(m, layoutOptionKeys);
    const prop = RECORD_SECTIONS[key as RecordSectionKey];
    if (!prop) return [];
    const lines: string[] = [];
    for (const r of m[prop] as object[])
      if (!placed.has(r)) for (const f of recordFields(key as RecordSectionKey, r)) lines.push(fmtLine(f));
    return lines;
  };

  const written = new Set<object>();
  const sectionsDone = new Set<string>();
  for (const sec of m.sections) {
    if (sec.header !== '') out.push(sec.header);
    const first = !sectionsDone.has(sec.key);
    sectionsDone.add(sec.key);
    const cur = current(sec.key);
    // new records go after the last data line (or the last non-blank line) of the section's first occurrence
    let insertAfter = -1;
    for (let i = 0; i < sec.lines.length; i++) {
      const l = sec.lines[i];
      if (l.kind !== 'text' || l.text.trim() !== '') insertAfter = i;
    }
    const extra = first ? fresh(sec.key) : [];
    if (insertAfter < 0) out.push(...extra);
    for (let i = 0; i < sec.lines.length; i++) {
      writeLayoutLine(m, sec, sec.lines[i], cur, written, out);
      if (i === insertAfter) out.push(...extra);
    }
  }
  // sections the layout does not have
  const tail: [string, string[]][] = [];
  for (const key of ['TITLE', 'OPTIONS', ...Object.keys(RECORD_SECTIONS)]) {
    if (sectionsDone.has(key)) continue;
    const lines = fresh(key);
    if (lines.length > 0) tail.push([key, lines]);
  }
  for (const [key, lines] of tail) {
    if (out.length > 0 && out[out.length - 1].trim() !== '') out.push('');
    out.push(`[${key}]`);
    const head = NEW_SECTION_HEADERS[key as RecordSectionKey];
    if (head) out.push(head);
    out.push(...lines);
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

function writeLayoutLine(
  m: SwmmInp,
  sec: SwmmSection,
  l: T.LayoutLine,
  cur: Set<object> | undefined,
  written: Set<object>,
  out: string[],
): void {
  if (l.kind === 'text') {
    out.push(l.text);
    return;
  }
  if (l.kind === 'option') {
    const v = optionValue(m, l.key);
    if (v !== undefined) out.push(optionLine(l.key, v) + (l.comment ? ' ' + l.comment : ''));
    else if (l.comment) out.push(l.comment);
    return;
  }
  if (l.ref === m.title) {
    if (!written.has(m.title)) out.push(...m.title);
    written.add(m.title);
    return;
  }
  if (written.has(l.ref) || !cur || !cur.has(l.ref)) {
    // a later line of a multi-line record, or a record removed from the model: keep only its comment
    if (l.comment) out.push(l.comment);
    return;
  }
  written.add(l.ref);
  const lines = recordFields(sec.key as RecordSectionKey, l.ref).map(fmtLine);
  if (l.comment) {
    if (lines.length > 0) lines[0] += ' ' + l.comment;
    else lines.push(l.comment);
  }
  out.push(...lines);
}
