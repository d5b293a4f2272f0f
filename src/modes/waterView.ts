/**
 * The page side of the flood water in the drill and kiosk modes: fetch a frame pack (gzipped on
 * the server; unzipped here unless the server already did), the depth legend in large type, and
 * client-pixel positions of grid cells for the browser tests.
 */
import './water.css';
import { isGzip, unpackFrames, type FramePack } from './framePack.ts';
import { classLabel, DEPTH_CLASSES } from './floodRaster.ts';
import { t } from './i18n/index.ts';
import type { MapSvg } from './mapSvg.ts';

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** fetch and read a frame pack; HTTP and format errors name the file */
export async function fetchFramePack(url: URL): Promise<FramePack> {
  const name = url.pathname.replace(/^.*\//, '');
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
  const bytes = new Uint8Array(await r.arrayBuffer());
  return unpackFrames(isGzip(bytes) ? await gunzip(bytes) : bytes, name);
}

/** the legend of the depth classes (title, one swatch and label per class) */
export function depthLegend(className = ''): HTMLElement {
  const box = document.createElement('div');
  box.className = `water-legend ${className}`.trim();
  box.innerHTML = `<div class="water-legend-title" data-i18n="water.legend">${t('water.legend')}</div>` +
    DEPTH_CLASSES.map((c, i) => `<div class="water-legend-row" data-class="${i}"><span class="sw" style="background:rgb(${c.rgb.join(',')})"></span><span>${classLabel(c)}</span></div>`).join('');
  return box;
}

/** client (CSS pixel) position of a cell's centre on the map as drawn now (pan/zoom included) */
export function cellClientPoint(map: MapSvg, col: number, row: number): [number, number] | null {
  if (!map.water) return null;
  const [x, y] = map.water.cellCentre(col, row);
  const ctm = map.content.getScreenCTM();
  if (!ctm) return null;
  const p = new DOMPoint(x, y).matrixTransform(ctm);
  return [p.x, p.y];
}
