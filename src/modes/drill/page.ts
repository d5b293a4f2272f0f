/**
 * The scripted drill page: ?mode=drill&legacy=1&role=board|map|hydrographs[&director=1][&drill=<file>][&lang=zh|en].
 * The director page owns the clock and broadcasts it (sync.ts); every page derives drill time,
 * the frame index and the board from the clock state alone (state.ts), so all screens agree.
 * Under the test flag `window.floodtwinDrill` (src/ui/testHooks.ts) exposes the state and the controls to the
 * browser tests.
 */
import type { FeatureCollection } from 'geojson';
import { t, setLang, parseLang, i18nKeys, type TKey } from '../i18n/index.ts';
import { escapeHtml } from '../../core/escapeHtml.ts';
import { sameOriginUrl } from '../../io/sameOrigin.ts';

// keys the page builds from parts (checked by tests/modes/i18n.test.ts)
i18nKeys('warn.', ['none', 'blue', 'yellow', 'orange', 'red'], '');
i18nKeys('inject.', ['gaugeWarning', 'leveeBreach', 'pumpFailure', 'roadClosure', 'shelterOpened', 'message'], '');
i18nKeys('drill.role.', ['board', 'map', 'hydrographs'], '');
import { parseDrill, type DrillScript, type Inject } from './schema.ts';
import { drillStateAt, frameAt, type DrillState, type GaugeInfo } from './state.ts';
import { readGaugeLayer, recordSeconds } from './gauges.ts';
import { drillTime, initialClock, jumpToInject, pause, setSpeed, settle, start, type ClockState } from './clock.ts';
import { channelName, DirectorSync, FollowerSync } from './sync.ts';
import { WARNING_CSS } from './warning.ts';
import { buildMapSvg, el, type MapSvg } from '../mapSvg.ts';
import { frameIndexAt, type FramePack } from '../framePack.ts';
import { cellClientPoint, depthLegend, fetchFramePack } from '../waterView.ts';
import { exposeTestHooks, type DrillHooks } from '../../ui/testHooks.ts';

type Role = 'board' | 'map' | 'hydrographs';

async function getText(url: URL): Promise<string> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url.pathname}: HTTP ${r.status}`);
  return r.text();
}

export interface LoadedDrill {
  script: DrillScript;
  gauges: GaugeInfo[];
  layers: { roads: FeatureCollection | null; shelters: FeatureCollection | null; gauges: FeatureCollection };
}

export async function loadDrill(drillUrl: URL): Promise<LoadedDrill> {
  const script = parseDrill(await getText(drillUrl), drillUrl.pathname.replace(/^.*\//, ''));
  const scenarioUrl = sameOriginUrl(script.baseScenario, drillUrl, 'baseScenario');
  const startTime = (JSON.parse(await getText(scenarioUrl)) as { startTime?: string }).startTime;
  if (!startTime) throw new Error(`${script.baseScenario} has no startTime (needed to place the gauge records)`);
  const gaugesUrl = sameOriginUrl(script.gauges, drillUrl, 'gauges');
  const fc = JSON.parse(await getText(gaugesUrl)) as FeatureCollection;
  const layer = readGaugeLayer(fc, script.gauges);
  const gauges = await Promise.all(
    layer.map(async (g) => ({
      ...g,
      record:
        g.recordFile && script.keyGauges.includes(g.id)
          ? recordSeconds(await getText(sameOriginUrl(g.recordFile, gaugesUrl, script.gauges)), g.recordFile, startTime)
          : [],
    })),
  );
  const opt = async (name: string) => {
    try {
      return JSON.parse(await getText(new URL(name, gaugesUrl))) as FeatureCollection;
    } catch {
      return null;
    }
  };
  const [roads, shelters] = await Promise.all([opt('roads.geojson'), opt('shelters.geojson')]);
  return { script, gauges, layers: { roads, shelters, gauges: fc } };
}

export const fmtClock = (s: number): string => {
  const v = Math.max(0, Math.floor(s));
  return `${String(Math.floor(v / 3600)).padStart(2, '0')}:${String(Math.floor(v / 60) % 60).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}`;
};

export async function startDrill(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const role = (
    ['board', 'map', 'hydrographs'].includes(params.get('role') ?? '') ? params.get('role') : 'board'
  ) as Role;
  const isDirector = params.get('director') === '1';
  const lang = parseLang(params.get('lang'));
  setLang(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  const file = params.get('drill') ?? 'jialing-flood-drill.json';
  const hooks: Partial<DrillHooks> = exposeTestHooks('floodtwinDrill', { ready: false, role, director: isDirector });
  const drillUrl = sameOriginUrl(
    `scenarios/drills/${file}`,
    new URL(import.meta.env.BASE_URL, location.href),
    '?drill=',
  );
  const { script, gauges, layers } = await loadDrill(drillUrl);
  // the map's water: the frames of the drill's base-scenario run, recorded once by the headless
  // engine (src/modes/makeFramePacks.ts) next to the drill file. Every screen reads the same bytes
  // and picks the frame from the synced clock, so the water is identical on every screen.
  let pack: FramePack | null = null;
  if (role === 'map') {
    try {
      pack = await fetchFramePack(new URL(file.replace(/\.json$/, '') + '.frames.gz', drillUrl));
    } catch (e) {
      console.warn(e);
      hooks.waterError = (e as Error).message;
    }
  }
  const injectTimes = script.injects.map((i) => i.atS);
  const gaugeById = new Map(gauges.map((g) => [g.id, g]));

  root.innerHTML = '';
  root.className = `modes drill role-${role}`;
  const title = (key: TKey) => `<span data-i18n="${key}">${t(key)}</span>`;
  const header = document.createElement('header');
  header.className = 'drill-head';
  header.innerHTML = `<h1>${escapeHtml(lang === 'zh' ? script.nameZh : script.name)}</h1>
    <div class="drill-role">${title(`drill.role.${role}` as TKey)}${isDirector ? '' : ` · ${title('drill.follower')}`}</div>
    <div class="drill-clock"><span class="lbl">${title('drill.time')}</span> <b id="drillTime">00:00:00</b>
    <span class="lbl">${title('drill.scenarioTime')}</span> <b id="scenarioTime"></b> <span id="drillStatus"></span></div>`;
  root.appendChild(header);

  // ---- director controls
  let clock: ClockState = initialClock(script.durationS, Number(params.get('speed')) || 1);
  let director: DirectorSync | null = null;
  let follower: FollowerSync | null = null;
  const channel = new BroadcastChannel(channelName(file));
  if (isDirector) {
    director = new DirectorSync(channel, `${Date.now()}-${Math.random().toString(36).slice(2)}`, () => clock);
    const bar = document.createElement('div');
    bar.className = 'drill-controls';
    bar.innerHTML = `<button id="drillStart">${t('drill.start')}</button><button id="drillPause">${t('drill.pause')}</button>
      <label>${t('drill.speed')} <select id="drillSpeed">${[1, 2, 5, 10, 30, 60].map((s) => `<option value="${s}"${s === clock.speed ? ' selected' : ''}>×${s}</option>`).join('')}</select></label>
      <label>${t('drill.jump')} <select id="drillInject">${script.injects.map((i, k) => `<option value="${k}">${fmtClock(i.atS)} ${escapeHtml(lang === 'zh' ? i.title.zh : i.title.en)}</option>`).join('')}</select></label>
      <button id="drillJump">${t('drill.jump')}</button><button id="drillReset">${t('drill.reset')}</button>`;
    root.appendChild(bar);
    const change = (f: (c: ClockState, now: number) => ClockState) => {
      clock = f(clock, Date.now());
      director!.publish();
      render(true);
    };
    (bar.querySelector('#drillStart') as HTMLElement).onclick = () => change(start);
    (bar.querySelector('#drillPause') as HTMLElement).onclick = () => change(pause);
    (bar.querySelector('#drillSpeed') as HTMLSelectElement).onchange = (e) =>
      change((c, n) => setSpeed(c, n, Number((e.target as HTMLSelectElement).value)));
    (bar.querySelector('#drillJump') as HTMLElement).onclick = () =>
      change((c, n) =>
        jumpToInject(c, n, injectTimes, Number((bar.querySelector('#drillInject') as HTMLSelectElement).value)),
      );
    (bar.querySelector('#drillReset') as HTMLElement).onclick = () =>
      change((c, n) => pause({ ...c, running: true, anchorWallMs: n, anchorDrillS: 0 }, n));
    // heartbeat: a screen that missed a message catches up within a second
    setInterval(() => director!.publish(), 1000);
    director.publish();
  } else {
    follower = new FollowerSync(channel, () => render(true));
  }
  const currentClock = (): ClockState | null => (isDirector ? clock : follower!.clock);

  // ---- role views
  const main = document.createElement('main');
  main.className = 'drill-main';
  root.appendChild(main);
  let renderRole: (s: DrillState) => void = () => undefined;
  const injectText = (i: Inject) =>
    `${lang === 'zh' ? i.title.zh : i.title.en}${i.text ? ` — ${lang === 'zh' ? i.text.zh : i.text.en}` : ''}`;
  const injectColour = (i: Inject) =>
    i.kind === 'gaugeWarning' ? WARNING_CSS[i.colour] : i.kind === 'leveeBreach' ? WARNING_CSS.red : '#8aa0ad';

  if (role === 'board') {
    main.innerHTML = `<div id="alertBar"></div>
      <table class="board-gauges"><thead><tr><th>${t('drill.gauge')}</th><th>${t('drill.level')}</th><th>${t('drill.warningLevel')}</th><th>${t('drill.guaranteedLevel')}</th><th></th></tr></thead>
      <tbody>${script.keyGauges
        .map((id) => {
          const g = gaugeById.get(id);
          return `<tr data-gauge="${escapeHtml(id)}"><td>${escapeHtml(lang === 'zh' ? (g?.nameZh ?? id) : (g?.name ?? id))}</td><td class="lvl"></td><td>${g?.warningLevelM.toFixed(2) ?? '–'}</td><td>${g?.guaranteedLevelM.toFixed(2) ?? '–'}</td><td class="colour"></td></tr>`;
        })
        .join('')}</tbody></table>
      <div class="board-counts"><div><span>${t('drill.evacuated')}</span><b id="evacuated">0</b></div><div><span>${t('drill.roadsCut')}</span><b id="roadsCut">0</b></div><div><span>${t('drill.sheltersOpen')}</span><b id="sheltersOpen">0</b></div></div>
      <h2>${t('drill.injects')}</h2><ol id="injectLog" reversed></ol>`;
    const rows = script.keyGauges.map((id) => main.querySelector(`tr[data-gauge="${CSS.escape(id)}"]`) as HTMLElement);
    renderRole = (s) => {
      s.gauges.forEach((g, k) => {
        (rows[k].querySelector('.lvl') as HTMLElement).textContent = Number.isFinite(g.levelM)
          ? g.levelM.toFixed(2)
          : '–';
        const c = rows[k].querySelector('.colour') as HTMLElement;
        c.textContent = t(`warn.${g.colour}` as TKey);
        c.style.background = WARNING_CSS[g.colour];
        c.dataset.colour = g.colour;
      });
      (main.querySelector('#evacuated') as HTMLElement).textContent = s.evacuated.toLocaleString(
        lang === 'zh' ? 'zh-CN' : 'en',
      );
      (main.querySelector('#roadsCut') as HTMLElement).textContent = String(s.roadsCut.length);
      (main.querySelector('#sheltersOpen') as HTMLElement).textContent = String(s.sheltersOpen.length);
      const bar = main.querySelector('#alertBar') as HTMLElement;
      bar.style.background = WARNING_CSS[s.alert];
      bar.dataset.colour = s.alert;
      bar.textContent = t(`warn.${s.alert}` as TKey);
      const log = main.querySelector('#injectLog') as HTMLElement;
      if (log.childElementCount !== s.fired.length) {
        log.innerHTML = s.fired.length
          ? s.fired
              .slice()
              .reverse()
              .map(
                (i) =>
                  `<li data-inject="${escapeHtml(i.id)}" style="border-color:${injectColour(i)}"><b>${fmtClock(i.atS)}</b> <span class="kind">${t(`inject.${i.kind}` as TKey)}</span> ${escapeHtml(injectText(i))}</li>`,
              )
              .join('')
          : `<li class="muted">${t('drill.noInjects')}</li>`;
      }
    };
  } else if (role === 'map') {
    const map: MapSvg = buildMapSvg(layers, pack);
    main.appendChild(map.svg);
    main.appendChild(depthLegend().el);
    if (!pack) {
      const note = document.createElement('div');
      note.className = 'water-status';
      note.textContent = t('water.missing');
      main.appendChild(note);
    }
    const banner = document.createElement('div');
    banner.id = 'mapInject';
    main.appendChild(banner);
    let shownFired = -1;
    /** index of the pack frame on the map (-1: before the first frame, no water) */
    let packFrame = -2;
    Object.assign(hooks, {
      water: () => ({
        wet: map.water?.wet() ?? null,
        packFrame,
        packTimeS: pack && packFrame >= 0 ? pack.times[packFrame] : null,
      }),
      /** depth (mm) the map shows at a cell, null without water frames */
      waterMm: (col: number, row: number) =>
        pack && packFrame >= 0 ? pack.frames[packFrame][row * pack.ncols + col] : null,
      cellClient: (col: number, row: number) => cellClientPoint(map, col, row),
    });
    renderRole = (s) => {
      if (pack && map.water) {
        const i = frameIndexAt(pack, s.frame * script.frameIntervalS);
        if (i !== packFrame) {
          packFrame = i;
          map.water.show(i >= 0 ? pack.frames[i] : null);
          root.dataset.waterFrame = String(i);
        }
      }
      for (const g of s.gauges) map.setGaugeColour(g.id, WARNING_CSS[g.colour]);
      for (const f of layers.roads?.features ?? [])
        map.setRoadCut(String(f.properties?.id), s.roadsCut.includes(String(f.properties?.id)));
      for (const f of layers.shelters?.features ?? [])
        map.setShelterOpen(String(f.properties?.id), s.sheltersOpen.includes(String(f.properties?.id)));
      if (shownFired !== s.fired.length) {
        shownFired = s.fired.length;
        map.clearMarks();
        for (const i of s.fired)
          if (i.at)
            map.mark(
              i.id,
              i.at,
              injectColour(i),
              i.kind === 'leveeBreach' || i.kind === 'roadClosure' ? t(`inject.${i.kind}` as TKey) : undefined,
              i.kind === 'roadClosure',
            );
        const last = s.fired[s.fired.length - 1];
        banner.textContent = last ? `${t(`inject.${last.kind}` as TKey)}: ${injectText(last)}` : t('drill.noInjects');
      }
    };
  } else {
    // hydrographs: each key gauge's record over the drill window, warning and guaranteed levels, a cursor now
    const W = 600,
      H = 220;
    const t0 = script.scenarioStartS,
      t1 = t0 + script.durationS * script.scenarioSecondsPerDrillSecond;
    const cursors: SVGLineElement[] = [];
    for (const id of script.keyGauges) {
      const g = gaugeById.get(id);
      if (!g) continue;
      const win = g.record.filter(([tt]) => tt >= t0 - 3600 && tt <= t1 + 3600);
      const lo = Math.min(...win.map((p) => p[1]), g.warningLevelM) - 0.5,
        hi = Math.max(...win.map((p) => p[1]), g.guaranteedLevelM) + 0.5;
      const xOf = (tt: number) => ((tt - t0) / (t1 - t0)) * W,
        yOf = (v: number) => H - ((v - lo) / (hi - lo)) * H;
      const box = document.createElement('section');
      box.className = 'hydro';
      box.innerHTML = `<h2>${escapeHtml(lang === 'zh' ? g.nameZh : g.name)}</h2>`;
      const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'hydro-chart' });
      for (const [lvl, c] of [
        [g.warningLevelM, WARNING_CSS.yellow],
        [g.guaranteedLevelM, WARNING_CSS.red],
      ] as const) {
        svg.appendChild(
          el('line', {
            x1: 0,
            x2: W,
            y1: yOf(lvl),
            y2: yOf(lvl),
            stroke: c,
            'stroke-dasharray': '8 6',
            'stroke-width': 2,
          }),
        );
        const label = el('text', { x: 6, y: yOf(lvl) - 6, fill: c, 'font-size': 18 });
        label.textContent = `${lvl.toFixed(2)} m`;
        svg.appendChild(label);
      }
      svg.appendChild(
        el('path', {
          d: 'M' + win.map(([tt, v]) => `${xOf(tt).toFixed(1)} ${yOf(v).toFixed(1)}`).join('L'),
          fill: 'none',
          stroke: '#5ab4ff',
          'stroke-width': 3,
        }),
      );
      const cur = el('line', { x1: 0, x2: 0, y1: 0, y2: H, stroke: '#fff', 'stroke-width': 2 });
      svg.appendChild(cur);
      cursors.push(cur);
      box.appendChild(svg);
      main.appendChild(box);
    }
    renderRole = (s) => {
      const x = ((s.scenarioS - t0) / (t1 - t0)) * W;
      for (const c of cursors) {
        c.setAttribute('x1', x.toFixed(1));
        c.setAttribute('x2', x.toFixed(1));
      }
    };
  }

  // ---- render: only when the drill second (or the clock state) changed
  let shownSecond = -1;
  let shownSeq = -1;
  let state: DrillState | null = null;
  const render = (force = false) => {
    let c = currentClock();
    if (!c) {
      (header.querySelector('#drillStatus') as HTMLElement).textContent = t('drill.waiting');
      return;
    }
    const now = Date.now();
    if (isDirector) {
      const settled = settle(c, now);
      if (settled !== c) {
        clock = settled;
        director!.publish();
        c = settled;
      }
    }
    const d = drillTime(c, now);
    const sec = Math.floor(d);
    if (!force && sec === shownSecond && c.seq === shownSeq) return;
    shownSecond = sec;
    shownSeq = c.seq;
    state = drillStateAt(script, gauges, d);
    (header.querySelector('#drillTime') as HTMLElement).textContent = fmtClock(d);
    (header.querySelector('#scenarioTime') as HTMLElement).textContent = `${(state.scenarioS / 3600).toFixed(1)} h`;
    const st = header.querySelector('#drillStatus') as HTMLElement;
    st.textContent = t(c.running ? 'drill.running' : 'drill.paused');
    root.dataset.frame = String(state.frame);
    renderRole(state);
  };
  const loop = () => {
    render();
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  setInterval(() => render(), 250); // screens in the background get no animation frames
  render(true);

  const act = (f: (c: ClockState, now: number) => ClockState) => {
    if (!director) throw new Error('not the director');
    clock = f(clock, Date.now());
    director.publish();
    render(true);
  };
  Object.assign(hooks, {
    ready: true,
    script,
    /** frame index from the clock now */
    frame: () => {
      const c = currentClock();
      return c ? frameAt(script, drillTime(c, Date.now())) : null;
    },
    /** the frame index the page shows */
    shownFrame: () => (root.dataset.frame === undefined ? null : Number(root.dataset.frame)),
    drillTime: () => {
      const c = currentClock();
      return c ? drillTime(c, Date.now()) : null;
    },
    clock: () => currentClock(),
    state: () => state,
    start: () => act(start),
    pause: () => act(pause),
    setSpeed: (s: number) => act((c, n) => setSpeed(c, n, s)),
    jump: (k: number) => act((c, n) => jumpToInject(c, n, injectTimes, k)),
  });
}
