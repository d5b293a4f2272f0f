/**
 * Key gauges of a drill from the twin's gauges layer (GeoJSON, see docs/CONVENTIONS.md) and their
 * stage records (CSV), with times in seconds from the base scenario's startTime.
 */
import type { FeatureCollection } from 'geojson';
import { InputError } from '../../core/errors.ts';
import { readGaugeCsv } from '../../io/gauges/csv.ts';
import { toSeconds } from '../../io/gauges/series.ts';
import type { GaugeInfo } from './state.ts';

/** The gauges of the layer, each with its record file name (for fetching) and an empty record. */
export function readGaugeLayer(
  fc: FeatureCollection,
  file = 'gauges.geojson',
): (GaugeInfo & { recordFile?: string })[] {
  return fc.features.map((f, i) => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const num = (k: string) => {
      const v = p[k];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new InputError(`expected a number`, { file, path: `features[${i}].properties.${k}` });
      return v;
    };
    if (typeof p.id !== 'string')
      throw new InputError('expected a string', { file, path: `features[${i}].properties.id` });
    const c = f.geometry?.type === 'Point' ? f.geometry.coordinates : [NaN, NaN];
    return {
      id: p.id,
      name: typeof p.name === 'string' ? p.name : p.id,
      nameZh: typeof p.nameZh === 'string' ? p.nameZh : typeof p.name === 'string' ? p.name : p.id,
      warningLevelM: num('warningLevelM'),
      guaranteedLevelM: num('guaranteedLevelM'),
      lonLat: [c[0], c[1]] as [number, number],
      record: [],
      recordFile: typeof p.record === 'string' ? p.record : undefined,
    };
  });
}

/** A stage record (CSV text) in scenario seconds. */
export function recordSeconds(csv: string, file: string, startIso: string): [number, number][] {
  return toSeconds(readGaugeCsv(csv, file), startIso);
}
