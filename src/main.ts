/**
 * floodtwin page: reads the deep link, loads the twin, builds the scene, wires the panels.
 * `window.floodtwin` exposes the app state to the browser tests (and to curious users).
 */
import './ui/style.css';
import { startApp } from './ui/app.ts';

startApp(document.getElementById('app')!).catch((e) => {
  console.error(e);
  const t = document.getElementById('toast')!;
  t.textContent = `floodtwin failed to start: ${e instanceof Error ? e.message : String(e)}`;
  t.hidden = false;
});
