/**
 * A gauge's live level against its warning (警戒水位) and guaranteed (保证水位) levels, and the
 * forecast crossing the ops view counts down to. Pure functions, no DOM.
 */
export type LevelState = 'normal' | 'warning' | 'guaranteed';

/** @example levelState(184, 183.5, 186) // 'warning' */
export function levelState(levelM: number, warningLevelM: number, guaranteedLevelM: number): LevelState {
  if (levelM >= guaranteedLevelM) return 'guaranteed';
  if (levelM >= warningLevelM) return 'warning';
  return 'normal';
}

export const LEVEL_COLOUR: Record<LevelState, string> = {
  normal: '#2e7d32',
  warning: '#f28c28',
  guaranteed: '#e0201b',
};

/**
 * First time (ms) a forecast (ms, m), piecewise linear, reaches `level` after `nowMs`; null if never.
 * @example firstCrossing([[0, 1], [10, 3]], 2, 0) // 5
 */
export function firstCrossing(forecast: [number, number][], level: number, nowMs: number): number | null {
  for (let i = 0; i < forecast.length; i++) {
    const [t1, v1] = forecast[i];
    if (t1 <= nowMs) continue;
    if (v1 < level) continue;
    if (i === 0 || forecast[i - 1][0] < nowMs || forecast[i - 1][1] >= level) return t1;
    const [t0, v0] = forecast[i - 1];
    return t0 + ((level - v0) / (v1 - v0)) * (t1 - t0);
  }
  return null;
}

/** "19 h 20 min" / "19 小时 20 分" */
export function formatCountdown(ms: number, lang: 'zh' | 'en'): string {
  const min = Math.max(0, Math.round(ms / 60000));
  const h = Math.floor(min / 60);
  const m = min % 60;
  return lang === 'zh' ? `${h} 小时 ${m} 分` : `${h} h ${m} min`;
}
