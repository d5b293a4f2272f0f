/**
 * The default twin (data/default, data/small, scenarios/*.json): determinism, the committed files
 * against a fresh generation, and the issue's minimums checked on the committed files with the
 * project's own readers.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Grid } from '../../src/core/grid.ts';
import { cellAt } from '../../src/core/grid.ts';
import { loadScenario } from '../../src/scenario/scenarioFile.ts';
import { drainageSchema } from '../../src/core/scenario/drainage.ts';
import { seriesIntegral, seriesAt } from '../../src/core/timeSeries.ts';
import { readGeoTiff } from '../../src/io/geotiff.ts';
import { readGaugeFile } from '../../src/io/gauges/index.ts';
import { readLayer } from '../../src/io/layers/index.ts';
import { readSwmmInp, validateSwmmInp } from '../../src/io/swmmInp.ts';

const ROOT = resolve(__dirname, '../..');
const data = (twin: string, f: string) => join(ROOT, 'data', twin, f);
const text = (p: string) => readFileSync(p, 'utf8');
const tifCache = new Map<string, Promise<Grid>>();
/** A committed raster, read once per test file (the readers do not modify the grid). */
const tif = (p: string): Promise<Grid> => {
  if (!tifCache.has(p)) tifCache.set(p, readGeoTiff(new Uint8Array(readFileSync(p)), p));
  return tifCache.get(p)!;
};

function at(g: Grid, x: number, y: number): number {
  const c = cellAt(g, x, y);
  if (!c) throw new Error(`(${x}, ${y}) outside the grid`);
  return g.values[c[1] * g.ncols + c[0]];
}

/** Local maxima of an hourly record that rise at least 1 m over the lowest point before them. */
function floodPeaks(v: ArrayLike<number>): number[] {
  const peaks: number[] = [];
  let low = v[0];
  for (let i = 1; i < v.length - 1; i++) {
    low = Math.min(low, v[i]);
    if (v[i] > v[i - 1] && v[i] >= v[i + 1] && v[i] - low >= 1) {
      peaks.push(i);
      low = v[i];
    }
  }
  return peaks;
}

describe('generator determinism', () => {
  it('generates the small twin twice (fresh modules) with identical bytes, equal to the committed files', async () => {
    const runs: Map<string, Uint8Array | string>[] = [];
    for (let k = 0; k < 2; k++) {
      vi.resetModules();
      const mod = await import('../../src/data/twin.ts');
      runs.push(mod.generateTwin(mod.SMALL_SPEC).files);
    }
    expect([...runs[0].keys()].sort()).toEqual([...runs[1].keys()].sort());
    for (const [name, body] of runs[0]) {
      const other = runs[1].get(name)!;
      expect(Buffer.from(body as Uint8Array).equals(Buffer.from(other as Uint8Array)), name).toBe(true);
      const committed = readFileSync(data('small', name));
      if (typeof body === 'string') {
        expect(committed.toString('utf8'), `data/small/${name} is stale: run npm run data:generate`).toBe(body);
      } else if (!committed.equals(Buffer.from(body))) {
        // deflate output may differ between zlib versions: then compare the decoded rasters
        const a = await readGeoTiff(body, name);
        const b = await readGeoTiff(new Uint8Array(committed), name);
        expect([a.ncols, a.nrows, a.xll, a.yll, a.cellSize]).toEqual([b.ncols, b.nrows, b.xll, b.yll, b.cellSize]);
        expect(Buffer.from(a.values.buffer).equals(Buffer.from(b.values.buffer)), `data/small/${name} is stale`).toBe(
          true,
        );
      }
    }
  });

  it('regenerates the committed default twin (text files byte for byte, rasters cell for cell)', async () => {
    const mod = await import('../../src/data/twin.ts');
    const out = mod.generateTwin(mod.DEFAULT_SPEC);
    for (const [name, body] of out.files) {
      const committed = readFileSync(data('default', name));
      if (typeof body === 'string') {
        expect(committed.toString('utf8') === body, `data/default/${name} is stale: run npm run data:generate`).toBe(
          true,
        );
      } else if (!committed.equals(Buffer.from(body))) {
        const a = await readGeoTiff(body, name);
        const b = await readGeoTiff(new Uint8Array(committed), name);
        expect(Buffer.from(a.values.buffer).equals(Buffer.from(b.values.buffer)), `data/default/${name} is stale`).toBe(
          true,
        );
      }
    }
  });

  it('writes scenarios equal to the committed ones', async () => {
    const { buildScenarios } = await import('../../src/data/scenarios.ts');
    const { scenarioJson } = await import('../../src/data/generate.ts');
    const { SMALL_SPEC, DEFAULT_SPEC } = await import('../../src/data/twin.ts');
    const d = buildScenarios(DEFAULT_SPEC, 'default');
    const s = buildScenarios(SMALL_SPEC, 'small');
    expect(text(join(ROOT, 'scenarios/river-flood.json'))).toBe(scenarioJson(d.riverFlood));
    expect(text(join(ROOT, 'scenarios/rainstorm.json'))).toBe(scenarioJson(d.rainstorm));
    expect(text(join(ROOT, 'scenarios/small-river-flood.json'))).toBe(scenarioJson(s.riverFlood));
    expect(text(join(ROOT, 'scenarios/small-rainstorm.json'))).toBe(scenarioJson(s.rainstorm));
  });
});

describe.each(['default', 'small'])('committed %s twin', (twin) => {
  const manifest = JSON.parse(text(data(twin, 'twin.json')));

  it('is georeferenced in UTM 48N near Chongqing, with the size of the issue, and says it is synthetic', async () => {
    const dem = await tif(data(twin, 'dem.tif'));
    expect(dem.crs?.epsg).toBe(32648);
    expect(manifest.synthetic).toBe(true);
    expect(manifest.name).toMatch(/^Jialing bend \(synthetic\)/);
    expect(manifest.statement).toMatch(/Synthetic/);
    expect(manifest.origin.lon).toBeGreaterThan(106.3);
    expect(manifest.origin.lon).toBeLessThan(106.7);
    expect(manifest.origin.lat).toBeGreaterThan(29.4);
    expect(manifest.origin.lat).toBeLessThan(29.8);
    expect([dem.ncols, dem.nrows, dem.cellSize]).toEqual([manifest.ncols, manifest.nrows, manifest.cellSize]);
    expect(dem.xll).toBe(manifest.extent.xmin);
    if (twin === 'default') {
      expect(dem.ncols * dem.cellSize).toBe(6000);
      expect(dem.nrows * dem.cellSize).toBe(4000);
      expect(dem.cellSize).toBe(5);
    } else {
      expect(dem.ncols * dem.nrows).toBeLessThanOrEqual(100_000);
    }
    // hills to 300–400 m, the river 9.5 m below its banks
    let max = -Infinity;
    for (const v of dem.values) max = Math.max(max, v);
    if (twin === 'default') {
      expect(max).toBeGreaterThan(300);
      expect(max).toBeLessThan(420);
    }
    for (const f of Object.values(manifest.files).flat() as string[]) expect(existsSync(data(twin, f)), f).toBe(true);
  });

  it('has a river channel 250–400 m wide and 8–10 m bank-full deep at the bend apex, normal water 175–180 m', async () => {
    const dem = await tif(data(twin, 'dem.tif'));
    const lu = await tif(data(twin, 'landuse.tif'));
    // the column through the apex (local x = 3000) crosses the channel at right angles
    const col = Math.floor((642000 + 3000 - dem.xll) / dem.cellSize);
    let first = -1;
    let last = -1;
    let bed = Infinity;
    for (let r = 0; r < dem.nrows; r++) {
      if (lu.values[r * dem.ncols + col] !== 1) continue;
      if (first < 0) first = r;
      last = r;
      bed = Math.min(bed, dem.values[r * dem.ncols + col]);
    }
    const width = (last - first + 1) * dem.cellSize;
    expect(width).toBeGreaterThanOrEqual(250);
    expect(width).toBeLessThanOrEqual(400);
    const bankTop = Math.min(dem.values[(first - 1) * dem.ncols + col], dem.values[(last + 1) * dem.ncols + col]);
    expect(bankTop - bed).toBeGreaterThanOrEqual(8);
    expect(bankTop - bed).toBeLessThanOrEqual(10);
    const town = readGaugeFile(text(data(twin, 'gauge_town.csv')), 'gauge_town.csv');
    expect(town.values[0]).toBeGreaterThan(175);
    expect(town.values[0]).toBeLessThan(180);
    expect(town.values[0]).toBeGreaterThan(bed);
    expect(town.values[0]).toBeLessThan(bankTop);
  });

  it('has Manning n from the land-use table in every cell', async () => {
    const lu = await tif(data(twin, 'landuse.tif'));
    const n = await tif(data(twin, 'manning.tif'));
    const table = new Map<number, number>(
      manifest.landUse.map((c: { code: number; manningN: number }) => [c.code, c.manningN]),
    );
    expect(table.get(1)).toBe(0.035);
    expect(table.get(2)).toBe(0.015);
    expect(table.get(3)).toBe(0.05);
    const seen = new Set<number>();
    let wrong = 0;
    let firstWrong = -1;
    for (let k = 0; k < lu.values.length; k++) {
      seen.add(lu.values[k]);
      if (n.values[k] !== Math.fround(table.get(lu.values[k]) ?? NaN)) {
        wrong++;
        if (firstWrong < 0) firstWrong = k;
      }
    }
    expect(wrong, `first wrong cell index ${firstWrong}`).toBe(0);
    expect(seen.size).toBeGreaterThanOrEqual(7);
  });

  it('has three gauges whose records show three flood peaks; the town passes its warning level at each', () => {
    const stations = readLayer('gauges', text(data(twin, 'gauges.geojson')), 'gauges.geojson');
    expect(stations.map((s) => s.id)).toEqual(['upstream', 'town', 'downstream']);
    const raw = JSON.parse(text(data(twin, 'gauges.geojson')));
    for (const s of stations) {
      const series = readGaugeFile(text(data(twin, s.record!)), s.record!);
      expect(series.unit).toBe('m');
      expect(series.values.length).toBe(241); // ten days, hourly
      expect(series.times[240] - series.times[0]).toBe(10 * 86400_000);
      expect(series.warnings).toEqual([]);
      const peaks = floodPeaks(series.values);
      expect(peaks.length, s.id).toBe(3);
      expect(s.guaranteedLevelM).toBeGreaterThan(s.warningLevelM);
      if (s.id === 'town') for (const p of peaks) expect(series.values[p]).toBeGreaterThan(s.warningLevelM);
      // the first flood starts rising within the first 6 hours (the checks run 6 simulated hours)
      expect(series.values[6] - series.values[0]).toBeGreaterThan(1);
      const r = raw.features.find((f: { properties: { id: string } }) => f.properties.id === s.id).properties.rating;
      expect(r.a).toBeGreaterThan(0);
      expect(r.b).toBeGreaterThan(1);
      expect(r.h0).toBeLessThan(series.values[0]);
    }
    // the river falls downstream at every hour
    const recs = stations.map((s) => readGaugeFile(text(data(twin, s.record!)), s.record!).values);
    for (let h = 0; h <= 240; h++) {
      expect(recs[0][h]).toBeGreaterThan(recs[1][h]);
      expect(recs[1][h]).toBeGreaterThan(recs[2][h]);
    }
  });

  it('has layers the project readers accept, inside the twin, meeting the minimums (default)', () => {
    const opts = {};
    const buildings = readLayer('buildings', text(data(twin, 'buildings.geojson')), 'buildings.geojson', opts);
    const roads = readLayer('roads', text(data(twin, 'roads.geojson')), 'roads.geojson', opts);
    const shelters = readLayer('shelters', text(data(twin, 'shelters.geojson')), 'shelters.geojson', opts);
    const facilities = readLayer('facilities', text(data(twin, 'facilities.geojson')), 'facilities.geojson', opts);
    const { xmin, ymin, xmax, ymax } = manifest.extent;
    const inside = (x: number, y: number) => x >= xmin && x <= xmax && y >= ymin && y <= ymax;
    for (const b of buildings) {
      for (let k = 0; k < b.ring.length; k += 2) expect(inside(b.ring[k], b.ring[k + 1])).toBe(true);
      expect(b.population).toBeGreaterThanOrEqual(0);
    }
    for (const s of [...shelters, ...facilities]) expect(inside(s.x, s.y)).toBe(true);
    expect(buildings.reduce((a, b) => a + b.population, 0)).toBe(manifest.counts.population);
    expect(facilities.map((f) => f.kind)).toEqual(expect.arrayContaining(['hospital', 'school', 'substation']));
    if (twin === 'default') {
      expect(buildings.length).toBeGreaterThanOrEqual(2000);
      expect(roads.length).toBeGreaterThanOrEqual(1500);
      expect(shelters.length).toBeGreaterThanOrEqual(8);
      expect(shelters.every((s) => s.capacity > 0)).toBe(true);
      expect(new Set(shelters.map((s) => s.kind))).toEqual(new Set(['school', 'park', 'stadium']));
      expect(facilities.map((f) => f.kind)).toContain('fire_station');
    }
    // coordinates are written with at most 7 decimals
    const raw = text(data(twin, 'roads.geojson'));
    expect(/\d\.\d{8,}/.test(raw)).toBe(false);
  });

  it('has a storm sewer network that parses, slopes to gated outfalls in the river, and pumps the polder over the levee', async () => {
    const m = readSwmmInp(text(data(twin, 'network.inp')), 'network.inp');
    expect(() => validateSwmmInp(m, 'network.inp')).not.toThrow();
    const dem = await tif(data(twin, 'dem.tif'));
    const lu = await tif(data(twin, 'landuse.tif'));
    expect(m.options.flowUnits).toBe('CMS');
    expect(m.options.flowRouting).toBe('DYNWAVE');
    if (twin === 'default') expect(m.conduits.length).toBeGreaterThanOrEqual(300);
    const xy = new Map(m.coordinates.map((c) => [c.node, c]));
    const invert = new Map<string, number>();
    for (const j of m.junctions) {
      const c = xy.get(j.name)!;
      const ground = at(dem, c.x, c.y);
      // rim at the DEM ground, invert below it; the inlet is a street cell
      expect(j.invert + j.maxDepth).toBeCloseTo(ground, 2);
      expect(j.invert).toBeLessThan(ground - 1);
      expect(at(lu, c.x, c.y)).toBe(2);
      invert.set(j.name, j.invert);
    }
    for (const o of m.outfalls) {
      expect(o.gated).toBe(true);
      const c = xy.get(o.name)!;
      expect(at(lu, c.x, c.y)).toBe(1); // at the river's edge, in the channel
      invert.set(o.name, o.invert);
    }
    for (const s of m.storage) invert.set(s.name, s.invert);
    const down = new Map<string, string>();
    for (const c of m.conduits) {
      const off = c.inOffset ?? 0;
      expect(invert.get(c.from)! + off, c.name).toBeGreaterThan(invert.get(c.to)!);
      down.set(c.from, c.to);
    }
    // every junction drains to an outfall or to the wet well (no loops)
    const sinks = new Set([...m.outfalls.map((o) => o.name), ...m.storage.map((s) => s.name)]);
    for (const j of m.junctions) {
      let n = j.name;
      for (let step = 0; step < 10_000 && !sinks.has(n); step++) n = down.get(n)!;
      expect(sinks.has(n), j.name).toBe(true);
    }
    expect(m.pumps.length).toBe(1);
    const p = m.pumps[0];
    expect(m.storage.map((s) => s.name)).toContain(p.from);
    const curve = m.curves.find((c) => c.name === p.curve)!;
    expect(curve.type).toBe('PUMP3');
    const pumpOut = m.outfalls.find((o) => o.name === p.to)!;
    const wellXy = xy.get(p.from)!;
    // the pump lifts to above the levee's design level (guaranteed level at the town gauge)
    const town = readLayer('gauges', text(data(twin, 'gauges.geojson')), 'g').find((g) => g.id === 'town')!;
    expect(pumpOut.invert).toBeGreaterThan(town.guaranteedLevelM);
    expect(at(dem, wellXy.x, wellXy.y)).toBeLessThan(town.guaranteedLevelM);
  });

  it('protects the old town with a levee that holds the second peak and is overtopped by the third', async () => {
    // priority flood from the river: the lowest level at which river water reaches the pump pocket
    const dem = await tif(data(twin, 'dem.tif'));
    const lu = await tif(data(twin, 'landuse.tif'));
    const m = readSwmmInp(text(data(twin, 'network.inp')), 'network.inp');
    const well = m.coordinates.find((c) => c.node === 'PS1')!;
    const target = cellAt(dem, well.x, well.y)!;
    const { ncols, nrows } = dem;
    const level = new Float32Array(ncols * nrows).fill(Infinity);
    const heap: number[] = [];
    const key = (k: number) => level[k];
    const push = (k: number) => {
      heap.push(k);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (key(heap[p]) <= key(heap[i])) break;
        [heap[p], heap[i]] = [heap[i], heap[p]];
        i = p;
      }
    };
    const pop = () => {
      const top = heap[0];
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          let s = i;
          if (l < heap.length && key(heap[l]) < key(heap[s])) s = l;
          if (l + 1 < heap.length && key(heap[l + 1]) < key(heap[s])) s = l + 1;
          if (s === i) break;
          [heap[s], heap[i]] = [heap[i], heap[s]];
          i = s;
        }
      }
      return top;
    };
    for (let k = 0; k < ncols * nrows; k++) {
      if (lu.values[k] === 1) {
        level[k] = dem.values[k];
        push(k);
      }
    }
    const goal = target[1] * ncols + target[0];
    const done = new Uint8Array(ncols * nrows);
    while (heap.length) {
      const k = pop();
      if (done[k]) continue;
      done[k] = 1;
      if (k === goal) break;
      const c = k % ncols;
      const r = (k - c) / ncols;
      for (const [dc, dr] of [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ]) {
        const cc = c + dc;
        const rr = r + dr;
        if (cc < 0 || rr < 0 || cc >= ncols || rr >= nrows) continue;
        const n = rr * ncols + cc;
        const lv = Math.max(level[k], dem.values[n]);
        if (lv < level[n]) {
          level[n] = lv;
          push(n);
        }
      }
    }
    const spill = level[goal];
    const town = readGaugeFile(text(data(twin, 'gauge_town.csv')), 'gauge_town.csv').values;
    const peaks = floodPeaks(town).map((p) => town[p]);
    expect(spill).toBeGreaterThan(peaks[1]);
    expect(spill).toBeLessThan(peaks[2]);
    expect(dem.values[goal]).toBeLessThan(peaks[0]); // the pocket lies below even the first peak
  });
});

describe('twin internals', () => {
  it('cuts streets 0.15 m below the terrain (kerbs), but not the levee', async () => {
    const { buildTwinGrids, cellX, cellY, KERB_M } = await import('../../src/data/twinGrids.ts');
    const { sample, site, Zone } = await import('../../src/data/terrain.ts');
    const spec = { id: 't', x0: 2600, y0: 900, x1: 3400, y1: 1700, cellSize: 10 };
    const g = buildTwinGrids(spec);
    let streets = 0;
    for (let r = 0; r < g.dem.nrows; r++) {
      for (let c = 0; c < g.dem.ncols; c++) {
        const k = r * g.dem.ncols + c;
        sample(cellX(spec, c), cellY(spec, r, g.dem.nrows));
        const cut = g.street[k] ? KERB_M : 0;
        if (g.street[k]) {
          streets++;
          expect(site.zone).not.toBe(Zone.LEVEE);
        }
        expect(g.dem.values[k]).toBeCloseTo(site.z - cut, 4);
      }
    }
    expect(streets).toBeGreaterThan(500);
  });

  it('designs the 50-year Chicago storm: 139.7 mm in 2 h, peak 340 mm/h at 48 min', async () => {
    const { chicagoSeries } = await import('../../src/data/scenarios.ts');
    const s = chicagoSeries();
    // hand calculation (Suzhou set): a = 17.969·(1 + 1.24·lg 50) = 55.825 mm/min;
    // depth = T·a/(T + b)^n = 120·55.825/138.415^0.785 = 120·55.825/47.95 = 139.7 mm
    const depthMm = seriesIntegral(s, 0, 7200) / 3600;
    expect(depthMm).toBeGreaterThan(139.7 * 0.99);
    expect(depthMm).toBeLessThan(139.7 * 1.015);
    // peak a/b^n = 55.825/18.415^0.785 = 55.825/9.841 = 5.673 mm/min = 340.4 mm/h at r·T = 48 min
    expect(seriesAt(s, 48 * 60)).toBeCloseTo(340.4, 0);
    expect(seriesAt(s, 8000)).toBe(0);
  });
});

describe('committed scenarios', () => {
  for (const name of ['river-flood', 'rainstorm', 'small-river-flood', 'small-rainstorm']) {
    it(`${name}.json validates, names existing files, and its points lie in the river`, async () => {
      const file = join(ROOT, 'scenarios', `${name}.json`);
      const sc = loadScenario(text(file), file).scenario;
      const dir = dirname(file);
      for (const p of [sc.dem, sc.manning, sc.initialWaterLevel, sc.twin])
        expect(existsSync(resolve(dir, String(p))), String(p)).toBe(true);
      const dem = await tif(resolve(dir, sc.dem));
      const init = await tif(resolve(dir, String(sc.initialWaterLevel)));
      for (const id of ['upstream', 'town', 'downstream']) {
        const p = sc.outputs.points.find((q) => q.id === id)!;
        expect(at(init, p.x, p.y) - at(dem, p.x, p.y), id).toBeGreaterThan(1); // wet at the start
      }
      const line = sc.inflows[0].line!;
      // the inflow goes into water, not onto the dry banks (that made the 5 m run unstable)
      for (const [x, y] of line) expect(at(init, x, y) - at(dem, x, y)).toBeGreaterThan(0);
      expect(line[0][0] - dem.xll).toBeLessThan(2 * dem.cellSize); // at the upstream (west) edge
      if (name.endsWith('river-flood')) {
        const twin = name.startsWith('small') ? 'small' : 'default';
        const raw = JSON.parse(text(data(twin, 'gauges.geojson')));
        const r = raw.features[0].properties.rating;
        const up = readGaugeFile(text(data(twin, 'gauge_upstream.csv')), 'up').values;
        // the inflow is the upstream record through its rating curve, hour by hour
        sc.inflows[0].hydrograph.forEach(([t, q], h) => {
          expect(t).toBe(h * 3600);
          expect(q).toBeCloseTo(r.a * Math.pow(up[h] - r.h0, r.b), 0);
        });
        expect(sc.durationS).toBe(240 * 3600);
        const east = sc.edges.east as { stage: [number, number][] };
        expect(east.stage.length).toBe(241);
      } else {
        expect(sc.rain?.source).toMatch(/Suzhou/);
        const dr = drainageSchema.parse(sc.drainage);
        expect(dr.network).toMatch(/network\.inp$/);
        expect(dr.outfallMode).toBe('grid');
        expect(existsSync(resolve(dir, (sc.drainage as { network: string }).network))).toBe(true);
      }
    });
  }
});
