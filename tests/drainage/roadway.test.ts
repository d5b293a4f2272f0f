/**
 * ROADWAY weirs: Q = k_t·C_r·L·h^1.5 with C_r and k_t from the FHWA/RD-86/108 curves (HDS-5), read from
 * [WEIRS] ROAD_WIDTH and ROAD_SURF; hand values from the published curve points (US units converted).
 */
import { describe, expect, it } from 'vitest';
import { roadwayCoefficient } from '../../workers/drainage/roadway.ts';
import { inpText, runDrainage } from './inp.ts';

const FT = 0.3048;
const SI = Math.sqrt(FT); // ft^0.5/s → m^0.5/s

describe('roadway discharge coefficient', () => {
  it('low head (h/width ≤ 0.15): C_r from the head in ft, paved and gravel', () => {
    // paved points (0.7 ft, 3.03), (4 ft, 3.05): at 1 ft 3.03 + 0.3/3.3·0.02; gravel (1 ft, 2.8)
    expect(roadwayCoefficient(FT, 0, 10, 'paved')).toBeCloseTo((3.03 + (0.3 / 3.3) * 0.02) * SI, 12);
    expect(roadwayCoefficient(FT, 0, 10, 'gravel')).toBeCloseTo(2.8 * SI, 12);
    expect(roadwayCoefficient(0, 0, 10, 'paved')).toBe(0);
  });

  it('high head (h/width > 0.15): C_r from h/width (paved 0.2 → 3.075; held at 3.10 beyond 0.25)', () => {
    expect(roadwayCoefficient(0.2, 0, 1, 'paved')).toBeCloseTo(3.075 * SI, 12);
    expect(roadwayCoefficient(0.5, 0, 1, 'paved')).toBeCloseTo(3.1 * SI, 12);
    expect(roadwayCoefficient(0.2, 0, 1, 'gravel')).toBeCloseTo((2.95 + (0.05 / 0.15) * 0.15) * SI, 12);
  });

  it('submergence k_t from ht/h: paved 0.9 → 0.92, gravel 0.9 → 0.87; free below 0.8 / 0.75', () => {
    const free = roadwayCoefficient(FT, 0, 10, 'paved');
    expect(roadwayCoefficient(FT, 0.9 * FT, 10, 'paved') / free).toBeCloseTo(0.92, 12);
    expect(roadwayCoefficient(FT, 0.7 * FT, 10, 'paved') / free).toBeCloseTo(1, 12);
    const freeG = roadwayCoefficient(FT, 0, 10, 'gravel');
    expect(roadwayCoefficient(FT, 0.9 * FT, 10, 'gravel') / freeG).toBeCloseTo(0.87, 12);
  });
});

/** A 500 m² pond W (road crest 1 m above its floor) overtopping a 20 m roadway into a free outfall. */
const pond = (q: number, road: string) =>
  inpText(
    { end: '03:00:00', routingStep: 5 },
    {
      STORAGE: ['W 0 3 0.5 FUNCTIONAL 0 0 500 0 0'],
      OUTFALLS: ['O1 -1 FREE NO'],
      WEIRS: [`R1 W O1 ROADWAY 1 1.5 NO 0 0 YES ${road}`],
      XSECTIONS: ['R1 RECT_OPEN 2 20 0 0'],
      INFLOWS: [`W FLOW "" FLOW 1.0 1.0 ${q}`],
    },
  );

describe('ROADWAY weirs in a run', () => {
  const depthOver = async (q: number, road: string) => {
    const r = await runDrainage(pond(q, road));
    return Number(r.nodes.filter((n) => n[1] === 'W').at(-1)![3]) - 1;
  };

  it('a paved 10 m road passes Q = C_r(1 ft)·20·(1 ft)^1.5 at 1 ft over the crest (steady state)', async () => {
    const q = (3.03 + (0.3 / 3.3) * 0.02) * SI * 20 * FT ** 1.5; // ≈ 1.13 m³/s
    expect(Math.abs((await depthOver(q, '10 PAVED')) - FT)).toBeLessThan(0.002);
  });

  it('a gravel road needs more head for the same flow; without width and surface, cd·L·h^1.5', async () => {
    const q = 2.8 * SI * 20 * FT ** 1.5;
    expect(Math.abs((await depthOver(q, '10 GRAVEL')) - FT)).toBeLessThan(0.002);
    // the file's cd 1.5 m^0.5/s: h = (Q/(1.5·20))^(2/3)
    expect(Math.abs((await depthOver(q, '')) - (q / 30) ** (2 / 3))).toBeLessThan(0.002);
  });
});
