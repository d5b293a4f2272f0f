/**
 * The evacuation panel: the evacuation curve (people safe / en route / waiting / trapped against
 * time, an SVG chart with a cursor at the time shown), the clearance times T50 / T90 / T100, and a
 * bar per shelter with its occupancy at the time shown against its capacity.
 */
import type { CurveRow, EvacuationResult, EvacuationState } from '../../workers/evacuation/types.ts';
import { AGENT_COLORS } from '../scene/agentsLayer.ts';
import { escapeHtml } from '../core/escapeHtml.ts';

export const CURVE_SERIES: {
  key: keyof Pick<CurveRow, 'safe' | 'enRoute' | 'waiting' | 'trapped'>;
  label: string;
  color: string;
}[] = [
  { key: 'safe', label: 'safe', color: '#27ae60' },
  { key: 'enRoute', label: 'en route', color: '#56ccf2' },
  { key: 'waiting', label: 'waiting', color: '#f2c94c' },
  { key: 'trapped', label: 'trapped', color: '#eb5757' },
];

export interface EvacuationPanel {
  /** a message instead of the chart (no run yet, running, error) */
  /** plain text (an error message may quote file content), shown as a text node */
  setMessage(text: string, error?: boolean): void;
  /** the whole run's result: curve, clearance times, shelters */
  setResult(r: EvacuationResult): void;
  /** the time shown: cursor, counts now and shelter occupancy now (input order of the result's shelters) */
  setTime(t: number, state: EvacuationState | null, occupancy: ArrayLike<number> | null): void;
}

const W = 256,
  H = 150,
  PAD_L = 40,
  PAD_B = 20,
  PAD_T = 6,
  PAD_R = 6;
const fmtT = (s: number | null) => (s === null ? '–' : `${(s / 3600).toFixed(2)} h`);

export function mountEvacuationPanel(el: HTMLElement): EvacuationPanel {
  el.innerHTML = `<h2>Evacuation</h2><div id="evacMsg" class="muted">no run yet</div><div id="evacBody" hidden>
    <svg id="evacChart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" style="background:#14202a"></svg>
    <div class="muted">${CURVE_SERIES.map((s) => `<span style="color:${s.color}">━ ${s.label}</span>`).join(' &nbsp; ')}</div>
    <div class="muted">on the map: ${(Object.keys(AGENT_COLORS) as (keyof typeof AGENT_COLORS)[]).map((k) => `<span style="color:${AGENT_COLORS[k].toCssHexString()}">● ${k}</span>`).join(' ')}</div>
    <table class="metrics" id="evacTimes"></table>
    <table class="metrics" id="evacNow"></table>
    <div id="evacShelters"></div></div>`;
  const $ = (id: string) => el.querySelector(`#${id}`) as HTMLElement;
  const svg = el.querySelector('#evacChart') as SVGSVGElement;
  let result: EvacuationResult | null = null;
  let sx = (_t: number) => 0;
  let cursor: SVGLineElement | null = null;

  const drawChart = (r: EvacuationResult) => {
    const rows = r.curve;
    const tMax = Math.max(r.durationS, 1);
    const yMax = Math.max(r.people, 1);
    sx = (t) => PAD_L + ((W - PAD_L - PAD_R) * t) / tMax;
    const sy = (v: number) => H - PAD_B - ((H - PAD_B - PAD_T) * v) / yMax;
    const parts: string[] = [];
    parts.push(`<line x1="${PAD_L}" y1="${H - PAD_B}" x2="${W - PAD_R}" y2="${H - PAD_B}" stroke="#667"/>`);
    parts.push(`<line x1="${PAD_L}" y1="${PAD_T}" x2="${PAD_L}" y2="${H - PAD_B}" stroke="#667"/>`);
    parts.push(
      `<text x="${PAD_L - 3}" y="${PAD_T + 8}" fill="#aab" font-size="9" text-anchor="end">${r.people}</text>`,
    );
    parts.push(`<text x="${PAD_L - 3}" y="${H - PAD_B}" fill="#aab" font-size="9" text-anchor="end">0</text>`);
    parts.push(
      `<text x="${W - PAD_R}" y="${H - 6}" fill="#aab" font-size="9" text-anchor="end">${(tMax / 3600).toFixed(1)} h</text>`,
    );
    if (r.warningS <= tMax)
      parts.push(
        `<line x1="${sx(r.warningS)}" y1="${PAD_T}" x2="${sx(r.warningS)}" y2="${H - PAD_B}" stroke="#f0d020" stroke-dasharray="3 2"><title>warning</title></line>`,
      );
    for (const s of CURVE_SERIES) {
      const pts = rows.map((row) => `${sx(row.timeS).toFixed(1)},${sy(row[s.key]).toFixed(1)}`).join(' ');
      parts.push(
        `<polyline data-series="${s.key}" points="${pts}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`,
      );
    }
    for (const [q, t] of [
      ['T50', r.t50S],
      ['T90', r.t90S],
    ] as const) {
      if (t !== null)
        parts.push(
          `<line x1="${sx(t)}" y1="${PAD_T}" x2="${sx(t)}" y2="${H - PAD_B}" stroke="#27ae60" stroke-dasharray="1 2"/><text x="${sx(t) + 2}" y="${PAD_T + 18}" fill="#27ae60" font-size="9">${q}</text>`,
        );
    }
    parts.push(`<line id="evacCursor" x1="${PAD_L}" y1="${PAD_T}" x2="${PAD_L}" y2="${H - PAD_B}" stroke="#fff"/>`);
    svg.innerHTML = parts.join('');
    cursor = svg.querySelector('#evacCursor');
  };

  const last = (r: EvacuationResult) => r.curve[r.curve.length - 1];

  return {
    setMessage(text, error = false) {
      $('evacMsg').textContent = text;
      $('evacMsg').className = error ? 'error' : 'muted';
      $('evacMsg').hidden = false;
      $('evacBody').hidden = !result;
    },
    setResult(r) {
      result = r;
      $('evacMsg').hidden = true;
      $('evacBody').hidden = false;
      el.dataset.people = String(r.people);
      drawChart(r);
      const end = last(r);
      $('evacTimes').innerHTML = `
        <tr><td>warning</td><td data-evac="warningS" data-value="${r.warningS}">${fmtT(r.warningS)}</td></tr>
        <tr><td>people leaving</td><td data-evac="people" data-value="${r.people}">${r.people}</td></tr>
        <tr><td>T50</td><td data-evac="t50S" data-value="${r.t50S ?? ''}">${fmtT(r.t50S)}</td></tr>
        <tr><td>T90</td><td data-evac="t90S" data-value="${r.t90S ?? ''}">${fmtT(r.t90S)}</td></tr>
        <tr><td>T100</td><td data-evac="t100S" data-value="${r.t100S ?? ''}">${fmtT(r.t100S)}</td></tr>
        <tr><td>at the end</td><td data-evac="final" data-safe="${end?.safe ?? 0}" data-en-route="${end?.enRoute ?? 0}" data-waiting="${end?.waiting ?? 0}" data-trapped="${end?.trapped ?? 0}">${end ? `${end.safe} safe, ${end.trapped} trapped` : '–'}</td></tr>`;
      $('evacShelters').innerHTML = r.shelters
        .map(
          (
            s,
          ) => `<div class="shelterBar" data-shelter="${escapeHtml(s.id)}" data-occupancy="0" data-capacity="${s.capacity}" data-final="${s.occupancy}">
        <div>${escapeHtml(s.name)} <span class="muted" data-role="text">0 / ${s.capacity}</span></div>
        <div style="background:#2a3a46;height:6px"><div data-role="bar" style="background:#2fbf71;height:6px;width:0%"></div></div></div>`,
        )
        .join('');
    },
    setTime(t, state, occupancy) {
      if (!result) return;
      const x = sx(Math.min(t, result.durationS));
      cursor?.setAttribute('x1', String(x));
      cursor?.setAttribute('x2', String(x));
      el.dataset.shownS = String(t);
      if (state) {
        $('evacNow').innerHTML =
          `<tr><td colspan="2">at ${fmtT(t)}:</td></tr><tr><td colspan="2" data-evac="now" data-safe="${state.safe}" data-en-route="${state.enRoute}" data-waiting="${state.waiting}" data-trapped="${state.trapped}">${state.safe} safe · ${state.enRoute} en route (${state.walking} walking, ${state.driving} driving) · ${state.waiting} waiting · ${state.trapped} trapped</td></tr>`;
      }
      if (occupancy) {
        el.querySelectorAll<HTMLElement>('.shelterBar').forEach((div, i) => {
          const occ = occupancy[i] ?? 0;
          const cap = Number(div.dataset.capacity);
          div.dataset.occupancy = String(occ);
          (div.querySelector('[data-role="text"]') as HTMLElement).textContent = `${occ} / ${cap}`;
          (div.querySelector('[data-role="bar"]') as HTMLElement).style.width =
            `${cap > 0 ? Math.min(100, (100 * occ) / cap) : 0}%`;
        });
      }
    },
  };
}
