/**
 * Everything the sand table draws, read once from the small twin (data/small) and turned into
 * typed arrays: ground heights and colours on the cell grid, buildings, roads, shelters, the
 * district outline and the old-town flood wall of scenarios/levee-b.json.
 */
import { readGrid } from '../../../io/readGrid.ts';
import { loadTwinLayers } from '../../../sim/twinLayers.ts';
import type { Building, Shelter } from '../../../io/layers/types.ts';
import { readerFor, readRepoFile } from '../liveRun.ts';
import { cellGrid, EXAGGERATION, filledGround, tableFrame, type TableFrame } from './tableGrid.ts';
import { hillshade, terrainColours } from './terrainColours.ts';
import { extrudeBuildings, roadSegments, wallStrip, type BuildingMesh } from './layerMeshes.ts';

export interface TableData {
  frame: TableFrame;
  /** ground level per cell (m), nodata filled */
  ground: Float32Array;
  xz: Float32Array;
  index: Uint32Array;
  colours: Float32Array;
  buildings: Building[];
  buildingMesh: BuildingMesh;
  roads: Float32Array;
  shelters: Shelter[];
  wall: Float32Array;
  /** water depth at rest (the river at its initial level, data/small/initial_level.tif) */
  restDepth: Float32Array;
  /** the twin's name in both languages */
  name: { zh: string; en: string };
}

const SCENARIO = 'scenarios/small-rainstorm.json';
const TWIN = 'data/small/twin.json';

export async function loadTable(): Promise<TableData> {
  const [demBytes, luBytes, twinBytes, wallBytes, levelBytes] = await Promise.all(
    [
      'data/small/dem.tif',
      'data/small/landuse.tif',
      TWIN,
      'scenarios/levee-b.json',
      'data/small/initial_level.tif',
    ].map(readRepoFile),
  );
  const dem = await readGrid(demBytes, 'data/small/dem.tif');
  const landuse = await readGrid(luBytes, 'data/small/landuse.tif').catch(() => null);
  const twin = JSON.parse(new TextDecoder().decode(twinBytes)) as { name: string; nameZh: string };
  const layers = await loadTwinLayers('../data/small/twin.json', readerFor(SCENARIO), SCENARIO);
  const level = await readGrid(levelBytes, 'data/small/initial_level.tif');
  const restDepth = Float32Array.from(dem.values, (z, k) => (level.values[k] > z ? level.values[k] - z : 0));
  const frame = tableFrame(dem, dem.values);
  const ground = filledGround(frame, dem.values);
  const { xz, index } = cellGrid(frame);
  const shade = hillshade(ground, dem.ncols, dem.nrows, dem.cellSize, EXAGGERATION);
  const colours = terrainColours(
    shade,
    landuse && landuse.ncols === dem.ncols && landuse.nrows === dem.nrows ? landuse.values : null,
  );
  const wallIv = (
    JSON.parse(new TextDecoder().decode(wallBytes)).interventions as {
      kind: string;
      line: [number, number][];
      crestM: number;
    }[]
  ).find((x) => x.kind === 'floodWall');
  return {
    frame,
    ground,
    xz,
    index,
    colours,
    buildings: layers.buildings,
    buildingMesh: extrudeBuildings(frame, ground, layers.buildings),
    roads: roadSegments(frame, ground, layers.roads),
    shelters: layers.shelters,
    wall: wallIv ? wallStrip(frame, ground, wallIv.line, wallIv.crestM) : new Float32Array(0),
    restDepth,
    name: { zh: twin.nameZh, en: twin.name },
  };
}
