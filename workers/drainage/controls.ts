/**
 * [CONTROLS] rules at run time (SWMM 5 User's Manual, Appendix C.3): before each network step every rule's
 * premises are evaluated left to right (an OR clause is tried only while the result so far is false; an
 * AND clause only while it is true), then the THEN actions of true rules and the ELSE actions of false
 * ones are applied. When several rules act on one link, the highest PRIORITY wins, and among equal
 * priorities the rule listed first. Pumps: STATUS ON/OFF, or SETTING (a flow multiplier, > 0 is on);
 * orifices, weirs, outlets: SETTING = fraction open; conduits: STATUS OPEN/CLOSED.
 */
import { InputError } from '../../src/core/errors.ts';
import type { ControlOp, ControlRule, ControlVariable } from '../../src/io/swmmInp.ts';

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
  private readonly acts: { link: number; status: boolean; value: number }[][][] = [];
  private readonly isPump: Uint8Array;
  private readonly best: Float64Array; // per link: chosen priority this evaluation
  private readonly chosen: Float64Array; // per link: chosen value, NaN = none
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
          return { link, status: a.attribute === 'STATUS', value: a.value };
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
      }
    }
    const s = this.s;
    for (let k = 0; k < this.chosen.length; k++) {
      const v = this.chosen[k];
      if (Number.isNaN(v)) continue;
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
}
