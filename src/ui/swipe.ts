/**
 * A | B swipe view after a comparison: A's and B's maximum depth are draped on the terrain as two
 * imagery layers (the difference layer's resampling, the page's depth ramp instead of the ± ramp), A's with
 * Cesium's `SplitDirection.LEFT`, B's with `SplitDirection.RIGHT`, and a vertical bar over the map
 * sets `scene.splitPosition`: left of the bar the map shows A's water, right of it B's. The page's
 * own water surface and the difference map are hidden while the swipe is on.
 */
import { SplitDirection, type ImageryLayer, type Viewer } from 'cesium';
import { DRY_DEPTH_M, depthColor } from '../export/colorRamp.ts';
import { addGridImagery } from '../scene/gridImagery.ts';
import { cellAt, type Grid } from '../core/grid.ts';
import type { TwinFrame } from '../scene/twinFrame.ts';
import type { TwinScene } from '../scene/twinScene.ts';
import type { CompareContext, CompareResult } from './compareTypes.ts';

/** RGBA of a maximum depth: the page's one depth ramp (src/export/colorRamp.ts), transparent where dry. */
function depthRgba(d: number): [number, number, number, number] {
  if (!(d >= DRY_DEPTH_M)) return [0, 0, 0, 0];
  const [r, g, b] = depthColor(d);
  return [r, g, b, 255];
}

function depthImagery(viewer: Viewer, g: Grid, frame: TwinFrame, side: SplitDirection): ImageryLayer {
  const layer = addGridImagery(viewer, g, frame, Math.min(1024, 2 * Math.max(g.ncols, g.nrows)), (x, y, px, o) => {
    const c = cellAt(g, x, y);
    const rgba = depthRgba(c ? g.values[c[1] * g.ncols + c[0]] : NaN);
    px[o] = rgba[0];
    px[o + 1] = rgba[1];
    px[o + 2] = rgba[2];
    px[o + 3] = rgba[3];
  });
  layer.splitDirection = side;
  return layer;
}

export interface SwipeView {
  readonly on: boolean;
  /** the bar's place, 0 (left edge of the map) … 1 (right edge) */
  readonly position: number;
  /** show the swipe (after a comparison; throws before one) or hide it */
  show(on: boolean): void;
  setPosition(f: number): void;
  /** which run the map shows at window x (CSS px): 'A' left of the bar, 'B' right of it */
  sideAt(clientX: number): 'A' | 'B';
  /** drop the layers of the last comparison (a new one is running) */
  reset(): void;
}

export function mountSwipe(panel: HTMLElement, ctx: CompareContext, result: () => CompareResult | null): SwipeView {
  const label = document.createElement('label');
  label.innerHTML = `<input id="cmpSwipe" type="checkbox" disabled> swipe A | B (max depth: A left of the bar, B right)`;
  const table = panel.querySelector('#cmpTable');
  if (table) table.before(label);
  else panel.append(label);
  const box = label.querySelector('#cmpSwipe') as HTMLInputElement;
  const bar = document.createElement('div');
  bar.id = 'swipeBar';
  bar.title = 'drag: A (left) | B (right)';
  bar.style.cssText =
    'position:absolute;top:0;bottom:0;width:6px;margin-left:-3px;background:#fff;box-shadow:0 0 4px #000;cursor:ew-resize;z-index:5;display:none;touch-action:none';
  bar.innerHTML =
    '<span style="position:absolute;top:8px;right:10px;color:#fff;font:bold 12px sans-serif;text-shadow:0 0 3px #000">A</span><span style="position:absolute;top:8px;left:10px;color:#fff;font:bold 12px sans-serif;text-shadow:0 0 3px #000">B</span>';
  let on = false;
  let position = 0.5;
  let layers: { a: ImageryLayer; b: ImageryLayer; ts: TwinScene } | null = null;
  let shownFor: CompareResult | null = null;

  const container = (): HTMLElement => ctx.scene().viewer.container as HTMLElement;
  const place = () => {
    const ts = ctx.scene();
    ts.viewer.scene.splitPosition = position;
    bar.style.left = `${100 * position}%`;
    ts.viewer.scene.requestRender();
  };
  const drop = () => {
    if (layers) {
      layers.ts.viewer.imageryLayers.remove(layers.a, true);
      layers.ts.viewer.imageryLayers.remove(layers.b, true);
      layers = null;
    }
    shownFor = null;
  };
  const show = (want: boolean): void => {
    const r = result();
    if (want && !r) throw new Error('the swipe view needs a comparison: run A and B first');
    const ts = ctx.scene();
    if (want && r && (!layers || layers.ts !== ts || shownFor !== r)) {
      drop();
      layers = {
        a: depthImagery(ts.viewer, r.depthA, ts.frame, SplitDirection.LEFT),
        b: depthImagery(ts.viewer, r.depthB, ts.frame, SplitDirection.RIGHT),
        ts,
      };
      shownFor = r;
    }
    if (layers) {
      layers.a.show = want;
      layers.b.show = want;
    }
    on = want;
    if (want) {
      const diff = panel.querySelector('#cmpDiff') as HTMLInputElement | null;
      if (diff?.checked) {
        diff.checked = false;
        diff.dispatchEvent(new Event('change'));
      }
      ctx.showWater(false);
      const c = container();
      if (getComputedStyle(c).position === 'static') c.style.position = 'relative';
      if (bar.parentElement !== c) c.append(bar);
      bar.style.display = 'block';
      place();
    } else {
      bar.style.display = 'none';
      ts.viewer.scene.requestRender();
    }
    box.checked = want;
  };
  const setPosition = (f: number): void => {
    if (!Number.isFinite(f)) throw new Error(`swipe position ${f} is not a number`);
    position = Math.min(1, Math.max(0, f));
    place();
  };

  box.onchange = () => show(box.checked);
  bar.onpointerdown = (e) => {
    bar.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const r = container().getBoundingClientRect();
      setPosition((ev.clientX - r.left) / r.width);
    };
    const up = () => {
      bar.removeEventListener('pointermove', move);
      bar.removeEventListener('pointerup', up);
    };
    bar.addEventListener('pointermove', move);
    bar.addEventListener('pointerup', up);
  };

  return {
    get on() {
      return on;
    },
    get position() {
      return position;
    },
    show,
    setPosition,
    sideAt(clientX) {
      const r = container().getBoundingClientRect();
      return clientX < r.left + position * r.width ? 'A' : 'B';
    },
    reset() {
      if (on) show(false);
      drop();
      box.disabled = result() === null;
    },
  };
}
