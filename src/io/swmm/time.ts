/**
 * SWMM date and time fields (SWMM 5 datetime.c): dates MM/DD/YYYY (also YYYY-MM-DD and MON/DD/YYYY
 * or MON-DD-YYYY with a month name), times H:MM or H:MM:SS (hours may exceed 24) or decimal hours.
 */
import type { Series } from '../../core/timeSeries.ts';
import type { SwmmInp, TimeSeries } from './types.ts';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MDY = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const NAMED = /^([A-Za-z]{3})[/-](\d{1,2})[/-](\d{4})$/;
const CLOCK = /^(\d{1,7}):(\d{1,2})(?::(\d{1,2}(?:\.\d*)?))?$/;
/** Longest duration accepted (about 317 years), so every duration can be written back as H:MM:SS. */
const MAX_SECONDS = 1e10;
const DECIMAL = /^(\d+\.?\d*|\.\d+)$/;

/** Days since 1970-01-01 (UTC) of a SWMM date, or undefined if it is not one. */
export function parseSwmmDateDays(s: string): number | undefined {
  let y: number;
  let mo: number;
  let d: number;
  const mdy = MDY.exec(s);
  const ymd = mdy ? null : YMD.exec(s);
  const named = mdy || ymd ? null : NAMED.exec(s);
  if (mdy) {
    mo = +mdy[1];
    d = +mdy[2];
    y = +mdy[3];
  } else if (ymd) {
    y = +ymd[1];
    mo = +ymd[2];
    d = +ymd[3];
  } else if (named) {
    mo = MONTHS.indexOf(named[1].toUpperCase()) + 1;
    if (mo === 0) return undefined;
    d = +named[2];
    y = +named[3];
  } else return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const ms = Date.UTC(y, mo - 1, d);
  if (new Date(ms).getUTCDate() !== d) return undefined; // 02/30 and the like
  return ms / 86_400_000;
}

export function isSwmmDate(s: string): boolean {
  return parseSwmmDateDays(s) !== undefined;
}

/** Seconds of a clock time H:MM(:SS) (minutes, seconds < 60), or undefined. */
export function parseClockSeconds(s: string): number | undefined {
  const m = CLOCK.exec(s);
  if (!m) return undefined;
  const min = +m[2];
  const sec = m[3] === undefined ? 0 : +m[3];
  if (min >= 60 || sec >= 60) return undefined;
  return +m[1] * 3600 + min * 60 + sec;
}

export function isSwmmTime(s: string): boolean {
  return parseClockSeconds(s) !== undefined;
}

/** A duration written H:MM(:SS) or as decimal hours, in seconds. */
export function parseDurationSeconds(s: string): number | undefined {
  const c = parseClockSeconds(s);
  if (c !== undefined) return c;
  if (DECIMAL.test(s)) {
    const v = Number(s) * 3600;
    return v <= MAX_SECONDS ? v : undefined;
  }
  return undefined;
}

/** Seconds as HH:MM:SS (whole seconds; fractions kept as decimals). */
export function formatClock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds - h * 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  const ss = Number.isInteger(s) ? String(s).padStart(2, '0') : (s < 10 ? '0' : '') + String(s);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${ss}`;
}

/** Absolute seconds (since 1970, UTC as a plain calendar) of a date and an optional time. */
export function dateTimeSeconds(date: string, time = '0:00'): number | undefined {
  const d = parseSwmmDateDays(date);
  const t = parseDurationSeconds(time);
  if (d === undefined || t === undefined) return undefined;
  return d * 86_400 + t;
}

/**
 * Seconds from the simulation start of each point of a series: a point with no date in force is
 * relative (hours from the start); a dated point is absolute and needs `startSeconds`
 * (`simulationStartSeconds`). Undefined entries where a time cannot be placed.
 */
export function timeSeriesSeconds(ts: TimeSeries, startSeconds?: number): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  let date: string | undefined;
  for (const p of ts.points) {
    if (p.date !== undefined) date = p.date;
    const t = parseDurationSeconds(p.time);
    if (t === undefined) {
      out.push(undefined);
      continue;
    }
    if (date === undefined) {
      out.push(t);
      continue;
    }
    const abs = dateTimeSeconds(date, p.time);
    out.push(abs === undefined || startSeconds === undefined ? undefined : abs - startSeconds);
  }
  return out;
}

/** START_DATE / START_TIME as absolute seconds (undefined when the file has no START_DATE). */
export function simulationStartSeconds(m: SwmmInp): number | undefined {
  if (m.options.startDate === undefined) return undefined;
  return dateTimeSeconds(m.options.startDate, m.options.startTime ?? '0:00');
}

/** END_DATE / END_TIME minus the start, in seconds (undefined when either date is missing). */
export function simulationDurationSeconds(m: SwmmInp): number | undefined {
  const s = simulationStartSeconds(m);
  if (s === undefined || m.options.endDate === undefined) return undefined;
  const e = dateTimeSeconds(m.options.endDate, m.options.endTime ?? '0:00');
  return e === undefined ? undefined : e - s;
}

/**
 * A [TIMESERIES] entry as the project's `Series` ([seconds from the start, value], values in the
 * file's units). Points that cannot be placed (dated series without a start date) are dropped.
 */
export function timeSeriesToSeries(ts: TimeSeries, m?: SwmmInp): Series {
  const start = m ? simulationStartSeconds(m) : undefined;
  const secs = timeSeriesSeconds(ts, start);
  const out: [number, number][] = [];
  for (let i = 0; i < secs.length; i++) {
    const t = secs[i];
    if (t !== undefined) out.push([t, ts.points[i].value]);
  }
  return out;
}
