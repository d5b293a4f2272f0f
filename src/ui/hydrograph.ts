/**
 * A small SVG line chart of water level against time: any number of series, and horizontal lines
 * for the warning and guaranteed levels. Plain DOM, no chart library.
 */
export interface ChartSeries {
  label: string;
  color: string;
  /** hours on x, metres on y */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}
export interface ChartLine {
  label: string;
  color: string;
  y: number;
}

const NS = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export function hydrographChart(
  series: ChartSeries[],
  lines: ChartLine[],
  opts: { width?: number; height?: number; xLabel?: string } = {},
): SVGSVGElement {
  const W = opts.width ?? 400,
    H = opts.height ?? 200;
  const m = { l: 44, r: 10, t: 10, b: 30 };
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.y[i])) continue;
      x0 = Math.min(x0, s.x[i]);
      x1 = Math.max(x1, s.x[i]);
      y0 = Math.min(y0, s.y[i]);
      y1 = Math.max(y1, s.y[i]);
    }
  }
  for (const l of lines)
    if (Number.isFinite(l.y)) {
      y0 = Math.min(y0, l.y);
      y1 = Math.max(y1, l.y);
    }
  if (!(x1 > x0)) {
    x0 = 0;
    x1 = Math.max(1, x1);
  }
  if (!(y1 > y0)) {
    y0 = Number.isFinite(y0) ? y0 - 1 : 0;
    y1 = y0 + 2;
  }
  const pad = 0.05 * (y1 - y0);
  y0 -= pad;
  y1 += pad;
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const svg = el('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: 'hydrograph' });
  svg.appendChild(
    el('rect', { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, fill: '#0f1a21', stroke: '#33454f' }),
  );
  for (let k = 0; k <= 4; k++) {
    const yv = y0 + ((y1 - y0) * k) / 4;
    svg.appendChild(
      el('text', { x: m.l - 4, y: sy(yv) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#9fb3bf' }, yv.toFixed(1)),
    );
    const xv = x0 + ((x1 - x0) * k) / 4;
    svg.appendChild(
      el(
        'text',
        { x: sx(xv), y: H - m.b + 13, 'text-anchor': 'middle', 'font-size': 10, fill: '#9fb3bf' },
        xv.toFixed(1),
      ),
    );
  }
  svg.appendChild(
    el(
      'text',
      { x: (W + m.l) / 2, y: H - 4, 'text-anchor': 'middle', 'font-size': 10, fill: '#9fb3bf' },
      opts.xLabel ?? 'hours',
    ),
  );
  for (const l of lines) {
    if (!Number.isFinite(l.y)) continue;
    svg.appendChild(
      el('line', { x1: m.l, x2: W - m.r, y1: sy(l.y), y2: sy(l.y), stroke: l.color, 'stroke-dasharray': '5 3' }),
    );
    svg.appendChild(
      el(
        'text',
        { x: W - m.r - 2, y: sy(l.y) - 3, 'text-anchor': 'end', 'font-size': 10, fill: l.color },
        `${l.label} ${l.y.toFixed(2)} m`,
      ),
    );
  }
  for (const s of series) {
    let d = '';
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.y[i])) continue;
      d += `${d ? 'L' : 'M'}${sx(s.x[i]).toFixed(1)},${sy(s.y[i]).toFixed(1)}`;
    }
    if (d)
      svg.appendChild(el('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 1.8, 'data-series': s.label }));
  }
  return svg;
}
