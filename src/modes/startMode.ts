/**
 * Entry of the drill and kiosk modes (main.ts hands over on ?mode=drill / ?mode=kiosk).
 * Sets a content security policy that allows no remote origin before anything is fetched.
 */
import './modes.css';
import { z } from 'zod';
import { relayUrl } from './drill/live/bus.ts';
import { exposedTestHooks } from '../ui/testHooks.ts';

/** the policy: this origin only (blob: for workers, data: for inline images; wasm may compile) */
export const MODES_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** `connect`: one more origin the page may connect to (the live drill's LAN relay, ws://host:port) */
export function applyCsp(connect: string | null = null): void {
  const m = document.createElement('meta');
  m.httpEquiv = 'Content-Security-Policy';
  m.content = connect ? MODES_CSP.replace("connect-src 'self'", `connect-src 'self' ${connect}`) : MODES_CSP;
  document.head.prepend(m);
}

/**
 * `?mode=drill` is the live drill on the 3D twin; the scripted drill of frame packs on a 2D map
 * (drill/page.ts) stays reachable with `&legacy=1`, and its hydrographs screen by its role.
 */
export function isLiveDrill(params: URLSearchParams): boolean {
  return params.get('legacy') !== '1' && params.get('role') !== 'hydrographs';
}

export async function startMode(root: HTMLElement, mode: 'drill' | 'kiosk' | 'ops'): Promise<void> {
  const search = new URLSearchParams(location.search);
  let relay: string | null = null;
  try {
    relay = mode === 'drill' && isLiveDrill(search) ? relayUrl(search.get('relay')) : null;
  } catch {
    // a bad relay URL: the page says so when it opens the bus
  }
  // ops sets its own policy once it has read the feeds file (connect-src adds the feeds' LAN origins)
  if (mode !== 'ops') applyCsp(relay);
  // zod compiles fast validators with `new Function` when it may; under this policy it may not,
  // and merely probing would log a CSP violation: tell it not to try
  z.config({ jitless: true });
  const params = new URLSearchParams(location.search);
  document.body.dataset.mode = mode;
  try {
    if (mode === 'ops') {
      const { startOps } = await import('./ops/page.ts');
      await startOps(root, params, MODES_CSP);
    } else if (mode === 'drill' && params.get('role') === 'run') {
      const { startRunScreen } = await import('./reliability/runPage.ts');
      await startRunScreen(root, params);
    } else if (mode === 'drill' && isLiveDrill(params)) {
      const { startLiveDrill } = await import('./drill/live/page.ts');
      await startLiveDrill(root, params);
    } else if (mode === 'drill') {
      const { startDrill } = await import('./drill/page.ts');
      await startDrill(root, params);
    } else {
      const { startKiosk } = await import('./kiosk/page.ts');
      await startKiosk(root, params);
    }
  } catch (e) {
    // the page never freezes on a bad file: it says what failed (the hooks carry it for tests)
    console.error(e);
    const msg = e instanceof Error ? e.message : String(e);
    const h = exposedTestHooks(
      mode === 'ops'
        ? 'floodtwinOps'
        : mode === 'kiosk'
          ? 'floodtwinKiosk'
          : params.get('role') === 'run'
            ? 'floodtwinRun'
            : 'floodtwinDrill',
    );
    if (h) h.error = msg;
    const box = document.createElement('div');
    box.setAttribute('role', 'alert');
    box.className = 'modes-error';
    box.textContent = `${mode}: ${msg}`;
    root.replaceChildren(box);
  }
}
