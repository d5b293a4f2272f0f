/**
 * The warned panel of the ops view, from the runner's latest warning list (`floodtwin ops` writes
 * warnings_latest.geojson; src/ops/warningList.ts warningsGeoJson): households and premises (shops,
 * offices, public buildings), counted apart. A feature with no `kind` (an older list) is a household.
 */
import { t } from '../i18n/index.ts';

export interface WarnedSummary {
  forecastId: string;
  households: number;
  premises: number;
  people: number;
  red: number;
  orange: number;
  /** the earliest leave-by time as written (ISO, +08:00), '' if none */
  firstLeaveBy: string;
}

/**
 * Sums a warning list; null when it is not one (the panel then says there is no forecast yet).
 * @example summariseWarnings({ type: 'FeatureCollection', features: [{ properties: { colour: 'red', population: 3, leaveBy: '2024-07-09T20:00:00+08:00', forecastId: 'fc-1' } }] })
 * // { forecastId: 'fc-1', households: 1, premises: 0, people: 3, red: 1, orange: 0, firstLeaveBy: '2024-07-09T20:00:00+08:00' }
 */
export function summariseWarnings(fc: unknown): WarnedSummary | null {
  const features =
    (fc as { type?: unknown; features?: unknown })?.type === 'FeatureCollection'
      ? (fc as { features: unknown }).features
      : null;
  if (!Array.isArray(features)) return null;
  const s: WarnedSummary = {
    forecastId: '',
    households: 0,
    premises: 0,
    people: 0,
    red: 0,
    orange: 0,
    firstLeaveBy: '',
  };
  for (const f of features) {
    const p = (f as { properties?: Record<string, unknown> })?.properties ?? {};
    if (p.kind === 'premises') s.premises++;
    else s.households++;
    s.people += typeof p.population === 'number' && Number.isFinite(p.population) ? p.population : 0;
    if (p.colour === 'red') s.red++;
    else if (p.colour === 'orange') s.orange++;
    if (typeof p.forecastId === 'string') s.forecastId = p.forecastId;
    const leave = typeof p.leaveBy === 'string' ? p.leaveBy : '';
    if (leave && (!s.firstLeaveBy || Date.parse(leave) < Date.parse(s.firstLeaveBy))) s.firstLeaveBy = leave;
  }
  return s;
}

/** Fills the panel (DOM text only: the ids come from a file). */
export function renderWarnedPanel(el: HTMLElement, s: WarnedSummary | null): void {
  el.replaceChildren();
  const h = document.createElement('h2');
  h.textContent = t('ops.warned');
  el.appendChild(h);
  const line = (text: string, cls = ''): void => {
    const p = document.createElement('p');
    p.textContent = text;
    if (cls) p.className = cls;
    el.appendChild(p);
  };
  if (!s) {
    line(t('ops.warnedNone'), 'ops-note');
    return;
  }
  line(
    `${s.households} ${t('ops.warnedHouseholds')} (${s.people} ${t('ops.warnedPeople')}) · ${s.premises} ${t('ops.warnedPremises')}`,
    'ops-warned-count',
  );
  line(`${t('ops.warnedRed')} ${s.red} · ${t('ops.warnedOrange')} ${s.orange}`);
  if (s.firstLeaveBy) line(`${t('ops.warnedLeaveBy')}: ${s.firstLeaveBy.slice(0, 16).replace('T', ' ')}`);
  line(`${t('ops.warnedForecast')} ${s.forecastId}`, 'ops-note');
}
