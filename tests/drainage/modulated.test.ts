/** Modulated [CONTROLS] actions (SETTING = CURVE / TIMESERIES / PID), each setting checked by hand. */
import { describe, expect, it } from 'vitest';
import { readSwmmInp } from '../../src/io/swmmInp.ts';
import { networkFromSwmm } from '../../workers/drainage/fromSwmm.ts';
import { DrainageSolver } from '../../workers/drainage/solver.ts';
import { inpText } from './inp.ts';

/** A 100 m² well W (0.5 m deep at the start) filled at 0.05 m³/s, drained by a side orifice OR1 to O1. */
function well(rule: string[], extra: Record<string, string[]> = {}): DrainageSolver {
  const text = inpText(
    { end: '02:00:00' },
    {
      STORAGE: ['W 0 5 0.5 FUNCTIONAL 0 0 100 0 0'],
      OUTFALLS: ['O1 -1 FREE NO'],
      ORIFICES: ['OR1 W O1 SIDE 0 0.6 NO 0'],
      XSECTIONS: ['OR1 RECT_CLOSED 0.3 0.3 0 0'],
      INFLOWS: ['W FLOW "" FLOW 1.0 1.0 0.05'],
      CONTROLS: rule,
      ...extra,
    },
  );
  return new DrainageSolver(networkFromSwmm(readSwmmInp(text, 'well.inp'), 'well.inp'), 'well.inp');
}

const depth = (s: DrainageSolver) => s.nH[s.nodeIndex.get('W')!] - s.nInv[s.nodeIndex.get('W')!];
const setting = (s: DrainageSolver) => s.lSetting[s.linkIndex.get('OR1')!];

describe('modulated control actions', () => {
  it('CURVE: the setting is the CONTROL curve at the controller variable (depth 0 → 0, 2 m → 1)', () => {
    const s = well(['RULE M1', 'IF NODE W DEPTH >= 0', 'THEN ORIFICE OR1 SETTING = CURVE C1'], {
      CURVES: ['C1 CONTROL 0 0', 'C1 2 1'],
    });
    for (const t of [300, 900, 1500]) {
      s.advanceTo(t);
      const d = depth(s); // what the rules read at the next step's start
      s.step(5);
      expect(setting(s)).toBeCloseTo(Math.min(1, d / 2), 10);
    }
  });

  it('TIMESERIES: the setting follows the series in time (0.2 at 0:00 → 1.0 at 1:00: 0.6 at 0:30)', () => {
    const s = well(['RULE M2', 'IF SIMULATION TIME >= 0', 'THEN ORIFICE OR1 SETTING = TIMESERIES TS1'], {
      TIMESERIES: ['TS1 0:00 0.2', 'TS1 1:00 1.0'],
    });
    s.advanceTo(1800);
    s.step(5);
    expect(setting(s)).toBeCloseTo(0.6, 10);
  });

  it('PID: Δs = kp·[(e − e1) + e·Δt/ki + kd·(e − 2e1 + e2)/Δt] on e = (set point − depth)/set point', () => {
    // hold W at 1 m: kp = −0.5, ki = 10 min, kd = 1 min; steps of 5 s (Δt = 1/12 min)
    const s = well(['RULE P1', 'IF NODE W DEPTH <> 1', 'THEN ORIFICE OR1 SETTING = PID -0.5 10 1']);
    const kp = -0.5;
    const ki = 10;
    const kd = 1;
    const dt = 5 / 60;
    let set = 1; // an orifice starts fully open
    let e1 = 0;
    let e2 = 0;
    for (let n = 0; n < 6; n++) {
      const e = 1 - depth(s);
      let ds = e - e1;
      if (n > 0) ds += (e * dt) / ki + (kd * (e - 2 * e1 + e2)) / dt;
      set = Math.min(1, Math.max(0, set + kp * ds));
      e2 = e1;
      e1 = e;
      s.step(5);
      expect(setting(s)).toBeCloseTo(set, 10);
    }
    expect(set).toBeLessThan(1); // below its set point the well is held up: the orifice closes
  });

  it('a modulated STATUS, or an unknown curve, is refused with the rule named', () => {
    expect(() => well(['RULE X', 'IF NODE W DEPTH >= 0', 'THEN PUMP OR1 STATUS = CURVE C1'])).toThrow(
      /SETTING, not STATUS/,
    );
    expect(() => well(['RULE Y', 'IF NODE W DEPTH >= 0', 'THEN ORIFICE OR1 SETTING = CURVE NOPE'])).toThrow(
      /rule Y: unknown or empty CONTROL curve "NOPE"/,
    );
    expect(() => well(['RULE Z', 'IF NODE W DEPTH >= 0', 'THEN ORIFICE OR1 SETTING = PID 1 2'])).toThrow(
      /PID needs three/,
    );
  });
});

describe('PID memory in the solver state', () => {
  it('a run resumed from saveState continues the PID controller exactly (same settings and heads)', () => {
    const rule = ['RULE P1', 'IF NODE W DEPTH <> 1', 'THEN ORIFICE OR1 SETTING = PID -0.5 10 1'];
    const a = well(rule);
    a.advanceTo(600);
    const st = a.saveState();
    expect(st.arrays.rulesPid.length).toBe(3); // one action: e1, e2, time of the last evaluation
    const b = well(rule);
    b.loadState(st, (name) => new Error(name));
    const settingsA: number[] = [];
    const settingsB: number[] = [];
    for (let n = 0; n < 12; n++) {
      a.step(5);
      b.step(5);
      settingsA.push(setting(a));
      settingsB.push(setting(b));
    }
    expect(settingsB).toEqual(settingsA);
    expect(Array.from(b.nH)).toEqual(Array.from(a.nH));
    // with a fresh controller's memory instead, the integral and derivative terms restart: the settings differ
    const c = well(rule);
    c.loadState(
      { ...st, arrays: { ...st.arrays, rulesPid: well(rule).saveState().arrays.rulesPid } },
      (name) => new Error(name),
    );
    c.step(5);
    c.step(5);
    expect(setting(c)).not.toBeCloseTo(settingsA[1], 6);
    const missing = { ...st.arrays };
    delete missing.rulesPid;
    expect(() => c.loadState({ arrays: missing, numbers: st.numbers }, (name) => new Error(`missing ${name}`))).toThrow(
      /missing rulesPid/,
    );
  });
});
