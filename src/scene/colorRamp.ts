/**
 * Colours of water depth, shared by the water shader (as generated GLSL) and the legends, so the
 * map and its key cannot disagree. Depth ramp: light cyan for shallow water to deep indigo.
 * Hazard classes: the Australian Rainfall and Runoff depth limits H1–H6 (0.3, 0.5, 1.2, 2.0, 4.0 m)
 * with speed taken as zero, since depth frames carry no velocity.
 */

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
  name: string;
  upToM: number;
  rgb: [number, number, number];
  note: string;
}

export const HAZARD_CLASSES: HazardClass[] = [
  { name: 'H1', upToM: 0.3, rgb: [120, 200, 90], note: 'generally safe' },
  { name: 'H2', upToM: 0.5, rgb: [230, 220, 70], note: 'unsafe for small vehicles' },
  { name: 'H3', upToM: 1.2, rgb: [245, 165, 50], note: 'unsafe for vehicles, children, elderly' },
  { name: 'H4', upToM: 2.0, rgb: [230, 90, 40], note: 'unsafe for people and vehicles' },
  { name: 'H5', upToM: 4.0, rgb: [200, 30, 40], note: 'buildings vulnerable to damage' },
  { name: 'H6', upToM: Infinity, rgb: [120, 0, 60], note: 'all building types vulnerable' },
];

/** Depth ramp colour (0–255 RGB), piecewise linear, held at the ends. */
export function depthColor(d: number): [number, number, number] {
  const s = DEPTH_RAMP;
  if (d <= s[0].depthM) return [...s[0].rgb];
  for (let i = 1; i < s.length; i++) {
    if (d <= s[i].depthM) {
      const t = (d - s[i - 1].depthM) / (s[i].depthM - s[i - 1].depthM);
      const a = s[i - 1].rgb, b = s[i].rgb;
      return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * t)) as [number, number, number];
    }
  }
  return [...s[s.length - 1].rgb];
}

export function hazardClass(d: number): HazardClass {
  for (const h of HAZARD_CLASSES) if (d < h.upToM) return h;
  return HAZARD_CLASSES[HAZARD_CLASSES.length - 1];
}

export const rgbCss = ([r, g, b]: [number, number, number]) => `rgb(${r},${g},${b})`;

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '1.0e9');
const vec3 = (c: [number, number, number]) => `vec3(${f(c[0] / 255)}, ${f(c[1] / 255)}, ${f(c[2] / 255)})`;

/** GLSL functions `vec3 depthRamp(float d)` and `vec3 hazardRamp(float d)` matching the tables. */
export function rampGlsl(): string {
  const s = DEPTH_RAMP;
  let ramp = `vec3 depthRamp(float d) {\n  if (d <= ${f(s[0].depthM)}) return ${vec3(s[0].rgb)};\n`;
  for (let i = 1; i < s.length; i++) {
    ramp += `  if (d <= ${f(s[i].depthM)}) return mix(${vec3(s[i - 1].rgb)}, ${vec3(s[i].rgb)}, (d - ${f(s[i - 1].depthM)}) / ${f(s[i].depthM - s[i - 1].depthM)});\n`;
  }
  ramp += `  return ${vec3(s[s.length - 1].rgb)};\n}\n`;
  let hz = 'vec3 hazardRamp(float d) {\n';
  for (const h of HAZARD_CLASSES) hz += `  if (d < ${f(h.upToM)}) return ${vec3(h.rgb)};\n`;
  hz += `  return ${vec3(HAZARD_CLASSES[HAZARD_CLASSES.length - 1].rgb)};\n}\n`;
  return ramp + hz;
}
