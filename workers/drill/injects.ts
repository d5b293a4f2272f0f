/**
 * What a drill director can inject while the live engine runs. Every inject is applied by the engine
 * at a frame boundary, from the state of that frame (no restart): the drill log (log.ts) records the
 * frame it was applied after, so a replay applies it at the same step and gives the same bits.
 * Positions are in the grid's map units (metres, the DEM's CRS).
 */
export type WarningColourName = 'blue' | 'yellow' | 'orange' | 'red';

export type LiveInject =
  /** the bed within widthM/2 of (x, y) that stands above finalCrestM falls to it over durationS */
  | { kind: 'leveeBreach'; x: number; y: number; widthM: number; finalCrestM: number; durationS: number }
  /** the pump (a pump link of the coupled sewer network) stops: its curve gives 0 m³/s from now */
  | { kind: 'pumpFailure'; pumpId: string }
  /** the rain from now on is the scenario's rain times `factor` (replaces any earlier factor) */
  | { kind: 'rain'; factor: number }
  /** the road is closed to everyone: the evacuation routes around it */
  | { kind: 'roadClosure'; roadId: string }
  /** a shelter opened (it takes people) or declared full (it takes no more) */
  | { kind: 'shelter'; shelterId: string; status: 'open' | 'full' }
  | { kind: 'warning'; colour: WarningColourName; text?: string }
  | { kind: 'message'; text: string };

export type LiveInjectKind = LiveInject['kind'];

/** One line of a drill log: the inject, the drill time it was given at and the frame it follows. */
export interface LogEntry {
  /** index of the frame after which the engine applied it (frame 0 = the start) */
  frame: number;
  /** steps of the next frame the engine had run when it applied it (liveEngine.ts; absent: 0) */
  step?: number;
  /** drill seconds (wall clock of the drill) when the director gave it: for the after-action review */
  drillS: number;
  inject: LiveInject;
}

export interface DrillLog {
  format: 'floodtwin-drill-log';
  version: 1;
  /** the scenario the engine ran (as the page names it) */
  scenario: string;
  /** scenario seconds between frames */
  frameIntervalS: number;
  /** the engine's flood stops per frame, where injects apply (liveEngine.ts; absent: 1) */
  stepsPerFrame?: number;
  entries: LogEntry[];
}

/** A short human line for an inject (board, log list). */
export function describeInject(i: LiveInject): string {
  switch (i.kind) {
    case 'leveeBreach':
      return `levee breach ${i.widthM} m wide at (${i.x.toFixed(0)}, ${i.y.toFixed(0)}) to ${i.finalCrestM} m over ${i.durationS} s`;
    case 'pumpFailure':
      return `pump ${i.pumpId} failed`;
    case 'rain':
      return `rain × ${i.factor} from now`;
    case 'roadClosure':
      return `road ${i.roadId} closed`;
    case 'shelter':
      return `shelter ${i.shelterId} ${i.status}`;
    case 'warning':
      return `${i.colour} warning${i.text ? `: ${i.text}` : ''}`;
    case 'message':
      return i.text;
  }
}
