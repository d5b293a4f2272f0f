/**
 * What the forecast means for each building (and road): when water reaches its door, how deep it
 * gets there, the warning colour and the lead time. The colours follow the four-level flood warning
 * of China's national flood-control emergency plan (国家防汛抗旱应急预案: IV blue, III yellow,
 * II orange, I red), applied per building from the gauge's forecast peak and the depth at the door:
 *   red     water at the door ≥ redDepthM (0.5 m: knee deep, unsafe to wade, FHRC hazard "danger for most");
 *   orange  water reaches the door (≥ the run's arrival depth);
 *   yellow  door dry, but the gauge is forecast to pass its guaranteed level (保证水位);
 *   blue    door dry, the gauge is forecast to pass its warning level (警戒水位);
 *   none    otherwise.
 */
import type { FloodResult } from '../../workers/flood/result.ts';

export type WarningColour = 'none' | 'blue' | 'yellow' | 'orange' | 'red';

export const COLOUR_RANK: Record<WarningColour, number> = { none: 0, blue: 1, yellow: 2, orange: 3, red: 4 };

export interface Door {
  id: string;
  /** the grid cell of the door (index row * ncols + col), or -1 off the grid */
  cell: number;
}

export interface DoorForecast {
  id: string;
  /** s from the run start when the water reaches the door; NaN if it does not */
  arrivalS: number;
  maxDepthM: number;
  colour: WarningColour;
  /** arrival − issue time, s (NaN if no arrival) */
  leadS: number;
}

export interface GaugeOutlook {
  peakStageM: number;
  warningLevelM: number;
  guaranteedLevelM: number;
}

/**
 * @example doorColour(0.6, { peakStageM: 180, warningLevelM: 183, guaranteedLevelM: 186 }, 0.1) // 'red'
 */
export function doorColour(
  maxDepthM: number,
  gauge: GaugeOutlook | null,
  arrivalDepthM: number,
  redDepthM = 0.5,
): WarningColour {
  if (maxDepthM >= redDepthM) return 'red';
  if (maxDepthM >= arrivalDepthM) return 'orange';
  if (gauge && gauge.peakStageM >= gauge.guaranteedLevelM) return 'yellow';
  if (gauge && gauge.peakStageM >= gauge.warningLevelM) return 'blue';
  return 'none';
}

/** Per door: arrival, max depth, colour and lead time from a forecast run issued at `issueS`. */
export function doorForecasts(
  doors: Door[],
  run: Pick<FloodResult, 'maxDepth' | 'arrivalTime'>,
  issueS: number,
  arrivalDepthM: number,
  gauge: GaugeOutlook | null,
): DoorForecast[] {
  return doors.map((d) => {
    const depth = d.cell >= 0 ? run.maxDepth[d.cell] : NaN;
    const maxDepthM = Number.isFinite(depth) ? depth : 0;
    const arr = d.cell >= 0 ? run.arrivalTime[d.cell] : NaN;
    const arrivalS = maxDepthM >= arrivalDepthM && Number.isFinite(arr) ? arr : NaN;
    return {
      id: d.id,
      arrivalS,
      maxDepthM,
      colour: doorColour(maxDepthM, gauge, arrivalDepthM),
      leadS: arrivalS - issueS,
    };
  });
}
