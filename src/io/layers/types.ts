/**
 * The layer objects the engines and the scene use, in map coordinates (the target CRS, metres).
 * Properties follow docs/CONVENTIONS.md ("GeoJSON layer properties").
 */

export const BUILDING_USES = ['residential', 'commercial', 'industrial', 'public'] as const;
export type BuildingUse = (typeof BUILDING_USES)[number];

export const ROAD_CLASSES = [
  'motorway',
  'primary',
  'secondary',
  'tertiary',
  'residential',
  'service',
  'footway',
] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

export const SHELTER_KINDS = ['school', 'park', 'stadium', 'public'] as const;
export type ShelterKind = (typeof SHELTER_KINDS)[number];

export const FACILITY_KINDS = ['hospital', 'school', 'substation', 'fire_station', 'clinic', 'market'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export interface Building {
  id: string;
  /** outer ring as x,y pairs, closed (first point repeated last), counter-clockwise */
  ring: Float64Array;
  heightM: number;
  floors: number;
  population: number;
  use: BuildingUse;
  name?: string;
  nameZh?: string;
}

export interface Road {
  id: string;
  /** polyline as x,y pairs in the direction of travel for one-way roads */
  coords: Float64Array;
  cls: RoadClass;
  lanes: number;
  speedKmh: number;
  oneway: boolean;
  name?: string;
}

export interface Shelter {
  id: string;
  x: number;
  y: number;
  name: string;
  nameZh: string;
  /** people */
  capacity: number;
  kind: ShelterKind;
}

export interface Facility {
  id: string;
  x: number;
  y: number;
  name: string;
  nameZh: string;
  kind: FacilityKind;
}

export interface GaugeStation {
  id: string;
  x: number;
  y: number;
  name: string;
  nameZh: string;
  /** 警戒水位: warning stage, m above `datum` */
  warningLevelM: number;
  /** 保证水位: guaranteed (design-safe) stage, m above `datum` */
  guaranteedLevelM: number;
  datum: string;
  /** file name of its record (CSV), when given */
  record?: string;
}

/** Storey height used to turn floors into a height and back (CONVENTIONS: 3 m a floor). */
export const FLOOR_HEIGHT_M = 3;
/** Floor area per resident used when a residential building has no population (m² a person). */
export const FLOOR_AREA_PER_PERSON_M2 = 35;

/** Default lanes and free-flow speed by road class (urban Chinese design speeds, CJJ 37-2012). */
export const ROAD_DEFAULTS: Record<RoadClass, { lanes: number; speedKmh: number }> = {
  motorway: { lanes: 2, speedKmh: 80 },
  primary: { lanes: 2, speedKmh: 60 },
  secondary: { lanes: 2, speedKmh: 40 },
  tertiary: { lanes: 1, speedKmh: 30 },
  residential: { lanes: 1, speedKmh: 20 },
  service: { lanes: 1, speedKmh: 15 },
  footway: { lanes: 1, speedKmh: 5 },
};
