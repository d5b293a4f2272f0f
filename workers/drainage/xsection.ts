/**
 * Cross-section geometry as functions of the flow depth y (m): area A, top width T, wetted
 * perimeter P (hydraulic radius R = A/P). Closed shapes are capped at full depth (the solver adds a
 * Preissmann slot above the crown); open shapes continue with vertical walls above their full depth.
 * Allocation-free: results go to the module scratch `SEC`.
 */
import { acos, cbrt, pow, sin } from '../../src/core/detMath.ts';
import type { XSectionSpec } from './network.ts';
import type { ShapeTable } from './shapeTable.ts';
import { fullDepth, shapeTable } from './shapeTables.ts';
/** Gravity (m/s², standard) for every drainage computation: the one constant (the flood engine keeps 9.81). */
export const G = 9.80665;

export const SHAPE_CIRCULAR = 0;
export const SHAPE_RECT_CLOSED = 1;
export const SHAPE_RECT_OPEN = 2;
export const SHAPE_TRAPEZOIDAL = 3;
export const SHAPE_TRIANGULAR = 4;

export function shapeCode(name: string): number {
  switch (name) {
    case 'circular':
    case 'force_main':
      return SHAPE_CIRCULAR; // run with Manning's n like every conduit
    case 'rect_closed':
      return SHAPE_RECT_CLOSED;
    case 'rect_open':
      return SHAPE_RECT_OPEN;
    case 'trapezoidal':
      return SHAPE_TRAPEZOIDAL;
    case 'triangular':
      return SHAPE_TRIANGULAR;
    default:
      return -1;
  }
}

/** Codes from SHAPE_TABLE up name tabulated sections (`shapeTables.ts`), one per distinct geometry. */
export const SHAPE_TABLE = 100;
const TABLES: ShapeTable[] = [];
const TABLE_KEYS = new Map<string, number>();

/**
 * The shape code of a section (registering its table when it has one), or -1 for an unknown shape.
 * Tables are shared by equal geometries, so repeated runs do not grow the registry.
 */
export function sectionCode(xs: XSectionSpec): number {
  const code = shapeCode(xs.shape);
  if (code >= 0) return code;
  const key = JSON.stringify([xs.shape, xs.geom1, xs.geom2, xs.geom3, xs.geom4, xs.curve ?? null, xs.transect ?? null]);
  const known = TABLE_KEYS.get(key);
  if (known !== undefined) return known;
  const table = shapeTable(xs);
  if (!table) return -1;
  TABLES.push(table);
  TABLE_KEYS.set(key, SHAPE_TABLE + TABLES.length - 1);
  return SHAPE_TABLE + TABLES.length - 1;
}

/** The depth the solver treats as full (m): geom1, less a filled bottom. */
export function sectionFullDepth(xs: XSectionSpec): number {
  return fullDepth(xs);
}

export function isClosed(shape: number): boolean {
  if (shape >= SHAPE_TABLE) return TABLES[shape - SHAPE_TABLE].closed;
  return shape === SHAPE_CIRCULAR || shape === SHAPE_RECT_CLOSED;
}

// circular sections from a table of the unit circle (SWMM also tabulates its shapes): A/D², T/D, P/D
// at y/D = i/N, linear in between; exact at the nodes, within 0.1 % of the closed form elsewhere
const CIRC_N = 1024;
const CIRC_A = new Float64Array(CIRC_N + 1);
const CIRC_T = new Float64Array(CIRC_N + 1);
const CIRC_P = new Float64Array(CIRC_N + 1);
for (let i = 0; i <= CIRC_N; i++) {
  const f = i / CIRC_N;
  const theta = 2 * acos(1 - 2 * f);
  CIRC_A[i] = (theta - sin(theta)) / 8;
  CIRC_T[i] = i === CIRC_N ? 0 : sin(theta / 2);
  CIRC_P[i] = theta / 2;
}

/** Scratch results of `section`: area, top width, hydraulic radius. */
export const SEC = { a: 0, t: 0, r: 0 };

/** Fills SEC for depth y (m) in a section of full depth g1 and parameters g2..g4. */
export function section(shape: number, g1: number, g2: number, g3: number, g4: number, y: number): void {
  if (shape >= SHAPE_TABLE) {
    TABLES[shape - SHAPE_TABLE].fill(y, SEC);
    return;
  }
  if (y <= 0) {
    SEC.a = 0;
    SEC.t = 0;
    SEC.r = 0;
    return;
  }
  let a = 0;
  let t = 0;
  let p = 0;
  switch (shape) {
    case SHAPE_CIRCULAR: {
      if (y >= g1) {
        a = g1 * g1 * CIRC_A[CIRC_N];
        p = g1 * CIRC_P[CIRC_N];
        t = 0;
        break;
      }
      const x = (y / g1) * CIRC_N;
      let i = x | 0;
      if (i >= CIRC_N) i = CIRC_N - 1;
      const f = x - i;
      if (i === 0 || i === CIRC_N - 1) {
        // the ends, where A ~ y^1.5 and T ~ √y: closed form
        const theta = 2 * acos(1 - (2 * y) / g1);
        a = ((g1 * g1) / 8) * (theta - sin(theta));
        p = (g1 * theta) / 2;
        t = g1 * sin(theta / 2);
        break;
      }
      a = g1 * g1 * (CIRC_A[i] + f * (CIRC_A[i + 1] - CIRC_A[i]));
      p = g1 * (CIRC_P[i] + f * (CIRC_P[i + 1] - CIRC_P[i]));
      t = g1 * (CIRC_T[i] + f * (CIRC_T[i + 1] - CIRC_T[i]));
      break;
    }
    case SHAPE_RECT_CLOSED: {
      const yy = y >= g1 ? g1 : y;
      a = g2 * yy;
      p = y >= g1 ? 2 * (g1 + g2) : g2 + 2 * yy;
      t = y >= g1 ? 0 : g2;
      break;
    }
    case SHAPE_RECT_OPEN:
      a = g2 * y;
      p = g2 + 2 * y;
      t = g2;
      break;
    case SHAPE_TRAPEZOIDAL: {
      const yy = y >= g1 ? g1 : y;
      const m = g3 + g4;
      a = g2 * yy + 0.5 * m * yy * yy;
      p = g2 + yy * (Math.sqrt(1 + g3 * g3) + Math.sqrt(1 + g4 * g4));
      t = g2 + m * yy;
      if (y > g1) {
        a += t * (y - g1);
        p += 2 * (y - g1);
      }
      break;
    }
    case SHAPE_TRIANGULAR: {
      const m = g2 / (2 * g1);
      const yy = y >= g1 ? g1 : y;
      a = m * yy * yy;
      p = 2 * yy * Math.sqrt(1 + m * m);
      t = 2 * m * yy;
      if (y > g1) {
        a += t * (y - g1);
        p += 2 * (y - g1);
      }
      break;
    }
    default:
      break;
  }
  SEC.a = a;
  SEC.t = t;
  SEC.r = p > 0 ? a / p : 0;
}

export function areaAt(shape: number, g1: number, g2: number, g3: number, g4: number, y: number): number {
  section(shape, g1, g2, g3, g4, y);
  return SEC.a;
}

/** Width of the Preissmann slot above the crown of a closed section (m). */
export function slotWidth(shape: number, g1: number, g2: number): number {
  const w = shape >= SHAPE_TABLE ? TABLES[shape - SHAPE_TABLE].wMax : shape === SHAPE_CIRCULAR ? g1 : g2;
  return 0.01 * w;
}

/** Full-flow area, hydraulic radius and largest width (closed: at full; open: at g1). */
export function fullProps(
  shape: number,
  g1: number,
  g2: number,
  g3: number,
  g4: number,
): { a: number; r: number; wMax: number } {
  section(shape, g1, g2, g3, g4, g1);
  const a = SEC.a;
  const r = SEC.r;
  let wMax = SEC.t;
  if (shape === SHAPE_CIRCULAR) wMax = g1;
  if (shape === SHAPE_RECT_CLOSED) wMax = g2;
  if (shape >= SHAPE_TABLE) wMax = TABLES[shape - SHAPE_TABLE].wMax;
  return { a, r, wMax };
}

/** Normal depth for flow q (m³/s, one barrel) with beta = √S/n, by bisection on A·R^(2/3). */
export function normalDepth(
  shape: number,
  g1: number,
  g2: number,
  g3: number,
  g4: number,
  q: number,
  beta: number,
): number {
  if (q <= 0 || beta <= 0) return 0;
  const target = q / beta;
  let lo = 0;
  let hi = g1;
  section(shape, g1, g2, g3, g4, hi);
  // the largest conveyance of a closed pipe is below the crown; if q exceeds the full-pipe value, return full
  if (SEC.a * pow(SEC.r, 2 / 3) < target && !isClosed(shape)) {
    while (hi < 1e3) {
      hi *= 2;
      section(shape, g1, g2, g3, g4, hi);
      if (SEC.a * pow(SEC.r, 2 / 3) >= target) break;
    }
  }
  for (let i = 0; i < 24; i++) {
    const mid = 0.5 * (lo + hi);
    section(shape, g1, g2, g3, g4, mid);
    const c = cbrt(SEC.r);
    if (SEC.a * c * c < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Critical depth for flow q (one barrel): Q²·T = g·A³, by bisection. */
export function criticalDepth(shape: number, g1: number, g2: number, g3: number, g4: number, q: number): number {
  if (q <= 0) return 0;
  const g = G;
  let lo = 0;
  let hi = g1;
  const q2 = q * q;
  for (let i = 0; i < 24; i++) {
    const mid = 0.5 * (lo + hi);
    section(shape, g1, g2, g3, g4, mid);
    // Froude² = q²·T/(g·A³) > 1 means the depth is below critical
    if (SEC.t <= 0 || q2 * SEC.t < g * SEC.a * SEC.a * SEC.a) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

function conveyance(shape: number, g1: number, g2: number, g3: number, g4: number, y: number): number {
  section(shape, g1, g2, g3, g4, y);
  const c = cbrt(SEC.r);
  return SEC.a * c * c;
}

/** Normal depth by Newton (numerical slope) from a guess, bisection if it strays. */
export function normalDepthFrom(
  shape: number,
  g1: number,
  g2: number,
  g3: number,
  g4: number,
  q: number,
  beta: number,
  guess: number,
): number {
  if (q <= 0 || beta <= 0) return 0;
  const target = q / beta;
  const yMax = isClosed(shape) ? 0.938 * g1 : 4 * g1;
  let y = guess > 0 && guess < yMax ? guess : 0.5 * g1;
  const d = 1e-5 * g1;
  for (let it = 0; it < 8; it++) {
    const f = conveyance(shape, g1, g2, g3, g4, y) - target;
    const df = (conveyance(shape, g1, g2, g3, g4, y + d) - target - f) / d;
    if (!(df > 0)) break;
    let yn = y - f / df;
    if (yn < 0.5 * y) yn = 0.5 * y;
    if (yn > yMax) yn = yMax;
    if (Math.abs(yn - y) < 1e-6 * g1) return yn;
    y = yn;
  }
  return normalDepth(shape, g1, g2, g3, g4, q, beta);
}

/** Critical depth by Newton on g·A³ − q²·T from a guess, bisection if it strays. */
export function criticalDepthFrom(
  shape: number,
  g1: number,
  g2: number,
  g3: number,
  g4: number,
  q: number,
  guess: number,
): number {
  if (q <= 0) return 0;
  const g = G;
  const q2 = q * q;
  let y = guess > 0 && guess < 0.99 * g1 ? guess : 0.5 * g1;
  const d = 1e-5 * g1;
  for (let it = 0; it < 8; it++) {
    section(shape, g1, g2, g3, g4, y);
    const f = g * SEC.a * SEC.a * SEC.a - q2 * SEC.t;
    section(shape, g1, g2, g3, g4, y + d);
    const df = (g * SEC.a * SEC.a * SEC.a - q2 * SEC.t - f) / d;
    if (!(df > 0)) break;
    let yn = y - f / df;
    if (yn < 0.5 * y) yn = 0.5 * y;
    if (yn > 0.99 * g1) yn = 0.99 * g1;
    if (Math.abs(yn - y) < 1e-6 * g1) return yn;
    y = yn;
  }
  return criticalDepth(shape, g1, g2, g3, g4, q);
}
