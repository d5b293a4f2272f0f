/**
 * The kiosk: ?mode=kiosk[&lang=zh|en][&idleS=60&resetS=120]. A sand table of the small twin
 * (React + @react-three/fiber + three, Kiosk.tsx) with five what-if cards that run live in the
 * engine's workers, one change a visitor can make, zh/en, an attract loop (slow orbit while a
 * card plays) after idleS and a full reset after resetS. No context menu, no text selection, no
 * way out. under the test flag `window.floodtwinKiosk` (src/ui/testHooks.ts) exposes the state to the browser tests and measurements.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import './kiosk.css';
import { parseLang } from '../i18n/index.ts';
import { CARD_IDS, type CardId } from './cards.ts';
import { KioskController } from './controller.ts';
import { IdleMachine } from './idle.ts';
import { Kiosk, wetNow, type KioskScene } from './Kiosk.tsx';
import { loadTable } from './table/loadTable.ts';
import { cachedThumbs, renderThumbs } from './thumbnails.ts';
import { exposeTestHooks, type KioskHooks } from '../../ui/testHooks.ts';

/** keys and gestures that would leave the kiosk: reload, back, find, print, devtools, full screen */
function lockDown(touch: () => void): void {
  const listeners: [string, EventListener, AddEventListenerOptions?][] = [
    ['pointerdown', touch, { capture: true }],
    ['keydown', touch, { capture: true }],
    ['wheel', touch, { capture: true, passive: true }],
    ['contextmenu', (e) => e.preventDefault()],
    ['selectstart', (e) => e.preventDefault()],
    ['dragstart', (e) => e.preventDefault()],
    [
      'keydown',
      (e) => {
        const k = e as KeyboardEvent;
        if (
          k.key === 'F5' ||
          k.key === 'F11' ||
          k.key === 'F12' ||
          k.key === 'Escape' ||
          (k.altKey && /Arrow/.test(k.key)) ||
          ((k.ctrlKey || k.metaKey) && /^[rRfFpPlLnNtTwWoOsSuU]$/.test(k.key))
        )
          k.preventDefault();
      },
    ],
  ];
  for (const [type, fn, opts] of listeners) document.addEventListener(type, fn, opts);
  // the back button stays in the app
  history.pushState({ kiosk: true }, '', location.href);
  window.addEventListener('popstate', () => history.pushState({ kiosk: true }, '', location.href));
  // full screen on the first touch (browsers need a gesture)
  document.addEventListener(
    'pointerdown',
    () => {
      if (!document.fullscreenElement) void document.documentElement.requestFullscreen?.().catch(() => undefined);
    },
    { once: true },
  );
}

export async function startKiosk(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const startLang = parseLang(params.get('lang'));
  const idleS = Number(params.get('idleS')) > 0 ? Number(params.get('idleS')) : 60;
  const resetS = Number(params.get('resetS')) > idleS ? Number(params.get('resetS')) : Math.max(120, 2 * idleS);
  const hooks: Partial<KioskHooks> = exposeTestHooks('floodtwinKiosk', { ready: false, idleS, resetS });
  root.className = 'modes kiosk';
  document.documentElement.lang = startLang === 'zh' ? 'zh-CN' : 'en';

  const c = new KioskController(startLang);
  c.subscribe(() => {
    document.documentElement.lang = c.get().lang === 'zh' ? 'zh-CN' : 'en';
  });
  const data = await loadTable();

  // ---- idle: attract (a card plays while the table turns slowly), then a full reset
  let attractCard = 0;
  const idle = new IdleMachine(idleS, resetS, performance.now(), {
    onAttract: () => {
      c.setAttract(true);
      root.dataset.idle = 'attract';
      if (!c.get().card) c.selectCard(CARD_IDS[attractCard++ % CARD_IDS.length]);
    },
    onActive: () => {
      c.setAttract(false);
      root.dataset.idle = 'active';
    },
    onReset: () => {
      c.reset();
      hooks.resets = idle.resets;
      // still idle: the attract loop goes on over the fresh start screen
      idle.state = 'active';
      idle.tick(performance.now());
    },
  });
  lockDown(() => idle.touch(performance.now()));
  // tick often enough for short test timeouts (?idleS=0.05), five times a second otherwise
  setInterval(() => idle.tick(performance.now()), Math.min(200, idleS * 250));
  root.dataset.idle = 'active';

  let scene: KioskScene | null = null;
  const reactRoot = createRoot(root);
  const render = (thumbs: Partial<Record<CardId, string>>) =>
    reactRoot.render(createElement(Kiosk, { c, data, thumbs, onScene }));
  const onScene = (ks: KioskScene) => {
    scene = ks;
    hooks.ready = true;
    // card pictures from the table: rendered once, then cached
    if (!cachedThumbs())
      void renderThumbs(ks).then((th) => {
        ks.dirty = true;
        hooks.thumbs = Object.keys(th).length;
        render(th);
      });
  };
  const cached = cachedThumbs();
  if (cached) hooks.thumbs = Object.keys(cached).length;
  render(cached ?? {});

  Object.assign(hooks, {
    state: () => idle.state,
    resets: 0,
    lang: () => c.get().lang,
    controller: c,
    /** the water on the table: wet cells shown, the card, the source of the frames, the clock */
    water: () => ({
      wet: scene ? wetNow(scene) : null,
      card: c.get().card,
      source: c.get().source,
      t: c.clockS,
      liveFrames: c.live?.frames.length ?? 0,
      liveFirstFrameMs: c.live?.firstFrameMs ?? null,
      firstWaterMs: c.firstWaterMs,
      error: c.live?.error ?? null,
      updateMs: scene?.water.lastUpdateMs ?? null,
      updates: scene?.water.updates ?? 0,
    }),
    /** WebGL objects alive (three.js renderer.info) */
    gl: () => (scene?.gl ? { ...scene.gl.info.memory, programs: scene.gl.info.programs?.length ?? 0 } : null),
    renderMs: () => scene?.renderMs.slice() ?? [],
    /** the camera's orbit (azimuth, elevation, distance, target) */
    view: () => scene?.view ?? null,
    /** client point of building i's centroid (for tap tests) */
    buildingCount: data.buildings.length,
  });
}
