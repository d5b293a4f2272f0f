/**
 * The operations view for the big screen: ?mode=ops[&lang=zh|en][&feeds=data/default/feeds.json].
 * Reads the feeds file (same origin) first and only then sets the content security policy, whose
 * connect-src is 'self' plus the feeds file's LAN origins (feedOrigins). Polls every station
 * (src/feeds, QC on each reading) and shows: the station map with live levels against the warning
 * and guaranteed levels, the key station's observed hydrograph joined to its forecast, the
 * countdown to the forecast crossing, the feed health, and a banner while a feed is down (the
 * last good values stay; the next poll picks up from the last reading, so nothing is lost), and the
 * households warned by the runner's latest forecast (?warnings=, default ops/warnings_latest.geojson
 * next to the feeds file: `floodtwin ops … --out data/<twin>/ops`). With `ops.controlUrl`, a
 * "forecast now" button asks the runner for a forecast (forecastNow.ts).
 * With an `ops` section, the 3D twin (twinPanel.ts) shows the runner's latest forecast flood
 * (?flood=, default ops/forecast_maxlevel_latest.asc) and says the computational cell size.
 * Under the test flag `window.floodtwinOps` exposes the state to the browser tests (src/ui/testHooks.ts).
 */
import type { FeatureCollection } from 'geojson';
import { FeedStore } from '../../feeds/feedStore.ts';
import { feedOrigins, forecastRequestUrl, readFeedsFile, type FeedsFile } from '../../feeds/feedsFile.ts';
import { pollSensorThings } from '../../feeds/sensorThings.ts';
import { getLang, i18nKeys, parseLang, setLang, t, type TKey } from '../i18n/index.ts';
import { buildMapSvg } from '../mapSvg.ts';
import { drawHydrograph } from './hydrographSvg.ts';
import { sameOriginUrl } from '../../io/sameOrigin.ts';
import { mountTwinPanel, type ForecastFloodState, type TwinPanel } from './twinPanel.ts';
import { renderWarnedPanel, summariseWarnings } from './warnedPanel.ts';
import { ForecastNowControl } from './forecastNow.ts';
import { exposeTestHooks, type OpsHooks } from '../../ui/testHooks.ts';
import { firstCrossing, formatCountdown, LEVEL_COLOUR, levelState } from './levelState.ts';

import './ops.css';

const HEALTH = ['ok', 'late', 'down', 'waiting'] as const;
const HEALTH_KEYS = i18nKeys('ops.health.', HEALTH, '');

interface GaugeInfo {
  id: string;
  name: string;
  nameZh: string;
  warningLevelM: number;
  guaranteedLevelM: number;
}

const HTML = `
<header class="ops-head"><h1 data-i18n="ops.title"></h1><span id="opsClock"></span><button id="langBtn" class="k-btn" data-i18n="lang.switch"></button></header>
<div id="opsBanner" class="ops-banner" role="alert" hidden><b data-i18n="ops.feedDown"></b> <span data-i18n="ops.feedDownNote"></span></div>
<main class="ops-grid">
  <div class="ops-left">
    <section class="ops-map" aria-label="map"></section>
    <section class="ops-twin" aria-label="3D"><div class="ops-twin-view"></div><p class="ops-note" id="opsTwinNote"></p></section>
  </div>
  <section class="ops-side">
    <div class="ops-warned" aria-live="polite"></div>
    <div class="ops-forecast-now" aria-live="polite"></div>
    <div class="ops-countdown"><span data-i18n="ops.countdown"></span> <b id="opsCountdown"></b></div>
    <table class="ops-stations"><thead><tr><th data-i18n="drill.gauge"></th><th data-i18n="drill.level"></th><th data-i18n="drill.warningLevel"></th><th data-i18n="drill.guaranteedLevel"></th><th data-i18n="ops.health"></th><th data-i18n="ops.flagged"></th></tr></thead><tbody></tbody></table>
    <div class="ops-hydro"></div>
    <p class="ops-note" data-i18n="ops.scope"></p>
  </section>
</main>`;

/** `modesCsp`: the modes' policy (startMode.ts MODES_CSP), to which the feeds' origins are added. */
export async function startOps(root: HTMLElement, params: URLSearchParams, modesCsp: string): Promise<void> {
  const hooks: OpsHooks = {
    ready: false,
    polls: 0,
    levels: {},
    health: {},
    flagged: {},
    banner: false,
    countdown: '',
    readings: {},
    warned: null,
    twinReady: false,
    flood: null,
  };
  exposeTestHooks('floodtwinOps', hooks);
  setLang(parseLang(params.get('lang')));
  const base = new URL('./', location.href);
  const feedsPath = params.get('feeds') ?? 'data/default/feeds.json';
  const feedsUrl = new URL(feedsPath, base);
  if (feedsUrl.origin !== location.origin) throw new Error(`the feeds file must be on this server, got ${feedsPath}`);
  const file = readFeedsFile(await (await fetch(feedsUrl)).json(), feedsPath);
  applyOpsCsp(opsCsp(modesCsp, feedOrigins(file)));
  const twinDir = feedsUrl.href.slice(0, feedsUrl.href.lastIndexOf('/') + 1);
  const gaugesFc = (await (await fetch(new URL('gauges.geojson', twinDir))).json()) as FeatureCollection;
  const roadsFc = await fetch(new URL('roads.geojson', twinDir))
    .then((r) => (r.ok ? (r.json() as Promise<FeatureCollection>) : null))
    .catch(() => null);
  const gauges = new Map<string, GaugeInfo>(
    gaugesFc.features.map((f) => [String(f.properties?.id), f.properties as GaugeInfo]),
  );

  root.innerHTML = HTML;
  document.body.dataset.mode = 'ops';
  const map = buildMapSvg({ roads: roadsFc, gauges: gaugesFc });
  root.querySelector('.ops-map')!.appendChild(map.svg);
  const store = new FeedStore(file, (url, init) => fetch(url, init));
  let forecast: [number, number][] = [];
  const warningsUrl = sameOriginUrl(params.get('warnings') ?? 'ops/warnings_latest.geojson', twinDir, 'warnings');
  let twinPanel: TwinPanel | null = null;
  // "forecast now": only when the feeds file says where the runner listens
  const requestUrl = forecastRequestUrl(file.ops?.controlUrl);
  let forecastNow: ForecastNowControl | null = null;
  if (requestUrl) {
    hooks.forecastNow = { state: 'idle', forecastId: '', detail: '' };
    const el = root.querySelector<HTMLElement>('.ops-forecast-now')!;
    forecastNow = new ForecastNowControl(el, requestUrl, hooks.forecastNow, () => hooks.warned?.forecastId ?? '');
  }
  const render = (): void => {
    renderAll(root, file, store, gauges, forecast, hooks, map.setGaugeColour);
    renderWarnedPanel(root.querySelector('.ops-warned')!, hooks.warned);
    forecastNow?.seen(hooks.warned?.forecastId ?? '');
    root.querySelector('#opsTwinNote')!.textContent = twinNote(file, hooks.flood);
  };
  root.querySelector('#langBtn')!.addEventListener('click', () => {
    setLang(getLang() === 'zh' ? 'en' : 'zh');
    render();
  });
  const pollMs = Number(params.get('pollS') ?? file.pollS) * 1000;
  const poll = async (): Promise<void> => {
    await store.pollAll(Date.now());
    const fc = keyForecast(file);
    if (fc) {
      forecast = await pollSensorThings(
        { baseUrl: fc.baseUrl, datastreamId: fc.datastream, stationId: fc.stationId },
        null,
        (u, i) => fetch(u, i),
        store.nowMs,
      )
        .then((obs) => obs.map((o): [number, number] => [o.timeMs, o.value]))
        .catch(() => forecast); // the last forecast stays while the feed is down
    }
    // the runner's latest list; none yet (404) or unreadable: the panel says so
    hooks.warned = await fetch(warningsUrl, { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : null))
      .then(summariseWarnings)
      .catch(() => null);
    // an unreadable forecast grid is said beside the twin; the polls go on
    if (twinPanel)
      hooks.flood = await twinPanel.refresh().catch((e) => {
        hooks.twinError = (e as Error).message;
        return hooks.flood;
      });
    hooks.polls++;
    render();
  };
  render();
  hooks.ready = true;
  if (file.ops) {
    // the 3D twin loads beside the polls: a slow GPU or a missing file shows in the note, not as a frozen page
    const levelUrl = sameOriginUrl(params.get('flood') ?? 'ops/forecast_maxlevel_latest.asc', twinDir, 'flood');
    mountTwinPanel(root.querySelector('.ops-twin-view')!, new URL(file.ops.scenario, feedsUrl), levelUrl)
      .then((p) => {
        twinPanel = p;
        hooks.twinReady = true;
      })
      .catch((e) => {
        hooks.twinError = (e as Error).message;
      });
  }
  const loop = async (): Promise<void> => {
    try {
      await poll();
    } catch (e) {
      hooks.error = (e as Error).message;
    }
    setTimeout(loop, pollMs);
  };
  void loop();
}

/** The station the countdown and hydrograph watch: the file's keyStation, else the first forecast's. */
function keyStation(file: FeedsFile): string {
  return file.keyStation ?? file.forecast?.[0].stationId ?? file.stations[0].id;
}

/** The key station's forecast datastream, if the file has one. */
function keyForecast(file: FeedsFile): NonNullable<FeedsFile['forecast']>[number] | undefined {
  const key = keyStation(file);
  return file.forecast?.find((f) => f.stationId === key);
}

/** What the twin shows and on which grid the runner computed it (the feeds file's ops.cellSizeM). */
function twinNote(file: FeedsFile, flood: ForecastFloodState | null): string {
  const cs = file.ops?.cellSizeM;
  const dem = flood ? ` (${t('ops.twinDem')} ${flood.demCellSizeM} m)` : '';
  return `${flood ? t('ops.twinFlood') : t('ops.twinNoFlood')} ${cs ? `${cs} m` : t('ops.twinGridDem')}${dem}.`;
}

/** The modes' policy with the feeds' LAN origins added to connect-src. */
export function opsCsp(modesCsp: string, origins: string[]): string {
  return modesCsp.replace("connect-src 'self'", ["connect-src 'self'", ...origins].join(' '));
}

function applyOpsCsp(policy: string): void {
  const m = document.createElement('meta');
  m.httpEquiv = 'Content-Security-Policy';
  m.content = policy;
  document.head.prepend(m);
}

function renderAll(
  root: HTMLElement,
  file: FeedsFile,
  store: FeedStore,
  gauges: Map<string, GaugeInfo>,
  forecast: [number, number][],
  hooks: OpsHooks,
  colour: (id: string, css: string) => void,
): void {
  const lang = getLang();
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const e of root.querySelectorAll<HTMLElement>('[data-i18n]')) e.textContent = t(e.dataset.i18n as TKey);
  const down = store.anyDown();
  hooks.banner = down;
  (root.querySelector('#opsBanner') as HTMLElement).hidden = !down;
  const now = store.nowMs;
  root.querySelector('#opsClock')!.textContent = Number.isFinite(now)
    ? new Date(now + 8 * 3.6e6).toISOString().slice(0, 16).replace('T', ' ') + ' (UTC+8)'
    : '';
  const body = root.querySelector('.ops-stations tbody')!;
  body.replaceChildren();
  for (const [id, f] of store.stations) {
    const g = gauges.get(id);
    const usable = store.usableSeries(id);
    const level = usable.length ? usable[usable.length - 1][1] : null;
    const flagged = f.readings.length - usable.length;
    hooks.levels[id] = level;
    hooks.health[id] = f.health;
    hooks.flagged[id] = flagged;
    hooks.readings[id] = f.readings.length;
    const state = level !== null && g ? levelState(level, g.warningLevelM, g.guaranteedLevelM) : 'normal';
    colour(id, LEVEL_COLOUR[state]);
    const tr = document.createElement('tr');
    tr.dataset.station = id;
    tr.dataset.state = state;
    const cells = [
      g ? (lang === 'zh' ? g.nameZh : g.name) : id,
      level === null ? '—' : level.toFixed(2),
      g ? g.warningLevelM.toFixed(2) : '—',
      g ? g.guaranteedLevelM.toFixed(2) : '—',
      t(HEALTH_KEYS[HEALTH.indexOf(f.health)]),
      String(flagged),
    ];
    for (const c of cells) {
      const td = document.createElement('td');
      td.textContent = c; // DOM text: names come from files
      tr.appendChild(td);
    }
    (tr.children[1] as HTMLElement).style.color = LEVEL_COLOUR[state];
    body.appendChild(tr);
  }
  const key = keyStation(file);
  const g = gauges.get(key);
  const crossing = g && Number.isFinite(now) ? firstCrossing(forecast, g.warningLevelM, now) : null;
  hooks.countdown =
    crossing === null
      ? t('ops.noCrossing')
      : `${lang === 'zh' ? g!.nameZh : g!.name} ${t('ops.passesWarning')} ${formatCountdown(crossing - now, lang)}`;
  root.querySelector('#opsCountdown')!.textContent = hooks.countdown;
  drawHydrograph(root.querySelector('.ops-hydro')!, store.usableSeries(key), forecast, g ?? null, now);
}
