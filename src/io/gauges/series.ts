/**
 * Gauge records: the common type, units, ISO 8601 times and the quality checks shared by the CSV,
 * USGS RDB and WaterML 2.0 readers.
 */
import { InputError } from '../../core/errors.ts';

export type GaugeQuantity = 'stage' | 'discharge';

export interface GaugeSeries {
  stationId: string;
  quantity: GaugeQuantity;
  /** SI unit of `values` after conversion: 'm' for stage, 'm3/s' for discharge */
  unit: 'm' | 'm3/s';
  /** ms since 1970-01-01T00:00Z, strictly increasing */
  times: Float64Array;
  values: Float64Array;
  /** gaps, duplicates, out-of-order rows and skipped values, each naming its line */
  warnings: string[];
}

export interface GaugeReadOptions {
  /** overrides the station id found in the file (or the file's base name) */
  stationId?: string;
  /** the quantity when the file does not say (otherwise inferred from the unit) */
  quantity?: GaugeQuantity;
  /** unit of the values when the file has none */
  unit?: string;
  /** UTC offset ('+08:00', 'Z') for timestamps written without one */
  timeZone?: string;
}

interface UnitDef {
  quantity: GaugeQuantity;
  toSI: number;
}

// Exact conversion factors: 1 ft = 0.3048 m (international foot), so 1 ft³ = 0.028316846592 m³.
const UNITS: Record<string, UnitDef> = {
  m: { quantity: 'stage', toSI: 1 },
  ft: { quantity: 'stage', toSI: 0.3048 },
  cm: { quantity: 'stage', toSI: 0.01 },
  'm3/s': { quantity: 'discharge', toSI: 1 },
  'ft3/s': { quantity: 'discharge', toSI: 0.028316846592 },
  cfs: { quantity: 'discharge', toSI: 0.028316846592 },
  'l/s': { quantity: 'discharge', toSI: 0.001 },
};

const UNIT_ALIASES: Record<string, string> = {
  metre: 'm',
  meter: 'm',
  metres: 'm',
  meters: 'm',
  feet: 'ft',
  foot: 'ft',
  centimetre: 'cm',
  centimeter: 'cm',
  'm^3/s': 'm3/s',
  'm³/s': 'm3/s',
  'm3 s-1': 'm3/s',
  'm3.s-1': 'm3/s',
  cms: 'm3/s',
  cumec: 'm3/s',
  cumecs: 'm3/s',
  'ft^3/s': 'ft3/s',
  'ft³/s': 'ft3/s',
  'ft3 s-1': 'ft3/s',
  'cu ft/s': 'ft3/s',
  'l s-1': 'l/s',
  lps: 'l/s',
};

export const KNOWN_UNITS = 'm, ft, cm (stage); m3/s, ft3/s, cfs, L/s (discharge)';

/** The canonical name and definition of a unit, or null. Case and spaces do not matter. */
export function lookupUnit(unit: string): { name: string; def: UnitDef } | null {
  let u = unit.trim().toLowerCase().replace(/\s+/g, ' ');
  if (u === '[m3/s]' || u === '[m]') u = u.slice(1, -1);
  u = UNIT_ALIASES[u] ?? u;
  const def = UNITS[u];
  return def ? { name: u, def } : null;
}

/** The unit's definition or an InputError listing the units we take. */
export function requireUnit(
  unit: string,
  where: { file: string; line?: number; field?: string },
): { name: string; def: UnitDef } {
  const u = lookupUnit(unit);
  if (!u) throw new InputError(`unknown unit "${unit.slice(0, 40)}" (known: ${KNOWN_UNITS})`, where);
  return u;
}

/**
 * A record's unit followed value by value (CSV rows, WaterML points): converts each value to SI
 * and insists that every value measures the one quantity of the record.
 */
export class UnitFollower {
  private last = '';
  private factor = 1;
  constructor(
    public quantity: GaugeQuantity | null,
    /** "record" or "series", for the message */
    private readonly noun: string,
  ) {}

  /** The factor to SI for a value given in `unit`. */
  toSI(unit: string, where: { file: string; line?: number; field?: string }): number {
    if (unit !== this.last) {
      const def = requireUnit(unit, where).def;
      if (this.quantity === null) this.quantity = def.quantity;
      else if (def.quantity !== this.quantity) {
        throw new InputError(
          `unit "${unit}" measures ${def.quantity}, but this ${this.noun} is ${this.quantity}`,
          where,
        );
      }
      this.last = unit;
      this.factor = def.toSI;
    }
    return this.factor;
  }

  /** The record's quantity: from its values, else from `fallbackUnit`; none at all is an error. */
  finish(fallbackUnit: string | undefined, where: { file: string; field?: string }): GaugeQuantity {
    if (this.quantity !== null) return this.quantity;
    if (fallbackUnit) return requireUnit(fallbackUnit, where).def.quantity;
    throw new InputError('no values in the record', { file: where.file });
  }
}

export function siUnit(q: GaugeQuantity): 'm' | 'm3/s' {
  return q === 'stage' ? 'm' : 'm3/s';
}

// ---------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------

/** Minutes east of UTC for "+08:00", "+0800", "+08", "Z", "UTC", "GMT"; null when not an offset. */
export function parseOffset(s: string): number | null {
  const t = s.trim();
  if (/^(Z|UTC|GMT|UT)$/i.test(t)) return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{2})(?::?(\d{2}))?$/i.exec(t);
  if (!m) return null;
  const h = Number(m[2]);
  const min = m[3] ? Number(m[3]) : 0;
  if (h > 18 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysIn(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/**
 * ms since the epoch of an ISO 8601 date-time ("2024-07-01T08:00:00+08:00", a space instead of T,
 * fractional seconds). A time without an offset takes `timeZone`; with neither it is an error
 * (a gauge record must say which clock it was read on).
 */
export function parseIsoTime(
  s: string,
  timeZone: string | undefined,
  where: { file: string; line?: number; field?: string },
): number {
  const m = ISO.exec(s.trim());
  if (!m) throw new InputError(`"${s.slice(0, 40)}" is not an ISO 8601 time (like 2024-07-01T08:00:00+08:00)`, where);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = m[4] ? Number(m[4]) : 0;
  const mi = m[5] ? Number(m[5]) : 0;
  const sec = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59) {
    throw new InputError(`"${s.slice(0, 40)}" is not a valid date and time`, where);
  }
  let offsetMin: number | null;
  if (m[8]) offsetMin = parseOffset(m[8]);
  else if (timeZone !== undefined) {
    offsetMin = parseOffset(timeZone);
    if (offsetMin === null)
      throw new InputError(`time zone "${timeZone}" is not a UTC offset like +08:00`, { ...where, field: 'timeZone' });
  } else {
    throw new InputError(
      `time "${s.slice(0, 40)}" has no UTC offset; write it like 2024-07-01T08:00:00+08:00 or give the time zone (--tz +08:00)`,
      where,
    );
  }
  if (offsetMin === null) throw new InputError(`bad UTC offset in "${s.slice(0, 40)}"`, where);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, sec, ms);
  return date.getTime() - offsetMin * 60000;
}

/** ISO 8601 with the given offset (minutes east of UTC): 2024-07-01T08:00:00+08:00 (ms when not 0). */
export function formatIsoTime(ms: number, offsetMin = 0): string {
  const d = new Date(ms + offsetMin * 60000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  let s = `${String(d.getUTCFullYear()).padStart(4, '0')}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  const frac = d.getUTCMilliseconds();
  if (frac) s += `.${String(frac).padStart(3, '0')}`;
  if (offsetMin === 0) return `${s}Z`;
  const a = Math.abs(offsetMin);
  return `${s}${offsetMin < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

// ---------------------------------------------------------------------------------------------
// Building a series: sort, drop duplicates, report gaps
// ---------------------------------------------------------------------------------------------

const MAX_WARNINGS = 50;

/** Collects rows (time, value, line) and makes a strictly increasing series with warnings. */
export class SeriesBuilder {
  private t: number[] = [];
  private v: number[] = [];
  private lines: number[] = [];
  readonly warnings: string[] = [];
  private dropped = 0;

  constructor(private readonly file: string) {}

  warn(msg: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(msg);
    else this.dropped++;
  }

  add(t: number, v: number, line: number): void {
    this.t.push(t);
    this.v.push(v);
    this.lines.push(line);
  }

  get count(): number {
    return this.t.length;
  }

  /** Sorts by time (stable), keeps the first of equal times, warns about gaps > 2× the median step. */
  finish(stationId: string, quantity: GaugeQuantity, label = 'line'): GaugeSeries {
    const n = this.t.length;
    if (n === 0) throw new InputError('no values in the record', { file: this.file });
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = 1; i < n; i++) {
      if (this.t[i] < this.t[i - 1]) {
        this.warn(
          `${label} ${this.lines[i]}: out of order (${formatIsoTime(this.t[i])} is before ${formatIsoTime(this.t[i - 1])} on ${label} ${this.lines[i - 1]}); sorted`,
        );
      }
    }
    order.sort((a, b) => this.t[a] - this.t[b] || a - b);
    const times: number[] = [];
    const values: number[] = [];
    const lines: number[] = [];
    for (const i of order) {
      const k = times.length;
      if (k > 0 && times[k - 1] === this.t[i]) {
        this.warn(
          `${label} ${this.lines[i]}: duplicate time ${formatIsoTime(this.t[i])} (first on ${label} ${lines[k - 1]}); kept the first`,
        );
        continue;
      }
      times.push(this.t[i]);
      values.push(this.v[i]);
      lines.push(this.lines[i]);
    }
    if (times.length >= 3) {
      const steps = new Float64Array(times.length - 1);
      for (let i = 1; i < times.length; i++) steps[i - 1] = times[i] - times[i - 1];
      const sorted = Float64Array.from(steps).sort();
      const mid = sorted.length >> 1;
      const median = sorted.length % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
      for (let i = 0; i < steps.length; i++) {
        if (steps[i] > 2 * median) {
          this.warn(
            `${label} ${lines[i + 1]}: gap of ${fmtDuration(steps[i])} after ${formatIsoTime(times[i])} (${label} ${lines[i]}); the usual step is ${fmtDuration(median)}`,
          );
        }
      }
    }
    const warnings = this.warnings.slice();
    if (this.dropped) warnings.push(`… and ${this.dropped} more warnings`);
    return {
      stationId,
      quantity,
      unit: siUnit(quantity),
      times: Float64Array.from(times),
      values: Float64Array.from(values),
      warnings,
    };
  }
}

function fmtDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${+s.toFixed(3)} s`;
  if (s < 3600) return `${+(s / 60).toFixed(2)} min`;
  if (s < 172800) return `${+(s / 3600).toFixed(2)} h`;
  return `${+(s / 86400).toFixed(2)} d`;
}

/** A number written as plain decimal (no hex, no "Infinity"); NaN otherwise. */
export function parseDecimal(s: string): number {
  const t = s.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return NaN;
  return Number(t);
}

/** The file name without folders and extension, as a default station id. */
export function baseName(file: string): string {
  const b = file.replace(/^.*[\\/]/, '');
  const dot = b.lastIndexOf('.');
  return dot > 0 ? b.slice(0, dot) : b || 'gauge';
}

/**
 * [t, v] pairs with t in seconds from the scenario start `startIso` (ISO 8601 with an offset),
 * the form the engines take (`Series` in src/core/timeSeries.ts).
 */
export function toSeconds(series: GaugeSeries, startIso: string): [number, number][] {
  const t0 = parseIsoTime(startIso, undefined, { file: 'scenario', field: 'start' });
  const out: [number, number][] = new Array(series.times.length);
  for (let i = 0; i < series.times.length; i++) out[i] = [(series.times[i] - t0) / 1000, series.values[i]];
  return out;
}
