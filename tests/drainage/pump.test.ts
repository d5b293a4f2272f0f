import { describe, expect, it } from 'vitest';
import { inpText, runDrainage } from './inp.ts';

describe('pump in a wet well', () => {
  it('switches on and off at its start-up and shut-off depths (hand: fill A·Δy/Q, drain A·Δy/(Qp − Q))', async () => {
    // wet well of 10 m² (functional area 0·d^0 + 10), inflow 0.01 m³/s, pump 0.05 m³/s on at 1.0 m, off at 0.2 m:
    // on at 10·1.0/0.01 = 1000 s, off after 10·0.8/0.04 = 200 s, on again after 10·0.8/0.01 = 800 s, ...
    const text = inpText(
      { reportStep: '00:00:10', routingStep: 2 },
      {
        STORAGE: ['W1 0 3 0 FUNCTIONAL 0 0 10 0 0'],
        OUTFALLS: ['O1 -1 FREE NO'],
        PUMPS: ['P1 W1 O1 PC1 OFF 1.0 0.2'],
        CURVES: ['PC1 PUMP4 0 0.05', 'PC1 5 0.05'],
        INFLOWS: ['W1 FLOW "" FLOW 1.0 1.0 0.01'],
      },
    );
    const r = await runDrainage(text);
    const flows = r.links.filter((l) => l[1] === 'P1').map((l) => [Number(l[0]), Number(l[2])]);
    const switches: number[] = [];
    for (let i = 1; i < flows.length; i++) {
      if (flows[i][1] > 0 !== flows[i - 1][1] > 0) switches.push(flows[i][0]);
    }
    const expected = [1000, 1200, 2000, 2200, 3000, 3200];
    expect(switches.length).toBe(expected.length);
    // a switch shows at the first 10 s output after it; each switch may also overshoot by one 2 s step
    switches.forEach((t, i) => {
      expect(t).toBeGreaterThanOrEqual(expected[i]);
      expect(t - expected[i]).toBeLessThanOrEqual(10 + 4 * (i + 1));
    });
    const p1 = r.summary.linkFlowSummary.find((l: any) => l.link === 'P1');
    expect(p1.switches).toBe(6);
    expect(p1.maximumFlow).toBeCloseTo(0.05, 6);
    // the well never exceeds its start-up depth by more than one step of filling
    const w = r.summary.nodeDepthSummary.find((n: any) => n.node === 'W1');
    expect(w.maximumDepth).toBeLessThan(1.01);
    // pumped volume = inflow − what is left in the well
    const out = r.summary.outfallLoadingSummary.find((o: any) => o.outfall === 'O1');
    const lastDepth = Number(r.nodes.filter((l) => l[1] === 'W1').at(-1)![3]);
    expect(out.totalVolume * 1000).toBeCloseTo(0.01 * 3600 - 10 * lastDepth, 3);
  });
});

describe('US units', () => {
  it('reads ft and CFS, runs in SI and reports in the file units', async () => {
    // 1.5 ft pipe, 400 ft at 0.5 % slope, n 0.01; 2 cfs steady
    const text = inpText(
      { flowUnits: 'CFS', end: '02:00:00' },
      {
        JUNCTIONS: ['J1 102 6 0 0 0'],
        OUTFALLS: ['O1 100 FREE NO'],
        CONDUITS: ['C1 J1 O1 400 0.01 0 0 0 0'],
        XSECTIONS: ['C1 CIRCULAR 1.5 0 0 0 1'],
        INFLOWS: ['J1 FLOW "" FLOW 1.0 1.0 2'],
      },
    );
    const r = await runDrainage(text);
    expect(r.summary.units).toEqual({ flow: 'CFS', depth: 'ft', volume: '10^6 gal' });
    const out = r.summary.outfallLoadingSummary[0];
    expect(out.maxFlow).toBeGreaterThan(1.98);
    // steady flow in links.csv is SI: 2 cfs = 0.0566337 m³/s
    const last = r.links.filter((l) => l[1] === 'C1').at(-1)!;
    expect(Number(last[2])).toBeCloseTo(2 * 0.028316846592, 4);
    // normal depth of 2 cfs in this pipe by Manning (US: 1.486/n), hand bisection
    const d = 1.5,
      n = 0.01,
      s = 2 / 400;
    let lo = 0,
      hi = d * 0.938;
    for (let i = 0; i < 60; i++) {
      const y = (lo + hi) / 2;
      const th = 2 * Math.acos(1 - (2 * y) / d);
      const a = ((d * d) / 8) * (th - Math.sin(th));
      const q = (1.486 / n) * a * (a / ((d * th) / 2)) ** (2 / 3) * Math.sqrt(s);
      if (q < 2) lo = y;
      else hi = y;
    }
    const yFt = Number(r.nodes.filter((l) => l[1] === 'J1').at(-1)![3]) / 0.3048;
    expect(Math.abs(yFt - lo) / lo).toBeLessThan(0.01);
    // 2 cfs for 2 h, in 10^6 gal: 2·7200 ft³ · 7.48052 gal/ft³
    expect(r.summary.flowRoutingContinuity.externalInflow).toBeCloseTo((2 * 7200 * 7.48052) / 1e6, 4);
  });
});

describe('subcatchment runoff (standalone)', () => {
  it('an impervious catchment under steady rain delivers i·A at the outfall (nonlinear reservoir at equilibrium)', async () => {
    // 2 ha, 100 % impervious, no depression storage, 3.6 mm/h for 3 h: i·A = 1e-6 m/s · 20,000 m² = 0.02 m³/s
    const text = inpText(
      { end: '03:00:00' },
      {
        RAINGAGES: ['RG1 INTENSITY 1:00 1.0 TIMESERIES TS1'],
        SUBCATCHMENTS: ['S1 RG1 J1 2 100 200 1 0'],
        SUBAREAS: ['S1 0.015 0.1 0 0 100 OUTLET'],
        INFILTRATION: ['S1 50 10 4 7 0'],
        JUNCTIONS: ['J1 10 2 0 0 0'],
        OUTFALLS: ['O1 9 FREE NO'],
        CONDUITS: ['C1 J1 O1 100 0.013 0 0 0 0'],
        XSECTIONS: ['C1 CIRCULAR 0.4 0 0 0 1'],
        TIMESERIES: ['TS1 0:00 3.6', 'TS1 1:00 3.6', 'TS1 2:00 3.6'],
      },
    );
    const r = await runDrainage(text);
    const last = r.links.filter((l) => l[1] === 'C1').at(-1)!;
    expect(Math.abs(Number(last[2]) - 0.02) / 0.02).toBeLessThan(0.01);
    const rc = r.summary.runoffQuantityContinuity;
    expect(rc.totalPrecipitation_m3).toBeCloseTo(0.0036 * 3 * 20000, 3);
    expect(rc.infiltrationLoss_m3).toBe(0);
    expect(Math.abs(rc.continuityErrorPct)).toBeLessThan(1e-6);
    // routing saw the runoff as wet-weather inflow (10^6 L)
    expect(
      Math.abs(r.summary.flowRoutingContinuity.wetWeatherInflow * 1000 - rc.surfaceRunoff_m3) / rc.surfaceRunoff_m3,
    ).toBeLessThan(0.01);
  });

  it('a pervious catchment loses Horton infiltration: with rain below the minimum rate nothing runs off', async () => {
    const text = inpText(
      { end: '02:00:00' },
      {
        RAINGAGES: ['RG1 INTENSITY 1:00 1.0 TIMESERIES TS1'],
        SUBCATCHMENTS: ['S1 RG1 J1 2 0 200 1 0'],
        SUBAREAS: ['S1 0.015 0.1 0 0 0 OUTLET'],
        INFILTRATION: ['S1 50 10 4 7 0'],
        JUNCTIONS: ['J1 10 2 0 0 0'],
        OUTFALLS: ['O1 9 FREE NO'],
        CONDUITS: ['C1 J1 O1 100 0.013 0 0 0 0'],
        XSECTIONS: ['C1 CIRCULAR 0.4 0 0 0 1'],
        TIMESERIES: ['TS1 0:00 8', 'TS1 1:00 8'],
      },
    );
    const r = await runDrainage(text);
    const rc = r.summary.runoffQuantityContinuity;
    expect(rc.surfaceRunoff_m3).toBe(0);
    expect(rc.infiltrationLoss_m3).toBeCloseTo(0.008 * 2 * 20000, 3);
  });
});

describe('ponding', () => {
  it('with ALLOW_PONDING flood water is stored over the ponded area and drains back: no flooding loss', async () => {
    const base = (pond: string) =>
      inpText(
        { end: '02:00:00' },
        {
          JUNCTIONS: ['J1 10 1 0 0 500'],
          OUTFALLS: ['O1 9.5 FREE NO'],
          CONDUITS: ['C1 J1 O1 50 0.013 0 0 0 0'],
          XSECTIONS: ['C1 CIRCULAR 0.3 0 0 0 1'],
          TIMESERIES: ['Q 0:00 0.4', 'Q 0:30 0.4', 'Q 0:31 0'],
          INFLOWS: ['J1 FLOW Q FLOW 1.0 1.0 0'],
        },
      ).replace('FLOW_ROUTING DYNWAVE', `FLOW_ROUTING DYNWAVE\nALLOW_PONDING ${pond}`);
    const lost = await runDrainage(base('NO'));
    expect(lost.summary.flowRoutingContinuity.floodingLoss).toBeGreaterThan(0.1); // 10^6 L
    const ponded = await runDrainage(base('YES'));
    const c = ponded.summary.flowRoutingContinuity;
    expect(c.floodingLoss).toBe(0);
    // everything that came in left through the outfall by the end, but for the continuity error SWMM's
    // EXTRAN surcharge leaves (reported) and the report rounding
    const unbooked = Math.abs(c.continuityErrorPct) / 100 + 1e-5;
    expect(Math.abs(c.externalOutflow + c.finalStoredVolume - c.externalInflow) / c.externalInflow).toBeLessThan(
      unbooked,
    );
    expect(Math.abs(c.continuityErrorPct)).toBeLessThan(0.5);
    const j1 = ponded.summary.nodeDepthSummary.find((n: any) => n.node === 'J1');
    expect(j1.maximumDepth).toBeGreaterThan(1); // above the rim, on the pond
    // SWMM lists the ponded node as flooded: what went into the pond, and the pond's largest depth
    const f = ponded.summary.nodeFloodingSummary.find((n: any) => n.node === 'J1');
    expect(f.maximumPondedDepth).toBeCloseTo(j1.maximumDepth - 1, 3);
    // the ponded volume returns: the pond's peak volume (500 m² × depth) went in, no more than came in
    expect(f.totalFloodVolume * 1000).toBeGreaterThanOrEqual(500 * f.maximumPondedDepth - 0.5);
    expect(f.totalFloodVolume).toBeLessThan(c.externalInflow);
    expect(c.finalStoredVolume).toBeLessThan(1e-3);
  });
});

describe('dry-weather flow patterns', () => {
  it('an HOURLY pattern scales the average DWF hour by hour', async () => {
    const half = Array(12).fill('0.5').join(' ');
    const oneHalf = Array(12).fill('1.5').join(' ');
    const text = inpText(
      { end: '23:59:00', reportStep: '01:00:00' },
      {
        JUNCTIONS: ['J1 10 3 0 0 0'],
        OUTFALLS: ['O1 9 FREE NO'],
        CONDUITS: ['C1 J1 O1 100 0.013 0 0 0 0'],
        XSECTIONS: ['C1 CIRCULAR 0.3 0 0 0 1'],
        DWF: ['J1 FLOW 0.01 "" "" "DAYCYCLE"'],
        PATTERNS: [`DAYCYCLE HOURLY ${half}`, `DAYCYCLE ${oneHalf}`],
      },
    );
    const r = await runDrainage(text);
    const at = (t: number) => Number(r.links.find((l) => l[1] === 'C1' && Number(l[0]) === t)![2]);
    expect(at(6 * 3600)).toBeCloseTo(0.005, 4);
    expect(at(18 * 3600)).toBeCloseTo(0.015, 4);
    // the pattern averages 1 over the day: 0.01 m³/s × 86,340 s (10^6 L)
    expect(r.summary.flowRoutingContinuity.dryWeatherInflow).toBeCloseTo(
      (0.005 * 43200 + 0.015 * (86340 - 43200)) / 1000,
      3,
    );
  });
});
