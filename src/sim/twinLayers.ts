/**
 * The twin's vector layers (buildings, roads, shelters, facilities, gauge stations), read from the
 * manifest a scenario names (`"twin": "../data/default/twin.json"`) and projected into the DEM's
 * CRS. Host-agnostic: the CLI reads from disk, the page fetches; both pass `read`.
 */
import { InputError } from '../core/errors.ts';
import { readBuildings, readFacilities, readGaugeStations, readRoads, readShelters } from '../io/layers/index.ts';
import type { Building, Facility, GaugeStation, Road, Shelter } from '../io/layers/types.ts';
import type { ReadFile } from './prepareRun.ts';

export interface TwinLayers {
  name: string;
  epsg: number;
  /** the manifest's folder, as the host's `read` sees it */
  dir: string;
  buildings: Building[];
  roads: Road[];
  shelters: Shelter[];
  facilities: Facility[];
  gauges: GaugeStation[];
}

/** Reads the layers named by the twin manifest at `twinPath` (relative to the scenario). */
export async function loadTwinLayers(twinPath: string, read: ReadFile, scenarioFile: string): Promise<TwinLayers> {
  const text = async (rel: string, what: string): Promise<string> => {
    try {
      return new TextDecoder().decode(await read(rel));
    } catch (e) {
      throw new InputError(`cannot read the ${what} "${rel}": ${(e as Error).message}`, {
        file: scenarioFile,
        path: 'twin',
      });
    }
  };
  let manifest: { name?: string; crs?: { epsg?: number }; files?: Record<string, unknown> };
  try {
    manifest = JSON.parse(await text(twinPath, 'twin manifest'));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`the twin manifest is not valid JSON: ${(e as Error).message}`, { file: twinPath });
  }
  const epsg = manifest.crs?.epsg;
  if (typeof epsg !== 'number')
    throw new InputError('the manifest names no crs.epsg', { file: twinPath, path: 'crs.epsg' });
  const dir = twinPath.includes('/') ? twinPath.slice(0, twinPath.lastIndexOf('/')) : '';
  const files = manifest.files ?? {};
  const layer = async <T>(
    key: string,
    reader: (t: string, f: string, o: { targetCrs: number }) => T[],
  ): Promise<T[]> => {
    const f = files[key];
    if (typeof f !== 'string') return [];
    const rel = dir ? `${dir}/${f}` : f; // the host resolves '..' (path.resolve or URL)
    return reader(await text(rel, key), rel, { targetCrs: epsg });
  };
  return {
    name: manifest.name ?? twinPath,
    epsg,
    dir,
    buildings: await layer('buildings', readBuildings),
    roads: await layer('roads', readRoads),
    shelters: await layer('shelters', readShelters),
    facilities: await layer('facilities', readFacilities),
    gauges: await layer('gauges', readGaugeStations),
  };
}
