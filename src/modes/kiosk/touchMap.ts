/**
 * Drag and pinch on an SVG map with pointer events (touch, pen and mouse alike): one pointer
 * pans, two pointers zoom about their midpoint. The transform goes on `content`.
 * Returns a function that removes the listeners.
 */
export interface View { x: number; y: number; k: number }

/** the view after a pinch from (a0, b0) to (a1, b1) in screen px: the midpoint follows, the scale is the distance ratio */
export function pinchView(v: View, a0: [number, number], b0: [number, number], a1: [number, number], b1: [number, number], kMin = 0.5, kMax = 8): View {
  const d0 = Math.hypot(b0[0] - a0[0], b0[1] - a0[1]) || 1;
  const d1 = Math.hypot(b1[0] - a1[0], b1[1] - a1[1]);
  const k = Math.max(kMin, Math.min(kMax, v.k * (d1 / d0)));
  const r = k / v.k;
  const m0 = [(a0[0] + b0[0]) / 2, (a0[1] + b0[1]) / 2], m1 = [(a1[0] + b1[0]) / 2, (a1[1] + b1[1]) / 2];
  // the map point under m0 ends up under m1
  return { k, x: m1[0] - (m0[0] - v.x) * r, y: m1[1] - (m0[1] - v.y) * r };
}

export function enableTouchMap(svg: SVGSVGElement, content: SVGGElement): () => void {
  let view: View = { x: 0, y: 0, k: 1 };
  const pts = new Map<number, [number, number]>();
  const toSvg = (e: PointerEvent): [number, number] => {
    const m = svg.getScreenCTM();
    if (!m) return [e.clientX, e.clientY];
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return [p.x, p.y];
  };
  const apply = () => content.setAttribute('transform', `translate(${view.x.toFixed(2)} ${view.y.toFixed(2)}) scale(${view.k.toFixed(4)})`);
  const down = (e: PointerEvent) => {
    pts.set(e.pointerId, toSvg(e));
    try { svg.setPointerCapture(e.pointerId); } catch { /* a pointer the browser no longer tracks */ }
  };
  const move = (e: PointerEvent) => {
    const prev = pts.get(e.pointerId);
    if (!prev) return;
    const now = toSvg(e);
    if (pts.size === 1) {
      view = { ...view, x: view.x + now[0] - prev[0], y: view.y + now[1] - prev[1] };
    } else if (pts.size === 2) {
      const other = [...pts.entries()].find(([id]) => id !== e.pointerId)![1];
      view = pinchView(view, prev, other, now, other);
    }
    pts.set(e.pointerId, now);
    apply();
  };
  const up = (e: PointerEvent) => { pts.delete(e.pointerId); };
  svg.addEventListener('pointerdown', down);
  svg.addEventListener('pointermove', move);
  svg.addEventListener('pointerup', up);
  svg.addEventListener('pointercancel', up);
  (svg as unknown as { __view: () => View }).__view = () => view;
  return () => {
    svg.removeEventListener('pointerdown', down);
    svg.removeEventListener('pointermove', move);
    svg.removeEventListener('pointerup', up);
    svg.removeEventListener('pointercancel', up);
  };
}
