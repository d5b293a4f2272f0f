/**
 * Card pictures rendered from the sand table itself at first start: for each card the table with
 * the last frame of its recorded run, from the home view, scaled to 240 × 160 JPEG; kept in
 * localStorage so later starts show them at once.
 */
import { CARD_IDS, CARDS, type CardId } from './cards.ts';
import { recordedPrefix } from './liveRun.ts';
import type { KioskScene } from './Kiosk.tsx';
import { cameraPosition } from './table/orbit.ts';

const KEY = 'floodtwin.kiosk.thumbs.v1';

export function cachedThumbs(): Partial<Record<CardId, string>> | null {
  try {
    const s = localStorage.getItem(KEY);
    return s ? (JSON.parse(s) as Partial<Record<CardId, string>>) : null;
  } catch {
    return null;
  }
}

export async function renderThumbs(ks: KioskScene): Promise<Partial<Record<CardId, string>>> {
  const out: Partial<Record<CardId, string>> = {};
  const { gl, scene, camera } = ks;
  if (!gl || !scene || !camera) return out;
  const small = document.createElement('canvas');
  small.width = 240;
  small.height = 160;
  const ctx = small.getContext('2d');
  // closer than the home view, on the old town
  const home = camera.position.clone();
  const p = cameraPosition({ azimuth: 0, elevation: 0.95, distance: 210, target: [0, 0, 12] });
  camera.position.set(p[0], p[1], p[2]);
  camera.lookAt(0, 0, 12);
  camera.updateMatrixWorld();
  for (const id of CARD_IDS) {
    const frames = await recordedPrefix(id, CARDS[id].defaults);
    const f = frames[frames.length - 1];
    if (!f || !ctx) continue;
    ks.water.show(f.depth, f.depth, 0);
    gl.render(scene, camera);
    // read in the same task as the render: the drawing buffer is still there
    const src = gl.domElement;
    const sw = Math.min(src.width, src.height * 1.5),
      sh = sw / 1.5;
    ctx.drawImage(src, (src.width - sw) / 2, (src.height - sh) / 2, sw, sh, 0, 0, 240, 160);
    out[id] = small.toDataURL('image/jpeg', 0.8);
  }
  camera.position.copy(home);
  try {
    localStorage.setItem(KEY, JSON.stringify(out));
  } catch {
    /* storage full or disabled: render again next start */
  }
  return out;
}
