/**
 * Planner panel: scenario picker, event editing (rain series and scaling, river hydrograph scaling),
 * run / cancel, live metrics, display toggles, and the drop area's messages. Plain DOM; it calls
 * back into the app and never computes anything itself.
 */
import { escapeHtml } from '../core/escapeHtml.ts';

export interface PlannerCallbacks {
  pickScenario(name: string): void;
  run(): void;
  cancel(): void;
  setHazard(on: boolean): void;
  setExaggeration(v: number): void;
  setLayer(name: string, on: boolean): void;
  copyLink(): void;
  /** open the "compare A against B" panel (src/ui/compare.ts) */
  compare?(): void;
}

export interface EventEdits {
  rainScale: number;
  riverScale: number;
  /** edited rain series, [[t s, mm/h], ...] or null to keep the scenario's */
  rainSeries: [number, number][] | null;
}

export interface LiveMetrics {
  tS: number;
  floodedAreaM2: number;
  maxDepthM: number;
  bandLabels: string[];
  buildingsByBand: number[];
  peopleByBand: number[];
  roadsCut: number;
}

export interface PlannerView {
  readEdits(): EventEdits;
  setScenarioInfo(html: string, rain: [number, number][] | null, hasRiver: boolean): void;
  setRunning(running: boolean): void;
  showMetrics(m: LiveMetrics | null): void;
  showSummary(html: string): void;
  showDropMessage(text: string, isError: boolean): void;
  clearError(): void;
}

export function mountPlanner(
  el: HTMLElement,
  scenarios: string[],
  current: string,
  cb: PlannerCallbacks,
  init: { hazard: boolean; exaggeration: number; layers: Record<string, boolean> },
): PlannerView {
  el.innerHTML = `
    <h1>floodtwin <span class="muted">planner</span></h1>
    <label>Scenario <select id="scenarioSel">${scenarios.map((s) => `<option ${s === current ? 'selected' : ''}>${escapeHtml(s)}</option>`).join('')}</select></label>
    <div id="scenarioInfo" class="muted"></div>
    <h2>Event</h2>
    <label>Rain × <input id="rainScale" type="number" min="0" step="0.1" value="1" style="width:60px"></label>
    <label id="riverRow">River hydrographs × <input id="riverScale" type="number" min="0" step="0.1" value="1" style="width:60px"></label>
    <details><summary class="muted">rain series [t s, mm/h]</summary><textarea id="rainSeries" rows="4" style="width:100%;background:#1a262e;color:#e8eef3"></textarea></details>
    <div style="margin-top:8px;display:flex;gap:6px"><button id="runBtn">Run</button><button id="cancelBtn" disabled>Cancel</button><button id="linkBtn" title="put the scenario, mode and camera in the address">Link</button><button id="compareBtn" title="draw a flood wall and compare this scenario with and without it">Compare</button></div>
    <div id="eventError" class="error"></div>
    <h2>Live metrics</h2>
    <div id="metrics" class="muted">no run yet</div>
    <div id="summary"></div>
    <div id="evacuation" hidden></div>
    <div id="comparePanel" hidden></div>
    <h2>Display</h2>
    <label><input id="hazardChk" type="checkbox" ${init.hazard ? 'checked' : ''}> hazard classes</label>
    <label>Vertical exaggeration <input id="exag" type="range" min="1" max="5" step="0.5" value="${init.exaggeration}"> <span id="exagVal">${init.exaggeration}×</span></label>
    ${Object.entries(init.layers)
      .map(([k, v]) => `<label><input type="checkbox" data-layer="${k}" ${v ? 'checked' : ''}> ${k}</label>`)
      .join('')}
    <h2>Data</h2>
    <div class="muted">Drop a DEM (.tif/.asc), drainage network (.inp), gauge record (.csv/.rdb/.xml) or GeoJSON layer on the map to replace a layer.</div>
    <div id="dropMsg"></div>`;
  const $ = <T extends HTMLElement>(id: string) => el.querySelector('#' + id) as T;
  $<HTMLSelectElement>('scenarioSel').onchange = (e) => cb.pickScenario((e.target as HTMLSelectElement).value);
  $<HTMLButtonElement>('runBtn').onclick = () => cb.run();
  $<HTMLButtonElement>('cancelBtn').onclick = () => cb.cancel();
  $<HTMLButtonElement>('linkBtn').onclick = () => cb.copyLink();
  $<HTMLButtonElement>('compareBtn').onclick = () => cb.compare?.();
  $<HTMLInputElement>('hazardChk').onchange = (e) => cb.setHazard((e.target as HTMLInputElement).checked);
  $<HTMLInputElement>('exag').oninput = (e) => {
    const v = Number((e.target as HTMLInputElement).value);
    $('exagVal').textContent = `${v}×`;
    cb.setExaggeration(v);
  };
  el.querySelectorAll<HTMLInputElement>('input[data-layer]').forEach((i) => {
    i.onchange = () => cb.setLayer(i.dataset.layer!, i.checked);
  });
  const rainText = $<HTMLTextAreaElement>('rainSeries');
  const err = $('eventError');
  let originalRain = '';
  return {
    readEdits() {
      err.textContent = '';
      const rainScale = Number($<HTMLInputElement>('rainScale').value);
      const riverScale = Number($<HTMLInputElement>('riverScale').value);
      if (!(rainScale >= 0) || !(riverScale >= 0)) throw new Error('scaling factors must be numbers ≥ 0');
      let rainSeries: [number, number][] | null = null;
      if (rainText.value.trim() && rainText.value.trim() !== originalRain) {
        try {
          rainSeries = JSON.parse(rainText.value);
        } catch (e) {
          throw new Error(`rain series is not valid JSON: ${(e as Error).message}`);
        }
      }
      return { rainScale, riverScale, rainSeries };
    },
    setScenarioInfo(html, rain, hasRiver) {
      $('scenarioInfo').innerHTML = html;
      originalRain = rain ? JSON.stringify(rain) : '';
      rainText.value = originalRain;
      $('riverRow').style.display = hasRiver ? '' : 'none';
    },
    setRunning(running) {
      $<HTMLButtonElement>('runBtn').disabled = running;
      $<HTMLButtonElement>('cancelBtn').disabled = !running;
    },
    showMetrics(m) {
      if (!m) {
        $('metrics').textContent = 'no run yet';
        return;
      }
      const rows = m.bandLabels
        .map((l, i) => `<tr><td>${l}</td><td>${m.buildingsByBand[i]}</td><td>${m.peopleByBand[i]}</td></tr>`)
        .join('');
      $('metrics').innerHTML = `<table class="metrics" id="metricsTable">
        <tr><td>flooded area (≥ 0.1 m)</td><td colspan="2" data-metric="area">${(m.floodedAreaM2 / 1e4).toFixed(2)} ha</td></tr>
        <tr><td>maximum depth</td><td colspan="2" data-metric="maxDepth">${m.maxDepthM.toFixed(2)} m</td></tr>
        <tr><td>roads cut</td><td colspan="2">${m.roadsCut}</td></tr>
        <tr><td><b>depth band</b></td><td><b>bldgs</b></td><td><b>people</b></td></tr>${rows}</table>`;
    },
    showSummary(html) {
      $('summary').innerHTML = html;
    },
    showDropMessage(text, isError) {
      const d = $('dropMsg');
      d.className = isError ? 'error' : 'muted';
      d.textContent = text;
      d.dataset.state = isError ? 'error' : 'ok';
    },
    clearError() {
      err.textContent = '';
    },
  };
}

export function showEventError(el: HTMLElement, msg: string): void {
  const e = el.querySelector('#eventError');
  if (e) e.textContent = msg;
}
