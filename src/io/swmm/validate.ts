/**
 * Cross-checks of a SWMM model: duplicate names (case-insensitive, as SWMM compares names),
 * references to undefined nodes, links, curves, time series, rain gages and subcatchments, and
 * curves / series whose x or time values do not increase (SWMM table.c rejects those too).
 * References must match the defined name exactly, so consumers can look names up as written.
 */
import { InputError } from '../../core/errors.ts';
import { recordLine, type SwmmInp } from './types.ts';
import { simulationStartSeconds, timeSeriesSeconds } from './time.ts';

const NODE_SECTIONS = '[JUNCTIONS], [OUTFALLS], [STORAGE] or [DIVIDERS]';
const LINK_SECTIONS = '[CONDUITS], [PUMPS], [ORIFICES], [WEIRS] or [OUTLETS]';

/** Throws `InputError` at the first problem; `file` names the file in messages (with each record's line, if read from one). */
export function validateSwmmInp(m: SwmmInp, file = 'network.inp'): void {
  const fail = (rec: object, section: string, field: string, message: string): never => {
    throw new InputError(`[${section}] ${message}`, { file, line: recordLine.get(rec), field });
  };

  // ---- names ----
  type Named = { name: string };
  const defineAll = (kind: string, groups: [string, Named[]][]): Map<string, Named> => {
    const exact = new Map<string, Named>();
    const folded = new Map<string, [string, Named]>();
    for (const [section, recs] of groups) {
      for (const r of recs) {
        const key = r.name.toUpperCase();
        const prev = folded.get(key);
        if (prev) {
          const at = recordLine.get(prev[1]);
          fail(
            r,
            section,
            'Name',
            `duplicate ${kind} name "${r.name}" (already defined in [${prev[0]}]${at !== undefined ? ` at line ${at}` : ''})`,
          );
        }
        folded.set(key, [section, r]);
        exact.set(r.name, r);
      }
    }
    return exact;
  };
  const nodes = defineAll('node', [
    ['JUNCTIONS', m.junctions],
    ['OUTFALLS', m.outfalls],
    ['STORAGE', m.storage],
    ['DIVIDERS', m.dividers],
  ]);
  const links = defineAll('link', [
    ['CONDUITS', m.conduits],
    ['PUMPS', m.pumps],
    ['ORIFICES', m.orifices],
    ['WEIRS', m.weirs],
    ['OUTLETS', m.outlets],
  ]);
  const curves = defineAll('curve', [['CURVES', m.curves]]);
  const series = defineAll('time series', [['TIMESERIES', m.timeseries]]);
  const gages = defineAll('rain gage', [['RAINGAGES', m.raingages]]);
  const subs = defineAll('subcatchment', [['SUBCATCHMENTS', m.subcatchments]]);

  const needCurve = (rec: object, section: string, field: string, what: string, name: string | undefined): void => {
    if (name !== undefined && !curves.has(name))
      fail(rec, section, field, `${what} names curve ${name}, which is not defined in [CURVES]`);
  };
  const needSeries = (rec: object, section: string, field: string, what: string, name: string | undefined): void => {
    if (name !== undefined && name !== '' && !series.has(name))
      fail(rec, section, field, `${what} names time series ${name}, which is not defined in [TIMESERIES]`);
  };
  const needNode = (rec: object, section: string, field: string, what: string, name: string): void => {
    if (!nodes.has(name))
      fail(rec, section, field, `${what} names node ${name}, which is not defined in ${NODE_SECTIONS}`);
  };
  const needSub = (rec: object, section: string, field: string, what: string, name: string): void => {
    if (!subs.has(name))
      fail(rec, section, field, `${what} names subcatchment ${name}, which is not defined in [SUBCATCHMENTS]`);
  };

  // ---- nodes ----
  for (const o of m.outfalls) {
    if (o.type === 'TIDAL') needCurve(o, 'OUTFALLS', 'StageData', `outfall ${o.name}`, o.curve);
    if (o.type === 'TIMESERIES') needSeries(o, 'OUTFALLS', 'StageData', `outfall ${o.name}`, o.series);
    if (o.routeTo !== undefined) needSub(o, 'OUTFALLS', 'RouteTo', `outfall ${o.name}`, o.routeTo);
  }
  for (const s of m.storage)
    if (s.shape === 'TABULAR') needCurve(s, 'STORAGE', 'Curve', `storage unit ${s.name}`, s.curve);
  for (const d of m.dividers) {
    if (!links.has(d.divertedLink))
      fail(
        d,
        'DIVIDERS',
        'DivertedLink',
        `divider ${d.name} names link ${d.divertedLink}, which is not defined in ${LINK_SECTIONS}`,
      );
    if (d.type === 'TABULAR') needCurve(d, 'DIVIDERS', 'DiversionCurve', `divider ${d.name}`, d.curve);
  }

  // ---- links ----
  const ends: [string, string, { name: string; from: string; to: string }[]][] = [
    ['CONDUITS', 'conduit', m.conduits],
    ['PUMPS', 'pump', m.pumps],
    ['ORIFICES', 'orifice', m.orifices],
    ['WEIRS', 'weir', m.weirs],
    ['OUTLETS', 'outlet', m.outlets],
  ];
  for (const [section, kind, recs] of ends) {
    for (const l of recs) {
      needNode(l, section, 'FromNode', `${kind} ${l.name}`, l.from);
      needNode(l, section, 'ToNode', `${kind} ${l.name}`, l.to);
      if (section === 'CONDUITS' && l.from === l.to)
        fail(l, section, 'ToNode', `conduit ${l.name} runs from node ${l.from} back to itself`);
    }
  }
  for (const p of m.pumps) if (p.curve !== '*') needCurve(p, 'PUMPS', 'PumpCurve', `pump ${p.name}`, p.curve);
  for (const w of m.weirs) needCurve(w, 'WEIRS', 'CoeffCurve', `weir ${w.name}`, w.coeffCurve);
  for (const o of m.outlets)
    if (o.type.startsWith('TABULAR')) needCurve(o, 'OUTLETS', 'QTable', `outlet ${o.name}`, o.curve);

  const irregular = new Set<string>();
  for (const x of m.xsections) if (x.shape === 'IRREGULAR' || x.shape === 'STREET') irregular.add(x.link);
  for (const c of m.conduits) {
    // SWMM link.c conduit_validate (an IRREGULAR or STREET section brings its own roughness)
    if (!(c.roughness > 0) && !irregular.has(c.name))
      fail(c, 'CONDUITS', 'Roughness', `conduit ${c.name}: Roughness must be greater than 0, got ${c.roughness}`);
  }

  const seenX = new Set<string>();
  for (const x of m.xsections) {
    if (!links.has(x.link))
      fail(x, 'XSECTIONS', 'Link', `cross-section names link ${x.link}, which is not defined in ${LINK_SECTIONS}`);
    if (seenX.has(x.link)) fail(x, 'XSECTIONS', 'Link', `duplicate cross-section for link ${x.link}`);
    seenX.add(x.link);
    if (x.shape === 'CUSTOM') needCurve(x, 'XSECTIONS', 'Curve', `cross-section of link ${x.link}`, x.curve);
    if (x.shape === 'IRREGULAR' && !m.transects.some((t) => t.name === x.curve)) {
      fail(
        x,
        'XSECTIONS',
        'Transect',
        `cross-section of link ${x.link} names transect ${x.curve}, which is not defined in [TRANSECTS]`,
      );
    }
  }
  const seenL = new Set<string>();
  for (const l of m.losses) {
    if (!links.has(l.link))
      fail(l, 'LOSSES', 'Link', `losses name link ${l.link}, which is not defined in ${LINK_SECTIONS}`);
    if (seenL.has(l.link)) fail(l, 'LOSSES', 'Link', `duplicate losses for link ${l.link}`);
    seenL.add(l.link);
  }

  // ---- inflows ----
  for (const f of m.inflows) {
    needNode(f, 'INFLOWS', 'Node', `inflow of ${f.constituent}`, f.node);
    needSeries(f, 'INFLOWS', 'TimeSeries', `inflow of ${f.constituent} at node ${f.node}`, f.series);
  }
  for (const d of m.dwf) needNode(d, 'DWF', 'Node', `dry-weather flow of ${d.constituent}`, d.node);

  // ---- hydrology ----
  for (const g of m.raingages)
    if (g.source === 'TIMESERIES') needSeries(g, 'RAINGAGES', 'SeriesOrFile', `rain gage ${g.name}`, g.series);
  for (const s of m.subcatchments) {
    if (!gages.has(s.rainGage))
      fail(
        s,
        'SUBCATCHMENTS',
        'RainGage',
        `subcatchment ${s.name} names rain gage ${s.rainGage}, which is not defined in [RAINGAGES]`,
      );
    if (!nodes.has(s.outlet) && !subs.has(s.outlet)) {
      fail(
        s,
        'SUBCATCHMENTS',
        'Outlet',
        `subcatchment ${s.name} names outlet ${s.outlet}, which is not defined in ${NODE_SECTIONS} or [SUBCATCHMENTS]`,
      );
    }
  }
  const seenA = new Set<string>();
  for (const a of m.subareas) {
    needSub(a, 'SUBAREAS', 'Subcatchment', 'subarea', a.subcatchment);
    if (seenA.has(a.subcatchment))
      fail(a, 'SUBAREAS', 'Subcatchment', `duplicate subareas for subcatchment ${a.subcatchment}`);
    seenA.add(a.subcatchment);
  }
  const seenI = new Set<string>();
  for (const a of m.infiltration) {
    needSub(a, 'INFILTRATION', 'Subcatchment', 'infiltration', a.subcatchment);
    if (seenI.has(a.subcatchment))
      fail(a, 'INFILTRATION', 'Subcatchment', `duplicate infiltration for subcatchment ${a.subcatchment}`);
    seenI.add(a.subcatchment);
  }

  // ---- tables ----
  for (const c of m.curves) {
    for (let i = 1; i < c.points.length; i++) {
      if (!(c.points[i][0] > c.points[i - 1][0])) {
        fail(
          c,
          'CURVES',
          'X-Value',
          `curve ${c.name}: X-Values must increase, but point ${i + 1} (${c.points[i][0]}) follows ${c.points[i - 1][0]}`,
        );
      }
    }
  }
  const start = simulationStartSeconds(m);
  for (const ts of m.timeseries) {
    const secs = timeSeriesSeconds(ts, start ?? 0);
    for (let i = 1; i < secs.length; i++) {
      const a = secs[i - 1];
      const b = secs[i];
      if (a !== undefined && b !== undefined && !(b > a)) {
        fail(
          ts,
          'TIMESERIES',
          'Time',
          `time series ${ts.name}: times must increase, but point ${i + 1} (${ts.points[i].time}) is not after point ${i}`,
        );
      }
    }
  }
}
