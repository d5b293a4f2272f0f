/**
 * `floodtwin ensemble merge`: reads each member's run folder in turn (never all at once) into a
 * ZoningMerge, then writes the zoning maps, tables and a one-page report into `<out>/merged/`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { escapeHtml } from '../../core/escapeHtml.ts';
import type { Grid } from '../../core/grid.ts';
import { ALL_SERVICES, LifeCircle, SERVICE_KINDS, type ServicePoint } from '../../ensemble/lifeCircle.ts';
import { expectedAnnualDamage } from '../../ensemble/riskStats.ts';
import { MERGED_INDEX_FILE, type MergedIndex, type MergedMap } from '../../ensemble/mergedIndex.ts';
import { preventionZones } from '../../ensemble/preventionZoning.ts';
import { ZoningMerge } from '../../ensemble/zoning.ts';
import { DEFLATE_CODEC } from '../../export/grids.ts';
import { writeGeoTiffFile } from '../writeGridFile.ts';
import { mapSnapshot } from '../../export/mapSnapshot.ts';
import { encodePng, pngDataUrl } from '../../export/png.ts';
import { readAsciiGrid } from '../../io/asciiGrid.ts';
import { readLayer } from '../../io/layers/index.ts';
import { readGrid } from '../../io/readGrid.ts';
import { buildingDamage, DEFAULT_DAMAGE_CURVES } from '../../../workers/analysis/depthDamage.ts';
import { buildingCell, floodMetrics } from '../../../workers/analysis/floodMetrics.ts';
import { hazardClassGrid } from '../../../workers/analysis/hazardRating.ts';
import { buildingsFromLayer, roadsFromLayer } from '../../../workers/analysis/layerInputs.ts';
import { ringCentroid } from '../../core/ringCentroid.ts';
import { type Ensemble, memberDir, memberDone } from './members.ts';
import { loadRun, type LoadedRun, resultGrid } from '../scenarioRun.ts';

/** depth at which a street is cut for people on foot (Environment Agency FD2320: 0.25 m is dangerous for most) */
export const WALK_CUT_DEPTH_M = 0.15;

export async function mergeEnsemble(e: Ensemble, log: (s: string) => void): Promise<string> {
  const missing = e.members.filter((m) => !memberDone(e, m));
  if (missing.length)
    throw new InputError(
      `${missing.length} of ${e.members.length} members have no complete run (first: ${missing[0].index} ${missing[0].id}); run them first`,
      { file: e.file },
    );
  const first = await loadRun(join(memberDir(e, e.members[0]), 'scenario.json'), undefined, { allowOutside: true });
  if (!first.layers)
    throw new InputError('the base scenario names no twin: the merge needs its buildings and roads', { file: e.file });
  const { setup } = first.prepared;
  const cells = setup.ncols * setup.nrows;
  const buildings = buildingsFromLayer(first.layers.buildings);
  const geometry: Grid = resultGrid(first, new Float32Array(cells));
  const zoning = new ZoningMerge(
    cells,
    e.members.map((m) => m.aep),
    e.ensemble.exceedanceDepthsM,
    buildings.length,
  );
  const doorCell = new Int32Array(buildings.length);
  for (const m of e.members) {
    const run = join(memberDir(e, m), 'run');
    const maxDepth = await readResult(join(run, 'max_depth.asc'), cells);
    const maxSpeed = existsSync(join(run, 'max_speed.asc'))
      ? await readResult(join(run, 'max_speed.asc'), cells)
      : undefined;
    const damage = new Float64Array(buildings.length);
    buildings.forEach((b, i) => {
      const c = buildingCell(geometry, maxDepth, b);
      doorCell[i] = c;
      const d = c >= 0 ? maxDepth[c] : 0;
      damage[i] = buildingDamage(DEFAULT_DAMAGE_CURVES, b.use, d, b.areaM2 ?? 0);
    });
    zoning.add({
      aep: m.aep,
      weight: m.weight,
      maxDepth,
      hazard: hazardClassGrid(maxDepth, maxSpeed),
      buildingDamage: damage,
    });
    log(`merged member ${m.index} ${m.id}`);
  }
  const out = join(e.out, 'merged');
  await mkdir(out, { recursive: true });
  const maps = await writeMaps(out, zoning, geometry);
  const districts = await buildingDistricts(first, doorCell);
  const circle = await lifeCircleLoss(first, zoning, geometry);
  await writeTables(out, zoning, first, districts, circle, doorCell);
  await writeFile(join(out, 'zoning_report.html'), zoningReport(e, zoning, first, circle));
  const index: MergedIndex = {
    version: 1,
    ensemble: e.ensemble.name,
    members: e.members.length,
    zoningDepthM: zoning.depthsM[0],
    maps,
    buildings: 'buildings.geojson',
    report: 'zoning_report.html',
  };
  await writeFile(join(out, MERGED_INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  return out;
}

async function readResult(path: string, cells: number): Promise<Float32Array> {
  const g = readAsciiGrid(await readFile(path), path); // bytes, line by line: no giant string
  if (g.values.length !== cells)
    throw new InputError(`a member's grid has ${g.values.length} cells, the base ${cells}`, { file: path });
  const v = Float32Array.from(g.values);
  for (let k = 0; k < v.length; k++) if (!(v[k] >= 0)) v[k] = 0;
  return v;
}

const rpLabel = (p: number): string => `T${Number((1 / p).toPrecision(6))}`;

/** The zoning maps as GeoTIFFs; returns their entries for index.json. */
async function writeMaps(out: string, z: ZoningMerge, like: Grid): Promise<MergedMap[]> {
  const n = z.cells;
  const maps: MergedMap[] = [];
  const write = async (m: MergedMap, values: Float32Array): Promise<void> => {
    await writeGeoTiffFile(join(out, m.file), { ...like, values }, { compress: DEFLATE_CODEC });
    maps.push(m);
  };
  for (let k = 0; k < z.p.length; k++) {
    const returnPeriodYears = Number((1 / z.p[k]).toPrecision(6));
    await write(
      { file: `max_depth_${rpLabel(z.p[k])}.tif`, kind: 'maxDepth', returnPeriodYears },
      z.maxDepth.slice(k * n, (k + 1) * n),
    );
    const hz = new Float32Array(n);
    for (let c = 0; c < n; c++) hz[c] = z.hazard[k * n + c] === 255 ? Number.NaN : z.hazard[k * n + c];
    await write({ file: `hazard_class_${rpLabel(z.p[k])}.tif`, kind: 'hazardClass', returnPeriodYears }, hz);
  }
  for (let j = 0; j < z.depthsM.length; j++) {
    const ex = Float32Array.from(z.exceedance.subarray(j * n, (j + 1) * n));
    await write({ file: `exceedance_${z.depthsM[j]}m.tif`, kind: 'exceedance', depthM: z.depthsM[j] }, ex);
  }
  // prevention zones from the exceedance of the first depth (0.15 m by default), in double precision
  const zones = preventionZones(z.exceedance.subarray(0, n));
  await write({ file: 'prevention_zone.tif', kind: 'prevention' }, Float32Array.from(zones));
  return maps;
}

/** Each building's district: its `district` property, else the land-use class at its door (twin.json's names). */
async function buildingDistricts(run: LoadedRun, doorCell: Int32Array): Promise<string[]> {
  const dir = run.layers!.dir;
  try {
    const twin = JSON.parse(new TextDecoder().decode(await run.read(`${dir}/twin.json`))) as {
      files?: { landuse?: string };
      landUse?: { code: number; name: string }[];
    };
    const grid = await readGrid(await run.read(`${dir}/${twin.files?.landuse ?? 'landuse.tif'}`), 'landuse');
    const names = new Map((twin.landUse ?? []).map((l) => [l.code, l.name]));
    return Array.from(doorCell, (c) =>
      c >= 0 ? (names.get(grid.values[c]) ?? `land use ${grid.values[c]}`) : 'outside',
    );
  } catch {
    return Array.from(doorCell, () => 'all');
  }
}

interface CircleLoss {
  /** per event: residents, and those losing each kind / any kind of service they had when dry */
  perEvent: { residents: number; lost: number[]; lostAny: number }[];
  /** per event, per building: the kinds lost (bit mask) */
  lostMask: Uint8Array[];
}

async function lifeCircleLoss(run: LoadedRun, z: ZoningMerge, like: Grid): Promise<CircleLoss> {
  const L = run.layers!;
  const services: ServicePoint[] = [];
  const asService = (kind: string): ServicePoint['kind'] | null =>
    kind === 'hospital' || kind === 'clinic' ? 'clinic' : kind === 'school' || kind === 'market' ? kind : null;
  const facilities = [...L.facilities];
  try {
    const extra = new TextDecoder().decode(await run.read(`${L.dir}/services.geojson`));
    facilities.push(...readLayer('facilities', extra, 'services.geojson'));
  } catch {
    // a twin without a services layer: its facilities alone
  }
  for (const f of facilities) {
    const kind = asService(f.kind);
    if (kind) services.push({ id: f.id, kind, at: [f.x, f.y] });
  }
  for (const s of L.shelters) services.push({ id: s.id, kind: 'shelter', at: [s.x, s.y] });
  const buildings = buildingsFromLayer(L.buildings);
  const doors = buildings.map((b) => ringCentroid(b.ring ?? []));
  const circle = new LifeCircle(L.roads, doors, services);
  const dry = circle.reach(new Set());
  const roads = roadsFromLayer(L.roads);
  const n = z.cells;
  const perEvent: CircleLoss['perEvent'] = [];
  const lostMask: Uint8Array[] = [];
  for (let k = 0; k < z.p.length; k++) {
    const depth = z.maxDepth.subarray(k * n, (k + 1) * n);
    const cut = floodMetrics({ grid: like, maxDepth: depth, roads, roadCutDepthM: WALK_CUT_DEPTH_M }).cutRoads;
    const wet = circle.reach(new Set(cut.map((r) => r.id)));
    const lost = new Uint8Array(buildings.length);
    const row = { residents: 0, lost: SERVICE_KINDS.map(() => 0), lostAny: 0 };
    buildings.forEach((b, i) => {
      const pop = b.population ?? 0;
      row.residents += pop;
      lost[i] = dry[i] & ~wet[i];
      SERVICE_KINDS.forEach((_, s) => {
        if (lost[i] & (1 << s)) row.lost[s] += pop;
      });
      if (dry[i] === ALL_SERVICES && wet[i] !== ALL_SERVICES) row.lostAny += pop;
    });
    perEvent.push(row);
    lostMask.push(lost);
  }
  return { perEvent, lostMask };
}

const csv = (rows: (string | number)[][]): string =>
  rows
    .map((r) =>
      r.map((v) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v))).join(','),
    )
    .join('\n') + '\n';
const r6 = (x: number): number => Number(x.toPrecision(6));

async function writeTables(
  out: string,
  z: ZoningMerge,
  run: LoadedRun,
  districts: string[],
  circle: CircleLoss,
  doorCell: Int32Array,
): Promise<void> {
  const bs = run.layers!.buildings;
  const n = z.cells;
  const labels = z.p.map(rpLabel);
  const ead = bs.map((_, b) => expectedAnnualDamage(z.p, z.damageOf(b)));
  const lostNames = (mask: number): string => SERVICE_KINDS.filter((_, s) => mask & (1 << s)).join(' ');
  const header = [
    'id',
    'use',
    'population',
    'district',
    'ead',
    ...labels.map((l) => `damage_${l}`),
    ...labels.map((l) => `depth_${l}`),
    ...labels.map((l) => `life_circle_lost_${l}`),
  ];
  const rows: (string | number)[][] = [header];
  bs.forEach((b, i) => {
    const c = doorCell[i];
    rows.push([
      b.id,
      b.use,
      b.population,
      districts[i],
      r6(ead[i]),
      ...z.damageOf(i).map(r6),
      ...z.p.map((_, k) => (c >= 0 ? r6(z.maxDepth[k * n + c]) : 0)),
      ...circle.lostMask.map((m) => lostNames(m[i])),
    ]);
  });
  await writeFile(join(out, 'buildings.csv'), csv(rows));
  const features = bs.map((b, i) => ({
    type: 'Feature',
    properties: {
      id: b.id,
      district: districts[i],
      ead: r6(ead[i]),
      lifeCircleLost: Object.fromEntries(labels.map((l, k) => [l, lostNames(circle.lostMask[k][i])])),
    },
    geometry: { type: 'Point', coordinates: ringCentroid(b.ring).map((v) => Number(v.toFixed(2))) },
  }));
  const epsg = run.layers!.epsg;
  await writeFile(
    join(out, 'buildings.geojson'),
    JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${epsg}` } },
      features,
    }) + '\n',
  );
  // exposure by district and event: buildings with water at the door ≥ 0.15 m, their people, their damage
  const exposure: (string | number)[][] = [
    ['district', 'event', 'aep', 'buildings_flooded', 'people_exposed', 'damage'],
  ];
  const names = [...new Set(districts)].sort();
  for (const d of names) {
    z.p.forEach((p, k) => {
      let nb = 0;
      let people = 0;
      let dmg = 0;
      bs.forEach((b, i) => {
        if (districts[i] !== d) return;
        const c = doorCell[i];
        if (c >= 0 && z.maxDepth[k * n + c] >= 0.15) {
          nb++;
          people += b.population;
        }
        dmg += z.damageOf(i)[k];
      });
      exposure.push([d, labels[k], p, nb, people, r6(dmg)]);
    });
  }
  await writeFile(join(out, 'exposure_by_district.csv'), csv(exposure));
  const lc: (string | number)[][] = [
    ['event', 'aep', 'residents', 'lost_any_share', ...SERVICE_KINDS.map((s) => `lost_${s}_share`)],
  ];
  circle.perEvent.forEach((e, k) => {
    lc.push([labels[k], z.p[k], e.residents, r6(e.lostAny / e.residents), ...e.lost.map((x) => r6(x / e.residents))]);
  });
  await writeFile(join(out, 'life_circle.csv'), csv(lc));
}

function zoningReport(e: Ensemble, z: ZoningMerge, run: LoadedRun, circle: CircleLoss): string {
  const dem = run.prepared.grids.dem;
  const n = z.cells;
  const maps = z.p.map((p, k) => {
    const snap = mapSnapshot(dem, z.maxDepth.subarray(k * n, (k + 1) * n), { maxSidePx: 520 });
    return `<figure><img alt="maximum depth ${rpLabel(p)}" src="${pngDataUrl(encodePng(snap.width, snap.height, snap.rgba))}"><figcaption>Maximum depth, ${escapeHtml(rpLabel(p))} (AEP ${p})</figcaption></figure>`;
  });
  const rows = circle.perEvent
    .map((c, k) => `<tr><td>${rpLabel(z.p[k])}</td><td>${((100 * c.lostAny) / c.residents).toFixed(1)} %</td></tr>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(e.ensemble.name)}: zoning</title>
<style>@page{size:A4 landscape;margin:10mm}body{font:12px sans-serif;margin:0}figure{display:inline-block;margin:4px}img{width:250px}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}</style></head>
<body><h1>${escapeHtml(e.ensemble.name)}: flood hazard and risk zoning</h1>
<p>${e.members.length} members over ${z.p.length} return periods (${z.p.map(rpLabel).join(', ')}). Maps: the envelope of each return period's variants. Files beside this report: max_depth_T*.tif, hazard_class_T*.tif (FD2320), exceedance_*m.tif (annual exceedance probability), prevention_zone.tif (1 watch, 2 general, 3 key prevention: water over ${z.depthsM[0]} m with an annual probability above 0, 1/100, 1/20), buildings.csv (expected annual damage), exposure_by_district.csv, life_circle.csv; index.json lists the maps for the page (<code>?ensemble=</code>).</p>
${maps.join('\n')}
<h2>15-minute life circle lost (residents who had a clinic, a school, a food market and a shelter within a 1 km walk)</h2>
<table><tr><th>event</th><th>residents losing it</th></tr>${rows}</table></body></html>
`;
}
