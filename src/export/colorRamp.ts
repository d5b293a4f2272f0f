/**
 * Colours of water depth and flood hazard, shared by the water shader (as generated GLSL) and the
 * legends, so the map and its key cannot disagree. Depth ramp: light cyan for shallow water to deep
 * indigo. Hazard: the UK FD2320 / DEFRA classes of the hazard rating HR = d·(v + 0.5) + DF from
 * depth AND speed, computed per cell with the same functions as the scenario metrics
 * (workers/analysis/hazardRating.ts), so the map and the metrics table cannot disagree either.
 */
import { hazardClassIndex, hazardRating } from '../../workers/analysis/hazardRating.ts';

/** depth below which a cell is drawn dry (m) */
export const DRY_DEPTH_M = 0.02;

export interface RampStop {
  depthM: number;
  rgb: [number, number, number];
}

export const DEPTH_RAMP: RampStop[] = [
  { depthM: 0.02, rgb: [150, 215, 245] },
  { depthM: 0.3, rgb: [70, 160, 230] },
  { depthM: 0.5, rgb: [35, 115, 210] },
  { depthM: 1.0, rgb: [25, 75, 175] },
  { depthM: 2.0, rgb: [20, 40, 130] },
  { depthM: 4.0, rgb: [30, 15, 85] },
];

export interface HazardClass {
  /** FD2320 class name, as in the metrics (workers/analysis/hazardRating.ts HAZARD_CLASSES) */
  name: 'low' | 'moderate' | 'significant' | 'extreme';
  /** HR range of the class: from ≤ HR < upTo (significant includes 2.0, as hazardClassIndex does) */
  fromHR: number;
  upToHR: number;
  rgb: [number, number, number];
  note: string;
}

/** In hazardClassIndex order (0 low … 3 extreme). */
export const HAZARD_CLASSES: HazardClass[] = [
  { name: 'low', fromHR: 0, upToHR: 0.75, rgb: [120, 200, 90], note: 'caution' },
  {
    name: 'moderate',
    fromHR: 0.75,
    upToHR: 1.25,
    rgb: [240, 200, 60],
    note: 'danger for some (children, the elderly)',
  },
  { name: 'significant', fromHR: 1.25, upToHR: 2.0, rgb: [235, 110, 40], note: 'danger for most people' },
  { name: 'extreme', fromHR: 2.0, upToHR: Infinity, rgb: [170, 20, 60], note: 'danger for all' },
];

/** FD2320 hazard class (0–3) of depth d (m) and speed v (m/s): the metrics' own functions. */
export function hazardClassOf(d: number, v: number): 0 | 1 | 2 | 3 {
  return hazardClassIndex(hazardRating(d, v > 0 ? v : 0));
}

export function hazardClass(d: number, v: number): HazardClass {
  return HAZARD_CLASSES[hazardClassOf(d, v)];
}

/**
 * Hazard class per cell into `out` (as floats 0–3, a vertex attribute): depth and speed grids in
 * grid order; no speed (or NaN) counts as still water. No allocation.
 */
export function hazardClassesInto(
  depth: Float32Array,
  speed: Float32Array | null | undefined,
  out: Float32Array,
): Float32Array {
  const n = depth.length;
  for (let i = 0; i < n; i++) {
    const d = depth[i];
    if (!(d > 0)) {
      out[i] = 0;
      continue;
    }
    const v = speed ? speed[i] : 0;
    out[i] = hazardClassIndex(hazardRating(d, v > 0 ? v : 0));
  }
  return out;
}

/** Depth ramp colour (0–255 RGB), piecewise linear, held at the ends. */
export function depthColor(d: number): [number, number, number] {
  const s = DEPTH_RAMP;
  if (d <= s[0].depthM) return [...s[0].rgb];
  for (let i = 1; i < s.length; i++) {
    if (d <= s[i].depthM) {
      const t = (d - s[i - 1].depthM) / (s[i].depthM - s[i - 1].depthM);
      const a = s[i - 1].rgb,
        b = s[i].rgb;
      return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * t)) as [number, number, number];
    }
  }
  return [...s[s.length - 1].rgb];
}

export const rgbCss = ([r, g, b]: [number, number, number]) => `rgb(${r},${g},${b})`;

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '1.0e9');
const vec3 = (c: [number, number, number]) => `vec3(${f(c[0] / 255)}, ${f(c[1] / 255)}, ${f(c[2] / 255)})`;

/**
 * GLSL functions `vec3 depthRamp(float d)` and `vec3 hazardRamp(float c)` matching the tables
 * (c: the hazard class index 0–3 from hazardClassesInto, rounded to the nearest class).
 */
export function rampGlsl(): string {
  const s = DEPTH_RAMP;
  let ramp = `vec3 depthRamp(float d) {\n  if (d <= ${f(s[0].depthM)}) return ${vec3(s[0].rgb)};\n`;
  for (let i = 1; i < s.length; i++) {
    ramp += `  if (d <= ${f(s[i].depthM)}) return mix(${vec3(s[i - 1].rgb)}, ${vec3(s[i].rgb)}, (d - ${f(s[i - 1].depthM)}) / ${f(s[i].depthM - s[i - 1].depthM)});\n`;
  }
  ramp += `  return ${vec3(s[s.length - 1].rgb)};\n}\n`;
  let hz = 'vec3 hazardRamp(float c) {\n';
  for (let k = 0; k < HAZARD_CLASSES.length - 1; k++)
    hz += `  if (c < ${f(k + 0.5)}) return ${vec3(HAZARD_CLASSES[k].rgb)};\n`;
  hz += `  return ${vec3(HAZARD_CLASSES[HAZARD_CLASSES.length - 1].rgb)};\n}\n`;
  return ramp + hz;
}
