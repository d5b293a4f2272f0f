/**
 * Gauge CSV: optional `# key: value` comment lines (station, quantity, unit), a header row with a
 * time column (`timestamp`) and a value column (`value`, or `stage` / `discharge`, optionally with
 * the unit in brackets: `stage (m)`), an optional `unit` column, then one row per reading:
 *
 *   # station: cuntan
 *   timestamp,value,unit
 *   2024-07-01T08:00:00+08:00,172.35,m
 *
 * Timestamps are ISO 8601 with an explicit offset (or the `timeZone` option). Values are converted
 * to SI (m, m3/s).
 */
import { InputError } from '../../core/errors.ts';
import {
  baseName,
  formatIsoTime,
  type GaugeQuantity,
  type GaugeReadOptions,
  type GaugeSeries,
  KNOWN_UNITS,
  parseDecimal,
  parseIsoTime,
  parseOffset,
  UnitFollower,
  SeriesBuilder,
} from './series.ts';

const TIME_NAMES = new Set(['timestamp', 'time', 'datetime', 'date_time', 'date time', 'time_iso', 'datetime_iso']);
const VALUE_NAMES: Record<string, GaugeQuantity | null> = {
  value: null,
  stage: 'stage',
  level: 'stage',
  water_level: 'stage',
  'water level': 'stage',
  gauge_height: 'stage',
  discharge: 'discharge',
  flow: 'discharge',
};

/** Splits one CSV line; fields may be "quoted" with "" for a quote inside. */
export function splitCsvLine(line: string, delim: string): string[] {
  if (!line.includes('"')) return line.split(delim);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const MISSING = new Set(['', 'nan', 'na', 'n/a', 'null', 'none', '-']);

export function readGaugeCsv(text: string, file: string, opts: GaugeReadOptions = {}): GaugeSeries {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  const meta = new Map<string, string>();
  let li = 0;
  for (; li < lines.length; li++) {
    const line = lines[li].trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s*([A-Za-z_ ]+?)\s*[:=]\s*(.*)$/.exec(line);
      if (m) meta.set(m[1].toLowerCase().replace(/\s+/g, '_'), m[2].trim());
      continue;
    }
    break;
  }
  if (li >= lines.length) throw new InputError('missing header row (expected "timestamp,value[,unit]")', { file });
  const headerLine = lines[li].trim();
  const headerLineNo = li + 1;
  const delim = headerLine.includes(',')
    ? ','
    : headerLine.includes(';')
      ? ';'
      : headerLine.includes('\t')
        ? '\t'
        : ',';
  const header = splitCsvLine(headerLine, delim).map((h) => h.trim());
  let timeCol = -1;
  let valueCol = -1;
  let unitCol = -1;
  let headerQuantity: GaugeQuantity | null = null;
  let headerUnit: string | undefined;
  header.forEach((raw, i) => {
    const withUnit = /^(.*?)\s*[([]\s*([^)\]]+)\s*[)\]]$/.exec(raw);
    const name = (withUnit ? withUnit[1] : raw).toLowerCase();
    if (timeCol < 0 && TIME_NAMES.has(name)) timeCol = i;
    else if (valueCol < 0 && name in VALUE_NAMES) {
      valueCol = i;
      headerQuantity = VALUE_NAMES[name];
      if (withUnit) headerUnit = withUnit[2];
    } else if (unitCol < 0 && (name === 'unit' || name === 'units' || name === 'uom')) unitCol = i;
  });
  if (timeCol < 0 || valueCol < 0) {
    throw new InputError(
      `missing header: expected columns "timestamp,value[,unit]", got "${headerLine.slice(0, 80)}"`,
      { file, line: headerLineNo, field: timeCol < 0 ? 'timestamp' : 'value' },
    );
  }

  const fileUnit = opts.unit ?? headerUnit ?? meta.get('unit') ?? meta.get('units');
  const metaQuantity = meta.get('quantity');
  if (metaQuantity !== undefined && metaQuantity !== 'stage' && metaQuantity !== 'discharge') {
    throw new InputError(`quantity must be "stage" or "discharge", got "${metaQuantity.slice(0, 30)}"`, {
      file,
      field: 'quantity',
    });
  }
  const quantity: GaugeQuantity | null = opts.quantity ?? (metaQuantity as GaugeQuantity | undefined) ?? headerQuantity;
  const stationId =
    opts.stationId ?? meta.get('station') ?? meta.get('station_id') ?? meta.get('stationid') ?? baseName(file);
  if (opts.timeZone !== undefined && parseOffset(opts.timeZone) === null) {
    throw new InputError(`time zone "${opts.timeZone}" is not a UTC offset like +08:00`, { file, field: 'timeZone' });
  }
  const timeZone = opts.timeZone ?? meta.get('time_zone') ?? meta.get('timezone') ?? meta.get('tz');

  const b = new SeriesBuilder(file);
  const units = new UnitFollower(quantity, 'record');
  const ncol = header.length;
  for (li = li + 1; li < lines.length; li++) {
    const raw = lines[li];
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const lineNo = li + 1;
    const f = splitCsvLine(line, delim);
    if (f.length !== ncol) {
      throw new InputError(`${f.length} fields, expected ${ncol} (${header.join(delim)})`, { file, line: lineNo });
    }
    const t = parseIsoTime(f[timeCol], timeZone, { file, line: lineNo, field: header[timeCol] });
    const vs = f[valueCol].trim();
    if (MISSING.has(vs.toLowerCase())) {
      b.warn(`line ${lineNo}: no value, skipped`);
      continue;
    }
    const v = parseDecimal(vs);
    if (Number.isNaN(v))
      throw new InputError(`"${vs.slice(0, 30)}" is not a number`, { file, line: lineNo, field: header[valueCol] });
    const u = (unitCol >= 0 ? f[unitCol].trim() : '') || fileUnit;
    if (u === undefined || u === '') {
      throw new InputError(`no unit: add a unit column, a "# unit: m" line or give the unit (known: ${KNOWN_UNITS})`, {
        file,
        line: lineNo,
        field: 'unit',
      });
    }
    b.add(t, v * units.toSI(u, { file, line: lineNo, field: 'unit' }), lineNo);
  }
  return b.finish(stationId, units.finish(fileUnit, { file, field: 'unit' }));
}

function fmt(v: number): string {
  return Number.isNaN(v) ? '' : String(v);
}

/** CSV with station and quantity comments, times at `timeZone` ('+08:00'; default UTC, 'Z'). */
export function writeGaugeCsv(s: GaugeSeries, opts: { timeZone?: string } = {}): string {
  const off = opts.timeZone !== undefined ? parseOffset(opts.timeZone) : 0;
  if (off === null)
    throw new InputError(`time zone "${opts.timeZone}" is not a UTC offset like +08:00`, { field: 'timeZone' });
  const out = [`# station: ${s.stationId}`, `# quantity: ${s.quantity}`, 'timestamp,value,unit'];
  for (let i = 0; i < s.times.length; i++) out.push(`${formatIsoTime(s.times[i], off)},${fmt(s.values[i])},${s.unit}`);
  return out.join('\n') + '\n';
}
