/**
 * The risk-zoning panel (`?ensemble=<merged folder>`): picks which zoning map of a merged ensemble
 * the scene shows (max depth per return period, FD2320 hazard zoning, annual exceedance probability,
 * prevention zoning), toggles the buildings' expected annual damage (risk zoning), shows the legend
 * of what is drawn, and links the one-page zoning report. Text from the folder's files reaches the
 * page escaped (escapeHtml) or as DOM text.
 */
import type { Grid } from '../core/grid.ts';
import { escapeHtml } from '../core/escapeHtml.ts';
import { mapLabel, type MergedMap } from '../ensemble/mergedIndex.ts';
import { PREVENTION_ZONES } from '../ensemble/preventionZoning.ts';
import { DEPTH_RAMP, HAZARD_CLASSES, rgbCss } from '../export/colorRamp.ts';
import {
  addRiskPoints,
  addZoningMap,
  EAD_CLASSES,
  EXCEEDANCE_CLASSES,
  PREVENTION_RGB,
  type RiskPointsLayer,
  type ZoningMapLayer,
} from '../scene/ensembleLayers.ts';
import type { TwinScene } from '../scene/twinScene.ts';
import { type EnsembleFolder, openEnsembleFolder } from './ensembleFolder.ts';
import { type EnsembleHooks, exposeTestHooks } from './testHooks.ts';

export interface EnsembleView {
  /** (re)draws the chosen layers in a freshly mounted scene */
  attach(ts: TwinScene): void;
}

const sw = (rgb: [number, number, number]): string => `<span class="swatch" style="background:${rgbCss(rgb)}"></span>`;

/** The legend block of a map: our own colour tables; the depths from index.json are escaped. */
function mapLegend(m: MergedMap, zoningDepthM: number): string {
  if (m.kind === 'maxDepth')
    return `<div style="height:12px;border-radius:2px;background:linear-gradient(to right, ${DEPTH_RAMP.map((s) => rgbCss(s.rgb)).join(',')})"></div>
      <div style="display:flex;justify-content:space-between" class="muted">${DEPTH_RAMP.map((s) => `<span>${s.depthM}</span>`).join('')}</div><div class="muted">depth, m (envelope of the return period's variants)</div>`;
  if (m.kind === 'hazardClass')
    return `${HAZARD_CLASSES.map((h) => `<div>${sw(h.rgb)}${h.name} <span class="muted">${h.note}</span></div>`).join('')}<div class="muted">FD2320 hazard rating from depth and speed, worst variant</div>`;
  if (m.kind === 'exceedance')
    return `${EXCEEDANCE_CLASSES.map((c) => `<div>${sw(c.rgb)}${c.label}</div>`).join('')}<div class="muted">annual probability that water rises above ${escapeHtml(String(m.depthM))} m</div>`;
  return `${[...PREVENTION_ZONES]
    .reverse()
    .map(
      (z) =>
        `<div>${sw(PREVENTION_RGB[z.code])}${z.name} <span class="muted">${z.fromAep > 0 ? `≥ 1/${Math.round(1 / z.fromAep)}` : '> 0'} a year</span></div>`,
    )
    .join('')}<div class="muted">annual probability that water rises above ${escapeHtml(String(zoningDepthM))} m</div>`;
}

const RISK_LEGEND = `${EAD_CLASSES.map((c) => `<div>${sw(c.rgb)}${c.label}</div>`).join('')}<div class="muted">buildings' expected annual damage, CNY a year</div>`;

/**
 * Mounts the panel into `host` and opens the merged folder `ref` (relative to `base`) on `dem`.
 * Errors (a missing folder, a bad index.json, a map on another grid) are shown in the panel.
 */
export function mountEnsemblePanel(host: HTMLElement, ref: string, base: URL, dem: Grid): EnsembleView {
  const el = document.createElement('section');
  el.id = 'ensemblePanel';
  el.innerHTML = `<h2>Risk zoning</h2><div class="ensembleName muted">opening ${escapeHtml(ref)} …</div>
    <label>Map <select class="ensembleMap"><option value="">none</option></select></label>
    <label><input type="checkbox" class="ensembleRisk"> buildings' expected annual damage</label>
    <div class="ensembleLegend"></div>
    <div><a class="ensembleReport" target="_blank" rel="noopener" hidden>Open the zoning report</a></div>
    <div class="ensembleError error"></div>`;
  const scenarioInfo = host.querySelector('#scenarioInfo');
  if (scenarioInfo) scenarioInfo.after(el);
  else host.appendChild(el);
  const $ = <T extends HTMLElement>(cls: string): T => el.querySelector(`.${cls}`) as T;
  const select = $<HTMLSelectElement>('ensembleMap');
  const riskBox = $<HTMLInputElement>('ensembleRisk');
  const hooks = exposeTestHooks('floodtwinEnsemble', { status: 'loading', maps: [], shown: null } as EnsembleHooks);

  let folder: EnsembleFolder | null = null;
  let ts: TwinScene | null = null;
  let mapLayer: ZoningMapLayer | null = null;
  let risk: RiskPointsLayer | null = null;
  let drawn = 0;

  const fail = (e: unknown): void => {
    const msg = (e as Error).message;
    $('ensembleError').textContent = msg;
    hooks.status = 'error';
    hooks.error = msg;
  };
  const legend = (): void => {
    const m = folder?.index.maps.find((x) => x.file === select.value);
    $('ensembleLegend').innerHTML =
      (m && folder ? mapLegend(m, folder.index.zoningDepthM) : '') + (riskBox.checked ? RISK_LEGEND : '');
  };
  /** draws the selected map and the risk points into the current scene; resolves once rendered */
  const draw = async (): Promise<void> => {
    const my = ++drawn;
    mapLayer?.destroy();
    mapLayer = null;
    risk?.destroy();
    risk = null;
    legend();
    if (!folder || !ts) return;
    const m = folder.index.maps.find((x) => x.file === select.value);
    const scene = ts;
    try {
      const grid = m ? await folder.grid(m) : null;
      const points = riskBox.checked ? await folder.riskPoints() : null;
      if (my !== drawn || scene !== ts) return;
      if (m && grid) mapLayer = addZoningMap(scene, grid, m.kind);
      if (points) risk = addRiskPoints(scene, points);
      hooks.shown = m?.file ?? null;
      hooks.riskPoints = points?.length ?? 0;
      await scene.whenRendered();
    } catch (e) {
      fail(e);
    }
  };
  select.onchange = () => void draw();
  riskBox.onchange = () => void draw();
  hooks.show = async (file: string | null, withRisk = false) => {
    select.value = file ?? '';
    riskBox.checked = withRisk;
    await draw();
  };

  openEnsembleFolder(ref, base, dem).then(
    (f) => {
      folder = f;
      const { index } = f;
      $('ensembleName').textContent = `${index.ensemble}: ${index.members} members, ${index.maps.length} maps`;
      for (const m of index.maps) {
        const o = document.createElement('option');
        o.value = m.file;
        o.textContent = mapLabel(m);
        select.appendChild(o);
      }
      select.value = index.maps.find((m) => m.kind === 'prevention')?.file ?? index.maps[0].file;
      const a = $<HTMLAnchorElement>('ensembleReport');
      a.href = f.reportUrl.href;
      a.hidden = false;
      hooks.maps = index.maps.map((m) => m.file);
      hooks.reportUrl = f.reportUrl.href;
      hooks.status = 'ready';
      void draw();
    },
    (e) => fail(e),
  );

  return {
    attach(scene) {
      ts = scene;
      void draw();
    },
  };
}
