/**
 * A printable one-page report: title, scenario names, the map snapshot (a PNG data URL) and the
 * metrics: a headline table, then depth bands and FD2320 hazard classes as small matrices (area,
 * buildings, people), for run A or for A and B. Self-contained, well-formed XHTML (it parses as XML,
 * so it round-trips through an XML parser), one A4 landscape page in print: the map on the left
 * (maximum depth over the hillshade, src/export/mapSnapshot.ts) with a north arrow, a scale bar and
 * the depth legend, the tables on the right. Every number carries its metric
 * key and exact value in data-* attributes (`data-key`, `data-run` = a | b | change, `data-value`),
 * so the figures can be read back without parsing formatted text.
 */
import { InputError } from '../core/errors.ts';
import { escapeHtml } from '../core/escapeHtml.ts';
import { formatMetric, formatMetricChange } from '../core/formatMetric.ts';
import { log10, pow } from '../core/detMath.ts';
import type { FloodMetrics } from '../../workers/analysis/floodMetrics.ts';
import { metricRows, type MetricRow } from '../../workers/analysis/compare.ts';
import { HAZARD_CLASSES } from '../../workers/analysis/hazardRating.ts';
import { DEPTH_RAMP, DRY_DEPTH_M, depthColor, rgbCss } from './colorRamp.ts';
import { shadeGrey } from './mapSnapshot.ts';

export interface ReportOptions {
  title?: string;
  scenarioA?: string;
  scenarioB?: string;
  /** e.g. "2026-11-23 14:05 (+08:00)"; the caller supplies it so the report is deterministic */
  generatedAt?: string;
  /** shown under the tables: data provenance, "synthetic twin", assumptions */
  notes?: string[];
  /**
   * ground size of the map snapshot (m; `width × metresPerPx` of a MapSnapshot): gives the scale
   * bar; `dryM`: the depth from which the map draws water (the legend starts there)
   */
  map?: { widthM: number; heightM: number; dryM?: number };
}

/** the map's box on the page (mm): A4 landscape less 10 mm margins leaves 277 × 190 */
const MAP_MAX_W_MM = 150;
const MAP_MAX_H_MM = 158;

/** The longest 1-2-5 × 10ⁿ length (m) not over `m`. */
export function niceLength(m: number): number {
  if (!(m > 0)) return 0;
  const p = pow(10, Math.floor(log10(m))); // detMath: log10 exact at powers of ten, on every host
  for (const f of [5, 2, 1]) if (f * p <= m) return f * p;
  return p;
}

function mm(v: number): string {
  return `${Math.round(v * 100) / 100}mm`;
}

/** The map figure: image, north arrow (grid north is up), scale bar (when the ground size is known), legend. */
function mapFigure(src: string, size: ReportOptions['map']): string {
  let box = `width:${MAP_MAX_W_MM}mm`;
  let scale = '';
  if (size && size.widthM > 0 && size.heightM > 0) {
    const aspect = size.widthM / size.heightM;
    const w = Math.min(MAP_MAX_W_MM, MAP_MAX_H_MM * aspect);
    box = `width:${mm(w)};height:${mm(w / aspect)}`;
    const len = niceLength(size.widthM / 4);
    const label = len >= 1000 ? `${len / 1000} km` : `${len} m`;
    scale = `<div class="scale" data-length-m="${len}"><div class="bar" style="width:${mm((len / size.widthM) * w)}"></div><span>${label}</span></div>`;
  }
  // the ramp's stops from the depth the map starts drawing water at
  const dryM = size?.dryM ?? DRY_DEPTH_M;
  const stops = [{ depthM: dryM, rgb: depthColor(dryM) }, ...DEPTH_RAMP.filter((s) => s.depthM > dryM)];
  const swatches = stops
    .map((s, i) => {
      const label = i === stops.length - 1 ? `≥ ${s.depthM}` : String(s.depthM);
      return `<span class="sw"><i style="background:${rgbCss(s.rgb)}"></i>${label}</span>`;
    })
    .join('');
  const g = shadeGrey(Math.SQRT1_2);
  const legend = `<div class="legend">Maximum depth (m): ${swatches}<span class="sw"><i style="background:rgb(${g},${g},${g})"></i>under ${dryM} m (hillshade)</span></div>`;
  const north =
    '<svg class="north" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 30" width="7mm" height="10.5mm" role="img" aria-label="north arrow"><polygon points="10,1 17,21 10,17 3,21" fill="#111" stroke="#fff" stroke-width="1"/><text x="10" y="29" text-anchor="middle" font-size="9" font-weight="700" fill="#111">N</text></svg>';
  return `<figure class="map"><div class="frame" style="${box}"><img class="map" alt="map snapshot: maximum depth over the hillshade" src="${src}" />${north}</div><figcaption>${scale}${legend}</figcaption></figure>`;
}

function changeClass(r: MetricRow): string {
  if (r.change === null || r.change === 0) return '';
  return r.change < 0 === r.lowerIsBetter ? ' better' : ' worse';
}

/** One number cell with its machine-readable value. */
function cell(r: MetricRow, run: 'a' | 'b' | 'change'): string {
  const v = run === 'a' ? r.a : run === 'b' ? r.b : r.change;
  const text = run === 'change' ? formatMetricChange(r.change, r.unit) : formatMetric(v, r.unit);
  const cls = run === 'change' ? changeClass(r) : '';
  return `<td class="num${cls}" data-key="${escapeHtml(r.key)}" data-run="${run}" data-value="${v ?? ''}">${text}</td>`;
}

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

export function reportHtml(
  metricsA: FloodMetrics,
  snapshotPngDataUrl: string | null,
  options: ReportOptions = {},
  metricsB?: FloodMetrics,
): string {
  if (snapshotPngDataUrl !== null && !PNG_DATA_URL.test(snapshotPngDataUrl)) {
    throw new InputError('the map snapshot must be a PNG data URL (data:image/png;base64,…)', {
      field: 'snapshotPngDataUrl',
    });
  }
  const rows = metricRows(metricsA, metricsB);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const two = metricsB !== undefined;
  const nameA = escapeHtml(options.scenarioA ?? (two ? 'A' : 'Value'));
  const nameB = escapeHtml(options.scenarioB ?? 'B');
  const title = options.title ?? 'Flood scenario report';

  // headline table: the rows that are not per band or per hazard class
  const headline = rows.filter((r) => !r.key.includes('.band') && !r.key.includes('.hazard.'));
  const headHead = two
    ? `<tr><th>Metric</th><th>Unit</th><th class="num">${nameA}</th><th class="num">${nameB}</th><th class="num">Change</th></tr>`
    : `<tr><th>Metric</th><th>Unit</th><th class="num">${nameA}</th></tr>`;
  const headBody = headline
    .map(
      (r) =>
        `<tr data-key="${escapeHtml(r.key)}"><td>${escapeHtml(r.label)}</td><td>${escapeHtml(r.unit)}</td>${cell(r, 'a')}${two ? cell(r, 'b') + cell(r, 'change') : ''}</tr>`,
    )
    .join('\n');

  // matrices: one row per band / class, columns area, buildings, people (A, B for two runs)
  const matrix = (
    caption: string,
    rowLabels: string[],
    keyOf: (what: 'floodedAreaHa' | 'buildings' | 'people', i: number) => string,
  ) => {
    const whats = [
      ['floodedAreaHa', 'Area (ha)'],
      ['buildings', 'Buildings'],
      ['people', 'People'],
    ] as const;
    const top = two
      ? `<tr><th rowspan="2">${escapeHtml(caption)}</th>${whats.map(([, l]) => `<th class="num" colspan="2">${l}</th>`).join('')}</tr><tr>${whats.map(() => `<th class="num">${nameA}</th><th class="num">${nameB}</th>`).join('')}</tr>`
      : `<tr><th>${escapeHtml(caption)}</th>${whats.map(([, l]) => `<th class="num">${l}</th>`).join('')}</tr>`;
    const body = rowLabels
      .map((lab, i) => {
        const cells = whats
          .map(([w]) => {
            const r = byKey.get(keyOf(w, i))!;
            return cell(r, 'a') + (two ? cell(r, 'b') : '');
          })
          .join('');
        return `<tr><td>${escapeHtml(lab)}</td>${cells}</tr>`;
      })
      .join('\n');
    return `<table class="matrix"><thead>${top}</thead><tbody>\n${body}\n</tbody></table>`;
  };
  const bands = matrix('Maximum depth', metricsA.bandLabels, (w, i) =>
    w === 'floodedAreaHa' ? `floodedAreaHa.band${i}` : `${w}.band${i}`,
  );
  const hazards = matrix(
    'Hazard (FD2320)',
    HAZARD_CLASSES.map((h) => h),
    (w, i) => `${w}.hazard.${HAZARD_CLASSES[i]}`,
  );

  const subtitle = [
    two ? `${options.scenarioA ?? 'A'} vs ${options.scenarioB ?? 'B'}` : options.scenarioA,
    options.generatedAt ? `generated ${options.generatedAt}` : undefined,
  ]
    .filter(Boolean)
    .map((s) => escapeHtml(String(s)))
    .join(' · ');
  const img = snapshotPngDataUrl
    ? mapFigure(snapshotPngDataUrl, options.map)
    : '<p class="nomap">(no map snapshot)</p>';
  const notes = (options.notes ?? []).map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta charset="utf-8" />
<title>${escapeHtml(title)}</title>
<style>
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { font: 8pt/1.2 system-ui, "Noto Sans CJK SC", sans-serif; margin: 0 auto; max-width: 277mm; color: #111; }
h1 { font-size: 13pt; margin: 0 0 1mm; }
.sub { color: #555; margin: 0 0 2mm; }
.page { display: flex; gap: 5mm; align-items: flex-start; }
.tables { flex: 1; min-width: 0; }
figure.map { margin: 0; flex: none; }
.frame { position: relative; border: 1px solid #999; background: #fff; }
img.map { display: block; width: 100%; height: 100%; object-fit: contain; image-rendering: pixelated; }
svg.north { position: absolute; top: 2mm; right: 2mm; }
figcaption { display: flex; gap: 4mm; align-items: center; flex-wrap: wrap; margin-top: 1.5mm; font-size: 7pt; }
.scale { display: flex; align-items: center; gap: 1.5mm; }
.scale .bar { height: 1.6mm; border: 1px solid #111; border-top: none; background: linear-gradient(90deg, #111 50%, #fff 50%); }
.sw { white-space: nowrap; margin-left: 1.5mm; }
.sw i { display: inline-block; width: 3mm; height: 3mm; vertical-align: -0.5mm; margin-right: 0.6mm; border: 0.2mm solid #888; }
table { border-collapse: collapse; width: 100%; margin-top: 0; margin-bottom: 2mm; font-size: 7pt; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25mm 1mm; text-align: left; }
th { font-weight: 600; background: #f3f5f7; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.better { color: #0a6b2d; } .worse { color: #a4161a; }
ul.notes { color: #555; font-size: 6.5pt; margin: 1mm 0 0; padding-left: 4mm; }
@media print { body { -webkit-print-color-adjust: exact; print-color-adjust: exact; } tr, figure { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${subtitle}</p>
<div class="page">
${img}
<div class="tables">
<table id="metrics">
<thead>${headHead}</thead>
<tbody>
${headBody}
</tbody>
</table>
${bands}
${hazards}
</div>
</div>
<ul class="notes">${notes}<li>Hazard to people: UK FD2320, HR = d·(v + 0.5) + DF (DF 0.5 for d ≤ 0.25 m, else 1), from maximum depth and maximum speed. Damage from configurable depth-damage curves. Roads cut where the depth reaches 0.3 m.</li></ul>
</body>
</html>
`;
}
