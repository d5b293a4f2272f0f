/**
 * Time series as CSV: `time` (ISO 8601 with the scenario's offset, when a start time is known),
 * `t_s` (seconds from the start), then one column per series. Series on different time bases are put
 * on the union of their times (piecewise-linear values, held at the ends, as `seriesAt`). Read back
 * with the time-table CSV reader (`readTimeTableCsv`, src/events) or `readSeriesCsv`.
 */
import { InputError } from '../core/errors.ts';
import { seriesAt, type Series } from '../core/timeSeries.ts';

export interface NamedSeries {
  name: string;
  series: Series;
}

function checkName(name: string): void {
  if (name === '' || /[,"\n\r]/.test(name))
    throw new InputError(`column name "${name}" must be non-empty, without commas, quotes or newlines`, {
      field: 'name',
    });
}

/** "+08:00" style offset text of minutes east of UTC. */
function offsetText(min: number): string {
  const s = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${s}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** ISO 8601 local time at `offsetMin` minutes east of UTC, e.g. 2024-07-01T08:00:00+08:00 (ms kept when present). */
export function isoAt(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60000);
  const base = d.toISOString().replace('Z', '');
  const trimmed = base.endsWith('.000') ? base.slice(0, -4) : base;
  return trimmed + offsetText(offsetMin);
}

export interface SeriesCsvOptions {
  /** epoch ms of t = 0; adds the `time` column */
  startMs?: number;
  /** minutes east of UTC for the `time` column (China: 480) */
  offsetMin?: number;
}

export function seriesCsv(columns: readonly NamedSeries[], opts: SeriesCsvOptions = {}): string {
  if (columns.length === 0) throw new InputError('no series to write', { field: 'columns' });
  const seen = new Set<string>();
  for (const c of columns) {
    checkName(c.name);
    if (seen.has(c.name) || c.name === 't_s' || c.name === 'time')
      throw new InputError(`duplicate or reserved column name "${c.name}"`, { field: 'name' });
    seen.add(c.name);
  }
  const times = [...new Set(columns.flatMap((c) => c.series.map((p) => p[0])))].sort((a, b) => a - b);
  const withTime = opts.startMs !== undefined;
  const header = [...(withTime ? ['time'] : []), 't_s', ...columns.map((c) => c.name)];
  const lines = [header.join(',')];
  for (const t of times) {
    const row: string[] = [];
    if (withTime) row.push(isoAt(opts.startMs! + t * 1000, opts.offsetMin ?? 0));
    row.push(String(t));
    for (const c of columns) row.push(String(seriesAt(c.series, t)));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

/** Reads a `seriesCsv` file (with or without the `time` column) back into named series. */
export function readSeriesCsv(text: string, file = 'series.csv'): NamedSeries[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (lines.length === 0) throw new InputError('empty file', { file });
  const header = lines[0].split(',').map((h) => h.trim());
  const tCol = header.indexOf('t_s');
  if (tCol < 0) throw new InputError('no "t_s" column', { file, line: 1 });
  const cols = header.map((h, i) => ({ h, i })).filter(({ h }) => h !== 't_s' && h !== 'time');
  const out: NamedSeries[] = cols.map(({ h }) => ({ name: h, series: [] as [number, number][] }));
  for (let li = 1; li < lines.length; li++) {
    const toks = lines[li].split(',');
    if (toks.length !== header.length)
      throw new InputError(`row has ${toks.length} fields, the header ${header.length}`, { file, line: li + 1 });
    const t = Number(toks[tCol]);
    if (!Number.isFinite(t))
      throw new InputError(`"${toks[tCol]}" is not a number`, { file, line: li + 1, field: 't_s' });
    cols.forEach(({ h, i }, k) => {
      const v = Number(toks[i]);
      if (!Number.isFinite(v) || toks[i].trim() === '')
        throw new InputError(`"${toks[i]}" is not a number`, { file, line: li + 1, field: h });
      (out[k].series as [number, number][]).push([t, v]);
    });
  }
  return out;
}
