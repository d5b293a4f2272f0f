/** The legend panel: one block per visible layer, colours taken from the layers' own tables. */
import { DEPTH_RAMP, HAZARD_CLASSES, rgbCss } from '../export/colorRamp.ts';

const sw = (css: string) => `<span class="swatch" style="background:${css}"></span>`;

export function renderLegend(el: HTMLElement, opts: { hazard: boolean; layers: Record<string, boolean> }): void {
  const water = opts.hazard
    ? HAZARD_CLASSES.map(
        (h) =>
          `<div>${sw(rgbCss(h.rgb))}${h.name} ${Number.isFinite(h.upToHR) ? `${h.fromHR}–${h.upToHR}` : `> ${h.fromHR}`} <span class="muted">${h.note}</span></div>`,
      ).join('') +
      '<div class="muted">HR = d·(v + 0.5) + DF, d depth (m), v speed (m/s), DF 0.5 up to 0.25 m deep, else 1</div>'
    : `<div style="height:12px;border-radius:2px;background:linear-gradient(to right, ${DEPTH_RAMP.map((s) => rgbCss(s.rgb)).join(',')})"></div>
       <div style="display:flex;justify-content:space-between" class="muted">${DEPTH_RAMP.map((s) => `<span>${s.depthM}</span>`).join('')}</div><div class="muted">depth, m</div>`;
  const blocks = [`<h2>Water ${opts.hazard ? 'hazard (FD2320 rating from depth and speed)' : 'depth'}</h2>${water}`];
  if (opts.layers.buildings)
    blocks.push(
      `<h2>Buildings</h2><div>${sw('#d9d4c7')}dry</div><div>${sw(rgbCss(DEPTH_RAMP[1].rgb))}…${sw(rgbCss(DEPTH_RAMP[4].rgb))}water at footprint ≥ 0.1 m (depth colours)</div>`,
    );
  if (opts.layers.roads)
    blocks.push(`<h2>Roads</h2><div>${sw('#f2efe6')}passable</div><div>${sw('#e0302a')}cut (≥ 0.3 m)</div>`);
  if (opts.layers.pipes)
    blocks.push(
      `<h2>Storm sewers</h2><div style="height:10px;border-radius:2px;background:linear-gradient(to right,#7d9a8c,#f2d14b,#e0302a)"></div><div style="display:flex;justify-content:space-between" class="muted"><span>empty</span><span>half</span><span>full</span></div><div>${sw('#ff2d55')}manhole overflowing</div>`,
    );
  if (opts.layers.gauges)
    blocks.push(
      `<h2>Gauges</h2><div>${sw('#3c8fe0')}level below warning</div><div>${sw('#f39c12')}above warning</div><div>${sw('#e0302a')}above guaranteed</div><div class="muted">rings: warning (yellow), guaranteed (red); click for the hydrograph</div>`,
    );
  if (opts.layers.shelters)
    blocks.push(
      `<h2>Shelters &amp; facilities</h2><div>${sw('#2fbf71')}shelter (occupancy / capacity)</div><div>${sw('#f0a030')}critical facility</div>`,
    );
  blocks.push('<div class="muted" style="margin-top:8px">Default twin data are synthetic.</div>');
  el.innerHTML = blocks.join('');
}
