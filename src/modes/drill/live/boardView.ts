/**
 * The live drill board: gauge levels and warning colours, people evacuated / en route / trapped with
 * T50 and T90, roads cut and shelters with their occupancy, all from the live models' board numbers
 * (workers/drill/board.ts), in large type with the four warning colours.
 */
import { escapeHtml } from '../../../core/escapeHtml.ts';
import type { BoardNumbers } from '../../../../workers/drill/board.ts';
import { WARNING_CSS } from '../warning.ts';

const hhmm = (s: number | null): string => {
  if (s === null) return '–';
  const m = Math.floor(s / 60);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

export function mountBoard(el: HTMLElement): (b: BoardNumbers) => void {
  el.innerHTML = `<div id="alertBar" class="live-alert"></div>
    <table class="board-gauges"><thead><tr><th>Gauge</th><th>Level (m)</th><th>Warning</th></tr></thead><tbody id="boardGauges"></tbody></table>
    <div class="board-counts">
      <div><span>Evacuated</span><b id="evacuated">–</b></div><div><span>En route</span><b id="enRoute">–</b></div>
      <div><span>Trapped</span><b id="trapped">–</b></div><div><span>Waiting</span><b id="waiting">–</b></div>
      <div><span>T50 / T90</span><b id="t5090">–</b></div><div><span>Roads cut</span><b id="roadsCut">0</b></div>
    </div>
    <h2>Shelters</h2><table class="board-shelters"><tbody id="boardShelters"></tbody></table>
    <h2>Warnings and messages</h2><ol id="boardMessages" reversed></ol>`;
  const $ = (id: string) => el.querySelector(`#${id}`) as HTMLElement;
  return (b) => {
    $('boardGauges').innerHTML = b.gauges
      .map(
        (g) =>
          `<tr data-gauge="${escapeHtml(g.id)}"><td>${escapeHtml(g.id)}</td><td class="lvl">${Number.isFinite(g.levelM) ? g.levelM.toFixed(2) : '–'}</td><td class="colour" data-colour="${escapeHtml(g.colour)}" style="background:${escapeHtml(WARNING_CSS[g.colour] ?? '')}">${escapeHtml(g.colour)}</td></tr>`,
      )
      .join('');
    const e = b.evacuation;
    $('evacuated').textContent = e ? String(e.safe) : 'no model';
    $('enRoute').textContent = e ? String(e.enRoute) : '–';
    $('trapped').textContent = e ? String(e.trapped) : '–';
    $('waiting').textContent = e ? String(e.waiting) : '–';
    $('t5090').textContent = e ? `${hhmm(e.t50S)} / ${hhmm(e.t90S)}` : '–';
    $('roadsCut').textContent = String(b.roadsCut.length);
    $('roadsCut').title = b.roadsCut.join(', ');
    $('boardShelters').innerHTML = b.shelters
      .map(
        (s) =>
          `<tr data-shelter="${escapeHtml(s.id)}"><td>${escapeHtml(s.name)}</td><td>${s.occupancy.toFixed(0)} / ${s.capacity}</td><td>${escapeHtml(s.status)}</td></tr>`,
      )
      .join('');
    // newest first: the messages (reversed), then the warnings (reversed)
    $('boardMessages').innerHTML =
      b.messages
        .slice()
        .reverse()
        .map((m) => `<li>${escapeHtml(m)}</li>`)
        .join('') +
      b.warnings
        .slice()
        .reverse()
        .map(
          (w) => `<li style="border-left:12px solid ${escapeHtml(WARNING_CSS[w] ?? '')}">${escapeHtml(w)} warning</li>`,
        )
        .join('');
    const bar = $('alertBar');
    bar.style.background = WARNING_CSS[b.alert];
    bar.dataset.colour = b.alert;
    bar.textContent = b.alert === 'none' ? 'no warning' : `${b.alert} warning`;
  };
}
