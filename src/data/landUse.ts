/**
 * Land-use classes of the twin and their Manning n (s·m^-1/3). Values from the usual tables for
 * 2D urban flood models (Chow 1959 open-channel values; roads and paved ~0.015; built blocks
 * treated as rough ground, 0.05–0.06, where buildings are not cut out of the DEM; forest 0.10).
 */
import { Zone } from './terrain.ts';

export interface LandUseClass {
  code: number;
  name: string;
  nameZh: string;
  manningN: number;
}

export const LAND_USE: readonly LandUseClass[] = [
  { code: 1, name: 'river', nameZh: '河道', manningN: 0.035 },
  { code: 2, name: 'road', nameZh: '道路', manningN: 0.015 },
  { code: 3, name: 'dense urban', nameZh: '高密度城区', manningN: 0.05 },
  { code: 4, name: 'old town', nameZh: '老城区', manningN: 0.06 },
  { code: 5, name: 'residential', nameZh: '居住区', manningN: 0.045 },
  { code: 6, name: 'park / green', nameZh: '公园绿地', manningN: 0.035 },
  { code: 7, name: 'forest', nameZh: '林地', manningN: 0.1 },
  { code: 8, name: 'levee and riverbank grass', nameZh: '堤防与河岸草地', manningN: 0.03 },
];

export const LU = { RIVER: 1, ROAD: 2, DENSE: 3, OLD: 4, RESIDENTIAL: 5, PARK: 6, FOREST: 7, BANK: 8 } as const;

export function manningOf(code: number): number {
  for (const c of LAND_USE) if (c.code === code) return c.manningN;
  return 0.05;
}

/** Land use of a cell from its zone (roads and parks are painted on top). */
export function landUseOfZone(zone: number): number {
  switch (zone) {
    case Zone.RIVER:
      return LU.RIVER;
    case Zone.BANK:
    case Zone.LEVEE:
      return LU.BANK;
    case Zone.OLD_TOWN:
      return LU.OLD;
    case Zone.SCARP:
      return LU.PARK;
    case Zone.CENTRE:
      return LU.DENSE;
    case Zone.SUBURB:
      return LU.RESIDENTIAL;
    default:
      return LU.FOREST;
  }
}
