/**
 * The warning colour of a gauge level on the four-colour scale used by Chinese flood warnings
 * (blue IV < yellow III < orange II < red I). Our mapping against a station's levels:
 *   level <  warning − blueMarginM                  → none
 *   warning − blueMarginM ≤ level < warning         → blue   (approaching the warning level)
 *   warning ≤ level < (warning + guaranteed) / 2    → yellow (above the warning level)
 *   (warning + guaranteed) / 2 ≤ level < guaranteed → orange (half way to the guaranteed level)
 *   guaranteed ≤ level                              → red    (at or above the guaranteed level)
 * A level that is not a number gives none.
 */
export type WarningColour = 'none' | 'blue' | 'yellow' | 'orange' | 'red';

export const WARNING_ORDER: readonly WarningColour[] = ['none', 'blue', 'yellow', 'orange', 'red'];

/** CSS colours of the scale (large type on a dark board) */
export const WARNING_CSS: Record<WarningColour, string> = {
  none: '#3a3f47',
  blue: '#1f6fe0',
  yellow: '#f2c500',
  orange: '#f07800',
  red: '#e0201b',
};

export function warningColour(levelM: number, warningM: number, guaranteedM: number, blueMarginM = 1): WarningColour {
  if (!Number.isFinite(levelM)) return 'none';
  if (levelM >= guaranteedM) return 'red';
  if (levelM >= (warningM + guaranteedM) / 2) return 'orange';
  if (levelM >= warningM) return 'yellow';
  if (levelM >= warningM - blueMarginM) return 'blue';
  return 'none';
}
