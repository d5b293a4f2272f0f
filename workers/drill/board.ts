/**
 * The drill board's numbers at one frame, all from the models: each key gauge's modelled level
 * (bed + depth at its cell) and warning colour, the evacuation's people by state with T50/T90,
 * the roads cut (closed by an inject, or flooded deeper than a car can drive along any of their
 * cells), and each shelter's occupancy from the evacuation with its status.
 */
import type { EvacuationState } from '../evacuation/index.ts';
import type { WarningColourName } from './injects.ts';
import { warningColour, WARNING_ORDER, type WarningColour } from './warning.ts';

export interface GaugeSpec {
  id: string;
  /** index of the gauge's cell in the grid */
  cell: number;
  warningLevelM: number;
  guaranteedLevelM: number;
}

export interface ShelterSpec {
  id: string;
  name: string;
  capacity: number;
}

export interface BoardNumbers {
  frame: number;
  /** scenario seconds */
  t: number;
  gauges: { id: string; levelM: number; colour: WarningColour }[];
  /** the most severe of the gauges' colours and the warnings issued */
  alert: WarningColour;
  evacuation: null | {
    people: number;
    safe: number;
    enRoute: number;
    waiting: number;
    trapped: number;
    /** scenario seconds when half / nine tenths of the people were safe (null: not yet) */
    t50S: number | null;
    t90S: number | null;
  };
  roadsCut: string[];
  /** the roads with the most people en route on them now, busiest first (roadsInUse.ts) */
  roadsInUse: { id: string; people: number }[];
  shelters: { id: string; name: string; capacity: number; occupancy: number; status: 'open' | 'full' }[];
  warnings: WarningColourName[];
  messages: string[];
}

/** A car cannot use a road from this depth (the evacuation engine's default vehicle limit). */
export const ROAD_CUT_DEPTH_M = 0.3;

export function mostSevere(colours: readonly WarningColour[]): WarningColour {
  let best: WarningColour = 'none';
  for (const c of colours) if (WARNING_ORDER.indexOf(c) > WARNING_ORDER.indexOf(best)) best = c;
  return best;
}

/** Level and colour of each gauge from the bed and the depth now (NaN where the cell is a wall). */
export function gaugeLevels(
  gauges: readonly GaugeSpec[],
  z: Float32Array,
  depth: Float32Array,
  blueMarginM: number,
): BoardNumbers['gauges'] {
  return gauges.map((g) => {
    const levelM = g.cell >= 0 && z[g.cell] < 1e29 ? z[g.cell] + depth[g.cell] : NaN;
    return { id: g.id, levelM, colour: warningColour(levelM, g.warningLevelM, g.guaranteedLevelM, blueMarginM) };
  });
}

/** Roads closed by injects plus those with a cell at least ROAD_CUT_DEPTH_M deep, sorted by id. */
export function roadsCut(
  roads: ReadonlyMap<string, Int32Array>,
  closed: ReadonlySet<string>,
  depth: Float32Array,
): string[] {
  const out: string[] = [];
  for (const [id, cells] of roads) {
    let cut = closed.has(id);
    for (let i = 0; !cut && i < cells.length; i++) if (depth[cells[i]] >= ROAD_CUT_DEPTH_M) cut = true;
    if (cut) out.push(id);
  }
  return out.sort();
}

/** Keeps the first scenario time each share of the people was safe. */
export class SafeShares {
  t50S: number | null = null;
  t90S: number | null = null;

  update(s: EvacuationState): void {
    if (!(s.people > 0)) return;
    if (this.t50S === null && s.safe >= 0.5 * s.people) this.t50S = s.timeS;
    if (this.t90S === null && s.safe >= 0.9 * s.people) this.t90S = s.timeS;
  }
}
