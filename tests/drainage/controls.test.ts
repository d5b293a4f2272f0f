import { describe, expect, it } from 'vitest';
import { readSwmmInp } from '../../src/io/swmmInp.ts';
import { networkFromSwmm } from '../../workers/drainage/fromSwmm.ts';
import { DrainageSolver } from '../../workers/drainage/solver.ts';
import { inpText } from './inp.ts';

const G = 9.80665;

/** A 100 m² wet well W (invert 0, 5 m deep) filled at `q` m³/s, pumped by P1 (0.5 m³/s, PUMP4) to O1. */
function wetWell(controls: string[], q = 0.2, pumpStatus = 'OFF'): DrainageSolver {
  const text = inpText(
    { end: '02:00:00' },
    {
      STORAGE: ['W 0 5 0 FUNCTIONAL 0 0 100 0 0'],
      OUTFALLS: ['O1 -1 FREE NO'],
      PUMPS: [`P1 W O1 PC1 ${pumpStatus} 0 0`],
      CURVES: ['PC1 PUMP4 0 0.5', 'PC1 10 0.5'],
      INFLOWS: [`W FLOW "" FLOW 1.0 1.0 ${q}`],
      CONTROLS: controls,
    },
  );
  return new DrainageSolver(networkFromSwmm(readSwmmInp(text, 'well.inp'), 'well.inp'), 'well.inp');
}

const depth = (s: DrainageSolver, id: string) => s.nH[s.nodeIndex.get(id)!] - s.nInv[s.nodeIndex.get(id)!];
const pumpOn = (s: DrainageSolver) => s.lOn[s.linkIndex.get('P1')!] === 1;

describe('[CONTROLS] rules switch pumps (hand-timed wet well)', () => {
  const LEVELS = [
    'RULE ON',
    'IF NODE W DEPTH > 2',
    'THEN PUMP P1 STATUS = ON',
    '',
    'RULE OFF',
    'IF NODE W DEPTH < 0.5',
    'THEN PUMP P1 STATUS = OFF',
  ];

  // rules are read at the start of each step (5 s here), so a switch shows one step after its level; SWMM's
  // node continuity moves the mean of the old and new flow, so the step a pump switches in passes half its flow.
  // Hand timing: 2 m at 1000 s, on from 1005 s; 1010 s: 2.01 − 5·(0.25 − 0.2)/100 = 2.0075 m; falls 0.003 m/s to
  // 0.5 m at 1512.5 s; off from 1515 s; 1520 s: 0.4925 − 5·0.05/100 = 0.49 m; rises 0.002 m/s to 2 m at 2275 s
  it('level up → on at 2 m (t = 1000 s); down at 0.3/100 m/s → off at 0.5 m (t ≈ 1512 s); on again at 2275 s', () => {
    const s = wetWell(LEVELS);
    s.advanceTo(990);
    expect(pumpOn(s)).toBe(false);
    expect(depth(s, 'W')).toBeCloseTo(1.98, 2);
    s.advanceTo(1010);
    expect(pumpOn(s)).toBe(true);
    expect(depth(s, 'W')).toBeCloseTo(2.0075, 3);
    s.advanceTo(1510);
    expect(pumpOn(s)).toBe(true);
    expect(depth(s, 'W')).toBeCloseTo(2.0075 - 0.003 * 500, 3);
    s.advanceTo(1520);
    expect(pumpOn(s)).toBe(false);
    expect(depth(s, 'W')).toBeCloseTo(0.49, 3);
    s.advanceTo(2265);
    expect(pumpOn(s)).toBe(false);
    s.advanceTo(2290);
    expect(pumpOn(s)).toBe(true);
    expect(s.lPumpSwitches[s.linkIndex.get('P1')!]).toBe(3);
  });

  it('without the rules the pump stays off and the well fills (what the rules change)', () => {
    const s = wetWell([]);
    s.advanceTo(2000);
    expect(pumpOn(s)).toBe(false);
    expect(depth(s, 'W')).toBeCloseTo(4, 1);
  });

  it('ELSE actions, PRIORITY between rules, SIMULATION TIME and a pump SETTING', () => {
    // R1 wants the pump off before 0:10 and on after; R2 (higher priority) forces a half setting after 0:20
    const s = wetWell(
      [
        'RULE R1',
        'IF SIMULATION TIME < 0:10',
        'THEN PUMP P1 STATUS = OFF',
        'ELSE PUMP P1 STATUS = ON',
        '',
        'RULE R2',
        'IF SIMULATION TIME > 0.3333333',
        'THEN PUMP P1 SETTING = 0.5',
        'PRIORITY 5',
      ],
      0.4,
    );
    s.advanceTo(590);
    expect(pumpOn(s)).toBe(false);
    s.advanceTo(610);
    expect(pumpOn(s)).toBe(true);
    expect(s.lQ[s.linkIndex.get('P1')!]).toBeCloseTo(0.5, 6);
    s.advanceTo(1300);
    expect(s.lQ[s.linkIndex.get('P1')!]).toBeCloseTo(0.25, 6);
  });

  it('an OR clause: on when either premise holds', () => {
    const s = wetWell([
      'RULE R',
      'IF NODE W DEPTH > 10',
      'OR SIMULATION TIME > 0:05',
      'THEN PUMP P1 STATUS = ON',
      'ELSE PUMP P1 STATUS = OFF',
    ]);
    s.advanceTo(290);
    expect(pumpOn(s)).toBe(false);
    s.advanceTo(310);
    expect(pumpOn(s)).toBe(true);
  });

  it('refuses a rule on an unknown link, or a modulated action on an unknown curve, naming the file and line', () => {
    expect(() => wetWell(['RULE R', 'IF NODE W DEPTH > 1', 'THEN PUMP P9 STATUS = ON'])).toThrow(
      /well\.inp.*line.*P9/s,
    );
    expect(() => wetWell(['RULE R', 'IF NODE W DEPTH > 1', 'THEN PUMP P1 SETTING = CURVE C1'])).toThrow(
      /well\.inp.*line.*CONTROL curve "C1"/s,
    );
    expect(() => wetWell(['RULE R', 'IF NODE W LEVEL > 1', 'THEN PUMP P1 STATUS = ON'])).toThrow(
      /unknown attribute "LEVEL"/,
    );
  });
});

describe('a storage unit emptied through an orifice', () => {
  it('Q = Cd·A·√(2g(y − crest − h/2)) at each head while the opening is submerged; a SETTING halves the opening', () => {
    const text = (setting: string[]) =>
      inpText(
        { end: '01:00:00' },
        {
          STORAGE: ['W 0 5 4 FUNCTIONAL 0 0 100 0 0'],
          OUTFALLS: ['O1 -1 FREE NO'],
          ORIFICES: ['OR1 W O1 SIDE 0.2 0.65 NO 0'],
          XSECTIONS: ['OR1 RECT_CLOSED 0.3 0.5 0 0'],
          CONTROLS: setting,
        },
      );
    const s = new DrainageSolver(networkFromSwmm(readSwmmInp(text([]), 'orifice.inp'), 'orifice.inp'), 'orifice.inp');
    const k = s.linkIndex.get('OR1')!;
    let dt = 0;
    for (const t of [60, 300, 450, 600]) {
      s.advanceTo(t, (d) => {
        dt = d;
      });
      // the flow of the last step came from the depth at its start (explicit step, no inflow)
      const y = depth(s, 'W') + (s.lQ[k] * dt) / 100;
      expect(y).toBeGreaterThan(0.5);
      const q = 0.65 * 0.3 * 0.5 * Math.sqrt(2 * G * (y - 0.2 - 0.15));
      expect(Math.abs(s.lQ[k] - q) / q).toBeLessThan(0.01);
    }
    const half = new DrainageSolver(
      networkFromSwmm(
        readSwmmInp(text(['RULE H', 'IF SIMULATION TIME >= 0', 'THEN ORIFICE OR1 SETTING = 0.5']), 'o.inp'),
        'o.inp',
      ),
      'o.inp',
    );
    half.advanceTo(60, (d) => {
      dt = d;
    });
    const y = depth(half, 'W') + (half.lQ[k] * dt) / 100;
    const q = 0.65 * 0.15 * 0.5 * Math.sqrt(2 * G * (y - 0.2 - 0.075));
    expect(Math.abs(half.lQ[k] - q) / q).toBeLessThan(0.01);
  });
});

describe('a variable-speed pump (PUMP5 curve, speed by rule)', () => {
  it('Q = s·Q_full(H/s²): full speed 0.8 m³/s at 2 m head, half speed 0.5·Q_full(8 m) = 0.1 m³/s', () => {
    const run = (speed: string[]) => {
      const text = inpText(
        { end: '01:00:00' },
        {
          STORAGE: ['W 0 5 2 FUNCTIONAL 0 0 1000000 0 0'],
          OUTFALLS: ['O1 3 FIXED 4 NO'],
          PUMPS: ['P1 W O1 PC5 ON 0 0'],
          CURVES: ['PC5 PUMP5 0 1', 'PC5 10 0'],
          CONTROLS: speed,
        },
      );
      const s = new DrainageSolver(networkFromSwmm(readSwmmInp(text, 'p5.inp'), 'p5.inp'), 'p5.inp');
      s.advanceTo(60);
      return s.lQ[s.linkIndex.get('P1')!];
    };
    expect(run([])).toBeCloseTo(0.8, 4);
    expect(run(['RULE S', 'IF SIMULATION TIME >= 0', 'THEN PUMP P1 SETTING = 0.5'])).toBeCloseTo(0.1, 4);
  });
});

describe('the standalone summary says how it routed', () => {
  it('a file without FLOW_ROUTING is KINWAVE for SWMM: the summary warns that it was routed by dynamic wave', async () => {
    const { runStandalone } = await import('../../workers/drainage/standalone.ts');
    const text = inpText(
      {},
      {
        JUNCTIONS: ['J1 10 3'],
        OUTFALLS: ['O1 9 FREE'],
        CONDUITS: ['C1 J1 O1 100 0.013 0 0'],
        XSECTIONS: ['C1 CIRCULAR 0.5 0 0 0'],
      },
    ).replace('FLOW_ROUTING DYNWAVE\n', '');
    const r = runStandalone(networkFromSwmm(readSwmmInp(text, 'kw.inp'), 'kw.inp'), { duration: 60 });
    expect(r.summary.warnings).toEqual([expect.stringMatching(/routes by KINWAVE \(SWMM's default.*dynamic wave/)]);
    const dw = runStandalone(
      networkFromSwmm(readSwmmInp(text.replace('[OPTIONS]', '[OPTIONS]\nFLOW_ROUTING DW'), 'dw.inp'), 'dw.inp'),
      { duration: 60 },
    );
    expect(dw.summary.warnings).toEqual([]);
  });
});

describe('solver state (saveState / loadState)', () => {
  it('a saved state, put back into a fresh solver, continues the run exactly (arrays, clock and rule-switched pumps)', () => {
    const rules = [
      'RULE ON',
      'IF NODE W DEPTH > 2',
      'THEN PUMP P1 STATUS = ON',
      '',
      'RULE OFF',
      'IF NODE W DEPTH < 0.5',
      'THEN PUMP P1 STATUS = OFF',
    ];
    const a = wetWell(rules);
    a.advanceTo(1200);
    const st = a.saveState();
    a.advanceTo(2400);
    const b = wetWell(rules);
    b.loadState(st, (name) => new Error(name));
    expect(b.t).toBe(1200);
    b.advanceTo(2400);
    expect(Array.from(b.nH)).toEqual(Array.from(a.nH));
    expect(b.lPumpSwitches[0]).toBe(a.lPumpSwitches[0]);
    expect(() => b.loadState({ arrays: {}, numbers: {} }, (name) => new Error(`missing ${name}`))).toThrow(/missing/);
  });
});
