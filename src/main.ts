/**
 * floodtwin page: reads the deep link, loads the twin, builds the scene, wires the panels.
 * Under the test flag `window.floodtwin` exposes the app state to the browser tests (src/ui/testHooks.ts).
 */
// first: in the drill and kiosk modes zod builds its schemas without eval (CSP)
import './modes/jitless.ts';
import './ui/style.css';
// the Noto Sans SC subset built by tools/subsetFont.ts: Chinese renders with no CJK font installed
import '../.fonts/cjk.css';
import { startApp } from './ui/app.ts';

// ?mode=drill / ?mode=kiosk / ?mode=ops: the drill screens, the public kiosk, the ops view (src/modes/)
const modeParam = new URLSearchParams(location.search).get('mode');
const started =
  modeParam === 'drill' || modeParam === 'kiosk' || modeParam === 'ops'
    ? import('./modes/startMode.ts').then((m) => m.startMode(document.getElementById('app')!, modeParam))
    : startApp(document.getElementById('app')!);
started.catch((e) => {
  console.error(e);
  const t = document.getElementById('toast')!;
  t.textContent = `floodtwin failed to start: ${e instanceof Error ? e.message : String(e)}`;
  t.hidden = false;
});
