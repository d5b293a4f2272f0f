/**
 * OGC WaterML 2.0 part 1 (OGC 10-126r4) time-value pairs:
 *   wml2:MeasurementTimeseries / wml2:point / wml2:MeasurementTVP / (wml2:time, wml2:value)
 * with the unit in wml2:defaultPointMetadata / wml2:DefaultTVPMeasurementMetadata / wml2:uom@code
 * (or per point). The station comes from om:featureOfInterest (xlink:title or href) or a
 * wml2:MonitoringPoint; the quantity from om:observedProperty or else the unit.
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
  UnitFollower,
  SeriesBuilder,
} from './series.ts';
import { attrLocal, descendantsNamed, escapeXml, firstChildNamed, parseXml, type XmlElement } from './xml.ts';

export function looksLikeWaterML(text: string): boolean {
  const head = text.slice(0, 4000);
  return (
    /<([\w-]+:)?(Collection|MeasurementTimeseries|OM_Observation)\b/.test(head) ||
    head.includes('opengis.net/waterml/2.0')
  );
}

function quantityFromProperty(s: string): GaugeQuantity | null {
  const t = s.toLowerCase();
  if (/discharge|flow|streamflow|00060/.test(t)) return 'discharge';
  if (/stage|height|level|00065|elevation/.test(t)) return 'stage';
  return null;
}

function uomOf(meta: XmlElement | null): string | null {
  if (!meta) return null;
  const uom = descendantsNamed(meta, 'uom')[0];
  if (!uom) return null;
  return attrLocal(uom, 'code') ?? attrLocal(uom, 'title') ?? (uom.textContent?.trim() || null);
}

export function readWaterML2(text: string, file: string, opts: GaugeReadOptions = {}): GaugeSeries {
  const doc = parseXml(text, file);
  const series = descendantsNamed(doc, 'MeasurementTimeseries');
  if (series.length === 0) {
    throw new InputError('no wml2:MeasurementTimeseries in the document (is it WaterML 2.0?)', {
      file,
      field: 'MeasurementTimeseries',
    });
  }
  const ts = series[0];
  const b = new SeriesBuilder(file);
  if (series.length > 1)
    b.warn(`${series.length} time series in the file; read the first (line ${ts.lineNumber ?? '?'})`);

  // the observation around the series, for station and observed property
  let obs: XmlElement | null = ts;
  while (obs && obs.localName !== 'OM_Observation')
    obs = obs.parentNode && obs.parentNode.nodeType === 1 ? (obs.parentNode as XmlElement) : null;
  let station = opts.stationId ?? '';
  let quantity: GaugeQuantity | null = opts.quantity ?? null;
  if (obs) {
    const foi = firstChildNamed(obs, 'featureOfInterest');
    if (!station && foi) {
      const title = attrLocal(foi, 'title');
      const href = attrLocal(foi, 'href');
      const ident = descendantsNamed(foi, 'identifier')[0]?.textContent?.trim();
      const name = descendantsNamed(foi, 'name')[0]?.textContent?.trim();
      station = title || ident || name || (href ? href.replace(/\/+$/, '').replace(/^.*[/#=]/, '') : '');
    }
    const prop = firstChildNamed(obs, 'observedProperty');
    if (!quantity && prop)
      quantity = quantityFromProperty(`${attrLocal(prop, 'title') ?? ''} ${attrLocal(prop, 'href') ?? ''}`);
  }
  if (!station)
    station =
      descendantsNamed(doc, 'MonitoringPoint')[0]?.getElementsByTagNameNS('*', 'identifier')[0]?.textContent?.trim() ??
      '';
  if (!station) station = baseName(file);

  const defaultMeta = firstChildNamed(ts, 'defaultPointMetadata');
  const defaultUnit = opts.unit ?? uomOf(defaultMeta);
  const units = new UnitFollower(quantity, 'series');
  const points = descendantsNamed(ts, 'MeasurementTVP');
  for (let i = 0; i < points.length; i++) {
    const tvp = points[i];
    const line = tvp.lineNumber ?? i + 1;
    const where = { file, line };
    const timeEl = firstChildNamed(tvp, 'time');
    if (!timeEl) throw new InputError('wml2:MeasurementTVP without wml2:time', { ...where, field: 'time' });
    const t = parseIsoTime(timeEl.textContent ?? '', opts.timeZone, { ...where, field: 'time' });
    const valueEl = firstChildNamed(tvp, 'value');
    const raw = valueEl?.textContent?.trim() ?? '';
    const nil = valueEl ? attrLocal(valueEl, 'nil') === 'true' : true;
    if (nil || raw === '') {
      b.warn(`line ${line}: no value (nil), skipped`);
      continue;
    }
    const v = parseDecimal(raw);
    if (Number.isNaN(v)) throw new InputError(`"${raw.slice(0, 30)}" is not a number`, { ...where, field: 'value' });
    const unit = uomOf(firstChildNamed(tvp, 'metadata')) ?? defaultUnit;
    if (!unit)
      throw new InputError(`no unit: expected wml2:uom in wml2:defaultPointMetadata (known: ${KNOWN_UNITS})`, {
        ...where,
        field: 'uom',
      });
    b.add(t, v * units.toSI(unit, { ...where, field: 'uom' }), line);
  }
  return b.finish(station, units.finish(defaultUnit ?? undefined, { file, field: 'uom' }));
}

/** A WaterML 2.0 Collection with one observation and its MeasurementTimeseries (SI units). */
export function writeWaterML2(s: GaugeSeries): string {
  const id = escapeXml(s.stationId);
  const gmlId = s.stationId.replace(/[^A-Za-z0-9_.-]/g, '_') || 'station';
  const first = s.times.length ? formatIsoTime(s.times[0]) : '';
  const last = s.times.length ? formatIsoTime(s.times[s.times.length - 1]) : '';
  const prop = s.quantity === 'stage' ? 'Stage' : 'Discharge';
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<wml2:Collection xmlns:wml2="http://www.opengis.net/waterml/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"',
    '    xmlns:om="http://www.opengis.net/om/2.0" xmlns:xlink="http://www.w3.org/1999/xlink"',
    `    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" gml:id="C.${gmlId}">`,
    '  <wml2:observationMember>',
    `    <om:OM_Observation gml:id="O.${gmlId}">`,
    `      <om:phenomenonTime><gml:TimePeriod gml:id="TP.${gmlId}"><gml:beginPosition>${first}</gml:beginPosition><gml:endPosition>${last}</gml:endPosition></gml:TimePeriod></om:phenomenonTime>`,
    `      <om:resultTime><gml:TimeInstant gml:id="RT.${gmlId}"><gml:timePosition>${last}</gml:timePosition></gml:TimeInstant></om:resultTime>`,
    '      <om:procedure xlink:title="floodtwin export"/>',
    `      <om:observedProperty xlink:title="${prop}"/>`,
    `      <om:featureOfInterest xlink:title="${id}"/>`,
    '      <om:result>',
    `        <wml2:MeasurementTimeseries gml:id="TS.${gmlId}">`,
    `          <wml2:defaultPointMetadata><wml2:DefaultTVPMeasurementMetadata><wml2:uom code="${s.unit}"/><wml2:interpolationType xlink:href="http://www.opengis.net/def/waterml/2.0/interpolationType/Continuous" xlink:title="Instantaneous"/></wml2:DefaultTVPMeasurementMetadata></wml2:defaultPointMetadata>`,
  ];
  for (let i = 0; i < s.times.length; i++) {
    out.push(
      `          <wml2:point><wml2:MeasurementTVP><wml2:time>${formatIsoTime(s.times[i])}</wml2:time>${Number.isNaN(s.values[i]) ? '<wml2:value xsi:nil="true"/>' : `<wml2:value>${String(s.values[i])}</wml2:value>`}</wml2:MeasurementTVP></wml2:point>`,
    );
  }
  out.push(
    '        </wml2:MeasurementTimeseries>',
    '      </om:result>',
    '    </om:OM_Observation>',
    '  </wml2:observationMember>',
    '</wml2:Collection>',
  );
  return out.join('\n') + '\n';
}
