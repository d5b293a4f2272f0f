/**
 * [CONTROLS] rules at run time (SWMM 5 User's Manual, Appendix C.3): before each network step every rule's
 * premises are evaluated left to right (an OR clause is tried only while the result so far is false; an
 * AND clause only while it is true), then the THEN actions of true rules and the ELSE actions of false
 * ones are applied. When several rules act on one link, the highest PRIORITY wins, and among equal
 * priorities the rule listed first. Pumps: STATUS ON/OFF, or SETTING (a flow multiplier, > 0 is on);
 * orifices, weirs, outlets: SETTING = fraction open; conduits: STATUS OPEN/CLOSED. Modulated SETTINGs
 * (User's Manual "Modulated Controls"): a CONTROL curve of the controller variable (the left side of
 * the rule's premise evaluated last), a time series, or a PID controller (see `modulated`). The PID
 * memory lives here, not in the solver's saved state.
 */
import { InputError } from '../../src/core/errors.ts';
import type { ControlModulation, ControlOp, ControlRule, ControlVariable } from '../../src/io/swmmInp.ts';
import { seriesAt } from '../../src/core/timeSeries.ts';

/** One compiled action: its link, STATUS or SETTING, the value, and a modulation with its PID memory. */
interface Act {
  link: number;
  status: boolean;
  value: number;
  mod?: ControlModulation;
  /** PID: the relative errors of the last two evaluations and the time of the last (s; NaN = none yet) */
  e1: number;
  e2: number;
  tLast: number;
}

/** What the rules read and write in the solver (its struct-of-arrays state). */
export interface ControlTarget {
  readonly nodeIndex: Map<string, number>;
  readonly linkIndex: Map<string, number>;
  readonly nH: Float64Array;
  readonly nInv: Float64Array;
  readonly nV: Float64Array;
  readonly nLat: Float64Array;
  readonly lQ: Float64Array;
  readonly lDepth: Float64Array;
  readonly lOn: Uint8Array;
  readonly lSetting: Float64Array;
  readonly lPumpSwitches: Int32Array;
}

const V_DEPTH = 0;
const V_HEAD = 1;
const V_VOLUME = 2;
const V_INFLOW = 3;
const V_FLOW = 4;
const V_LDEPTH = 5;
const V_STATUS = 6;
const V_SETTING = 7;
const V_TIME = 8;
const V_CLOCK = 9;

interface Compiled {
  code: number;
  index: number;
}

const OP_CODE: Record<ControlOp, number> = { '=': 0, '<>': 1, '<': 2, '<=': 3, '>': 4, '>=': 5 };

export class RuleSet {
  private readonly left: Compiled[][] = [];
  private readonly right: (Compiled | number)[][] = [];
  private readonly ops: number[][] = [];
  private readonly joins: number[][] = []; // 0 IF/AND, 1 OR
  private readonly acts: Act[][][] = [];
  /** per rule: the left and right values of the premise evaluated last (a modulation's controller variable) */
  private readonly ctrlValue: Float64Array;
  private readonly setPoint: Float64Array;
  private readonly isPump: Uint8Array;
  private readonly best: Float64Array; // per link: chosen priority this evaluation
  private readonly chosen: Float64Array; // per link: chosen value, NaN = none
  private readonly chosenAct: (Act | null)[]; // per link: the chosen action
  private readonly chosenRule: Int32Array;
  private readonly chosenStatus: Uint8Array;

  /**
   * @param rules SI values (node depth/head m, volume m³, flow m³/s, time s)
   * @param clockStart time of day at t = 0 (s), for SIMULATION CLOCKTIME
   */
  constructor(
    readonly rules: readonly ControlRule[],
    private readonly s: ControlTarget,
    file: string,
    private readonly clockStart = 0,
    pumps: ReadonlySet<number> = new Set(),
  ) {
    const where = (r: ControlRule, what: string) =>
      new InputError(`[CONTROLS] rule ${r.name}: ${what}`, { file, line: r.line, field: r.name });
    for (const r of rules) {
      this.left.push(r.premises.map((p) => this.compile(p.left, r, where)));
      this.right.push(r.premises.map((p) => (typeof p.right === 'number' ? p.right : this.compile(p.right, r, where))));
      this.ops.push(r.premises.map((p) => OP_CODE[p.op]));
      this.joins.push(r.premises.map((p) => (p.join === 'OR' ? 1 : 0)));
      const acts = [r.thenActions, r.elseActions].map((list) =>
        list.map((a) => {
          const link = s.linkIndex.get(a.id);
          if (link === undefined) throw where(r, `${a.object} "${a.id}" is not a link of the network`);
          const act: Act = { link, status: a.attribute === 'STATUS', value: a.value, e1: 0, e2: 0, tLast: Number.NaN };
          if (a.modulated) act.mod = a.modulated;
          return act;
        }),
      );
      this.acts.push(acts);
    }
    const nL = s.lQ.length;
    this.isPump = new Uint8Array(nL);
    for (const k of pumps) this.isPump[k] = 1;
    this.best = new Float64Array(nL);
    this.chosen = new Float64Array(nL);
    this.chosenStatus = new Uint8Array(nL);
    this.chosenAct = new Array(nL).fill(null);
    this.chosenRule = new Int32Array(nL);
    this.ctrlValue = new Float64Array(rules.length);
    this.setPoint = new Float64Array(rules.length);
  }

  private compile(v: ControlVariable, r: ControlRule, where: (r: ControlRule, m: string) => InputError): Compiled {
    if (v.object === 'SIMULATION') return { code: v.attribute === 'TIME' ? V_TIME : V_CLOCK, index: 0 };
    if (v.object === 'NODE') {
      const index = this.s.nodeIndex.get(v.id);
      if (index === undefined) throw where(r, `node "${v.id}" is not in the network`);
      const code = { DEPTH: V_DEPTH, HEAD: V_HEAD, VOLUME: V_VOLUME, INFLOW: V_INFLOW }[v.attribute] ?? V_DEPTH;
      return { code, index };
    }
    const index = this.s.linkIndex.get(v.id);
    if (index === undefined) throw where(r, `${v.object} "${v.id}" is not a link of the network`);
    const code = { FLOW: V_FLOW, DEPTH: V_LDEPTH, STATUS: V_STATUS, SETTING: V_SETTING }[v.attribute] ?? V_FLOW;
    return { code, index };
  }

  private read(c: Compiled, t: number): number {
    const s = this.s;
    const i = c.index;
    switch (c.code) {
      case V_DEPTH:
        return s.nH[i] - s.nInv[i];
      case V_HEAD:
        return s.nH[i];
      case V_VOLUME:
        return s.nV[i];
      case V_INFLOW:
        return s.nLat[i];
      case V_FLOW:
        return s.lQ[i];
      case V_LDEPTH:
        return s.lDepth[i];
      case V_STATUS:
        return (!this.isPump[i] || s.lOn[i]) && s.lSetting[i] > 0 ? 1 : 0;
      case V_SETTING:
        return s.lSetting[i];
      case V_TIME:
        return t;
      default:
        return (((this.clockStart + t) % 86400) + 86400) % 86400;
    }
  }

  private premiseTrue(r: number, p: number, t: number): boolean {
    const a = this.read(this.left[r][p], t);
    const rv = this.right[r][p];
    const b = typeof rv === 'number' ? rv : this.read(rv, t);
    this.ctrlValue[r] = a;
    this.setPoint[r] = b;
    switch (this.ops[r][p]) {
      case 0:
        return a === b;
      case 1:
        return a !== b;
      case 2:
        return a < b;
      case 3:
        return a <= b;
      case 4:
        return a > b;
      default:
        return a >= b;
    }
  }

  /** Left-to-right truth of rule r's premises (OR: tried while false; AND: while true). */
  ruleTrue(r: number, t: number): boolean {
    let result = true;
    const joins = this.joins[r];
    for (let p = 0; p < joins.length; p++) {
      if (joins[p] === 1) {
        if (!result) result = this.premiseTrue(r, p, t);
      } else {
        if (!result) break;
        result = this.premiseTrue(r, p, t);
      }
    }
    return result;
  }

  /** Evaluates every rule at time t (s) and applies the winning action on each link. */
  apply(t: number): void {
    this.best.fill(-Infinity);
    this.chosen.fill(NaN);
    for (let r = 0; r < this.rules.length; r++) {
      const list = this.acts[r][this.ruleTrue(r, t) ? 0 : 1];
      const pr = this.rules[r].priority;
      for (const a of list) {
        if (pr <= this.best[a.link]) continue; // equal priority: the rule listed first keeps it
        this.best[a.link] = pr;
        this.chosen[a.link] = a.value;
        this.chosenStatus[a.link] = a.status ? 1 : 0;
        this.chosenAct[a.link] = a;
        this.chosenRule[a.link] = r;
      }
    }
    const s = this.s;
    for (let k = 0; k < this.chosen.length; k++) {
      let v = this.chosen[k];
      if (Number.isNaN(v)) continue;
      const act = this.chosenAct[k];
      if (act?.mod) v = this.modulated(act, this.chosenRule[k], t);
      const on = v > 0 ? 1 : 0;
      if (this.isPump[k]) {
        if (s.lOn[k] !== on) s.lPumpSwitches[k]++;
        s.lOn[k] = on;
        // STATUS ON runs the pump at its curve (setting 1); a SETTING multiplies the curve's flow
        s.lSetting[k] = this.chosenStatus[k] ? on : Math.max(0, v);
      } else {
        // orifices, weirs, outlets: the fraction open; conduits: OPEN 1, CLOSED 0
        s.lSetting[k] = Math.min(1, Math.max(0, v));
      }
    }
  }

  /** Every action's PID memory (e1, e2, tLast) in rule order, for a snapshot (`DrainageSolver.saveState`). */
  pidMemory(): Float64Array {
    const out: number[] = [];
    for (const rule of this.acts) for (const list of rule) for (const a of list) out.push(a.e1, a.e2, a.tLast);
    return Float64Array.from(out);
  }

  /** Puts back a `pidMemory` of the same rules; false when its length does not fit them. */
  setPidMemory(m: ArrayLike<number>): boolean {
    if (m.length !== this.pidMemory().length) return false;
    let j = 0;
    for (const rule of this.acts) {
      for (const list of rule) {
        for (const a of list) {
          a.e1 = m[j++];
          a.e2 = m[j++];
          a.tLast = m[j++];
        }
      }
    }
    return true;
  }

  /**
   * A modulated setting at time t: the CONTROL curve at the controller variable, the time series at t,
   * or a PID step (velocity form) on the relative error e = (set point − value)/set point:
   * Δs = kp·[(e − e1) + e·Δt/ki + kd·(e − 2·e1 + e2)/Δt], Δt in minutes since the last evaluation
   * (the integral and derivative terms start with the second evaluation).
   */
  private modulated(a: Act, r: number, t: number): number {
    const m = a.mod!;
    if (m.kind === 'CURVE') return curveAt(m.points ?? [], this.ctrlValue[r]);
    if (m.kind === 'TIMESERIES') return m.series ? seriesAt(m.series, t) : 0;
    const sp = this.setPoint[r];
    const err = sp - this.ctrlValue[r];
    const e = sp !== 0 ? err / sp : err;
    const dt = (t - a.tLast) / 60;
    let ds = e - a.e1;
    if (dt > 0) {
      if (m.ki !== 0) ds += (e * dt) / m.ki;
      ds += (m.kd * (e - 2 * a.e1 + a.e2)) / dt;
    }
    a.e2 = a.e1;
    a.e1 = e;
    a.tLast = t;
    return this.s.lSetting[a.link] + m.kp * ds;
  }
}

/** Linear interpolation on [x, y] points, held at the end values. */
function curveAt(pts: readonly (readonly [number, number])[], x: number): number {
  if (pts.length === 0) return 0;
  if (x <= pts[0][0]) return pts[0][1];
  for (let j = 1; j < pts.length; j++) {
    const [x1, y1] = pts[j];
    if (x <= x1) {
      const [x0, y0] = pts[j - 1];
      return x1 > x0 ? y0 + ((x - x0) / (x1 - x0)) * (y1 - y0) : y1;
    }
  }
  return pts[pts.length - 1][1];
}
