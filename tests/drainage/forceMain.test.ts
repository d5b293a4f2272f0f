/** FORCE_MAIN conduits flowing full: friction by Hazen-Williams or Darcy-Weisbach (FORCE_MAIN_EQUATION), by hand. */
import { describe, expect, it } from 'vitest';
import { inpText, runDrainage } from './inp.ts';

const D = 0.3;
const LEN = 200;
const Q = 0.1;
const STAGE = 12; // the outfall holds both ends under pressure

function forceMain(equation: string, geom2: number): string {
  return inpText(
    {},
    {
      JUNCTIONS: ['J1 10 10 0 0 0'],
      OUTFALLS: [`O1 9.8 FIXED ${STAGE} NO`],
      CONDUITS: [`C1 J1 O1 ${LEN} 0.013 0 0 0 0`],
      XSECTIONS: [`C1 FORCE_MAIN ${D} ${geom2} 0 0 1`],
      INFLOWS: [`J1 FLOW "" FLOW 1.0 1.0 ${Q}`],
    },
  ).replace('FLOW_ROUTING DYNWAVE', `FLOW_ROUTING DYNWAVE\nFORCE_MAIN_EQUATION ${equation}`);
}

const headAt = async (text: string) => {
  const r = await runDrainage(text);
  return Number(r.nodes.filter((l) => l[1] === 'J1').at(-1)![2]);
};

describe('full force main', () => {
  const a = (Math.PI * D * D) / 4;
  const v = Q / a; // 1.415 m/s
  const r = D / 4;
  // Manning with n = 0.013 would lose L·(n·V)²/R^(4/3) ≈ 2.1 m: both equations below differ from it
  const manning = (LEN * (0.013 * v) ** 2) / r ** (4 / 3);

  it('H-W (C = 120): head loss L·(V/(0.849·C·R^0.63))^(1/0.54) ≈ 1.49 m', async () => {
    const hf = LEN * (v / (0.849 * 120 * r ** 0.63)) ** (1 / 0.54);
    const h = await headAt(forceMain('H-W', 120));
    expect(Math.abs(h - STAGE - hf) / hf).toBeLessThan(0.01);
    expect(Math.abs(h - STAGE - manning) / manning).toBeGreaterThan(0.2);
  });

  it('D-W (ε = 0.25 mm): head loss f·L·V²/(2g·D), f by Swamee-Jain ≈ 0.0197', async () => {
    const re = (v * D) / 1.0e-6;
    const f = 0.25 / Math.log10(0.25e-3 / (3.7 * D) + 5.74 / re ** 0.9) ** 2;
    const hf = (f * LEN * v * v) / (2 * 9.80665 * D);
    const h = await headAt(forceMain('D-W', 0.25)); // CMS file: roughness height in mm
    expect(Math.abs(h - STAGE - hf) / hf).toBeLessThan(0.01);
    expect(Math.abs(h - STAGE - manning) / manning).toBeGreaterThan(0.2);
  });
});
