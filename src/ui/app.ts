import { buildTwinScene, type TwinScene } from '../scene/twinScene.ts';
import { syntheticDem, levelDepth } from '../sim/syntheticTwin.ts';

declare global {
  interface Window { floodtwin: Record<string, unknown> }
}

export async function startApp(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const n = Number(params.get('n') ?? 200);
  const dem = syntheticDem(n, n, 5);
  const ts: TwinScene = buildTwinScene(root.querySelector('#map') as HTMLElement, dem, dem.crs);
  const depth = levelDepth(dem, 200, new Float32Array(n * n));
  ts.water.setFrames(depth, 0, depth, 0, 0);
  const hooks: Record<string, unknown> = { ts, dem, ready: false };
  window.floodtwin = hooks;
  await ts.whenRendered();
  hooks.firstRenderMs = performance.now();
  hooks.ready = true;
}
