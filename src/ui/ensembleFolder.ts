/**
 * Opening a merged ensemble folder from the page (`?ensemble=<folder>`): its index.json, its zoning
 * maps and its buildings' expected annual damage, all fetched from the page's own origin
 * (sameOriginUrl) and checked: every map must lie on the scenario's DEM grid, or the error says which
 * file and what differs.
 */
import type { Grid } from '../core/grid.ts';
import { InputError } from '../core/errors.ts';
import { MERGED_INDEX_FILE, type MergedIndex, type MergedMap, parseMergedIndex } from '../ensemble/mergedIndex.ts';
import { readGrid } from '../io/readGrid.ts';
import { sameOriginUrl } from '../io/sameOrigin.ts';
import type { RiskPoint } from '../scene/ensembleLayers.ts';

export interface EnsembleFolder {
  /** the folder's URL, ending in "/" */
  url: URL;
  index: MergedIndex;
  /** the report's URL (same origin) */
  reportUrl: URL;
  /** the map's grid, read once */
  grid(m: MergedMap): Promise<Grid>;
  /** the buildings' expected annual damage at their doors ([] when the merge wrote none) */
  riskPoints(): Promise<RiskPoint[]>;
}

async function fetchOk(url: URL, file: string): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(url);
  } catch (e) {
    throw new InputError(`could not be read (${(e as Error).message})`, { file });
  }
  if (!r.ok) throw new InputError(`could not be read (HTTP ${r.status})`, { file });
  return r;
}

/** Opens the merged folder `ref` (relative to `base`, the app's root) on the DEM `dem`. */
export async function openEnsembleFolder(ref: string, base: URL, dem: Grid): Promise<EnsembleFolder> {
  const url = sameOriginUrl(ref.endsWith('/') ? ref : `${ref}/`, base, '?ensemble=');
  const indexName = `${ref.replace(/\/$/, '')}/${MERGED_INDEX_FILE}`;
  const text = await (await fetchOk(new URL(MERGED_INDEX_FILE, url), indexName)).text();
  const index = parseMergedIndex(text, indexName);
  const grids = new Map<string, Promise<Grid>>();
  const readMap = async (m: MergedMap): Promise<Grid> => {
    const bytes = new Uint8Array(await (await fetchOk(new URL(m.file, url), m.file)).arrayBuffer());
    const g = await readGrid(bytes, m.file);
    checkOnDem(g, dem, m.file);
    return g;
  };
  return {
    url,
    index,
    reportUrl: new URL(index.report, url),
    grid(m) {
      let g = grids.get(m.file);
      if (!g) {
        g = readMap(m);
        grids.set(m.file, g);
      }
      return g;
    },
    async riskPoints() {
      if (!index.buildings) return [];
      const r = await fetchOk(new URL(index.buildings, url), index.buildings);
      return riskPointsOf(await r.json(), index.buildings);
    },
  };
}

/** A map must share the DEM's grid: same size, cell and lower-left corner (to a millimetre). */
function checkOnDem(g: Grid, dem: Grid, file: string): void {
  const same =
    g.ncols === dem.ncols &&
    g.nrows === dem.nrows &&
    Math.abs(g.cellSize - dem.cellSize) < 1e-3 &&
    Math.abs(g.xll - dem.xll) < 1e-3 &&
    Math.abs(g.yll - dem.yll) < 1e-3;
  if (!same)
    throw new InputError(
      `is ${g.ncols}×${g.nrows} cells of ${g.cellSize} m from (${g.xll}, ${g.yll}), the scenario's DEM ${dem.ncols}×${dem.nrows} of ${dem.cellSize} m from (${dem.xll}, ${dem.yll}): open the page with the ensemble's base scenario (?scenario=…&ensemble=…)`,
      { file },
    );
}

/** The buildings' points and EAD from the merge's buildings.geojson; a bad feature names its index. */
export function riskPointsOf(json: unknown, file: string): RiskPoint[] {
  const features = (json as { features?: unknown })?.features;
  if (!Array.isArray(features)) throw new InputError('expected a GeoJSON FeatureCollection', { file });
  return features.map((f, i) => {
    const c = (f as { geometry?: { coordinates?: unknown } })?.geometry?.coordinates;
    const ead = (f as { properties?: { ead?: unknown } })?.properties?.ead;
    if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number' || typeof ead !== 'number')
      throw new InputError('expected a Point with properties.ead (a number)', { file, field: `features[${i}]` });
    return { x: c[0], y: c[1], ead };
  });
}
