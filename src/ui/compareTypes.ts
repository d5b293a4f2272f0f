/**
 * What the compare panel (compare.ts) and its swipe view (swipe.ts) share: the page context the panel
 * runs in and the result it shows. Kept apart so that the two views do not import each other.
 */
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import type { TwinScene } from '../scene/twinScene.ts';
import type { PairResult } from '../sim/comparePair.ts';
import type { MapPoint } from './drawIntervention.ts';

export interface CompareContext {
  /** the scene shown now (it is rebuilt when a DEM is dropped) */
  scene(): TwinScene;
  /** absolute URL of the open scenario file (A) */
  scenarioUrl: string;
  /** `?durationS=`: both runs stop there (as the CLI's --duration-s) */
  durationS?: number;
  /** show or hide the page's own water surface (hidden while the difference map is shown) */
  showWater(on: boolean): void;
  /**
   * Both runs are done (before the metrics): the wall, the setups and the results, for the export
   * panel (src/ui/exportPanel.ts). Copy what you keep: the arrays move to the compare worker next.
   */
  onRuns?(runs: { line: MapPoint[]; crestM: number; setups: [FloodSetup, FloodSetup]; results: [FloodResult, FloodResult] }): void;
}

/** the compare worker's PairResult (rows, metrics, B − A, A's and B's maximum depth) and the wall time */
export interface CompareResult extends PairResult {
  wallS: number;
}
