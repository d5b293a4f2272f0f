/**
 * What every feed adapter hands on: one reading of one station, in SI units, with the quality flags
 * the QC rules (qc.ts) put on it. Flagged readings are kept (and shown) but not used where they fail.
 */

/** Why a reading is suspect. */
export type QcFlag = 'outOfRange' | 'spike' | 'flatLine' | 'gap' | 'late';

/** Flags that stop a reading from driving the nowcast and forecast; 'gap' and 'late' only inform. */
export const REJECTING_FLAGS: readonly QcFlag[] = ['outOfRange', 'spike', 'flatLine'];

export interface Observation {
  stationId: string;
  /** phenomenon time, ms since 1970-01-01T00:00Z */
  timeMs: number;
  /** in SI: m for stage, m3/s for discharge, mm/h for rain */
  value: number;
  /** when the reading reached us, ms since the epoch */
  receivedMs: number;
  flags: QcFlag[];
}

/** A reading before QC, as an adapter reads it. */
export type RawObservation = Omit<Observation, 'flags'>;

export function isUsable(o: Observation): boolean {
  for (const f of o.flags) if (REJECTING_FLAGS.includes(f)) return false;
  return true;
}
