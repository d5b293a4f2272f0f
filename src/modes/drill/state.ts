/**
 * What every screen shows at drill time d, as a pure function of the script, the gauge records
 * and d: the scenario time, the map frame index, fired injects, roads cut, shelters open, people
 * evacuated and each key gauge's level and warning colour. Replay is deterministic: the same d
 * gives the same state, whatever happened before.
 */
import { seriesAt } from '../../core/timeSeries.ts';
import type { DrillScript, Inject } from './schema.ts';
import { warningColour, type WarningColour } from './warning.ts';

export interface GaugeInfo {
  id: string;
  name: string;
  nameZh: string;
  warningLevelM: number;
  guaranteedLevelM: number;
  lonLat: [number, number];
  /** stage record in scenario seconds: [[t, m], …] */
  record: [number, number][];
}

export interface GaugeNow {
  id: string;
  levelM: number;
  colour: WarningColour;
}

export interface DrillState {
  drillS: number;
  scenarioS: number;
  frame: number;
  fired: Inject[];
  roadsCut: string[];
  sheltersOpen: string[];
  evacuated: number;
  gauges: GaugeNow[];
  /** the most severe colour over the key gauges and fired gauge warnings */
  alert: WarningColour;
}

export function scenarioTime(script: DrillScript, drillS: number): number {
  return script.scenarioStartS + drillS * script.scenarioSecondsPerDrillSecond;
}

/** index of the map frame at drill time d (frames every frameIntervalS of scenario time) */
export function frameAt(script: DrillScript, drillS: number): number {
  return Math.floor(scenarioTime(script, drillS) / script.frameIntervalS + 1e-9);
}

const RANK: Record<WarningColour, number> = { none: 0, blue: 1, yellow: 2, orange: 3, red: 4 };

export function drillStateAt(script: DrillScript, gauges: readonly GaugeInfo[], drillS: number): DrillState {
  const scenarioS = scenarioTime(script, drillS);
  const fired = script.injects.filter((i) => i.atS <= drillS);
  const roadsCut: string[] = [];
  const sheltersOpen: string[] = [];
  let alert: WarningColour = 'none';
  for (const i of fired) {
    if (i.kind === 'roadClosure' && !roadsCut.includes(i.roadId)) roadsCut.push(i.roadId);
    if (i.kind === 'shelterOpened' && !sheltersOpen.includes(i.shelterId)) sheltersOpen.push(i.shelterId);
    if (i.kind === 'gaugeWarning' && RANK[i.colour] > RANK[alert]) alert = i.colour;
  }
  const byId = new Map(gauges.map((g) => [g.id, g]));
  const now: GaugeNow[] = script.keyGauges.map((id) => {
    const g = byId.get(id);
    if (!g || g.record.length === 0) return { id, levelM: NaN, colour: 'none' };
    const levelM = seriesAt(g.record, scenarioS);
    const colour = warningColour(levelM, g.warningLevelM, g.guaranteedLevelM, script.blueMarginM);
    if (RANK[colour] > RANK[alert]) alert = colour;
    return { id, levelM, colour };
  });
  // people evacuated: the script's count, stepwise (a count of people, not interpolated)
  let evacuated = 0;
  for (const [t, n] of script.evacuated) if (t <= drillS) evacuated = n;
  return {
    drillS,
    scenarioS,
    frame: frameAt(script, drillS),
    fired,
    roadsCut,
    sheltersOpen,
    evacuated,
    gauges: now,
    alert,
  };
}
