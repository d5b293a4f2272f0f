/**
 * The export panel: after a run (and for A and B after a comparison, src/ui/compare.ts) one button
 * per file, each a download made in the page (Blob + object URL + <a download>; nothing leaves the
 * machine). The files come from `exportFile` (src/export/exportFiles.ts), the function
 * `floodtwin export` writes with, on the same arrays the CLI writes to its run folder (walls masked,
 * output points at points.csv precision), so each file has the CLI's bytes for the same scenario;
 * only the report's time stamp differs.
 *
 * As `floodtwin run` does, the page's run gets the twin's gauges as output points (`prepare`), so
 * series.csv has the same columns. The scenario file is offered as edited: the planner's rain series
 * and scale factors written into it, at the current file version; B of a comparison is A plus the
 * drawn wall, as the compare worker builds it.
 */
import { escapeHtml } from '../core/escapeHtml.ts';
import type { Grid } from '../core/grid.ts';
import { addGaugePoints } from '../sim/evacuationRun.ts';
import { loadTwinLayers, type TwinLayers } from '../sim/twinLayers.ts';
import type { ReadFile } from '../sim/prepareRun.ts';
import {
  EXPORT_FILES,
  exportFile,
  runForExport,
  runMetrics,
  runReport,
  type ExportFile,
  type ExportName,
  type RunForExport,
} from '../export/exportFiles.ts';
import { scenarioWithWall, type MapPoint } from '../sim/comparePair.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';

export interface ExportContext {
  /** absolute URL of the open scenario file */
  scenarioUrl: string;
  /** the scenario's DEM (the hillshade of the report's map) */
  dem(): Grid;
  /** the page's evacuation summary when it has finished (its clearance time is a metric) */
  evacuationSummary?(): { t100S?: number | null } | undefined;
  /** "2026-11-23 06:05 UTC"; the clock by default */
  now?(): string;
}

/** The planner's event edits (src/ui/planner.ts `readEdits`). */
export interface RunEdits {
  rainScale: number;
  riverScale: number;
  rainSeries: [number, number][] | null;
}

export interface CompareRuns {
  line: MapPoint[];
  crestM: number;
  setups: [FloodSetup, FloodSetup];
  results: [FloodResult, FloodResult];
}

export interface ExportPanel {
  /** before the page's run: the twin's gauges become output points (as `floodtwin run` adds them) */
  prepare(setup: FloodSetup): Promise<void>;
  /** the page's run is done: its files are offered */
  setRun(setup: FloodSetup, result: FloodResult, edits?: RunEdits): Promise<void>;
  /** A and B of a comparison are done (copies what it keeps at once) */
  setCompare(runs: CompareRuns): Promise<void>;
  /** keys of the files offered now: "max_depth.tif", "A/max_depth.tif", "B/…", "AB/report.html" */
  keys(): string[];
  /** the file behind a key, made now */
  file(key: string): ExportFile | null;
  /** makes the file and downloads it under its download name */
  download(key: string): void;
  /** the name a key downloads as ("A_max_depth.tif", "compare_report.html") */
  downloadName(key: string): string;
}

/** The scenario JSON with the planner's edits written in (rain series, rain and river scale factors). */
export function editedScenario(raw: Record<string, unknown>, edits: RunEdits | undefined): Record<string, unknown> {
  type Series = [number, number][];
  type Editable = Record<string, unknown> & { rain?: { mmPerHour?: Series }; inflows?: { hydrograph?: Series }[] };
  const s = structuredClone(raw) as Editable;
  if (!edits) return s;
  const scaled = (series: Series, k: number): Series => series.map(([t, v]) => [t, v * k]);
  if (edits.rainSeries)
    s.rain = { ...(s.rain && typeof s.rain === 'object' ? s.rain : {}), mmPerHour: scaled(edits.rainSeries, 1) };
  const rain = s.rain;
  if (edits.rainScale !== 1 && rain && Array.isArray(rain.mmPerHour))
    rain.mmPerHour = scaled(rain.mmPerHour, edits.rainScale);
  if (edits.riverScale !== 1 && Array.isArray(s.inflows)) {
    s.inflows = s.inflows.map((f) =>
      Array.isArray(f?.hydrograph) ? { ...f, hydrograph: scaled(f.hydrograph, edits.riverScale) } : f,
    );
  }
  return s;
}

/** "2026-11-23 06:05 UTC" (as `floodtwin export`). */
function utcNow(): string {
  return new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

interface Side {
  run: RunForExport;
  scenario: Record<string, unknown>;
}

export function mountExportPanel(parent: HTMLElement, ctx: ExportContext): ExportPanel {
  const el = document.createElement('section');
  el.id = 'exportPanel';
  el.hidden = true;
  el.innerHTML = `<h2>Export</h2>
    <div class="muted">Files of the last run, made in this page (the same bytes as <code>floodtwin export</code>; the report prints on one A4 landscape page).</div>
    <div id="exportRun" class="exportButtons"></div>
    <div id="exportCompare" class="exportButtons"></div>
    <div id="exportError" class="error"></div>`;
  parent.appendChild(el);
  const $ = (id: string) => el.querySelector('#' + id) as HTMLElement;

  const url = ctx.scenarioUrl;
  const fileName = url.split('/').pop() ?? url;
  const read: ReadFile = async (rel) => {
    const r = await fetch(new URL(rel, url));
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  };
  let rawText: Promise<string> | null = null;
  const scenarioText = (): Promise<string> =>
    (rawText ??= fetch(url).then((r) => {
      if (!r.ok) throw new Error(`cannot load ${fileName} (HTTP ${r.status})`);
      return r.text();
    }));
  let layersP: Promise<TwinLayers | null> | null = null;
  const layers = (): Promise<TwinLayers | null> =>
    (layersP ??= scenarioText().then((t) => {
      const twin = (JSON.parse(t) as { twin?: unknown }).twin;
      return typeof twin === 'string' ? loadTwinLayers(twin, read, fileName) : null;
    }));

  let single: Side | null = null;
  let pair: { a: Side; b: Side } | null = null;
  const stamp = () => (ctx.now ?? utcNow)();

  const row = (inner: string) => `<div style="display:flex;flex-wrap:wrap;gap:4px;margin:3px 0 6px">${inner}</div>`;
  const buttons = (prefix: string, side: Side): string =>
    row(
      EXPORT_FILES.filter((n) => !(n === 'series.csv' && !side.run.points?.length))
        .map((n) => `<button data-export="${prefix}${n}" title="download ${downloadName(prefix + n)}">${n}</button>`)
        .join(''),
    );
  const show = () => {
    el.hidden = !single && !pair;
    $('exportRun').innerHTML = single
      ? `<div class="muted">Run: ${escapeHtml(single.run.scenarioName)}</div>${buttons('', single)}`
      : '';
    $('exportCompare').innerHTML = pair
      ? `<div class="muted">Comparison A: ${escapeHtml(pair.a.run.scenarioName)}</div>${buttons('A/', pair.a)}
         <div class="muted">B: ${escapeHtml(pair.b.run.scenarioName)}</div>${buttons('B/', pair.b)}
         <div class="muted">A against B</div>${row('<button data-export="AB/report.html" title="download compare_report.html">report.html (A vs B)</button>')}`
      : '';
  };
  el.addEventListener('click', (e) => {
    const key = (e.target as HTMLElement).closest('button')?.dataset.export;
    if (key) view.download(key);
  });

  const summaryOf = (r: FloodResult) => {
    const ev = ctx.evacuationSummary?.();
    return { ...r.summary, ...(ev ? { evacuation: ev } : {}) };
  };

  function downloadName(key: string): string {
    if (key === 'AB/report.html') return 'compare_report.html';
    const slash = key.indexOf('/');
    return slash < 0 ? key : `${key.slice(0, slash)}_${key.slice(slash + 1)}`;
  }

  const view: ExportPanel = {
    async prepare(setup) {
      const L = await layers();
      if (!L) return;
      setup.outputs = { ...setup.outputs }; // the page's base setup shares this object
      addGaugePoints(setup, L);
    },
    async setRun(setup, result, edits) {
      const [text, L] = await Promise.all([scenarioText(), layers()]);
      const raw = JSON.parse(text) as Record<string, unknown>;
      const run = runForExport({
        scenarioName: String(raw.name ?? fileName),
        setup,
        dem: ctx.dem(),
        layers: L,
        result,
        summary: summaryOf(result),
      });
      // the evacuation may finish after the flood: its clearance time is read when a file is made
      Object.defineProperty(run, 'summary', { get: () => summaryOf(result), enumerable: true });
      single = { run, scenario: editedScenario(raw, edits) };
      $('exportError').textContent = '';
      show();
    },
    async setCompare(runs) {
      // copy now: the result arrays move to the compare worker right after this call
      const {
        setups: [sa, sb],
        results: [ra, rb],
      } = runs;
      const dem = ctx.dem();
      const partA = { setup: sa, result: ra, summary: { ...ra.summary } };
      const partB = { setup: sb, result: rb, summary: { ...rb.summary } };
      const cut = (p: typeof partA) => ({
        ...p,
        result: {
          maxDepth: p.result.maxDepth.slice(),
          maxSpeed: p.result.maxSpeed.slice(),
          arrivalTime: p.result.arrivalTime.slice(),
          pointTimes: p.result.pointTimes.slice(),
          pointDepths: p.result.pointDepths.slice(),
        },
        setup: { ...p.setup, z: p.setup.z.slice(), outputs: { ...p.setup.outputs } } as FloodSetup,
      });
      const ca = cut(partA),
        cb = cut(partB);
      const [textA, L] = await Promise.all([scenarioText(), layers()]);
      const rawA = JSON.parse(textA) as Record<string, unknown>;
      const rawB = JSON.parse(scenarioWithWall(textA, runs.line, runs.crestM)) as Record<string, unknown>;
      const side = (raw: Record<string, unknown>, c: typeof ca): Side => ({
        run: runForExport({
          scenarioName: String(raw.name ?? fileName),
          setup: c.setup,
          dem,
          layers: L,
          result: c.result,
          summary: c.summary,
        }),
        scenario: raw,
      });
      pair = { a: side(rawA, ca), b: side(rawB, cb) };
      $('exportError').textContent = '';
      show();
    },
    keys() {
      return Array.from(el.querySelectorAll<HTMLButtonElement>('button[data-export]'), (b) => b.dataset.export!);
    },
    file(key) {
      const input = { generatedAt: stamp() };
      if (key === 'AB/report.html') {
        if (!pair) return null;
        const ma = runMetrics(pair.a.run);
        return {
          name: 'report.html',
          type: 'text/html',
          content: runReport(pair.a.run, ma, input, { run: pair.b.run, metrics: runMetrics(pair.b.run) }),
        };
      }
      const slash = key.indexOf('/');
      const side = slash < 0 ? single : key.startsWith('A/') ? pair?.a : key.startsWith('B/') ? pair?.b : null;
      const name = (slash < 0 ? key : key.slice(slash + 1)) as ExportName;
      if (!side || !(EXPORT_FILES as readonly string[]).includes(name)) return null;
      return exportFile(side.run, name, side.scenario, input);
    },
    download(key) {
      let f: ExportFile | null;
      try {
        f = view.file(key);
        if (!f) throw new Error(`nothing to export as ${key}`);
      } catch (e) {
        $('exportError').textContent = `export failed: ${(e as Error).message}`;
        return;
      }
      const blob = new Blob([f.content as BlobPart], { type: f.type });
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = downloadName(key);
      a.style.display = 'none';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
    },
    downloadName,
  };
  return view;
}
