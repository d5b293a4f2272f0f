/**
 * A small reader for multi-column time tables as CSV (rain-gauge records, floodtwin's series CSV): `#` comment lines, a header row, then rows of an ISO 8601
 * time with an explicit offset (`2024-07-01T08:00:00+08:00` or `Z`) and numbers. Comma, semicolon
 * or tab separated. Times must increase strictly. River gauge records (stage / discharge, with
 * units, CSV / RDB / WaterML) have their own readers in src/io/gauges.
 */
import { InputError } from '../core/errors.ts';
import { excerpt } from '../core/excerpt.ts';
import { parseDecimal, parseIsoTime } from '../io/gauges/series.ts';

export interface TimeTable {
  /** column names as written (the time column first) */
  header: string[];
  /** epoch milliseconds of each row */
  timesMs: number[];
  /** numeric columns by lower-case header name */
  columns: Map<string, number[]>;
  /** 1-based file line of each row, for error messages */
  lines: number[];
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch ms of an ISO 8601 time that carries an explicit offset; InputError otherwise. */
export function parseIsoWithOffset(
  s: string,
  where: { file?: string; line?: number; field?: string; path?: string },
): number {
  const t = s.trim();
  if (!ISO_WITH_OFFSET.test(t)) {
    throw new InputError(
      `"${t.slice(0, 40)}" is not an ISO 8601 time with an offset (e.g. 2024-07-01T08:00:00+08:00)`,
      where,
    );
  }
  // not Date.parse: it rolls 2024-02-30 into March; parseIsoTime checks every field
  return parseIsoTime(t, undefined, where as { file: string; line?: number; field?: string });
}

export function readTimeTableCsv(text: string, file = 'gauge.csv'): TimeTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let li = 0;
  while (li < lines.length && (lines[li].trim() === '' || lines[li].trim().startsWith('#'))) li++;
  if (li >= lines.length) throw new InputError('no header row (expected e.g. "time,mm")', { file });
  const headerLine = lines[li];
  const sep = headerLine.includes('\t') ? '\t' : headerLine.includes(';') ? ';' : ',';
  const header = headerLine.split(sep).map((h) => h.trim().replace(/^"|"$/g, ''));
  if (header.length < 2)
    throw new InputError(`header has ${header.length} column, expected a time column and at least one value column`, {
      file,
      line: li + 1,
    });
  const names = header.map((h) => h.toLowerCase());
  const cols: number[][] = names.slice(1).map(() => []);
  const timesMs: number[] = [];
  const rowLines: number[] = [];
  for (li = li + 1; li < lines.length; li++) {
    const raw = lines[li].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const toks = raw.split(sep).map((x) => x.trim().replace(/^"|"$/g, ''));
    if (toks.length !== header.length)
      throw new InputError(`row has ${toks.length} fields, the header ${header.length}`, { file, line: li + 1 });
    const t = parseIsoWithOffset(toks[0], { file, line: li + 1, field: header[0] });
    if (timesMs.length && t <= timesMs[timesMs.length - 1])
      throw new InputError('times must increase strictly', { file, line: li + 1, field: header[0] });
    timesMs.push(t);
    rowLines.push(li + 1);
    for (let c = 1; c < toks.length; c++) {
      // plain decimals only: Number() would read "0x10" as 16 and "" as 0
      const v = parseDecimal(toks[c]);
      if (!Number.isFinite(v))
        throw new InputError(`"${excerpt(toks[c], 30)}" is not a decimal number`, {
          file,
          line: li + 1,
          field: header[c],
        });
      cols[c - 1].push(v);
    }
  }
  if (timesMs.length === 0) throw new InputError('no data rows', { file });
  const columns = new Map<string, number[]>();
  names.slice(1).forEach((n, i) => {
    columns.set(n, cols[i]);
  });
  return { header, timesMs, columns, lines: rowLines };
}

/** The first column whose lower-case name is in `names`, with its name; null when none. */
export function pickColumn(t: TimeTable, names: readonly string[]): { name: string; values: number[] } | null {
  for (const n of names) {
    const v = t.columns.get(n);
    if (v) return { name: n, values: v };
  }
  return null;
}
