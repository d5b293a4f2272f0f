/**
 * The river centreline: a meander bend (a Gaussian dip of the channel to the south, apex at
 * X = 3000 m) flowing west → east through the district, and the projection of any point onto it:
 * chainage s along the flow, signed offset o (positive on the LEFT bank = north = the inside of
 * the bend, where the old town is) and the local curvature.
 */
import { RIVER_SLOPE, WS_TOWN } from './site.ts';

const X_FIRST = -400;
const X_LAST = 6400;
const STEP = 20;
const N = Math.round((X_LAST - X_FIRST) / STEP) + 1;
export const APEX_X = 3000;
const BASE_Y = 2500;
const DIP = 1600;
const SIGMA = 1500;

/** centreline y(x) */
export function centreY(x: number): number {
  const u = (x - APEX_X) / SIGMA;
  return BASE_Y - DIP * Math.exp(-u * u);
}

function centreCurvature(x: number): number {
  const u = (x - APEX_X) / SIGMA;
  const g = DIP * Math.exp(-u * u);
  const d1 = (2 * u * g) / SIGMA;
  const d2 = ((2 - 4 * u * u) * g) / (SIGMA * SIGMA);
  return d2 / Math.pow(1 + d1 * d1, 1.5);
}

const PX = new Float64Array(N);
const PY = new Float64Array(N);
const PS = new Float64Array(N);
const PK = new Float64Array(N);
for (let i = 0; i < N; i++) {
  PX[i] = X_FIRST + i * STEP;
  PY[i] = centreY(PX[i]);
  PK[i] = centreCurvature(PX[i]);
  if (i > 0) PS[i] = PS[i - 1] + Math.hypot(PX[i] - PX[i - 1], PY[i] - PY[i - 1]);
}

/** chainage of the bend apex (the town gauge's reach) */
export const S_APEX = PS[Math.round((APEX_X - X_FIRST) / STEP)];

/** Result of `project` (module scratch, so hot loops allocate nothing). */
export const proj = { s: 0, o: 0, k: 0 };

/** Projects (x, y) onto the centreline: fills proj.s, proj.o (left +), proj.k (1/m, left turn +). */
export function project(x: number, y: number): void {
  const dv = Math.abs(y - centreY(x));
  let i0 = Math.floor((x - dv - X_FIRST) / STEP) - 1;
  let i1 = Math.ceil((x + dv - X_FIRST) / STEP) + 1;
  if (i0 < 0) i0 = 0;
  if (i1 > N - 2) i1 = N - 2;
  let best = Infinity;
  let bs = 0;
  let bo = 0;
  let bk = 0;
  for (let i = i0; i <= i1; i++) {
    const ax = PX[i];
    const ay = PY[i];
    const dx = PX[i + 1] - ax;
    const dy = PY[i + 1] - ay;
    const len2 = dx * dx + dy * dy;
    let t = ((x - ax) * dx + (y - ay) * dy) / len2;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    const qx = ax + t * dx;
    const qy = ay + t * dy;
    const d2 = (x - qx) * (x - qx) + (y - qy) * (y - qy);
    if (d2 < best) {
      best = d2;
      const len = Math.sqrt(len2);
      bs = PS[i] + t * len;
      // left normal of the flow direction (dx, dy) is (-dy, dx)
      bo = ((x - qx) * -dy + (y - qy) * dx) / len;
      bk = PK[i] + t * (PK[i + 1] - PK[i]);
    }
  }
  proj.s = bs;
  proj.o = bo;
  proj.k = bk;
}

/** The point at chainage s and offset o (left +), in local metres. */
export function pointAt(s: number, o: number): [number, number] {
  let i = 0;
  while (i < N - 2 && PS[i + 1] < s) i++;
  const len = PS[i + 1] - PS[i];
  const t = (s - PS[i]) / len;
  const dx = (PX[i + 1] - PX[i]) / len;
  const dy = (PY[i + 1] - PY[i]) / len;
  const x = PX[i] + t * (PX[i + 1] - PX[i]);
  const y = PY[i] + t * (PY[i + 1] - PY[i]);
  return [x - dy * o, y + dx * o];
}

/** Chainage where the centreline crosses x = X. */
export function chainageAtX(x: number): number {
  const f = (x - X_FIRST) / STEP;
  const i = Math.min(N - 2, Math.max(0, Math.floor(f)));
  return PS[i] + (f - i) * (PS[i + 1] - PS[i]);
}

/** Normal (dry-season) water surface at chainage s, m a.s.l. */
export function normalWs(s: number): number {
  return WS_TOWN + RIVER_SLOPE * (S_APEX - s);
}

/** Half the bank-full channel width at chainage s (145–175 m: a 290–350 m wide channel). */
export function halfWidth(s: number): number {
  return 160 + 15 * Math.sin(s / 900);
}
