import { describe, expect, it } from 'vitest';
import { readSwmmInp, toSI } from '../../src/io/swmmInp.ts';
import { transectTable } from '../../workers/drainage/transect.ts';
import { SEC, section, sectionCode } from '../../workers/drainage/xsection.ts';
import { networkFromSwmm } from '../../workers/drainage/fromSwmm.ts';
import { inpText } from './inp.ts';

const rel = (got: number, want: number) => Math.abs(got / want - 1);

// a trapezoid 20 m wide at the bottom (elevation 8), side slopes 5:1, 2 m deep; stations in m
const TRAPEZOID = ['NC 0.03 0.03 0.03', 'X1 TR 4 10 30 0 0 1 1 0', 'GR 10 0 8 10 8 30 10 40'];
// a main channel (n 0.03) 10 m wide, 2 m deep, between 20 m flat overbanks (n 0.08) walled up to 4 m
const COMPOUND = ['NC 0.08 0.08 0.03', 'X1 CP 8 20 30 0 0 1 1 0', 'GR 3 0 1 0 1 20 -1 20', 'GR -1 30 1 30 1 50 3 50'];

function transectOf(lines: string[], flowUnits = 'CMS') {
  const m = readSwmmInp(inpText({ flowUnits }, { TRANSECTS: lines }), 't.inp');
  return m.transects[0];
}

describe('[TRANSECTS]: irregular channels', () => {
  it('reads NC / X1 / GR cards, with the station factor and elevation offset applied', () => {
    const t = transectOf(['NC 0.1 0 0.03', 'X1 A 3 1 2 0 0 1.2 2 0.5', 'GR 5 0 4 1 5 2']);
    expect(t).toMatchObject({
      name: 'A',
      nLeft: 0.1,
      nRight: 0.03,
      nChannel: 0.03,
      xLeftBank: 2,
      xRightBank: 4,
      lengthFactor: 1.2,
    });
    expect(t.points).toEqual([
      [0, 5.5],
      [2, 4.5],
      [4, 5.5],
    ]);
  });

  it('refuses bad cards, naming file, line and field', () => {
    expect(() => transectOf(['X1 A 3 1 2 0 0 1 1 0', 'GR 5 0 4 1'])).toThrow(
      /t\.inp.*line 1[0-9].*Nchannel|no channel Manning/s,
    );
    expect(() => transectOf(['NC 0.1 0.1 0.03', 'X1 A 3 1 2 0 0 1 1 0', 'GR 5 0 4'])).toThrow(
      /elevation-station pairs/,
    );
    expect(() => transectOf(['NC 0.1 0.1 0.03', 'X1 A 3 1 2 0 0 1 1 0', 'GR 5 3 4 1'])).toThrow(
      /stations must not decrease/,
    );
    expect(() => transectOf(['XX 1'])).toThrow(/expected NC, X1 or GR/);
  });

  it('a trapezoid with one n: A = 20y + 5y², R = A / (20 + 2y√26)', () => {
    const tab = transectTable(transectOf(TRAPEZOID), 1);
    const code = sectionCode({ shape: 'irregular', geom1: 2, geom2: 0, geom3: 0, geom4: 0, barrels: 1, transect: tab });
    for (const y of [0.4, 1, 1.7, 2]) {
      section(code, 2, 0, 0, 0, y);
      expect(rel(SEC.a, 20 * y + 5 * y * y)).toBeLessThan(1e-3);
      expect(rel(SEC.r, (20 * y + 5 * y * y) / (20 + 2 * y * Math.sqrt(26)))).toBeLessThan(1e-3);
      expect(rel(SEC.t, 20 + 10 * y)).toBeLessThan(1e-3);
    }
  });

  it('a compound channel: R from the summed Manning conveyance of channel and overbanks', () => {
    const tab = transectTable(transectOf(COMPOUND), 1, 40);
    // depth 3 m above the channel bed (water at elevation 2): channel 10 m × 3 m, overbanks 20 m × 1 m each
    const i = 30; // depth 3 · 40/4
    expect(tab.depth[i]).toBeCloseTo(3, 12);
    const aCh = 30;
    const pCh = 10 + 2 * 2; // bed and the two 2 m walls up to the overbanks
    const aOb = 20;
    const pOb = 20 + 1; // the overbank floor and the 1 m end wall below the water
    const k = (aCh * (aCh / pCh) ** (2 / 3)) / 0.03 + (2 * aOb * (aOb / pOb) ** (2 / 3)) / 0.08;
    const rWant = ((0.03 * k) / (aCh + 2 * aOb)) ** 1.5;
    expect(rel((aCh + 2 * aOb) / tab.perimeter[i], rWant)).toBeLessThan(1e-9);
    expect(tab.width[i]).toBeCloseTo(50, 9);
  });

  it("a US file: stations and elevations in ft; the conduit takes the transect's channel n", () => {
    const text = inpText(
      { flowUnits: 'CFS' },
      {
        JUNCTIONS: ['J1 10 3'],
        OUTFALLS: ['O1 9 FREE'],
        CONDUITS: ['C1 J1 O1 400 0.5 0 0'],
        XSECTIONS: ['C1 IRREGULAR TR 0 0 0 1'],
        TRANSECTS: TRAPEZOID,
      },
    );
    const net = networkFromSwmm(readSwmmInp(text, 'us.inp'), 'us.inp');
    const c = net.links[0].conduit!;
    expect(c.n).toBe(0.03);
    expect(c.xsection.geom1).toBeCloseTo(2 * 0.3048, 12);
    expect(toSI(readSwmmInp(text, 'us.inp')).transects[0].points[1][0]).toBeCloseTo(10 * 0.3048, 12);
  });
});
