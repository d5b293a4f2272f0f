/**
 * The table's camera on touch: one finger orbits (azimuth, elevation), two fingers pinch-zoom and
 * pan, a short still touch is a tap. Limits: the elevation stays between `minElev` and `maxElev`
 * (never under the table, never straight down so the orbit keeps its sense), the distance between
 * `minDist` and `maxDist`, the target inside the table. Pure state + a pointer binder.
 */
import { cos, sin } from '../../../core/detMath.ts';

export interface OrbitView {
  /** radians about +y, 0 looks north */
  azimuth: number;
  /** radians above the table plane */
  elevation: number;
  distance: number;
  target: [number, number, number];
}

export interface OrbitLimits {
  minElev: number;
  maxElev: number;
  minDist: number;
  maxDist: number;
  /** half extents of the table (x, z): the target stays inside */
  halfX: number;
  halfZ: number;
}

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export function clampView(v: OrbitView, l: OrbitLimits): OrbitView {
  return {
    azimuth: v.azimuth,
    elevation: clamp(v.elevation, l.minElev, l.maxElev),
    distance: clamp(v.distance, l.minDist, l.maxDist),
    target: [clamp(v.target[0], -l.halfX, l.halfX), v.target[1], clamp(v.target[2], -l.halfZ, l.halfZ)],
  };
}

/** camera position of a view (table units) */
export function cameraPosition(v: OrbitView): [number, number, number] {
  const ce = cos(v.elevation),
    se = sin(v.elevation);
  return [
    v.target[0] + v.distance * ce * sin(v.azimuth),
    v.target[1] + v.distance * se,
    v.target[2] + v.distance * ce * cos(v.azimuth),
  ];
}

/**
 * One-finger drag by (dx, dy) CSS px: 0.3° per px about the table, up/down tilts.
 * @example orbitBy(v, 0, 10000, l).elevation === l.minElev // dragging far down stops above the table
 */
export function orbitBy(v: OrbitView, dx: number, dy: number, l: OrbitLimits): OrbitView {
  const k = (0.3 * Math.PI) / 180;
  return clampView({ ...v, azimuth: v.azimuth - dx * k, elevation: v.elevation + dy * k }, l);
}

/** Two fingers: distance ratio d0/d1 zooms, the midpoint shift (px) pans on the table plane. */
export function pinchBy(
  v: OrbitView,
  d0: number,
  d1: number,
  mdx: number,
  mdy: number,
  viewHeightPx: number,
  l: OrbitLimits,
): OrbitView {
  const distance = v.distance * (d1 > 0 ? d0 / d1 : 1);
  // a pixel is distance / viewHeight table units near the target (a 60° camera sees about that much)
  const u = v.distance / Math.max(1, viewHeightPx);
  const s = sin(v.azimuth),
    c = cos(v.azimuth);
  // screen right is (cos az, 0, −sin az); screen up on the table is (−sin az, 0, −cos az)
  const tx = v.target[0] - (mdx * c - mdy * s) * u;
  const tz = v.target[2] - (-mdx * s - mdy * c) * u;
  return clampView({ ...v, distance, target: [tx, v.target[1], tz] }, l);
}

export interface OrbitBinding {
  dispose(): void;
}

/**
 * Pointer events on `el` drive `get`/`set` of a view; a touch that moved under 10 px in under
 * 400 ms calls `onTap(clientX, clientY)`. Every pointer counts (touch, pen and mouse alike).
 */
export function bindOrbit(
  el: HTMLElement,
  get: () => OrbitView,
  set: (v: OrbitView) => void,
  l: OrbitLimits,
  onTap: (x: number, y: number) => void,
): OrbitBinding {
  const pts = new Map<number, { x: number; y: number; x0: number; y0: number; t0: number }>();
  const down = (e: PointerEvent) => {
    pts.set(e.pointerId, { x: e.clientX, y: e.clientY, x0: e.clientX, y0: e.clientY, t0: performance.now() });
    try {
      el.setPointerCapture(e.pointerId);
    } catch {
      /* a pointer the browser no longer tracks */
    }
  };
  const move = (e: PointerEvent) => {
    const p = pts.get(e.pointerId);
    if (!p) return;
    if (pts.size === 1) set(orbitBy(get(), e.clientX - p.x, e.clientY - p.y, l));
    else if (pts.size === 2) {
      const o = [...pts.entries()].find(([id]) => id !== e.pointerId)![1];
      const d0 = Math.hypot(p.x - o.x, p.y - o.y),
        d1 = Math.hypot(e.clientX - o.x, e.clientY - o.y);
      set(pinchBy(get(), d0, d1, (e.clientX - p.x) / 2, (e.clientY - p.y) / 2, el.clientHeight, l));
    }
    p.x = e.clientX;
    p.y = e.clientY;
  };
  const up = (e: PointerEvent) => {
    const p = pts.get(e.pointerId);
    pts.delete(e.pointerId);
    if (p && pts.size === 0 && Math.hypot(e.clientX - p.x0, e.clientY - p.y0) < 10 && performance.now() - p.t0 < 400)
      onTap(e.clientX, e.clientY);
  };
  const cancel = (e: PointerEvent) => {
    pts.delete(e.pointerId);
  };
  el.addEventListener('pointerdown', down);
  el.addEventListener('pointermove', move);
  el.addEventListener('pointerup', up);
  el.addEventListener('pointercancel', cancel);
  return {
    dispose: () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', cancel);
    },
  };
}
