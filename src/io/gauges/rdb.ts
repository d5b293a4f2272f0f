/**
 * USGS RDB (the tab-delimited "rdb" output of waterservices.usgs.gov / NWIS): `#` comment lines, a
 * header row of column names, a column-format row (`5s 15s 20d 6s 14n 10s`: width + s/d/n type),
 * then tab-separated rows. Instantaneous values have `datetime` ("2024-07-01 00:15") and `tz_cd`
 * ("EDT", "UTC") columns; the value column is named `<ts_id>_<parameter code>`, e.g. `147720_00065`
 * for gauge height (ft) or `_00060` for discharge (ft³/s), followed by its `_cd` qualifier column.
 * Reference: USGS, "USGS RDB format" (help.waterdata.usgs.gov/faq/about-tab-delimited-output).
 */
import { InputError } from '../../core/errors.ts';
import {
  baseName,
  formatIsoTime,
  type GaugeQuantity,
  type GaugeReadOptions,
  type GaugeSeries,
  parseDecimal,
  parseIsoTime,
  requireUnit,
  SeriesBuilder,
} from './series.ts';

/** USGS parameter codes floodtwin reads: quantity and unit. */
const PARAMETERS: Record<string, { quantity: GaugeQuantity; unit: string }> = {
  '00065': { quantity: 'stage', unit: 'ft' }, // gage height
  '62614': { quantity: 'stage', unit: 'ft' }, // lake or reservoir water surface elevation above NGVD 1929
  '62615': { quantity: 'stage', unit: 'ft' }, // ... above NAVD 1988
  '63160': { quantity: 'stage', unit: 'ft' }, // stream water level elevation above NAVD 1988
  '00060': { quantity: 'discharge', unit: 'ft3/s' }, // discharge
  '00061': { quantity: 'discharge', unit: 'ft3/s' }, // discharge, instantaneous
  '30208': { quantity: 'discharge', unit: 'm3/s' }, // discharge, m³/s
  '30207': { quantity: 'stage', unit: 'm' }, // gage height, metres
};

/** UTC offsets of the tz_cd codes NWIS uses (minutes east of UTC written as ±HH:MM). */
const TZ: Record<string, string> = {
  UTC: 'Z',
  GMT: 'Z',
  Z: 'Z',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
  AKST: '-09:00',
  AKDT: '-08:00',
  HST: '-10:00',
  AST: '-04:00',
  ADT: '-03:00',
  SST: '-11:00',
  CHST: '+10:00',
  GST: '+10:00',
};

// USGS value qualifiers written instead of a number when there is none (ice, equipment, season...)
const NO_VALUE = new Set([
  '',
  'ice',
  'eqp',
  'ssn',
  'dis',
  'bkw',
  'fld',
  'mnt',
  'pr',
  'rat',
  'zfl',
  'dry',
  '***',
  '--',
  'tst',
  'pmp',
  'mis',
]);

export function looksLikeRdb(text: string): boolean {
  const first = text.split(/\r?\n/, 40).find((l) => l.trim() !== '' && !l.startsWith('#'));
  return first !== undefined && first.includes('\t') && /(^|\t)(agency_cd|site_no|datetime)(\t|$)/.test(first);
}

export function readUsgsRdb(text: string, file: string, opts: GaugeReadOptions = {}): GaugeSeries {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  let li = 0;
  while (li < lines.length && (lines[li].startsWith('#') || lines[li].trim() === '')) li++;
  if (li >= lines.length) throw new InputError('missing header row (column names after the # comments)', { file });
  const header = lines[li].split('\t').map((h) => h.trim());
  const headerLine = li + 1;
  li++;
  if (li >= lines.length || lines[li].trim() === '') {
    throw new InputError('missing column-format row (like "5s 15s 20d 6s 14n 10s") after the header', {
      file,
      line: li + 1,
    });
  }
  const formats = lines[li].split('\t').map((f) => f.trim());
  if (!formats.every((f) => /^\d+[sdn]$/i.test(f))) {
    throw new InputError(
      `missing column-format row: expected entries like "5s 20d 14n", got "${lines[li].slice(0, 60)}"`,
      {
        file,
        line: li + 1,
      },
    );
  }
  if (formats.length !== header.length) {
    throw new InputError(`column-format row has ${formats.length} entries, the header ${header.length}`, {
      file,
      line: li + 1,
    });
  }
  li++;

  const col = (name: string) => header.indexOf(name);
  const dtCol = col('datetime') >= 0 ? col('datetime') : col('date');
  if (dtCol < 0) throw new InputError('missing header "datetime"', { file, line: headerLine, field: 'datetime' });
  const tzCol = col('tz_cd');
  const siteCol = col('site_no');
  // the value column: <ts_id>_<5-digit parameter>[_<5-digit statistic>], not a _cd qualifier
  let valueCol = -1;
  let param = '';
  for (let i = 0; i < header.length; i++) {
    const m = /^(?:\d+_)?(\d{5})(?:_\d{5})?$/.exec(header[i]);
    if (m) {
      valueCol = i;
      param = m[1];
      break;
    }
  }
  if (valueCol < 0) {
    throw new InputError('missing value column (a name like 147720_00065 after the datetime)', {
      file,
      line: headerLine,
      field: 'value',
    });
  }
  const known = PARAMETERS[param];
  let unit: string;
  let quantity: GaugeQuantity;
  if (opts.unit !== undefined) {
    const u = requireUnit(opts.unit, { file, field: 'unit' });
    unit = u.name;
    quantity = opts.quantity ?? u.def.quantity;
  } else if (known) {
    unit = known.unit;
    quantity = known.quantity;
  } else {
    throw new InputError(
      `unknown USGS parameter code ${param} (known: ${Object.keys(PARAMETERS).join(', ')}); give the unit`,
      {
        file,
        line: headerLine,
        field: header[valueCol],
      },
    );
  }
  const factor = requireUnit(unit, { file, field: 'unit' }).def.toSI;

  const b = new SeriesBuilder(file);
  let site = '';
  for (; li < lines.length; li++) {
    const line = lines[li];
    if (line.trim() === '' || line.startsWith('#')) continue;
    const lineNo = li + 1;
    const f = line.split('\t');
    if (f.length !== header.length) {
      throw new InputError(`${f.length} tab-separated fields, expected ${header.length}`, { file, line: lineNo });
    }
    if (siteCol >= 0 && !site) site = f[siteCol].trim();
    let tz = opts.timeZone;
    if (tzCol >= 0) {
      const code = f[tzCol].trim();
      const off = TZ[code.toUpperCase()];
      if (off === undefined && !/^[+-]\d{2}:?\d{2}$/.test(code)) {
        throw new InputError(`unknown time zone code "${code.slice(0, 10)}"`, { file, line: lineNo, field: 'tz_cd' });
      }
      tz = off ?? code;
    }
    const t = parseIsoTime(f[dtCol], tz, { file, line: lineNo, field: header[dtCol] });
    const vs = f[valueCol].trim();
    if (NO_VALUE.has(vs.toLowerCase())) {
      b.warn(`line ${lineNo}: no value${vs ? ` ("${vs}")` : ''}, skipped`);
      continue;
    }
    const v = parseDecimal(vs);
    if (Number.isNaN(v))
      throw new InputError(`"${vs.slice(0, 30)}" is not a number`, { file, line: lineNo, field: header[valueCol] });
    b.add(t, v * factor, lineNo);
  }
  return b.finish(opts.stationId ?? (site || baseName(file)), quantity);
}

/**
 * RDB in NWIS layout: times in UTC (tz_cd UTC), values in USGS units (ft for stage 00065,
 * ft³/s for discharge 00060), qualifier "P" (provisional).
 */
export function writeUsgsRdb(s: GaugeSeries): string {
  const param = s.quantity === 'stage' ? '00065' : '00060';
  const factor = s.quantity === 'stage' ? 0.3048 : 0.028316846592;
  const vcol = `1_${param}`;
  const out = [
    '# floodtwin export in USGS RDB layout',
    `# values in ${s.quantity === 'stage' ? 'feet (gage height, 00065)' : 'cubic feet per second (discharge, 00060)'}; times in UTC`,
    ['agency_cd', 'site_no', 'datetime', 'tz_cd', vcol, `${vcol}_cd`].join('\t'),
    ['5s', '15s', '20d', '6s', '14n', '10s'].join('\t'),
  ];
  for (let i = 0; i < s.times.length; i++) {
    const iso = formatIsoTime(s.times[i], 0); // 2024-07-01T00:15:00Z
    const dt = `${iso.slice(0, 10)} ${iso.slice(11, iso.length - 1)}`;
    out.push(['USGS', s.stationId, dt, 'UTC', String(s.values[i] / factor), 'P'].join('\t'));
  }
  return out.join('\n') + '\n';
}
