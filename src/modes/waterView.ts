/**
 * The page side of the flood water in the drill and kiosk modes: fetch a frame pack (gzipped on
 * the server; unzipped here unless the server already did), the depth legend in large type, and
 * client-pixel positions of grid cells for the browser tests.
 */
import './water.css';
import { isGzip, unpackFrames, type FramePack } from './framePack.ts';
import { classLabel, DEPTH_CLASSES } from './floodRaster.ts';
import { t } from './i18n/index.ts';
import { el, type MapSvg } from './mapSvg.ts';

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

export interface DepthLegend {
  el: SVGSVGElement;
  /** a clock line under the title (the kiosk's clip time), '' for none */
  setClock(text: string): void;
}

/**
 * The legend of the depth classes as a small SVG (title, one swatch and label per class, a clock
 * line): part of the map's graphics, scaled with its box. The title follows the language switch
 * (data-i18n); the labels are numbers in metres.
 */
export function depthLegend(className = '', withClock = false): DepthLegend {
  const rowH = 40,
    w = 250;
  const h = 58 + rowH * DEPTH_CLASSES.length + 8;
  const H = h + (withClock ? 34 : 0);
  const svg = el('svg', { viewBox: `0 0 ${w} ${H}`, class: `water-legend ${className}`.trim(), role: 'img' });
  svg.appendChild(el('rect', { x: 0, y: 0, width: w, height: H, rx: 8, class: 'bg' }));
  const title = el('text', { x: 14, y: 34, class: 'title', 'data-i18n': 'water.legend' });
  title.textContent = t('water.legend');
  svg.appendChild(title);
  DEPTH_CLASSES.forEach((c, i) => {
    const y = 50 + i * rowH;
    svg.appendChild(
      el('rect', {
        x: 14,
        y,
        width: 48,
        height: rowH - 8,
        fill: `rgb(${c.rgb.join(',')})`,
        class: 'sw',
        'data-class': i,
      }),
    );
    const l = el('text', { x: 74, y: y + rowH - 14, class: 'lbl' });
    l.textContent = classLabel(c);
    svg.appendChild(l);
  });
  const clock = el('text', { x: 14, y: h + 22, class: 'clock' });
  svg.appendChild(clock);
  return {
    el: svg,
    setClock: (s) => {
      clock.textContent = s;
    },
  };
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
