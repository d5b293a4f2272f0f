/**
 * [CONTROLS]: rule-based controls as SWMM reads them (SWMM 5 User's Manual, Appendix C.3 "Control Rules"):
 *   RULE name
 *   IF   <variable> <op> <value | variable>
 *   AND / OR <condition> ...
 *   THEN <PUMP | ORIFICE | WEIR | OUTLET | CONDUIT> id <STATUS | SETTING> = <value>
 *   AND  <action> ...
 *   ELSE <action> ...
 *   PRIORITY p
 * Variables: NODE id DEPTH | HEAD | VOLUME | INFLOW, LINK / CONDUIT id FLOW | DEPTH | STATUS,
 * PUMP id STATUS | FLOW | SETTING, ORIFICE / WEIR / OUTLET id SETTING, SIMULATION TIME | CLOCKTIME
 * (decimal hours or H:MM[:SS], kept as seconds). Values stay in the file's units. Modulated SETTING
 * actions: `= CURVE id`, `= TIMESERIES id`, `= PID kp ki kd`.
 */
import { InputError } from '../../core/errors.ts';
import type {
  ControlAction,
  ControlModulation,
  ControlOp,
  ControlPremise,
  ControlRule,
  ControlVariable,
} from './types.ts';
import { parseDurationSeconds } from './time.ts';

const OPS: readonly ControlOp[] = ['=', '<>', '<', '<=', '>', '>='];
const OBJECTS = ['NODE', 'LINK', 'CONDUIT', 'PUMP', 'ORIFICE', 'WEIR', 'OUTLET'] as const;
const ATTRIBUTES: Record<string, readonly string[]> = {
  NODE: ['DEPTH', 'HEAD', 'VOLUME', 'INFLOW'],
  LINK: ['FLOW', 'DEPTH', 'STATUS'],
  CONDUIT: ['FLOW', 'DEPTH', 'STATUS'],
  PUMP: ['STATUS', 'FLOW', 'SETTING'],
  ORIFICE: ['SETTING', 'FLOW'],
  WEIR: ['SETTING', 'FLOW'],
  OUTLET: ['SETTING', 'FLOW'],
};
const WORD_VALUES: Record<string, number> = { ON: 1, OPEN: 1, OFF: 0, CLOSED: 0 };

export interface ControlState {
  rule?: ControlRule;
  clause?: 'IF' | 'THEN' | 'ELSE';
}

/** Parses one data line of [CONTROLS] into `out`; errors name the file, line and what was expected. */
export function readControlLine(
  toks: string[],
  line: number,
  file: string,
  st: ControlState,
  out: ControlRule[],
): void {
  const err = (msg: string) => new InputError(`[CONTROLS] ${msg}`, { file, line, field: toks[0] });
  const key = toks[0].toUpperCase();
  if (key === 'RULE') {
    if (toks.length < 2) throw err('RULE needs a name');
    st.rule = { name: toks[1], premises: [], thenActions: [], elseActions: [], priority: 0, line };
    st.clause = undefined;
    out.push(st.rule);
    return;
  }
  const r = st.rule;
  if (!r) throw err(`"${toks[0].slice(0, 20)}" before the first RULE line`);
  if (key === 'PRIORITY') {
    const p = Number(toks[1]);
    if (!Number.isFinite(p)) throw err(`PRIORITY needs a number, got "${(toks[1] ?? '').slice(0, 20)}"`);
    r.priority = p;
    return;
  }
  if (key === 'IF' || key === 'OR' || (key === 'AND' && st.clause === 'IF')) {
    if (key === 'IF' && st.clause !== undefined) throw err(`rule ${r.name}: a second IF`);
    if (key !== 'IF' && st.clause !== 'IF') throw err(`rule ${r.name}: ${key} before IF`);
    st.clause = 'IF';
    r.premises.push(premise(toks.slice(1), key as ControlPremise['join'], err));
    return;
  }
  if (key === 'THEN' || key === 'ELSE' || key === 'AND') {
    if (key === 'THEN' && st.clause !== 'IF') throw err(`rule ${r.name}: THEN without IF`);
    if (key === 'ELSE' && st.clause !== 'THEN') throw err(`rule ${r.name}: ELSE without THEN`);
    if (key !== 'AND') st.clause = key;
    (st.clause === 'ELSE' ? r.elseActions : r.thenActions).push(action(toks.slice(1), err));
    return;
  }
  throw err(`unknown keyword "${toks[0].slice(0, 20)}" (expected RULE, IF, AND, OR, THEN, ELSE or PRIORITY)`);
}

/** Reads `<variable>` from the start of toks; returns it and the number of tokens used. */
function variable(toks: string[], err: (m: string) => InputError): [ControlVariable, number] {
  const obj = (toks[0] ?? '').toUpperCase();
  if (obj === 'SIMULATION') {
    const a = (toks[1] ?? '').toUpperCase();
    if (a !== 'TIME' && a !== 'CLOCKTIME') throw err(`SIMULATION ${a || '?'}: only TIME and CLOCKTIME are supported`);
    return [{ object: 'SIMULATION', attribute: a }, 2];
  }
  if (!(OBJECTS as readonly string[]).includes(obj))
    throw err(`unknown object "${(toks[0] ?? '').slice(0, 20)}" (expected ${OBJECTS.join(', ')} or SIMULATION)`);
  const id = toks[1];
  const attr = (toks[2] ?? '').toUpperCase();
  if (!id) throw err(`${obj} needs a name`);
  if (!ATTRIBUTES[obj].includes(attr))
    throw err(`${obj} ${id}: unknown attribute "${toks[2] ?? ''}" (expected ${ATTRIBUTES[obj].join(', ')})`);
  return [{ object: obj as (typeof OBJECTS)[number], id, attribute: attr }, 3];
}

function value(tok: string | undefined, time: boolean, err: (m: string) => InputError): number {
  if (tok === undefined) throw err('missing value');
  const w = WORD_VALUES[tok.toUpperCase()];
  if (w !== undefined) return w;
  if (time) {
    const s = tok.includes(':') ? parseDurationSeconds(tok) : Number(tok) * 3600;
    if (s === undefined || !Number.isFinite(s))
      throw err(`"${tok.slice(0, 20)}" is not a time (decimal hours or H:MM)`);
    return s;
  }
  const v = Number(tok);
  if (!Number.isFinite(v)) throw err(`"${tok.slice(0, 20)}" is not a number, ON/OFF or OPEN/CLOSED`);
  return v;
}

function premise(toks: string[], join: ControlPremise['join'], err: (m: string) => InputError): ControlPremise {
  const [left, n] = variable(toks, err);
  const op = toks[n] as ControlOp;
  if (!OPS.includes(op))
    throw err(`expected a comparison (${OPS.join(' ')}) after the variable, got "${(toks[n] ?? '').slice(0, 10)}"`);
  const rest = toks.slice(n + 1);
  if (rest.length >= 3) return { join, left, op, right: variable(rest, err)[0] };
  return { join, left, op, right: value(rest[0], left.object === 'SIMULATION', err) };
}

function action(toks: string[], err: (m: string) => InputError): ControlAction {
  const obj = (toks[0] ?? '').toUpperCase();
  const objects = ['PUMP', 'ORIFICE', 'WEIR', 'OUTLET', 'CONDUIT', 'LINK'];
  if (!objects.includes(obj)) throw err(`an action sets ${objects.join(', ')}, got "${(toks[0] ?? '').slice(0, 20)}"`);
  const attr = (toks[2] ?? '').toUpperCase();
  if (attr !== 'STATUS' && attr !== 'SETTING')
    throw err(`${obj} ${toks[1] ?? ''}: an action sets STATUS or SETTING, got "${toks[2] ?? ''}"`);
  if (toks[3] !== '=') throw err(`${obj} ${toks[1]} ${attr}: expected "=", got "${(toks[3] ?? '').slice(0, 10)}"`);
  const v = (toks[4] ?? '').toUpperCase();
  const base = { object: obj as ControlAction['object'], id: toks[1], attribute: attr } as const;
  if (v === 'CURVE' || v === 'TIMESERIES' || v === 'PID') {
    if (attr !== 'SETTING') throw err(`${obj} ${toks[1]}: a modulated ${v} action sets SETTING, not STATUS`);
    return { ...base, value: 0, modulated: modulation(v, toks.slice(5), err) };
  }
  return { ...base, value: value(toks[4], false, err) };
}

/** `CURVE id`, `TIMESERIES id` or `PID kp ki kd` after the "=" of an action. */
function modulation(kind: string, rest: string[], err: (m: string) => InputError): ControlModulation {
  if (kind === 'PID') {
    const [kp, ki, kd] = rest.slice(0, 3).map(Number);
    if (rest.length < 3 || ![kp, ki, kd].every(Number.isFinite))
      throw err(`PID needs three numbers (kp ki kd), got "${rest.join(' ').slice(0, 30)}"`);
    return { kind: 'PID', kp, ki, kd };
  }
  if (!rest[0]) throw err(`${kind} needs the name of a ${kind === 'CURVE' ? 'CONTROL curve' : 'time series'}`);
  return { kind: kind as 'CURVE' | 'TIMESERIES', name: rest[0] };
}
