/**
 * The landscape as a function: elevation (m a.s.l.) and zone of any local point. Evaluated at cell
 * centres for the DEM (any resolution, so the small twin is the same place at 10 m) and at street
 * nodes for the road network.
 *
 * Across the river, from the inner (left, north) bank: the river channel (bank-full depth 9.5 m,
 * thalweg pushed to the outer bank in the bend), a riverfront strip, a levee (crest 8.7 m above
 * normal water) along the old town, the low old town behind it (5–8 m above normal water, with a
 * pocket drained by the pump station), a scarp up to the terrace of the dense centre (~24 m above
 * the river), then hills to ~350–400 m. The outer (right, south) bank is a steep cut bank, with a
 * narrow riverside terrace where the river runs straight.
 */
import { fbm, smoothstep, clamp } from './rng.ts';
import { APEX_X, halfWidth, normalWs, pointAt, proj, project, S_APEX } from './river.ts';
import { BANK_LEFT_ABOVE_WS, BANK_RIGHT_ABOVE_WS, BANKFULL_DEPTH, LEVEE_ABOVE_WS, SEED, WS_TOWN } from './site.ts';

export const Zone = {
  RIVER: 1,
  BANK: 2,
  LEVEE: 3,
  OLD_TOWN: 4,
  SCARP: 5,
  CENTRE: 6,
  SUBURB: 7,
  FOREST: 8,
} as const;

/** Result of `sample` (module scratch). side: +1 left (north) bank, -1 right bank, 0 in the channel. */
export const site = { z: 0, zone: 0, side: 0, e: 0, s: 0, o: 0, wot: 0, levee: 0, polder: false };

/** Weight of the old town along the river: 1 around the apex, 0 beyond ±1100 m. */
export function oldTownWeight(s: number): number {
  return 1 - smoothstep((Math.abs(s - S_APEX) - 650) / 450);
}

/** Weight of the south-bank riverside terrace: only on the straight legs. */
function southTerraceWeight(s: number): number {
  return smoothstep((Math.abs(s - S_APEX) - 1500) / 500);
}

/** the pocket the pump station drains: the lowest part of the old town */
export const PUMP_POCKET = (() => {
  const s = S_APEX + 150;
  const o = halfWidth(s) + 120;
  const [x, y] = pointAt(s, o);
  return { s, o, x, y };
})();

/** centre of the dense district on the terrace */
export const CENTRE_POINT = pointAt(S_APEX, halfWidth(S_APEX) + 900);

const OLD_WIDTH = 380;
const LEVEE_FOOT = 40;
const LEVEE_TOE = 80;
const SCARP_W = 110;

/** Samples elevation and zone at local (x, y) into `site`. */
export function sample(x: number, y: number): void {
  project(x, y);
  const s = proj.s;
  const o = proj.o;
  const ws = normalWs(s);
  const hw = halfWidth(s);
  site.s = s;
  site.o = o;
  site.levee = 0;
  site.polder = false;
  const wot = oldTownWeight(s);
  site.wot = wot;
  if (Math.abs(o) <= hw) {
    // channel: a bed deepest off-centre toward the outer bank in the bend
    const q = o / hw;
    const kn = clamp(proj.k * 700, -1, 1);
    const q0 = -0.3 * kn;
    const u = q >= q0 ? (q - q0) / (1 - q0) : (q - q0) / (1 + q0);
    const bt = ws + BANK_RIGHT_ABOVE_WS + (BANK_LEFT_ABOVE_WS - BANK_RIGHT_ABOVE_WS) * (q + 1) * 0.5;
    site.z = bt - BANKFULL_DEPTH * (1 - Math.pow(Math.abs(u), 2.2));
    site.zone = Zone.RIVER;
    site.side = 0;
    site.e = 0;
    return;
  }
  const e = Math.abs(o) - hw;
  site.e = e;
  // land levels follow the river near it and a fixed datum further away (no steps where the
  // nearest river point jumps from one leg of the bend to the other)
  const ref = ws + (WS_TOWN - ws) * smoothstep((e - 100) / 300);
  const hillEdge = 1000 + 220 * fbm(x / 900, y / 900, SEED + 11, 2);
  const hillTop = 355 + 45 * fbm(x / 1400, y / 1400, SEED + 17, 3);
  const micro = 0.35 * fbm(x / 170, y / 170, SEED + 23, 2);
  if (o > 0) {
    site.side = 1;
    const width = OLD_WIDTH * wot;
    const pocket = -0.9 * Math.exp(-((x - PUMP_POCKET.x) ** 2 + (y - PUMP_POCKET.y) ** 2) / (130 * 130));
    const oldBase = ws + 5.0 + (1 - wot) * 12;
    const terraceStart = LEVEE_TOE + width + SCARP_W;
    const terrace = (ee: number) => ref + 24 + (6 * (ee - terraceStart)) / 800;
    let z: number;
    let zone: number;
    if (e < LEVEE_FOOT) {
      z = ws + BANK_LEFT_ABOVE_WS + ((5.4 - BANK_LEFT_ABOVE_WS) * e) / LEVEE_FOOT;
      zone = wot > 0.5 ? Zone.OLD_TOWN : Zone.BANK;
    } else if (e < LEVEE_TOE) {
      const base = ws + 5.4 + ((oldBase + pocket * 0 - (ws + 5.4)) * (e - LEVEE_FOOT)) / (LEVEE_TOE - LEVEE_FOOT);
      const crest = ws + LEVEE_ABOVE_WS;
      const shape = e < 52 ? (e - LEVEE_FOOT) / 12 : e <= 68 ? 1 : (LEVEE_TOE - e) / 12;
      const lw = smoothstep((wot - 0.05) / 0.25) * shape;
      z = crest > base ? base + (crest - base) * lw : base;
      site.levee = lw;
      zone = lw > 0.2 ? Zone.LEVEE : wot > 0.5 ? Zone.OLD_TOWN : Zone.BANK;
    } else if (e < LEVEE_TOE + width) {
      z = oldBase + (2.8 * (e - LEVEE_TOE)) / Math.max(width, 1) + pocket + 0.5 * micro;
      zone = Zone.OLD_TOWN;
      site.polder = wot > 0.3 && z < ws + LEVEE_ABOVE_WS - 0.5;
    } else if (e < terraceStart) {
      const z0 = oldBase + 2.8 + pocket;
      z = z0 + (terrace(terraceStart) + micro - z0) * smoothstep((e - LEVEE_TOE - width) / SCARP_W);
      zone = Zone.SCARP;
    } else if (e < hillEdge) {
      z = terrace(e) + micro;
      const dc = Math.hypot(x - CENTRE_POINT[0], y - CENTRE_POINT[1]);
      zone = dc < 1150 ? Zone.CENTRE : Zone.SUBURB;
    } else {
      const t0 = terrace(hillEdge);
      const r = e - hillEdge;
      z =
        t0 +
        (hillTop - t0) * smoothstep(r / 900) +
        micro +
        55 * smoothstep(r / 500) * fbm(x / 700, y / 700, SEED + 31, 3);
      zone = r < 220 ? Zone.SUBURB : Zone.FOREST;
    }
    site.z = z;
    site.zone = zone;
    return;
  }
  site.side = -1;
  const wS = southTerraceWeight(s);
  const eS = 30 + 400 * wS;
  const terr = (ee: number) => ref + 6 + 8 * wS * smoothstep((ee - 30) / 50) + 3 * wS * clamp((ee - 80) / 300, 0, 1);
  let z: number;
  let zone: number;
  if (e < 30) {
    z = ws + BANK_RIGHT_ABOVE_WS + ((6 - BANK_RIGHT_ABOVE_WS) * e) / 30;
    zone = Zone.BANK;
  } else if (e < eS) {
    z = terr(e) + micro;
    zone = wS > 0.3 && e > 70 ? Zone.SUBURB : Zone.BANK;
  } else {
    const t0 = terr(eS);
    const r = e - eS;
    z =
      t0 +
      (hillTop - t0) * smoothstep(r / 750) +
      micro +
      55 * smoothstep(r / 400) * fbm(x / 700, y / 700, SEED + 37, 3);
    zone = wS > 0.3 && r < 150 ? Zone.SUBURB : Zone.FOREST;
  }
  site.z = z;
  site.zone = zone;
}

/** local x of the bend apex (re-exported for layers that place things by it) */
export { APEX_X };
