/**
 * A scenario's `events` compiled to flood-engine inputs: rain.mmPerHour (design storm or rain gauge),
 * point inflow hydrographs (river gauges, upstream releases) and bed changes (levee breaches).
 * Pure: files are read through the `readText` callback (Node fs in the CLI, a File in the browser).
 */
import { InputError } from '../core/errors.ts';
import type { Grid } from '../core/grid.ts';
import type { Series } from '../core/timeSeries.ts';
import type { BedChange } from '../interventions/applyInterventions.ts';
import type { Events } from '../core/scenario/edits.ts';
import { chicagoHyetograph, cityStormFormula, hyetographToSeries, type StormFormula } from './chicagoStorm.ts';
import { leveeBreachBedChange } from './leveeBreach.ts';
import { blocksToSeries, rainGaugeHyetograph } from './rainGauge.ts';
import {
  gaugeDischargeSeries,
  releaseHydrograph,
  scaleSeries,
  scaleToReturnPeriod,
  type InflowHydrograph,
} from './riverHydrograph.ts';

export interface CompiledEvents {
  rain?: { mmPerHour: Series; totalMm: number; source: string };
  inflows: InflowHydrograph[];
  bedChanges: BedChange[];
}

export interface EventContext {
  grid: Grid;
  /** the bed after interventions (breaches lower what is there) */
  z: Float32Array;
  readText: (file: string) => string;
  /** what the readers noticed and fixed (duplicate gauge times...), for the run to report */
  warn?: (msg: string) => void;
}

export function compileEvents(ev: Events, ctx: EventContext): CompiledEvents {
  const out: CompiledEvents = { inflows: [], bedChanges: [] };
  if (ev.designStorm && ev.rainGauge) {
    throw new InputError('give one rain event: "designStorm" or "rainGauge", not both', { path: 'events.rainGauge' });
  }
  if (ev.designStorm) {
    const d = ev.designStorm;
    const f: StormFormula = d.city !== undefined ? cityStormFormula(d.city) : d.params!;
    const h = chicagoHyetograph(f, {
      returnPeriodYears: d.returnPeriodYears,
      durationMin: d.durationMin,
      peakRatio: d.peakRatio,
      stepMin: d.stepMin,
    });
    out.rain = {
      mmPerHour: hyetographToSeries(h, d.startS),
      totalMm: h.totalMm,
      source: `Chicago design storm, ${d.city ?? 'custom formula'}, P = ${d.returnPeriodYears} a, ${d.durationMin} min, r = ${d.peakRatio}`,
    };
  }
  if (ev.rainGauge) {
    const g = ev.rainGauge;
    const h = rainGaugeHyetograph(ctx.readText(g.file), g.file, g.startIso);
    out.rain = { mmPerHour: blocksToSeries(h.edgesS, h.mmPerHour), totalMm: h.totalMm, source: `rain gauge ${g.file}` };
  }
  (ev.riverHydrographs ?? []).forEach((r) => {
    let s = gaugeDischargeSeries(ctx.readText(r.gaugeFile), r.gaugeFile, r.rating, r.startIso, ctx.warn);
    if (r.scale !== undefined) s = scaleSeries(s, r.scale);
    else if (r.returnPeriodYears !== undefined)
      s = scaleToReturnPeriod(s, r.peaksByReturnPeriod!, r.returnPeriodYears).series;
    out.inflows.push({ id: r.id ?? r.gaugeFile, point: [r.at[0], r.at[1]], hydrograph: s });
  });
  (ev.upstreamReleases ?? []).forEach((u, i) => {
    out.inflows.push({ id: u.id ?? `release-${i + 1}`, point: [u.at[0], u.at[1]], hydrograph: releaseHydrograph(u) });
  });
  (ev.leveeBreaches ?? []).forEach((b, i) => {
    const bc = leveeBreachBedChange(ctx.grid, ctx.z, b, `events.leveeBreaches[${i}]`);
    if (bc) out.bedChanges.push(bc);
  });
  return out;
}
