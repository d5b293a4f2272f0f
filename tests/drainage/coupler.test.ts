import { describe, expect, it } from 'vitest';
import { createDrainageCoupler, nodesCsv, linksCsv, type GridInfo } from '../../workers/drainage/coupler.ts';
import { inpText } from './inp.ts';

const G = 9.80665;
// a street of six 10 m cells in one row (cell i is centred at x = 5 + 10 i, y = 5)
const grid: GridInfo = { ncols: 6, nrows: 1, cellSize: 10, xll: 0, yll: 0 };
const A_CELL = 100;

function run(
  coupler: ReturnType<typeof createDrainageCoupler>,
  h: Float32Array,
  z: Float32Array,
  tEnd: number,
  dt: number,
  each?: (t: number) => void,
) {
  let moved = 0;
  for (let t = 0; t < tEnd - 1e-9; t += dt) {
    if (each) each(t);
    moved += coupler.exchange(h, z, t, dt);
    for (let c = 0; c < h.length; c++) expect(h[c]).toBeGreaterThanOrEqual(0);
  }
  return moved;
}

describe('surface ↔ manhole exchange equations', () => {
  const oneNode = (invert: number) =>
    inpText(
      {},
      {
        JUNCTIONS: [`J1 ${invert} 3 0 0 0`],
        OUTFALLS: ['O1 0 FREE NO'],
        CONDUITS: ['C1 J1 O1 50 0.013 0 0 0 0'],
        XSECTIONS: ['C1 CIRCULAR 0.5 0 0 0 1'],
        COORDINATES: ['J1 5 5', 'O1 100 100'],
      },
    );
  const mh = 1.167;
  const w = 2 * Math.sqrt(Math.PI * mh);

  it('shallow water enters by the free weir: Q = (2/3)·Cw·w·h^1.5·√(2g)', () => {
    const c = createDrainageCoupler(
      { inpText: oneNode(2), file: 'w.inp', options: { relaxation: 1, routingStep: 0.05 } },
      grid,
    );
    const z = new Float32Array([5, 5, 5, 5, 5, 5]);
    const h = new Float32Array([0.05, 0, 0, 0, 0, 0]);
    const moved = c.exchange(h, z, 0, 0.05);
    const q = (2 / 3) * 0.54 * w * 0.05 ** 1.5 * Math.sqrt(2 * G);
    expect(Math.abs(-moved - q * 0.05) / (q * 0.05)).toBeLessThan(0.01);
    expect(c.summary().captured_m3 as number).toBeCloseTo(-moved, 5);
  });

  it('deep water enters by the orifice: Q = Co·A·√(2g·(η − H))', () => {
    const c = createDrainageCoupler(
      { inpText: oneNode(2), file: 'o.inp', options: { relaxation: 1, routingStep: 0.05 } },
      grid,
    );
    const z = new Float32Array([5, 5, 5, 5, 5, 5]);
    const h = new Float32Array([1, 0, 0, 0, 0, 0]);
    const moved = c.exchange(h, z, 0, 0.05);
    const q = 0.167 * mh * Math.sqrt(2 * G * (6 - 2));
    expect(Math.abs(-moved - q * 0.05) / (q * 0.05)).toBeLessThan(0.01);
  });

  it('coefficients are settings', () => {
    const c = createDrainageCoupler(
      {
        inpText: oneNode(2),
        file: 'o.inp',
        options: { relaxation: 1, routingStep: 0.05, orificeCoeff: 0.5, manholeArea: 0.5 },
      },
      grid,
    );
    const z = new Float32Array([5, 5, 5, 5, 5, 5]);
    const h = new Float32Array([1, 0, 0, 0, 0, 0]);
    const moved = c.exchange(h, z, 0, 0.05);
    const q = 0.5 * 0.5 * Math.sqrt(2 * G * (6 - 2));
    expect(Math.abs(-moved - q * 0.05) / (q * 0.05)).toBeLessThan(0.01);
  });

  it('never takes more than the water on the cell', () => {
    // 1 m cells: the weir would take 0.0061 m³/s × 5 s = 0.03 m³ in a sub-step, the cell holds 0.01 m³
    const small: GridInfo = { ncols: 6, nrows: 1, cellSize: 1, xll: 0, yll: 0 };
    const text = oneNode(2).replace('J1 5 5', 'J1 0.5 0.5');
    const c = createDrainageCoupler({ inpText: text, file: 'o.inp', options: { routingStep: 5 } }, small);
    const z = new Float32Array([5, 5, 5, 5, 5, 5]);
    const h = new Float32Array([0.01, 0, 0, 0, 0, 0]);
    const moved = c.exchange(h, z, 0, 60);
    expect(h[0]).toBe(0);
    expect(-moved).toBeCloseTo(Math.fround(0.01), 7);
    expect(c.summary().captured_m3 as number).toBeCloseTo(Math.fround(0.01), 7);
  });
});

describe('coupled network and street', () => {
  it('inflow above capacity makes the upstream manhole overflow onto its cell, and the ledger closes', () => {
    const q = 0.6; // C1 (0.3 m at 5 %) carries about 0.22 m³/s full
    const text = inpText(
      {},
      {
        JUNCTIONS: ['J1 3 2 0 0 0', 'J2 2 2 0 0 0'],
        OUTFALLS: ['O1 0 FREE NO'],
        CONDUITS: ['C1 J1 J2 20 0.013 0 0 0 0', 'C2 J2 O1 30 0.013 0 0 0 0'],
        XSECTIONS: ['C1 CIRCULAR 0.3 0 0 0 1', 'C2 CIRCULAR 0.8 0 0 0 1'],
        INFLOWS: [`J1 FLOW "" FLOW 1.0 1.0 ${q}`],
        COORDINATES: ['J1 5 5', 'J2 25 5', 'O1 55 5'],
      },
    );
    const c = createDrainageCoupler({ inpText: text, file: 'over.inp' }, grid);
    const z = new Float32Array([5, 4.5, 4, 3.5, 3, 0]);
    const h = new Float32Array(6);
    const moved = run(c, h, z, 1800, 2);
    const s = c.summary() as any;
    expect(s.overflowNodes[0].id).toBe('J1');
    expect(s.overflowNodes.length).toBe(1);
    expect(h[0]).toBeGreaterThan(0.05);
    expect(h[2]).toBe(0);
    expect(s.overflowed_m3).toBeGreaterThan(50);
    // inflow = outfall + pipes + street
    let street = 0;
    for (let i = 0; i < 6; i++) street += h[i] * A_CELL;
    expect(street).toBeCloseTo(moved, 3);
    const balance = q * 1800 - (s.outfalls_m3.O1 + s.pipeStorage_m3.final + street);
    expect(Math.abs(balance) / (q * 1800)).toBeLessThan(1e-6);
    const samples = [c.sample(1800)];
    expect(samples[0].nodes.overflow[0]).toBeCloseTo(s.overflowed_m3, 6);
    const csv = nodesCsv(samples).trim().split('\n');
    expect(csv[0]).toBe('time_s,node,head_m,depth_m,overflow_m3,captured_m3,flooding_m3');
    expect(csv.length).toBe(1 + 3);
    expect(linksCsv(samples).trim().split('\n').length).toBe(1 + 2);
  });

  it('a rising river backs the network up until the lowest inlet floods the street', () => {
    const text = inpText(
      {},
      {
        JUNCTIONS: ['J1 2 3 0 0 0', 'J2 1.5 1.5 0 0 0', 'J3 1 3 0 0 0'],
        OUTFALLS: ['O1 0 FREE NO'],
        CONDUITS: ['C1 J1 J2 20 0.013 0 0 0 0', 'C2 J2 J3 20 0.013 0 0 0 0', 'C3 J3 O1 10 0.013 0 0 0 0'],
        XSECTIONS: ['C1 CIRCULAR 0.5 0 0 0 1', 'C2 CIRCULAR 0.5 0 0 0 1', 'C3 CIRCULAR 0.5 0 0 0 1'],
        COORDINATES: ['J1 5 5', 'J2 25 5', 'J3 45 5', 'O1 55 5'],
      },
    );
    const z = new Float32Array([5, 4.5, 3, 3.5, 4, 0]); // J2's cell (col 2) is the lowest street
    const runRiver = (stage: number) => {
      // (the grid's river cell has z = 0, so h = stage there)
      const c = createDrainageCoupler({ inpText: text, file: 'river.inp', options: { outfallMode: 'grid' } }, grid);
      const h = new Float32Array(6);
      // the river rises over 20 min, then holds its level
      run(c, h, z, 3600, 5, (t) => {
        h[5] = Math.min(1, t / 1200) * stage - z[5];
      });
      return { h, s: c.summary() as any, c };
    };
    const low = runRiver(2.5);
    expect(low.h[0] + low.h[2] + low.h[4]).toBe(0);
    expect(low.c.solver.nH[1]).toBeCloseTo(2.5, 2); // backed up to the river level
    const high = runRiver(3.6);
    expect(high.h[2]).toBeGreaterThan(0.4); // the street at J2 floods towards η = 3.6
    expect(high.h[2]).toBeLessThan(0.6 + 1e-3);
    expect(high.h[0]).toBe(0);
    expect(high.h[4]).toBe(0);
    expect(high.s.overflowNodes.map((n: any) => n.id)).toEqual(['J2']);
    // a flap gate on the outfall keeps the river out
    const gatedText = text.replace('O1 0 FREE NO', 'O1 0 FREE YES');
    const c = createDrainageCoupler({ inpText: gatedText, file: 'gated.inp', options: { outfallMode: 'grid' } }, grid);
    const h = new Float32Array(6);
    run(c, h, z, 3600, 5, (t) => {
      h[5] = Math.min(1, t / 1200) * 3.6;
    });
    expect(h[2]).toBe(0);
    expect((c.summary() as any).pipeStorage_m3.final).toBe(0);
  });

  it('keeps the relative volume error of the coupled system below 1e-4 over a storm', () => {
    // 5 × 4 street sloping to the east; two inlets; pipes to an outfall off the grid
    const g: GridInfo = { ncols: 5, nrows: 4, cellSize: 10, xll: 0, yll: 0 };
    const n = 20;
    const z = new Float32Array(n);
    for (let r = 0; r < 4; r++) for (let col = 0; col < 5; col++) z[r * 5 + col] = 10 - 0.2 * col - 0.05 * r;
    const text = inpText(
      {},
      {
        JUNCTIONS: ['J1 8 0 0 0 0', 'J2 7.5 0 0 0 0'],
        OUTFALLS: ['O1 6 FREE NO'],
        CONDUITS: ['C1 J1 J2 20 0.013 0 0 0 0', 'C2 J2 O1 40 0.013 0 0 0 0'],
        XSECTIONS: ['C1 CIRCULAR 0.2 0 0 0 1', 'C2 CIRCULAR 0.25 0 0 0 1'],
        COORDINATES: ['J1 25 25', 'J2 45 15', 'O1 80 0'],
      },
    );
    const c = createDrainageCoupler({ inpText: text, file: 'storm.inp' }, g);
    const h = new Float32Array(n);
    const dt = 2;
    let rain = 0;
    const flux = new Float64Array(n);
    for (let t = 0; t < 3600; t += dt) {
      const rate = t < 1800 ? 100 / 3.6e6 : 0; // 100 mm/h for 30 min
      for (let i = 0; i < n; i++) {
        const before = h[i];
        h[i] = Math.fround(h[i] + rate * dt);
        rain += (h[i] - before) * 100;
      }
      // toy surface: 5 % of each cell's water moves one cell east per step (closed east edge)
      flux.fill(0);
      for (let r = 0; r < 4; r++)
        for (let col = 0; col < 4; col++) {
          const i = r * 5 + col;
          const m = 0.05 * h[i];
          flux[i] -= m;
          flux[i + 1] += m;
        }
      let drift = 0;
      for (let i = 0; i < n; i++) {
        const before = h[i];
        h[i] = Math.fround(h[i] + flux[i]);
        drift += (h[i] - before - flux[i]) * 100;
      }
      rain += drift; // the toy surface's own float32 rounding, booked on its side
      c.exchange(h, z, t, dt);
    }
    const s = c.summary() as any;
    let surface = 0;
    for (let i = 0; i < n; i++) surface += h[i] * 100;
    const total = surface + s.pipeStorage_m3.final + s.outfalls_m3.O1 + s.floodingLost_m3;
    expect(s.captured_m3).toBeGreaterThan(0.2 * rain);
    expect(Math.abs(total - rain) / rain).toBeLessThan(1e-4);
    expect(Math.abs(s.continuity.relError)).toBeLessThan(1e-9);
  });
});
