/**
 * Opening a merged folder as the page does (src/ui/ensembleFolder.ts), with fetch answered from
 * memory: a map on the scenario's grid is read back cell for cell, a map on another grid is refused
 * naming the file and both grids, a 404 names index.json, and a bad buildings feature names its index.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeGrid } from '../../src/core/grid.ts';
import { writeGridFile } from '../../src/io/readGrid.ts';
import { openEnsembleFolder, riskPointsOf } from '../../src/ui/ensembleFolder.ts';

const BASE = new URL('http://app.local/');
const dem = makeGrid(4, 3, 5, 1000, 2000);
const zones = makeGrid(4, 3, 5, 1000, 2000);
zones.values.set([0, 1, 2, 3, 3, 2, 1, 0, 0, 0, 3, 3]);
const shifted = makeGrid(4, 3, 5, 1010, 2000);
const index = {
  version: 1,
  ensemble: 'test',
  members: 2,
  zoningDepthM: 0.15,
  maps: [
    { file: 'prevention_zone.tif', kind: 'prevention' },
    { file: 'max_depth_T10.tif', kind: 'maxDepth', returnPeriodYears: 10 },
  ],
  report: 'zoning_report.html',
};

function serve(files: Record<string, Uint8Array | string>): void {
  vi.stubGlobal('fetch', async (u: URL | string) => {
    const path = new URL(u).pathname;
    const body = files[path];
    return body === undefined ? new Response('no', { status: 404 }) : new Response(body as BodyInit);
  });
}
afterEach(() => vi.unstubAllGlobals());

describe('a merged folder in the page', () => {
  it('reads the maps that lie on the DEM and refuses one that does not', async () => {
    serve({
      '/ens/merged/index.json': JSON.stringify(index),
      '/ens/merged/prevention_zone.tif': writeGridFile(zones, 'prevention_zone.tif'),
      '/ens/merged/max_depth_T10.tif': writeGridFile(shifted, 'max_depth_T10.tif'),
    });
    const f = await openEnsembleFolder('ens/merged', BASE, dem);
    expect(f.reportUrl.href).toBe('http://app.local/ens/merged/zoning_report.html');
    expect(Array.from((await f.grid(f.index.maps[0])).values)).toEqual(Array.from(zones.values));
    await expect(f.grid(f.index.maps[1])).rejects.toThrow(
      /max_depth_T10\.tif: is 4×3 cells of 5 m from \(1010, 2000\), the scenario's DEM 4×3 of 5 m from \(1000, 2000\)/,
    );
  });

  it('names index.json when the folder has none, and refuses another origin', async () => {
    serve({});
    await expect(openEnsembleFolder('ens/none', BASE, dem)).rejects.toThrow(/ens\/none\/index\.json: .*HTTP 404/);
    await expect(openEnsembleFolder('//evil.example/m', BASE, dem)).rejects.toThrow(/another origin/);
  });

  it("reads the buildings' EAD points and names a bad feature", () => {
    const fc = (p: unknown) => ({ type: 'FeatureCollection', features: [p] });
    expect(riskPointsOf(fc({ geometry: { coordinates: [1, 2] }, properties: { ead: 5 } }), 'b.geojson')).toEqual([
      { x: 1, y: 2, ead: 5 },
    ]);
    expect(() => riskPointsOf(fc({ geometry: { coordinates: [1, 2] }, properties: {} }), 'b.geojson')).toThrow(
      /b\.geojson, field features\[0\]: expected a Point with properties\.ead/,
    );
  });
});
