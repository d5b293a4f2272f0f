/**
 * Quality control of live readings, station by station, in arrival order (the rules of the WMO
 * Guide to Hydrological Practices, WMO-No. 168, vol. I ch. 9 and the Guide to Instruments,
 * WMO-No. 8, part IV: range, rate of change, persistence, completeness, timeliness).
 * - outOfRange: the value is outside [min, max] for the station;
 * - spike: it differs from the last good reading by more than maxStepPerHour·(hours between), and at
 *   least maxStep (so two readings a minute apart may still move by maxStep);
 * - flatLine: the last flatLineCount readings (this one included) are equal, a stuck sensor;
 * - gap: more than gapS since the station's previous reading (the reading is fine; data are missing);
 * - late: it arrived more than lateS after its phenomenon time.
 * The state keeps the last good reading, so a rejected spike does not become the reference.
 */
import type { Observation, QcFlag, RawObservation } from './observation.ts';

export interface QcRules {
  min: number;
  max: number;
  /** largest credible change per hour */
  maxStepPerHour: number;
  /** change always allowed between two readings, whatever the interval */
  maxStep: number;
  /** this many equal readings in a row is a flat line (0 = off) */
  flatLineCount: number;
  gapS: number;
  lateS: number;
}

/** Defaults for a river stage in metres read every few minutes to an hour. */
export const STAGE_QC: QcRules = {
  min: -50,
  max: 9000,
  maxStepPerHour: 1.5,
  maxStep: 0.3,
  flatLineCount: 12,
  gapS: 3 * 3600,
  lateS: 2 * 3600,
};

export interface QcState {
  lastTimeMs: number;
  lastGood: { timeMs: number; value: number } | null;
  /** value and length of the current run of equal readings */
  runValue: number;
  runLength: number;
}

export function newQcState(): QcState {
  return { lastTimeMs: -Infinity, lastGood: null, runValue: NaN, runLength: 0 };
}

/**
 * The flags of one reading, updating the station's state.
 * @example checkReading(STAGE_QC, newQcState(), { stationId: 'a', timeMs: 0, value: 99999, receivedMs: 0 }) // ['outOfRange']
 */
export function checkReading(rules: QcRules, state: QcState, o: RawObservation): QcFlag[] {
  const flags: QcFlag[] = [];
  const v = o.value;
  if (!Number.isFinite(v) || v < rules.min || v > rules.max) flags.push('outOfRange');
  const last = state.lastGood;
  if (!flags.length && last) {
    const hours = Math.abs(o.timeMs - last.timeMs) / 3.6e6;
    const allowed = Math.max(rules.maxStep, rules.maxStepPerHour * hours);
    if (Math.abs(v - last.value) > allowed) flags.push('spike');
  }
  if (v === state.runValue) state.runLength++;
  else {
    state.runValue = v;
    state.runLength = 1;
  }
  if (!flags.length && rules.flatLineCount > 1 && state.runLength >= rules.flatLineCount) flags.push('flatLine');
  if (Number.isFinite(state.lastTimeMs) && o.timeMs - state.lastTimeMs > rules.gapS * 1000) flags.push('gap');
  if (o.receivedMs - o.timeMs > rules.lateS * 1000) flags.push('late');
  if (o.timeMs > state.lastTimeMs) state.lastTimeMs = o.timeMs;
  if (!flags.some((f) => f === 'outOfRange' || f === 'spike' || f === 'flatLine'))
    state.lastGood = { timeMs: o.timeMs, value: v };
  return flags;
}

/** QC of a batch in time order: every reading kept, each with its flags. */
export function checkReadings(rules: QcRules, state: QcState, batch: RawObservation[]): Observation[] {
  return batch.map((o) => ({ ...o, flags: checkReading(rules, state, o) }));
}
