/** The evacuation's files: `evacuation.csv` (one row per interval) and its fields in `summary.json`. */
import type { EvacuationResult } from './types.ts';

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** time_s, safe, en_route, waiting, trapped, walking, driving, reached_by_water, links closed: people per interval. */
export function evacuationCsv(result: EvacuationResult): string {
  const lines = [
    'time_s,safe,en_route,waiting,trapped,walking,driving,reached_by_water,links_closed_vehicle,links_closed_pedestrian',
  ];
  for (const r of result.curve) {
    lines.push(
      [
        r.timeS,
        r.safe,
        r.enRoute,
        r.waiting,
        r.trapped,
        r.walking,
        r.driving,
        r.reachedByWater,
        r.linksClosedVehicle,
        r.linksClosedPedestrian,
      ]
        .map((v) => String(r3(v)))
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export interface EvacuationSummary {
  warningS: number | null;
  agents: number;
  people: number;
  notAtRisk: number;
  walkers: number;
  drivers: number;
  safe: number;
  trapped: number;
  notEvacuated: number;
  t50S: number | null;
  t90S: number | null;
  t100S: number | null;
  /** the same, counted from the warning */
  t50AfterWarningS: number | null;
  t90AfterWarningS: number | null;
  t100AfterWarningS: number | null;
  shelters: EvacuationResult['shelters'];
  linksCut: {
    roadId: string;
    x0: number;
    y0: number;
    x1: number;
    y1: number;
    closedForVehiclesAtS: number | null;
    closedForPedestriansAtS: number | null;
    maxDepthM: number;
  }[];
  bottlenecks: {
    roadId: string;
    x0: number;
    y0: number;
    x1: number;
    y1: number;
    delayVehS: number;
    vehicles: number;
    maxQueueVeh: number;
  }[];
  reachedByWater: EvacuationResult['reachedByWater'];
  trappedByReason: EvacuationResult['trappedByReason'];
  linkEvents: number;
  network: EvacuationResult['network'];
}

/** Object for summary.json (plain JSON: no Infinity, numbers rounded to mm / ms). */
export function evacuationSummary(result: EvacuationResult): EvacuationSummary {
  const last = result.curve[result.curve.length - 1];
  const rt = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : r3(v));
  const afterWarning = (v: number | null): number | null =>
    v === null || !Number.isFinite(result.warningS) ? null : r3(v - result.warningS);
  // a road cut in both directions is listed once, at its earliest time
  const seen = new Set<string>();
  const linksCut: EvacuationSummary['linksCut'] = [];
  for (const c of result.linksCut) {
    const key = `${c.roadId}|${[r3(c.x0), r3(c.y0), r3(c.x1), r3(c.y1)].sort().join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    linksCut.push({
      roadId: c.roadId,
      x0: r3(c.x0),
      y0: r3(c.y0),
      x1: r3(c.x1),
      y1: r3(c.y1),
      closedForVehiclesAtS: rt(c.closedForVehiclesAtS),
      closedForPedestriansAtS: rt(c.closedForPedestriansAtS),
      maxDepthM: r3(c.maxDepthM),
    });
  }
  return {
    warningS: rt(result.warningS),
    agents: result.agents,
    people: result.people,
    notAtRisk: result.notAtRisk,
    walkers: result.walkers,
    drivers: result.drivers,
    safe: last ? last.safe : 0,
    trapped: last ? last.trapped : 0,
    notEvacuated: last ? last.waiting + last.enRoute : result.people,
    t50S: rt(result.t50S),
    t90S: rt(result.t90S),
    t100S: rt(result.t100S),
    t50AfterWarningS: afterWarning(result.t50S),
    t90AfterWarningS: afterWarning(result.t90S),
    t100AfterWarningS: afterWarning(result.t100S),
    shelters: result.shelters.map((s) => ({ ...s, fullAtS: rt(s.fullAtS) })),
    linksCut,
    bottlenecks: result.bottlenecks.map((b) => ({
      roadId: b.roadId,
      x0: r3(b.x0),
      y0: r3(b.y0),
      x1: r3(b.x1),
      y1: r3(b.y1),
      delayVehS: r3(b.delayVehS),
      vehicles: b.vehicles,
      maxQueueVeh: b.maxQueueVeh,
    })),
    reachedByWater: result.reachedByWater,
    trappedByReason: result.trappedByReason,
    linkEvents: result.linkEvents,
    network: result.network,
  };
}
