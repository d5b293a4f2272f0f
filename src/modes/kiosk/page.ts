/**
 * The kiosk: ?mode=kiosk[&lang=zh|en][&idleS=60&resetS=120]. Full screen, touch first (targets
 * ≥ 48 px, drag and pinch on the map), Chinese and English with a one-tap switch (every visible
 * string has a data-i18n key), four "what if" cards, a guided story, an attract loop after
 * idleS and a full reset after resetS. No context menu, no text selection, no way out.
 * `window.floodtwinKiosk` exposes the state to the browser tests.
 */
import type { FeatureCollection } from 'geojson';
import { getLang, i18nKeys, parseLang, setLang, t, type Lang, type TKey } from '../i18n/index.ts';
import { IdleMachine } from './idle.ts';
import { buildMapSvg, type MapSvg } from '../mapSvg.ts';
import { enableTouchMap } from './touchMap.ts';
import type { FramePack } from '../framePack.ts';
import { cellClientPoint, depthLegend, fetchFramePack, type DepthLegend } from '../waterView.ts';

const CARDS = ['rain', 'river', 'levee', 'sponge'] as const;
const CARD_TITLES = i18nKeys('kiosk.card.', ['rain', 'river', 'levee', 'sponge'], '.title');
const CARD_BODIES = i18nKeys('kiosk.card.', ['rain', 'river', 'levee', 'sponge'], '.body');
const STORY = i18nKeys('kiosk.story.', ['1', '2', '3', '4'], '');
i18nKeys('kiosk.caption.', ['rain', 'drill', 'holds', 'fails', 'sponge'], '');

/**
 * What each card plays on the map: clips of recorded frame packs (src/modes/makeFramePacks.ts),
 * one after the other, in a loop; the caption key is `kiosk.caption.<clip>` with {time} in the unit.
 */
export const PLAYLISTS: Record<(typeof CARDS)[number], { pack: string; clip: string; unit: 'min' | 'h' }[]> = {
  rain: [{ pack: 'scenarios/kiosk/rain.frames.gz', clip: 'rain', unit: 'min' }],
  river: [{ pack: 'scenarios/drills/jialing-flood-drill.frames.gz', clip: 'drill', unit: 'h' }],
  levee: [{ pack: 'scenarios/kiosk/levee.frames.gz', clip: 'holds', unit: 'min' }, { pack: 'scenarios/kiosk/levee.frames.gz', clip: 'fails', unit: 'min' }],
  sponge: [{ pack: 'scenarios/kiosk/sponge.frames.gz', clip: 'sponge', unit: 'min' }],
};
/** steps the last frame of a clip stays before the next clip */
const HOLD_STEPS = 3;

const HTML = `
<header class="k-head">
  <h1 data-i18n="kiosk.title"></h1>
  <button id="langBtn" class="k-btn" data-i18n="lang.switch"></button>
</header>
<p class="k-sub" data-i18n="kiosk.subtitle"></p>
<section class="k-cards">${CARDS.map((c, i) => `<button class="k-card" data-card="${c}"><b data-i18n="${CARD_TITLES[i]}"></b><span data-i18n="${CARD_BODIES[i]}"></span></button>`).join('')}</section>
<section class="k-detail" hidden>
  <div class="k-detail-head"><span data-i18n="kiosk.scenarioShown"></span> <b id="detailTitle"></b></div>
  <p id="detailBody"></p>
  <div class="k-map" aria-label="map"><div class="k-map-label" data-i18n="kiosk.map"></div></div>
  <button id="homeBtn" class="k-btn" data-i18n="kiosk.home"></button>
</section>
<footer class="k-foot"><button id="storyBtn" class="k-btn" data-i18n="kiosk.story"></button></footer>
<div class="k-story" hidden>
  <p id="storyText"></p>
  <div class="k-story-nav"><button id="storyBack" class="k-btn" data-i18n="kiosk.story.back"></button><button id="storyNext" class="k-btn" data-i18n="kiosk.story.next"></button><button id="storyClose" class="k-btn" data-i18n="kiosk.story.close"></button></div>
</div>
<div class="k-attract" hidden><div class="k-attract-text" data-i18n="kiosk.attract"></div></div>`;

export async function startKiosk(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const startLang: Lang = parseLang(params.get('lang'));
  const idleS = Number(params.get('idleS')) > 0 ? Number(params.get('idleS')) : 60;
  const resetS = Number(params.get('resetS')) > idleS ? Number(params.get('resetS')) : Math.max(120, 2 * idleS);
  const hooks: Record<string, unknown> = { ready: false, idleS, resetS };
  (window as unknown as { floodtwinKiosk: unknown }).floodtwinKiosk = hooks;

  // the twin's layers for the map (optional: the kiosk works without them)
  const base = new URL(import.meta.env.BASE_URL, location.href);
  const layer = async (name: string) => {
    try {
      const r = await fetch(new URL(`data/small/${name}.geojson`, base));
      return r.ok ? ((await r.json()) as FeatureCollection) : null;
    } catch { return null; }
  };
  const [roads, shelters, gauges] = await Promise.all([layer('roads'), layer('shelters'), layer('gauges')]);
  // the cards' flood frames, loaded once up front so a tap shows water at once (a missing pack
  // leaves that card without water and says so)
  const packNames = [...new Set(Object.values(PLAYLISTS).flat().map((c) => c.pack))];
  const packs = new Map<string, FramePack | null>(await Promise.all(packNames.map(async (n) => {
    try { return [n, await fetchFramePack(new URL(n, base))] as const; } catch (e) { console.warn(e); return [n, null] as const; }
  })));
  const placement = [...packs.values()].find((p) => p) ?? null;
  const frameMs = Number(params.get('frameMs')) > 0 ? Number(params.get('frameMs')) : 700;

  root.className = 'modes kiosk';
  let storyStep = 0;
  let cleanupMap: (() => void) | null = null;
  let map: MapSvg | null = null;
  let legend: DepthLegend | null = null;
  const q = <T extends HTMLElement>(sel: string) => root.querySelector(sel) as T;

  // ---- the card's flood on the map
  const play = { card: null as string | null, item: 0, step: 0, timer: 0, frame: -1, caption: null as null | { key: TKey; time: number; unit: 'min' | 'h' } };
  /** the caption is one table string (HTML); the clip's clock is part of the map legend (SVG) */
  const showCaption = () => {
    const el = root.querySelector<HTMLElement>('#waterCaption');
    if (el) el.textContent = play.caption ? t(play.caption.key) : '';
    const c = play.caption;
    legend?.setClock(c && c.time >= 0 ? `${c.time} ${t(c.unit === 'h' ? 'water.hours' : 'water.minutes')}` : '');
  };
  const stopPlay = () => {
    clearInterval(play.timer);
    play.card = null;
    play.frame = -1;
    play.caption = null;
    map?.water?.show(null);
    showCaption();
  };
  const stepPlay = () => {
    if (!play.card || !map?.water) return;
    const list = PLAYLISTS[play.card as (typeof CARDS)[number]];
    const it = list[play.item % list.length];
    const pack = packs.get(it.pack);
    const clip = pack?.clips.find((c) => c.id === it.clip);
    if (!pack || !clip) {
      play.caption = { key: 'water.missing', time: -1, unit: 'min' };
      showCaption();
      return;
    }
    if (play.step >= clip.count + HOLD_STEPS) { play.item++; play.step = 0; stepPlay(); return; }
    const k = clip.first + Math.min(play.step, clip.count - 1);
    play.frame = k;
    map.water.show(pack.frames[k]);
    const tt = pack.times[k];
    play.caption = { key: `kiosk.caption.${it.clip}` as TKey, time: Math.round(it.unit === 'h' ? tt / 3600 : tt / 60), unit: it.unit };
    showCaption();
    play.step++;
  };
  const startPlay = (card: string) => {
    stopPlay();
    Object.assign(play, { card, item: 0, step: 0 });
    stepPlay();
    play.timer = window.setInterval(stepPlay, frameMs);
  };

  const applyLang = () => {
    document.documentElement.lang = getLang() === 'zh' ? 'zh-CN' : 'en';
    root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n as TKey); });
    const card = q<HTMLElement>('.k-detail').dataset.card;
    if (card) {
      const i = CARDS.indexOf(card as (typeof CARDS)[number]);
      q<HTMLElement>('#detailTitle').textContent = t(CARD_TITLES[i]);
      q<HTMLElement>('#detailBody').textContent = t(CARD_BODIES[i]);
    }
    q<HTMLElement>('#storyText').textContent = t(STORY[storyStep]);
    showCaption();
  };

  /** the start screen, in the start language: everything a visitor changed is undone */
  const build = () => {
    cleanupMap?.();
    cleanupMap = null;
    stopPlay(); // no water from the previous visitor
    setLang(startLang);
    storyStep = 0;
    root.innerHTML = HTML;
    map = buildMapSvg({ roads, shelters, gauges }, placement);
    const kmap = q<HTMLElement>('.k-map');
    kmap.prepend(map.svg);
    legend = depthLegend('small', true);
    kmap.appendChild(legend.el);
    const caption = document.createElement('div');
    caption.id = 'waterCaption';
    caption.className = 'water-caption';
    kmap.appendChild(caption);
    cleanupMap = enableTouchMap(map.svg, map.content);
    q<HTMLElement>('#langBtn').onclick = () => { setLang(getLang() === 'zh' ? 'en' : 'zh'); applyLang(); };
    root.querySelectorAll<HTMLElement>('.k-card').forEach((b) => {
      b.onclick = () => {
        const d = q<HTMLElement>('.k-detail');
        d.dataset.card = b.dataset.card;
        d.hidden = false;
        q<HTMLElement>('.k-cards').hidden = true;
        q<HTMLElement>('.k-sub').hidden = true;
        applyLang();
        startPlay(b.dataset.card!);
      };
    });
    q<HTMLElement>('#homeBtn').onclick = () => {
      stopPlay();
      const d = q<HTMLElement>('.k-detail');
      delete d.dataset.card;
      d.hidden = true;
      q<HTMLElement>('.k-cards').hidden = false;
      q<HTMLElement>('.k-sub').hidden = false;
    };
    const story = q<HTMLElement>('.k-story');
    const showStep = () => {
      q<HTMLElement>('#storyText').textContent = t(STORY[storyStep]);
      (q<HTMLButtonElement>('#storyBack')).disabled = storyStep === 0;
      (q<HTMLButtonElement>('#storyNext')).disabled = storyStep === STORY.length - 1;
    };
    q<HTMLElement>('#storyBtn').onclick = () => { storyStep = 0; story.hidden = false; showStep(); };
    q<HTMLElement>('#storyNext').onclick = () => { storyStep = Math.min(STORY.length - 1, storyStep + 1); showStep(); };
    q<HTMLElement>('#storyBack').onclick = () => { storyStep = Math.max(0, storyStep - 1); showStep(); };
    q<HTMLElement>('#storyClose').onclick = () => { story.hidden = true; };
    applyLang();
  };

  // ---- idle: attract loop, then a full reset
  let attractTimer = 0;
  let attractIndex = 0;
  const idle = new IdleMachine(idleS, resetS, performance.now(), {
    onAttract: () => {
      q<HTMLElement>('.k-attract').hidden = false;
      root.dataset.idle = 'attract';
      // the loop: highlight the cards one after another
      attractTimer = window.setInterval(() => {
        const cards = root.querySelectorAll<HTMLElement>('.k-card');
        cards.forEach((c, i) => c.classList.toggle('k-glow', i === attractIndex % cards.length));
        attractIndex++;
      }, 1200);
    },
    onActive: () => {
      clearInterval(attractTimer);
      root.querySelector('.k-attract')?.setAttribute('hidden', '');
      root.querySelectorAll('.k-glow').forEach((c) => c.classList.remove('k-glow'));
      root.dataset.idle = 'active';
    },
    onReset: () => {
      clearInterval(attractTimer);
      build();
      // still idle: the attract loop goes on over the fresh start screen
      idle.state = 'active';
      idle.tick(performance.now());
      hooks.resets = idle.resets;
    },
  });
  const touch = () => idle.touch(performance.now());
  const listeners: [string, EventListener, AddEventListenerOptions?][] = [
    ['pointerdown', touch, { capture: true }],
    ['keydown', touch, { capture: true }],
    ['wheel', touch, { capture: true, passive: true }],
    ['contextmenu', (e) => e.preventDefault()],
    ['selectstart', (e) => e.preventDefault()],
    ['dragstart', (e) => e.preventDefault()],
    // no way out: reload, back, find, print, devtools shortcuts are swallowed
    ['keydown', (e) => {
      const k = e as KeyboardEvent;
      if (k.key === 'F5' || k.key === 'F11' || k.key === 'F12' || k.key === 'Escape' || (k.altKey && /Arrow/.test(k.key)) || ((k.ctrlKey || k.metaKey) && /^[rRfFpPlLnNtTwWoOsSuU]$/.test(k.key))) k.preventDefault();
    }],
  ];
  for (const [type, fn, opts] of listeners) document.addEventListener(type, fn, opts);
  // the back button stays in the app
  history.pushState({ kiosk: true }, '', location.href);
  window.addEventListener('popstate', () => history.pushState({ kiosk: true }, '', location.href));
  // full screen on the first touch (browsers need a gesture)
  document.addEventListener('pointerdown', () => { if (!document.fullscreenElement) void document.documentElement.requestFullscreen?.().catch(() => undefined); }, { once: true });
  // tick often enough for short test timeouts (?idleS=0.05), five times a second otherwise
  setInterval(() => idle.tick(performance.now()), Math.min(200, idleS * 250));

  build();
  root.dataset.idle = 'active';
  Object.assign(hooks, {
    ready: true,
    state: () => idle.state,
    resets: 0,
    lang: () => getLang(),
    /** the flood on the map: wet cells shown, the card playing, the pack frame */
    water: () => ({ wet: map?.water?.wet() ?? null, card: play.card, frame: play.frame, caption: root.querySelector<HTMLElement>('#waterCaption')?.textContent ?? '' }),
    packsLoaded: () => [...packs].filter(([, p]) => p).map(([n]) => n),
    cellClient: (col: number, row: number) => (map ? cellClientPoint(map, col, row) : null),
  });
}
