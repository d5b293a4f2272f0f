import { describe, expect, it } from 'vitest';
import { inpText, runDrainage } from './inp.ts';

// a 1 km² pond (storage) 1.5 m deep drains through one structure to a free outfall; over 10 min the
// level falls by under a millimetre, so the flow is the rating at 1.5 m
function pond(links: Record<string, string[]>): string {
  return inpText(
    { end: '00:10:00', reportStep: '00:01:00' },
    {
      STORAGE: ['P1 10 3 1.5 FUNCTIONAL 0 0 1000000 0 0'],
      OUTFALLS: ['O1 8 FREE NO'],
      ...links,
    },
  );
}
const lastFlow = (r: any, id: string) => Number(r.links.filter((l: string[]) => l[1] === id).at(-1)[2]);
const G = 9.80665;

describe('rating links', () => {
  it('transverse weir: Q = Cw·L·h^1.5', async () => {
    const r = await runDrainage(
      pond({ WEIRS: ['W1 P1 O1 TRANSVERSE 1.0 1.84 NO 0 0'], XSECTIONS: ['W1 RECT_OPEN 1.0 2.0 0 0'] }),
    );
    expect(Math.abs(lastFlow(r, 'W1') - 1.84 * 2 * 0.5 ** 1.5) / 1.301).toBeLessThan(0.005);
  });

  it('v-notch weir: Q = Cw·(w/2h)·h^2.5', async () => {
    // 1 m high, 2 m wide notch: side slope 1; crest at 1.0 m, h = 0.5 m
    const r = await runDrainage(
      pond({ WEIRS: ['W1 P1 O1 V-NOTCH 1.0 1.38 NO 0 0'], XSECTIONS: ['W1 TRIANGULAR 1.0 2.0 0 0'] }),
    );
    const q = 1.38 * 1 * 0.5 ** 2.5;
    expect(Math.abs(lastFlow(r, 'W1') - q) / q).toBeLessThan(0.005);
  });

  it('bottom orifice: Q = Cd·A·√(2g·h)', async () => {
    const r = await runDrainage(
      pond({ ORIFICES: ['OR1 P1 O1 BOTTOM 0 0.65 NO 0'], XSECTIONS: ['OR1 CIRCULAR 0.3 0 0 0'] }),
    );
    const q = 0.65 * ((Math.PI * 0.09) / 4) * Math.sqrt(2 * G * 1.5);
    expect(Math.abs(lastFlow(r, 'OR1') - q) / q).toBeLessThan(0.005);
  });

  it('side orifice, submerged opening, free outlet: Q = Cd·A·√(2g·(H − z_centre))', async () => {
    const r = await runDrainage(
      pond({ ORIFICES: ['OR1 P1 O1 SIDE 0.2 0.6 NO 0'], XSECTIONS: ['OR1 RECT_CLOSED 0.2 0.5 0 0'] }),
    );
    const q = 0.6 * 0.1 * Math.sqrt(2 * G * (1.5 - 0.3));
    expect(Math.abs(lastFlow(r, 'OR1') - q) / q).toBeLessThan(0.005);
  });

  it('a flap-gated orifice passes no reverse flow', async () => {
    // the outfall stage (12 m) stands above the pond (11.5 m)
    const text = pond({ ORIFICES: ['OR1 P1 O1 BOTTOM 0 0.65 YES 0'], XSECTIONS: ['OR1 CIRCULAR 0.3 0 0 0'] }).replace(
      'O1 8 FREE NO',
      'O1 8 FIXED 12 NO',
    );
    const r = await runDrainage(text);
    expect(lastFlow(r, 'OR1')).toBe(0);
    const ungated = await runDrainage(text.replace('BOTTOM 0 0.65 YES 0', 'BOTTOM 0 0.65 NO 0'));
    const q = 0.65 * ((Math.PI * 0.09) / 4) * Math.sqrt(2 * G * 0.5);
    expect(Math.abs(-lastFlow(ungated, 'OR1') - q) / q).toBeLessThan(0.01);
  });
});
