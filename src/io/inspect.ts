/**
 * `floodtwin inspect`: what a data file holds. Recognises grids (GeoTIFF, ESRI ASCII), GeoJSON
 * layers, gauge records (CSV, USGS RDB, WaterML 2.0), OSM XML / Overpass JSON and SWMM .inp, reads
 * it with the ordinary reader (so a bad file gives the reader's InputError) and summarises it.
 */
import { InputError } from '../core/errors.ts';
import { crsLabel, epsgToProj4 } from './crs.ts';
import { detectGaugeFormat, formatIsoTime, readGaugeFile } from './gauges/index.ts';
import { isTiff } from './geotiff.ts';
import { detectLayerKind, type LayerKind, parseFeatureCollection, readLayer, sourceCrs } from './layers/index.ts';
import { readOsm } from './osm.ts';
import { readGrid } from './readGrid.ts';
import { readSwmmInp } from './swmmInp.ts';

export type InspectKind = 'grid' | 'layer' | 'gauge' | 'osm' | 'swmm';

export interface Extent {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

export interface InspectReport {
  file: string;
  kind: InspectKind;
  /** e.g. "GeoTIFF", "ESRI ASCII grid", "GeoJSON buildings", "gauge CSV", "USGS RDB", "SWMM 5 input" */
  format: string;
  bytes: number;
  crs?: string;
  /** in the file's own CRS */
  extent?: Extent;
  grid?: {
    ncols: number;
    nrows: number;
    cellSize: number;
    nodataCells: number;
    min: number | null;
    max: number | null;
    mean: number | null;
    nodata: number | null;
  };
  /** what the file holds, by name */
  counts?: Record<string, number>;
  timeRange?: { start: string; end: string; count: number; medianStepS: number | null };
  details?: Record<string, string | number>;
  warnings: string[];
}

function extension(file: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(file);
  return m ? m[1].toLowerCase() : '';
}

/** Guesses what a file is from its bytes, then its name. */
export function detectKind(data: Uint8Array, file: string): InspectKind {
  if (isTiff(data)) return 'grid';
  const ext = extension(file);
  if (ext === 'tif' || ext === 'tiff' || ext === 'asc') return 'grid';
  if (ext === 'inp') return 'swmm';
  if (ext === 'osm') return 'osm';
  if (ext === 'geojson') return 'layer';
  if (ext === 'csv' || ext === 'rdb' || ext === 'wml') return 'gauge';
  const head = new TextDecoder()
    .decode(data.subarray(0, 4096))
    .replace(/^\ufeff/, '')
    .trimStart();
  if (/^ncols\s/i.test(head)) return 'grid';
  if (/^\[(TITLE|OPTIONS|JUNCTIONS|RAINGAGES|SUBCATCHMENTS|CONDUITS|OUTFALLS)\]/im.test(head) || /^;;/.test(head))
    return 'swmm';
  if (head.startsWith('<')) return /<osm[\s>]/.test(head) ? 'osm' : 'gauge';
  if (head.startsWith('{')) return /"elements"\s*:/.test(head) && !/"FeatureCollection"/.test(head) ? 'osm' : 'layer';
  return 'gauge';
}

function extentOf(xy: ArrayLike<number>, e: Extent): void {
  for (let k = 0; k + 1 < xy.length; k += 2) {
    const x = xy[k];
    const y = xy[k + 1];
    if (x < e.xmin) e.xmin = x;
    if (x > e.xmax) e.xmax = x;
    if (y < e.ymin) e.ymin = y;
    if (y > e.ymax) e.ymax = y;
  }
}

function emptyExtent(): Extent {
  return { xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity };
}

function finiteExtent(e: Extent): Extent | undefined {
  return Number.isFinite(e.xmin) ? e : undefined;
}

/** Reads `data` as whatever it is and says what it holds. Bad input throws the reader's InputError. */
export async function inspectFile(
  data: Uint8Array,
  file: string,
  opts: { timeZone?: string } = {},
): Promise<InspectReport> {
  const kind = detectKind(data, file);
  const text = () => new TextDecoder('utf-8').decode(data);
  const base = { file, bytes: data.length, warnings: [] as string[] };
  switch (kind) {
    case 'grid': {
      const g = await readGrid(data, file);
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let nan = 0;
      for (let i = 0; i < g.values.length; i++) {
        const v = g.values[i];
        if (Number.isNaN(v)) {
          nan++;
          continue;
        }
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
      const n = g.values.length - nan;
      const warnings: string[] = [];
      if (!g.crs) warnings.push("no CRS in the file: floodtwin will assume the scenario's CRS");
      else if (g.crs.epsg !== undefined && !g.crs.proj4 && epsgToProj4(g.crs.epsg) === null) {
        warnings.push(
          `EPSG:${g.crs.epsg} is not a CRS floodtwin can reproject (layers cannot be placed on this grid); warp it to UTM or CGCS2000 Gauss-Krüger`,
        );
      }
      if (n === 0) warnings.push('every cell is nodata');
      return {
        ...base,
        kind,
        format: isTiff(data) ? 'GeoTIFF' : 'ESRI ASCII grid',
        crs: crsLabel(g.crs),
        extent: { xmin: g.xll, ymin: g.yll, xmax: g.xll + g.ncols * g.cellSize, ymax: g.yll + g.nrows * g.cellSize },
        grid: {
          ncols: g.ncols,
          nrows: g.nrows,
          cellSize: g.cellSize,
          nodataCells: nan,
          min: n ? min : null,
          max: n ? max : null,
          mean: n ? sum / n : null,
          nodata: g.nodata,
        },
        warnings,
      };
    }
    case 'gauge': {
      const t = text();
      const s = readGaugeFile(t, file, opts);
      const fmt = detectGaugeFormat(t, file);
      const n = s.times.length;
      let median: number | null = null;
      if (n >= 2) {
        const steps = new Float64Array(n - 1);
        for (let i = 1; i < n; i++) steps[i - 1] = s.times[i] - s.times[i - 1];
        steps.sort();
        const m = steps.length >> 1;
        median = (steps.length % 2 ? steps[m] : 0.5 * (steps[m - 1] + steps[m])) / 1000;
      }
      let vmin = Infinity;
      let vmax = -Infinity;
      for (let i = 0; i < n; i++) {
        if (s.values[i] < vmin) vmin = s.values[i];
        if (s.values[i] > vmax) vmax = s.values[i];
      }
      return {
        ...base,
        kind,
        format: fmt === 'csv' ? 'gauge CSV' : fmt === 'rdb' ? 'USGS RDB' : 'WaterML 2.0',
        timeRange: {
          start: formatIsoTime(s.times[0]),
          end: formatIsoTime(s.times[n - 1]),
          count: n,
          medianStepS: median,
        },
        details: { station: s.stationId, quantity: s.quantity, unit: s.unit, min: vmin, max: vmax },
        warnings: s.warnings,
      };
    }
    case 'layer': {
      const fc = parseFeatureCollection(text(), file);
      const src = sourceCrs(fc, file);
      const layer: LayerKind | null = detectLayerKind(fc);
      const e = emptyExtent();
      const geomCounts: Record<string, number> = {};
      const walk = (c: unknown): void => {
        if (Array.isArray(c) && typeof c[0] === 'number') extentOf(c as number[], e);
        else if (Array.isArray(c)) for (const x of c) walk(x);
      };
      for (const f of fc.features) {
        const g = f.geometry?.type ?? 'null';
        geomCounts[g] = (geomCounts[g] ?? 0) + 1;
        if (f.geometry) walk(f.geometry.coordinates);
      }
      const warnings: string[] = [];
      const counts: Record<string, number> = { features: fc.features.length, ...geomCounts };
      const details: Record<string, string | number> = {};
      if (layer) {
        // read it for real (in its own CRS) so that bad properties are reported now
        const items = readLayer(layer, fc, file, { targetCrs: src });
        counts[layer] = items.length;
        if (layer === 'buildings') {
          const bs = items as ReturnType<typeof readLayer<'buildings'>>;
          details.population = bs.reduce((a, b) => a + b.population, 0);
          details.maxHeightM = bs.reduce((a, b) => Math.max(a, b.heightM), 0);
        } else if (layer === 'shelters') {
          details.capacity = (items as ReturnType<typeof readLayer<'shelters'>>).reduce((a, b) => a + b.capacity, 0);
        }
      } else {
        warnings.push(
          'not one of the floodtwin layers (buildings, roads, shelters, facilities, gauges): see docs/CONVENTIONS.md',
        );
      }
      return {
        ...base,
        kind,
        format: layer ? `GeoJSON ${layer}` : 'GeoJSON',
        crs: typeof src === 'number' ? `EPSG:${src}` : src,
        extent: finiteExtent(e),
        counts,
        ...(Object.keys(details).length ? { details } : {}),
        warnings,
      };
    }
    case 'osm': {
      const r = readOsm(text(), file, { targetCrs: 4326 });
      const e = emptyExtent();
      for (const b of r.buildings) extentOf(b.ring, e);
      for (const x of r.roads) extentOf(x.coords, e);
      return {
        ...base,
        kind,
        format: text().trimStart().startsWith('{') ? 'Overpass JSON' : 'OSM XML',
        crs: 'EPSG:4326',
        extent: finiteExtent(e),
        counts: { ...r.counts, buildings: r.buildings.length, roads: r.roads.length },
        warnings: r.warnings,
      };
    }
    case 'swmm': {
      const net = readSwmmInp(text(), file);
      const e = emptyExtent();
      for (const c of net.coordinates) extentOf([c.x, c.y], e);
      const counts: Record<string, number> = {};
      for (const k of [
        'junctions',
        'outfalls',
        'storage',
        'dividers',
        'conduits',
        'pumps',
        'orifices',
        'weirs',
        'outlets',
        'subcatchments',
        'raingages',
        'timeseries',
        'curves',
        'inflows',
      ] as const) {
        if (net[k].length) counts[k] = net[k].length;
      }
      const o = net.options;
      const details: Record<string, string | number> = { flowUnits: o.flowUnits };
      if (o.flowRouting) details.flowRouting = o.flowRouting;
      const warnings: string[] = [];
      if (!net.coordinates.length) warnings.push('no [COORDINATES]: the network cannot be placed on the map');
      return {
        ...base,
        kind,
        format: 'SWMM 5 input',
        extent: finiteExtent(e),
        counts,
        ...(o.startDate
          ? {
              timeRange: {
                start: `${o.startDate} ${o.startTime ?? '00:00:00'}`,
                end: `${o.endDate ?? '?'} ${o.endTime ?? ''}`.trim(),
                count: 0,
                medianStepS: o.reportStep ?? null,
              },
            }
          : {}),
        details,
        warnings,
      };
    }
  }
  throw new InputError('cannot tell what this file is', { file });
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e9) ? v.toExponential(4) : String(+v.toFixed(a >= 1000 ? 2 : 6));
}

/** The report as a few lines for a person. */
export function formatReport(r: InspectReport): string {
  const out: string[] = [`${r.file}: ${r.format} (${r.kind}), ${r.bytes} bytes`];
  if (r.crs) out.push(`  CRS        ${r.crs}`);
  if (r.extent)
    out.push(
      `  extent     x ${num(r.extent.xmin)} … ${num(r.extent.xmax)}, y ${num(r.extent.ymin)} … ${num(r.extent.ymax)}`,
    );
  if (r.grid) {
    const g = r.grid;
    out.push(
      `  grid       ${g.ncols} × ${g.nrows} cells of ${num(g.cellSize)}, nodata ${g.nodata ?? 'none'} (${g.nodataCells} cells)`,
    );
    if (g.min !== null) out.push(`  values     min ${num(g.min)}, max ${num(g.max!)}, mean ${num(g.mean!)}`);
  }
  if (r.counts)
    out.push(
      `  holds      ${Object.entries(r.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  if (r.timeRange) {
    const t = r.timeRange;
    out.push(
      `  time       ${t.start} … ${t.end}${t.count ? `, ${t.count} values` : ''}${t.medianStepS !== null ? `, step ${num(t.medianStepS)} s` : ''}`,
    );
  }
  if (r.details)
    out.push(
      `  details    ${Object.entries(r.details)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? num(v) : v}`)
        .join(', ')}`,
    );
  if (r.warnings.length) {
    out.push(`  warnings   ${r.warnings.length}`);
    for (const w of r.warnings) out.push(`    - ${w}`);
  }
  return out.join('\n');
}
