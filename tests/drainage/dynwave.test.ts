/**
 * SWMM's own dynamic-wave step (workers/drainage/dynwave.ts): the [OPTIONS] that drive it, each against a
 * hand-computed value (SWMM Reference Manual vol. II, ch. 3).
 */
import { describe, expect, it } from 'vitest';
import { readSwmmInp } from '../../src/io/swmmInp.ts';
import { networkFromSwmm } from '../../workers/drainage/fromSwmm.ts';
import { DrainageSolver } from '../../workers/drainage/solver.ts';
import { inpText, runDrainage, manningFull } from './inp.ts';

const G = 9.80665;
const D = 0.6;
const N = 0.013;

/** One pipe J1 → O1 (D = 0.6 m, n = 0.013) of length `len` falling `drop`, fed `q` m³/s; extra [OPTIONS] lines. */
function pipe(q: number, options: string[], len = 100, drop = 1, end = '01:00:00', routingStep = 5): string {
  return inpText(
    { end, routingStep },
    {
      JUNCTIONS: ['J1 10 3 0 0 0'],
      OUTFALLS: [`O1 ${10 - drop} FREE NO`],
      CONDUITS: [`C1 J1 O1 ${len} ${N} 0 0 0 0`],
      XSECTIONS: [`C1 CIRCULAR ${D} 0 0 0 1`],
      INFLOWS: [`J1 FLOW "" FLOW 1.0 1.0 ${q}`],
    },
  ).replace('FLOW_ROUTING DYNWAVE', ['FLOW_ROUTING DYNWAVE', ...options].join('\n'));
}

const solverOf = (text: string) => new DrainageSolver(networkFromSwmm(readSwmmInp(text, 't.inp'), 't.inp'), 't.inp');

describe('time step', () => {
  it('VARIABLE_STEP 0: every step is the fixed ROUTING_STEP (20 s → 180 steps in an hour)', async () => {
    const r = await runDrainage(pipe(0.3, ['VARIABLE_STEP 0'], 100, 1, '01:00:00', 20));
    const ts = r.summary.routingTimeStepSummary;
    expect(r.summary.routingSteps).toBe(180);
    expect(ts.minimumTimeStep).toBe(20);
    expect(ts.maximumTimeStep).toBe(20);
    expect(ts.scheme).toBe('SWMM dynamic wave (EXTRAN)');
  });

  it("VARIABLE_STEP 0.75: the step is 0.75·L/(|V| + √(g·A/T)) at the half-full pipe's state", () => {
    const qf = manningFull(D, N, 0.01);
    const s = solverOf(pipe(qf / 2, ['VARIABLE_STEP 0.75', 'MINIMUM_STEP 0.5'], 100, 1, '01:00:00', 60));
    s.advanceTo(1800);
    // hand: half full, A = πD²/8, T = D, V = Q/A
    const a = (Math.PI * D * D) / 8;
    const expected = (0.75 * 100) / (qf / 2 / a + Math.sqrt((G * a) / D)); // ≈ 20.3 s
    expect(Math.abs(s.stableStep() - expected) / expected).toBeLessThan(0.02);
  });
});

describe('Picard iterations', () => {
  // a hydrograph, so heads move and the iterations have work to do
  const wave = (options: string[]) =>
    inpText(
      { end: '01:00:00', routingStep: 10 },
      {
        JUNCTIONS: ['J1 10 3 0 0 0', 'J2 9.5 3 0 0 0'],
        OUTFALLS: ['O1 9 FREE NO'],
        CONDUITS: ['C1 J1 J2 50 0.013 0 0 0 0', 'C2 J2 O1 50 0.013 0 0 0 0'],
        XSECTIONS: ['C1 CIRCULAR 0.6 0 0 0 1', 'C2 CIRCULAR 0.6 0 0 0 1'],
        TIMESERIES: ['H 0:00 0', 'H 0:10 0.5', 'H 0:20 0'],
        INFLOWS: ['J1 FLOW H FLOW 1.0 1.0 0'],
      },
    ).replace('FLOW_ROUTING DYNWAVE', ['FLOW_ROUTING DYNWAVE', ...options].join('\n'));

  it('MAX_TRIALS and HEAD_TOLERANCE from [OPTIONS] set the iterations per step', async () => {
    const one = (await runDrainage(wave(['MAX_TRIALS 1']))).summary.routingTimeStepSummary;
    expect(one.averageIterationsPerStep).toBe(1);
    const loose = (await runDrainage(wave(['HEAD_TOLERANCE 0.5']))).summary.routingTimeStepSummary;
    const tight = (await runDrainage(wave(['HEAD_TOLERANCE 0.00001', 'MAX_TRIALS 20']))).summary.routingTimeStepSummary;
    expect(loose.averageIterationsPerStep).toBe(2); // SWMM takes at least two trials
    expect(tight.averageIterationsPerStep).toBeGreaterThan(2.5);
    expect(tight.averageIterationsPerStep).toBeLessThanOrEqual(20);
    expect(loose.percentNotConverging).toBe(0);
  });

  it('level-pool routing: a storage unit drained by a bottom orifice, by the trapezoidal rule at 60 s steps', () => {
    // A = 1000 m², circular orifice d = 0.3 m, Cd = 0.65: dy/dt = −k·√y, k = Cd·a·√(2g)/A, y0 = 2 m.
    // SWMM's converged step is the trapezoidal rule y1 = y0 − Δt/2·(k√y0' + k√y1) with the old flow of the
    // step start; the first step starts from the initial flow 0: u = √y1 solves u² + (kΔt/2)·u − y0 = 0.
    // After it, y' is linear in t, so the rule is exact: √y(t) = √y1 − k·(t − Δt)/2.
    const text = inpText(
      { end: '01:00:00', routingStep: 60 },
      {
        STORAGE: ['P1 10 3 2 FUNCTIONAL 0 0 1000 0 0'],
        OUTFALLS: ['O1 5 FREE NO'],
        ORIFICES: ['OR1 P1 O1 BOTTOM 0 0.65 NO 0'],
        XSECTIONS: ['OR1 CIRCULAR 0.3 0 0 0'],
      },
    ).replace('FLOW_ROUTING DYNWAVE', 'FLOW_ROUTING DYNWAVE\nHEAD_TOLERANCE 0.000001\nMAX_TRIALS 50');
    const s = solverOf(text);
    const k = (0.65 * ((Math.PI * 0.09) / 4) * Math.sqrt(2 * G)) / 1000;
    const b = (k * 60) / 2;
    const u1 = (-b + Math.sqrt(b * b + 8)) / 2;
    for (const t of [60, 900, 1800, 3600]) {
      s.advanceTo(t);
      const y = (u1 - (k * (t - 60)) / 2) ** 2;
      const got = s.nH[s.nodeIndex.get('P1')!] - 10;
      expect(Math.abs(got - y) / y).toBeLessThan(1e-4);
    }
    expect(s.steps).toBe(60);
    expect(s.picard!.nonConverged).toBe(0);
  });
});

describe('conduit options', () => {
  it('LENGTHENING_STEP 10: a 10 m pipe is lengthened to 10·(V_full + √(g·D)) with n²·L kept', () => {
    const s = solverOf(pipe(0.1, ['LENGTHENING_STEP 10'], 10, 0.1));
    const vFull = manningFull(D, N, 0.01) / ((Math.PI * D * D) / 4);
    const len = 10 * (vFull + Math.sqrt(G * D)); // ≈ 46 m
    const k = s.linkIndex.get('C1')!;
    expect(s.lLen[k]).toBeCloseTo(len, 2); // the solver takes the slope along the horizontal projection
    expect(s.lRough[k] * s.lLen[k]).toBeCloseTo(G * N * N * 10, 12); // g·n′²·L′ = g·n²·L
    // the flow at a given head loss is the conduit's own: steady half-full flow at half depth
    const q = manningFull(D, N, 0.01) / 2;
    const h = solverOf(pipe(q, ['LENGTHENING_STEP 10'], 10, 0.1));
    h.advanceTo(1800);
    expect(h.lQ[k]).toBeCloseTo(q, 3);
    // without the option the conduit keeps its length
    expect(solverOf(pipe(0.1, [], 10, 0.1)).lLen[k]).toBe(10);
  });

  it('MIN_SLOPE 0.5 (%): a flat pipe gets the full-flow capacity of a 0.5 % slope', () => {
    const s = solverOf(pipe(0.1, ['MIN_SLOPE 0.5'], 100, 0));
    expect(s.lQFull[s.linkIndex.get('C1')!]).toBeCloseTo(manningFull(D, N, 0.005), 6);
  });
});
