/**
 * A printable one-page report: title, scenario names, the map snapshot (a PNG data URL) and the
 * metrics table (A, or A and B with the change). Self-contained, well-formed XHTML (it parses as XML,
 * so it round-trips through an XML parser), A4 portrait in print. Each table row carries its key and
 * exact values in data-* attributes so the numbers can be read back without parsing formatted text.
 */
import { InputError } from '../core/errors.ts';
import type { FloodMetrics } from '../../workers/analysis/floodMetrics.ts';
import { metricRows, type MetricRow } from '../../workers/analysis/compare.ts';

export interface ReportOptions {
  title?: string;
  scenarioA?: string;
  scenarioB?: string;
  /** e.g. "2026-11-23 14:05 (+08:00)"; the caller supplies it so the report is deterministic */
  generatedAt?: string;
  /** shown under the table: data provenance, "synthetic twin", assumptions */
  notes?: string[];
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function fmt(v: number | null, unit: string): string {
  if (v === null) return '–';
  const a = Math.abs(v);
  const digits = unit === 'people' || unit === 'buildings' || unit === 'facilities' ? 0 : a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function fmtChange(r: MetricRow): string {
  if (r.change === null) return '–';
  const s = fmt(r.change, r.unit);
  return r.change > 0 ? `+${s}` : s;
}

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

export function reportHtml(metricsA: FloodMetrics, snapshotPngDataUrl: string | null, options: ReportOptions = {}, metricsB?: FloodMetrics): string {
  if (snapshotPngDataUrl !== null && !PNG_DATA_URL.test(snapshotPngDataUrl)) {
    throw new InputError('the map snapshot must be a PNG data URL (data:image/png;base64,…)', { field: 'snapshotPngDataUrl' });
  }
  const rows = metricRows(metricsA, metricsB);
  const two = metricsB !== undefined;
  const title = options.title ?? 'Flood scenario report';
  const head = two
    ? `<tr><th>Metric</th><th>Unit</th><th>${escapeXml(options.scenarioA ?? 'A')}</th><th>${escapeXml(options.scenarioB ?? 'B')}</th><th>Change</th></tr>`
    : `<tr><th>Metric</th><th>Unit</th><th>${escapeXml(options.scenarioA ?? 'Value')}</th></tr>`;
  const body = rows
    .map((r) => {
      const attrs = `data-key="${escapeXml(r.key)}" data-a="${r.a ?? ''}"` + (two ? ` data-b="${r.b ?? ''}" data-change="${r.change ?? ''}"` : '');
      const cls = two && r.change !== null && r.change !== 0 ? ((r.change < 0) === r.lowerIsBetter ? ' better' : ' worse') : '';
      const cells = [`<td>${escapeXml(r.label)}</td>`, `<td>${escapeXml(r.unit)}</td>`, `<td class="num">${fmt(r.a, r.unit)}</td>`];
      if (two) cells.push(`<td class="num">${fmt(r.b, r.unit)}</td>`, `<td class="num${cls}">${fmtChange(r)}</td>`);
      return `<tr ${attrs}>${cells.join('')}</tr>`;
    })
    .join('\n');
  const subtitle = [two ? `${options.scenarioA ?? 'A'} vs ${options.scenarioB ?? 'B'}` : options.scenarioA, options.generatedAt ? `generated ${options.generatedAt}` : undefined]
    .filter(Boolean)
    .map((s) => escapeXml(String(s)))
    .join(' · ');
  const img = snapshotPngDataUrl ? `<img class="map" alt="map snapshot" src="${snapshotPngDataUrl}" />` : '<p class="nomap">(no map snapshot)</p>';
  const notes = (options.notes ?? []).map((n) => `<li>${escapeXml(n)}</li>`).join('');
  return `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta charset="utf-8" />
<title>${escapeXml(title)}</title>
<style>
@page { size: A4 portrait; margin: 12mm; }
body { font: 10pt/1.3 system-ui, "Noto Sans CJK SC", sans-serif; margin: 0; color: #111; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
.sub { color: #555; margin: 0 0 3mm; }
img.map { display: block; width: 100%; max-height: 110mm; object-fit: contain; border: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin-top: 3mm; font-size: 8.5pt; }
th, td { border-bottom: 1px solid #ddd; padding: 0.6mm 1.5mm; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.better { color: #0a6b2d; } .worse { color: #a4161a; }
ul.notes { color: #555; font-size: 8pt; margin: 2mm 0 0; padding-left: 4mm; }
@media print { body { -webkit-print-color-adjust: exact; print-color-adjust: exact; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="sub">${subtitle}</p>
${img}
<table id="metrics">
<thead>${head}</thead>
<tbody>
${body}
</tbody>
</table>
<ul class="notes">${notes}<li>Hazard classes: UK FD2320, HR = d·(v + 0.5) + DF. Damage from configurable depth-damage curves.</li></ul>
</body>
</html>
`;
}
