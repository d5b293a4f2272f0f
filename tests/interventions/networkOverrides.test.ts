/**
 * Pump-capacity and pipe-upsizing interventions reach the sewer network (issue #7): the pure edit
 * (applyNetworkOverrides), its effect in coupled runs against hand numbers, and the CLI's
 * summary.json / compare metrics.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import type { Intervention } from '../../src/core/scenario/edits.ts';
import { applyNetworkOverrides, circularFullFlowM3s } from '../../src/interventions/applyNetworkOverrides.ts';
import { prepareRun } from '../../src/sim/prepareRun.ts';
import { run as compareCommand } from '../../src/cli/commands/compare.ts';
import { createDrainageCoupler, type GridInfo } from '../../workers/drainage/coupler.ts';
import {
  circular,
  conduit,
  defaultRoutingOptions,
  type DrainageNetwork,
  type NodeSpec,
  type PumpSpec,
} from '../../workers/drainage/network.ts';
import { DrainageSolver } from '../../workers/drainage/solver.ts';

const junction = (id: string, invert: number, x?: number, y?: number): NodeSpec => ({
  id,
  kind: 'junction',
  invert,
  maxDepth: 3,
  initDepth: 0,
  surchargeDepth: 0,
  pondedArea: 0,
  ...(x === undefined ? {} : { x, y }),
});
const outfall = (id: string, invert: number): NodeSpec => ({
  id,
  kind: 'outfall',
  invert,
  maxDepth: 0,
  initDepth: 0,
  surchargeDepth: 0,
  pondedArea: 0,
  outfall: { mode: 'free', gated: false },
});
/** wet well of constant plan area (m²) */
const well = (id: string, invert: number, areaM2: number): NodeSpec => ({
  id,
  kind: 'storage',
  invert,
  maxDepth: 10,
  initDepth: 0,
  surchargeDepth: 0,
  pondedArea: 0,
  storage: { a: 0, b: 0, c: areaM2 },
});

/** J1 → C1 → J2 → C2 → O1 plus a pump P1 J2 → O2 with a PUMP3 curve (the small twin's PC1 shape). */
function sampleNetwork(): DrainageNetwork {
  return {
    nodes: [junction('J1', 3), junction('J2', 2), outfall('O1', 0), outfall('O2', 6)],
    links: [
      { id: 'C1', kind: 'conduit', from: 'J1', to: 'J2', conduit: conduit(100, 0.013, circular(0.6)) },
      {
        id: 'C2',
        kind: 'conduit',
        from: 'J2',
        to: 'O1',
        conduit: conduit(50, 0.013, { shape: 'rect_closed', geom1: 1, geom2: 1.5, geom3: 0, geom4: 0, barrels: 1 }),
      },
      {
        id: 'P1',
        kind: 'pump',
        from: 'J2',
        to: 'O2',
        pump: {
          curveType: 3,
          curve: [
            [2, 5],
            [6, 4.4],
            [10, 3.3],
            [14, 1.6],
            [16, 0],
          ],
          initOn: true,
          startDepth: 2,
          stopDepth: 0.8,
        },
      },
    ],
    inflows: [],
    options: defaultRoutingOptions(),
  };
}

const pump = (pumpId: string, capacityM3s: number): Intervention => ({ kind: 'pump', pumpId, capacityM3s });
const pipe = (conduitId: string, diameterM: number): Intervention => ({ kind: 'pipeUpsize', conduitId, diameterM });

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('applyNetworkOverrides (pure)', () => {
  it('upsizing a circular conduit raises its full-flow capacity by (D2/D1)^(8/3), as Manning by hand', () => {
    const base = sampleNetwork();
    const frozen = structuredClone(base);
    const { network, changes } = applyNetworkOverrides(base, [pipe('C1', 0.9)], 'sc.json');
    expect(base).toEqual(frozen); // input untouched
    expect(network.links[0].conduit!.xsection.geom1).toBe(0.9);
    expect(network.links[1]).toBe(base.links[1]); // unchanged links are shared
    // C1: 100 m long, drop 1 m → S = 1/√(100² − 1²) as the solver takes it
    const s = 1 / Math.sqrt(100 * 100 - 1);
    // hand: D 0.6, A = π·0.36/4 = 0.282743, R = 0.15, R^(2/3) = 0.282311, √S = 0.1000050
    const q06 = (1 / 0.013) * 0.282743 * 0.282311 * 0.100005;
    expect(circularFullFlowM3s(0.6, 0.013, s)).toBeCloseTo(q06, 4);
    expect(q06).toBeCloseTo(0.61403, 4);
    const before = new DrainageSolver(base, 'a.inp').lQFull[0];
    const after = new DrainageSolver(network, 'b.inp').lQFull[0];
    expect(before).toBeCloseTo(q06, 3);
    // (0.9/0.6)^(8/3) = 1.5^(8/3) = exp(8/3 · 0.405465) = 2.94834
    expect(after / before).toBeCloseTo(2.94834, 4);
    expect(after).toBeCloseTo(circularFullFlowM3s(0.9, 0.013, s), 3);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ index: 0, kind: 'pipeUpsize', id: 'C1', before: 0.6, after: 0.9 });
    expect(changes[0].note).toContain('× 2.95');
  });

  it('scales a pump curve so its largest flow is the new capacity (head points kept)', () => {
    const base = sampleNetwork();
    const { network, changes } = applyNetworkOverrides(base, [pump('P1', 8)]);
    const p = network.links[2].pump!;
    expect(p.curveType).toBe(3);
    // × 8/5 = 1.6
    const want = [
      [2, 8],
      [6, 7.04],
      [10, 5.28],
      [14, 2.56],
      [16, 0],
    ];
    p.curve.forEach(([x, q], i) => {
      expect(x).toBe(want[i][0]);
      expect(q).toBeCloseTo(want[i][1], 12);
    });
    expect(p.startDepth).toBe(2);
    expect(base.links[2].pump!.curve[0][1]).toBe(5);
    expect(changes[0]).toMatchObject({ kind: 'pump', id: 'P1', before: 5, after: 8 });
  });

  it('an ideal pump becomes a flat depth→flow curve at the capacity; later interventions win', () => {
    const base = sampleNetwork();
    base.links[2].pump = { curveType: 0, curve: [], initOn: true, startDepth: 0, stopDepth: 0 };
    const { network, changes } = applyNetworkOverrides(base, [
      pump('P1', 2),
      pipe('C1', 0.8),
      pump('P1', 0.7),
      pipe('C1', 1.0),
    ]);
    expect(network.links[2].pump).toEqual({
      curveType: 4,
      curve: [[0, 0.7]],
      initOn: true,
      startDepth: 0,
      stopDepth: 0,
    });
    expect(network.links[0].conduit!.xsection.geom1).toBe(1.0);
    expect(changes.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(changes[0].before).toBe(Infinity);
  });

  it('unknown ids, wrong link kinds, non-circular conduits and flat-zero curves are InputErrors naming the intervention', () => {
    const base = sampleNetwork();
    let e = inputError(() => applyNetworkOverrides(base, [pipe('C1', 0.8), pump('P9', 3)], 'plan.json'));
    expect(e.where).toEqual({ file: 'plan.json', path: 'interventions[1].pumpId' });
    expect(e.message).toContain('"P9"');
    expect(e.message).toContain('pumps: P1');
    e = inputError(() => applyNetworkOverrides(base, [pipe('C7', 0.8)], 'plan.json'));
    expect(e.where.path).toBe('interventions[0].conduitId');
    expect(e.message).toMatch(/conduit "C7" is not in the sewer network/);
    e = inputError(() => applyNetworkOverrides(base, [pipe('P1', 0.8)]));
    expect(e.message).toMatch(/is a pump, not a conduit/);
    e = inputError(() => applyNetworkOverrides(base, [pump('C1', 1)]));
    expect(e.message).toMatch(/is a conduit, not a pump/);
    e = inputError(() => applyNetworkOverrides(base, [pipe('C2', 1.2)]));
    expect(e.message).toMatch(/rect_closed, not circular/);
    const zero = sampleNetwork();
    zero.links[2].pump!.curve = [
      [0, 0],
      [5, 0],
    ];
    e = inputError(() => applyNetworkOverrides(zero, [pump('P1', 1)]));
    expect(e.where.path).toBe('interventions[0].capacityM3s');
  });
});

// coupled runs on a street of six 10 m cells (cell i centred at x = 5 + 10 i, y = 5)
const street: GridInfo = { ncols: 6, nrows: 1, cellSize: 10, xll: 0, yll: 0 };

function runCoupled(net: DrainageNetwork, tEnd: number, dt: number, z: Float32Array) {
  const c = createDrainageCoupler({ network: net, file: 'net' }, street);
  const h = new Float32Array(street.ncols);
  for (let t = 0; t < tEnd - 1e-9; t += dt) c.exchange(h, z, t, dt);
  return c.summary() as {
    overflowed_m3: number;
    outfalls_m3: Record<string, number>;
    pipeStorage_m3: { final: number };
  };
}

describe('coupled runs see the edited network', () => {
  it('upsizing the bottleneck pipe stops the manhole overflow', () => {
    // 0.6 m³/s into J1; C1 (0.3 m, 20 m, 5 % → Manning full 0.216 m³/s) is the bottleneck, C2 0.8 m
    const q = 0.6;
    const net: DrainageNetwork = {
      nodes: [junction('J1', 3, 5, 5), junction('J2', 2, 25, 5), { ...outfall('O1', 0), x: 55, y: 5 }],
      links: [
        { id: 'C1', kind: 'conduit', from: 'J1', to: 'J2', conduit: conduit(20, 0.013, circular(0.3)) },
        { id: 'C2', kind: 'conduit', from: 'J2', to: 'O1', conduit: conduit(30, 0.013, circular(0.8)) },
      ],
      inflows: [{ node: 'J1', baseline: q, scale: 0, kind: 'external' }],
      options: defaultRoutingOptions(),
    };
    const s = 1 / Math.sqrt(20 * 20 - 1);
    expect(circularFullFlowM3s(0.3, 0.013, s)).toBeCloseTo(0.2162, 3);
    // 0.6 m: × 2^(8/3) = 6.35 → 1.37 m³/s > 0.6: no overflow expected
    expect(circularFullFlowM3s(0.6, 0.013, s)).toBeGreaterThan(2 * q);
    const z = new Float32Array([5, 4.5, 4, 3.5, 3, 0]);
    const base = runCoupled(net, 1800, 2, z);
    const up = runCoupled(applyNetworkOverrides(net, [pipe('C1', 0.6)]).network, 1800, 2, z);
    // base: J1 surcharges and overflows onto its cell (here no street routing carries it away, so
    // the pond on cell 0 rises and pushes C1 under pressure: no closed form, but > 10 % of q·T)
    expect(base.overflowed_m3).toBeGreaterThan(0.1 * q * 1800);
    expect(up.overflowed_m3).toBeLessThan(1e-6 * base.overflowed_m3 + 1e-9);
    // everything then leaves by the outfall: q·T less what the pipes hold
    expect(up.outfalls_m3.O1 + up.pipeStorage_m3.final).toBeCloseTo(q * 1800, 3);
  });

  it('a pump override changes the pumped volume by (old − new capacity)·T under a steady inflow', () => {
    // 0.1 m³/s into a 100 m² wet well; the pump lifts to O2; the well stores the rest
    const T = 3600;
    const mk = (p: PumpSpec): DrainageNetwork => ({
      nodes: [well('W1', 0, 100), outfall('O2', 5)],
      links: [{ id: 'P1', kind: 'pump', from: 'W1', to: 'O2', pump: p }],
      inflows: [{ node: 'W1', baseline: 0.1, scale: 0, kind: 'external' }],
      options: { ...defaultRoutingOptions(), routingStep: 5 },
    });
    const z = new Float32Array(6).fill(20);
    // curve pump, flat 0.08 m³/s at any depth: pumps 0.08·T (the well fills at 0.02 m³/s)
    const curved = mk({
      curveType: 4,
      curve: [
        [0, 0.08],
        [10, 0.08],
      ],
      initOn: true,
      startDepth: 0,
      stopDepth: 0,
    });
    const a = runCoupled(curved, T, 10, z);
    const b = runCoupled(applyNetworkOverrides(curved, [pump('P1', 0.05)]).network, T, 10, z);
    expect(a.outfalls_m3.O2).toBeCloseTo(0.08 * T, 3);
    expect(b.outfalls_m3.O2).toBeCloseTo(0.05 * T, 3);
    expect(a.outfalls_m3.O2 - b.outfalls_m3.O2).toBeCloseTo(0.03 * T, 3); // 108 m³
    expect(b.pipeStorage_m3.final).toBeCloseTo(0.05 * T, 3); // 180 m³ in the well (1.8 m)
    // ideal pump: sends what arrives (0.1·T); capped at 0.05 it sends 0.05·T
    const ideal = mk({ curveType: 0, curve: [], initOn: true, startDepth: 0, stopDepth: 0 });
    const c = runCoupled(ideal, T, 10, z);
    const d = runCoupled(applyNetworkOverrides(ideal, [pump('P1', 0.05)]).network, T, 10, z);
    expect(c.outfalls_m3.O2).toBeGreaterThan(0.1 * T * 0.99);
    expect(d.outfalls_m3.O2).toBeCloseTo(0.05 * T, 2);
  });
});

// ---- scenario files: prepareRun (CLI and page) and `floodtwin compare` ----

/** 8 × 2 cells of 10 m, flat at 10 m; rows are north first. */
const DEM = [
  'ncols 8',
  'nrows 2',
  'xllcorner 0',
  'yllcorner 0',
  'cellsize 10',
  'NODATA_value -9999',
  '10 10 10 10 10 10 10 10',
  '10 10 10 10 10 10 10 10',
  '',
].join('\n');
/** 0.3 m³/s into J0; C1 (0.2 m) is the bottleneck between J1 and J2; O1 off the grid. */
const INP = [
  '[OPTIONS]',
  'FLOW_UNITS CMS',
  'FLOW_ROUTING DYNWAVE',
  'START_DATE 01/01/2020',
  'START_TIME 00:00:00',
  'END_DATE 01/01/2020',
  'END_TIME 01:00:00',
  'ROUTING_STEP 2',
  '',
  '[JUNCTIONS]',
  'J0 8 2 0 0 0',
  'J1 7.5 2.5 0 0 0',
  'J2 7 3 0 0 0',
  '',
  '[OUTFALLS]',
  'O1 5 FREE NO',
  '',
  '[CONDUITS]',
  'C0 J0 J1 30 0.013 0 0 0 0',
  'C1 J1 J2 30 0.013 0 0 0 0',
  'C2 J2 O1 30 0.013 0 0 0 0',
  '',
  '[XSECTIONS]',
  'C0 CIRCULAR 0.8 0 0 0 1',
  'C1 CIRCULAR 0.2 0 0 0 1',
  'C2 CIRCULAR 0.8 0 0 0 1',
  '',
  '[INFLOWS]',
  'J0 FLOW "" FLOW 1.0 1.0 0.3',
  '',
  '[COORDINATES]',
  'J0 5 5',
  'J1 35 5',
  'J2 65 5',
  'O1 500 500',
  '',
].join('\n');

function scenarioDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ft-netov-'));
  writeFileSync(join(dir, 'dem.asc'), DEM);
  writeFileSync(join(dir, 'network.inp'), INP);
  const base = {
    name: 'sewer test',
    dem: 'dem.asc',
    manning: 0.02,
    durationS: 900,
    drainage: { network: 'network.inp' },
  };
  writeFileSync(join(dir, 'a.json'), JSON.stringify(base));
  writeFileSync(
    join(dir, 'b.json'),
    JSON.stringify({
      ...base,
      name: 'sewer test upsized',
      interventions: [{ kind: 'pipeUpsize', id: 'bigger', conduitId: 'C1', diameterM: 0.6 }],
    }),
  );
  writeFileSync(
    join(dir, 'bad.json'),
    JSON.stringify({
      ...base,
      interventions: [
        { kind: 'pipeUpsize', conduitId: 'C1', diameterM: 0.6 },
        { kind: 'pump', pumpId: 'PS9', capacityM3s: 2 },
      ],
    }),
  );
  const { drainage: _d, ...noSewers } = base;
  writeFileSync(
    join(dir, 'nosewers.json'),
    JSON.stringify({ ...noSewers, interventions: [{ kind: 'pump', pumpId: 'P1', capacityM3s: 2 }] }),
  );
  return dir;
}

describe('scenario files with drainage interventions', () => {
  const dir = scenarioDir();
  const read = async (f: string) => new Uint8Array(readFileSync(join(dir, f)));
  const prep = (f: string) => prepareRun(readFileSync(join(dir, f), 'utf8'), f, read);

  it('prepareRun hands the edited network to the coupler and says so; bad ids and missing sewers are InputErrors', async () => {
    const b = await prep('b.json');
    const cfg = b.setup.drainage as { network?: DrainageNetwork; inpText?: string };
    expect(cfg.inpText).toBeUndefined();
    expect(cfg.network!.links.find((l) => l.id === 'C1')!.conduit!.xsection.geom1).toBe(0.6);
    expect(b.notes.some((n) => /pipe C1\): diameter 0\.2 → 0\.6 m, full-flow capacity × 18\.72/.test(n))).toBe(true);
    expect(structuredClone(b.setup.drainage)).toEqual(b.setup.drainage); // crosses to a worker
    const a = await prep('a.json');
    expect((a.setup.drainage as { network?: unknown }).network).toBeUndefined();
    await expect(prep('bad.json')).rejects.toThrow(
      /bad\.json, at interventions\[1\]\.pumpId: pump "PS9" is not in the sewer network \(the network has no pumps\)/,
    );
    await expect(prep('nosewers.json')).rejects.toThrow(
      /at interventions\[0\]: a pump intervention needs a sewer network/,
    );
  });

  it('floodtwin compare: B (C1 upsized) reports less sewer overflow in summary.json and metrics.json', async () => {
    const out = join(dir, 'cmp');
    const code = await compareCommand([
      join(dir, 'a.json'),
      join(dir, 'b.json'),
      '--out',
      out,
      '--workers',
      '2',
      '--quiet',
    ]);
    expect(code).toBe(0);
    const sa = JSON.parse(readFileSync(join(out, 'A', 'summary.json'), 'utf8')).drainage;
    const sb = JSON.parse(readFileSync(join(out, 'B', 'summary.json'), 'utf8')).drainage;
    // A: 0.3 m³/s against C1's full flow (0.2 m, S ≈ 1/60: 0.042 m³/s) → J0/J1 overflow onto the street
    const qf = circularFullFlowM3s(0.2, 0.013, 0.5 / Math.sqrt(900 - 0.25));
    expect(qf).toBeCloseTo(0.0423, 3);
    expect(sa.overflowed_m3).toBeGreaterThan(0.3 * (0.3 - qf) * 900);
    // B: C1 at 0.6 m carries 18.7 × 0.042 = 0.79 m³/s: nothing overflows
    expect(sb.overflowed_m3).toBeLessThan(1e-6);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.a.sewerOverflowM3).toBeCloseTo(sa.overflowed_m3, 6);
    expect(m.b.sewerOverflowM3).toBeCloseTo(sb.overflowed_m3, 6);
    const row = m.rows.find((r: { metric: string }) => /sewer/i.test(r.metric));
    expect(row.change).toBeLessThan(0);
  }, 60_000);
});
