/**
 * SWMM time patterns for dry-weather flow ([PATTERNS], kept verbatim by the reader): MONTHLY (12
 * factors), DAILY (7, Sunday first), HOURLY (24, from midnight) and WEEKEND (24, hourly on Saturday
 * and Sunday). The DWF at a time is average × monthly × daily × (weekend on weekends, else hourly),
 * each factor held over its hour / day / month, as SWMM's dwflow.
 */
import type { Series } from '../../src/core/timeSeries.ts';
import type { SwmmInp } from '../../src/io/swmmInp.ts';
import { simulationStartSeconds } from '../../src/io/swmmInp.ts';

export interface Pattern {
  type: 'MONTHLY' | 'DAILY' | 'HOURLY' | 'WEEKEND';
  factors: number[];
}

const TYPES = ['MONTHLY', 'DAILY', 'HOURLY', 'WEEKEND'] as const;

/** Patterns by name from the file's [PATTERNS] lines (unparseable lines are skipped). */
export function readPatterns(m: SwmmInp): Map<string, Pattern> {
  const out = new Map<string, Pattern>();
  for (const sec of m.sections) {
    if (sec.key !== 'PATTERNS') continue;
    for (const line of sec.lines) {
      if (line.kind !== 'text') continue;
      const text = line.text.replace(/;.*/, '').trim();
      if (!text) continue;
      const tok = text.split(/\s+/);
      const name = tok[0];
      let rest = tok.slice(1);
      let p = out.get(name);
      const t = rest[0]?.toUpperCase();
      if ((TYPES as readonly string[]).includes(t)) {
        p = { type: t as Pattern['type'], factors: [] };
        out.set(name, p);
        rest = rest.slice(1);
      }
      if (!p) continue;
      for (const v of rest) {
        const x = Number(v);
        if (Number.isFinite(x)) p.factors.push(x);
      }
    }
  }
  return out;
}

/**
 * The multiplier of a DWF with the given pattern names over [0, duration] as a step series
 * (hourly resolution), or null when no pattern applies.
 */
export function dwfMultiplier(
  m: SwmmInp,
  patterns: Map<string, Pattern>,
  names: string[],
  duration: number,
): Series | null {
  const used = names.map((n) => patterns.get(n)).filter((p): p is Pattern => !!p && p.factors.length > 0);
  if (used.length === 0) return null;
  const start = simulationStartSeconds(m) ?? 0;
  const factorAt = (t: number) => {
    const d = new Date((start + t) * 1000);
    const month = d.getUTCMonth();
    const dow = d.getUTCDay();
    const hour = d.getUTCHours();
    const weekend = dow === 0 || dow === 6;
    const hasWeekend = used.some((p) => p.type === 'WEEKEND');
    let f = 1;
    for (const p of used) {
      if (p.type === 'MONTHLY') f *= p.factors[month] ?? 1;
      else if (p.type === 'DAILY') f *= p.factors[dow] ?? 1;
      else if (p.type === 'HOURLY' && !(weekend && hasWeekend)) f *= p.factors[hour] ?? 1;
      else if (p.type === 'WEEKEND' && weekend) f *= p.factors[hour] ?? 1;
    }
    return f;
  };
  const s: [number, number][] = [];
  // hour boundaries of the calendar (the start may fall inside an hour)
  const first = Math.ceil(start / 3600) * 3600 - start;
  let t = 0;
  let next = first > 0 ? first : 3600;
  while (t < duration + 3600) {
    const f = factorAt(t);
    s.push([t, f]);
    s.push([next - 1e-3, f]);
    t = next;
    next += 3600;
  }
  return s;
}
