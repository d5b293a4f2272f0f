/** The key station's observed stage joined to its forecast (dashed), with the warning and guaranteed levels. */
const NS = 'http://www.w3.org/2000/svg';

export function drawHydrograph(
  host: Element,
  observed: [number, number][],
  forecast: [number, number][],
  levels: { warningLevelM: number; guaranteedLevelM: number } | null,
  nowMs: number,
): void {
  const W = 600;
  const H = 220;
  const from = nowMs - 48 * 3.6e6;
  const obs = observed.filter(([t]) => t >= from);
  const fc = forecast.filter(([t]) => t > (obs.length ? obs[obs.length - 1][0] : nowMs));
  const all = [...obs, ...fc];
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'ops-hydrograph');
  host.replaceChildren(svg);
  if (!all.length) return;
  const t0 = all[0][0];
  const t1 = Math.max(all[all.length - 1][0], t0 + 1);
  let v0 = Math.min(...all.map(([, v]) => v));
  let v1 = Math.max(...all.map(([, v]) => v));
  if (levels) {
    v0 = Math.min(v0, levels.warningLevelM);
    v1 = Math.max(v1, levels.guaranteedLevelM);
  }
  v0 -= 0.5;
  v1 += 0.5;
  const x = (t: number) => (((t - t0) / (t1 - t0)) * (W - 20) + 10).toFixed(1);
  const y = (v: number) => (H - 10 - ((v - v0) / (v1 - v0)) * (H - 20)).toFixed(1);
  const line = (pts: [number, number][], cls: string): void => {
    if (pts.length < 2) return;
    const p = document.createElementNS(NS, 'polyline');
    p.setAttribute('points', pts.map(([t, v]) => `${x(t)},${y(v)}`).join(' '));
    p.setAttribute('class', cls);
    svg.appendChild(p);
  };
  if (levels) {
    line(
      [
        [t0, levels.warningLevelM],
        [t1, levels.warningLevelM],
      ],
      'ops-level-warning',
    );
    line(
      [
        [t0, levels.guaranteedLevelM],
        [t1, levels.guaranteedLevelM],
      ],
      'ops-level-guaranteed',
    );
  }
  line(obs, 'ops-observed');
  // the forecast starts from the last observation, so the two lines join
  line(obs.length ? [obs[obs.length - 1], ...fc] : fc, 'ops-forecast');
  svg.dataset.observed = String(obs.length);
  svg.dataset.forecast = String(fc.length);
}
