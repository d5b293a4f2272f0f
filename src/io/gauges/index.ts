/**
 * Gauge records: one entry point that picks the reader (WaterML 2.0, USGS RDB or CSV) from the
 * content, then the name.
 */
import { readGaugeCsv } from './csv.ts';
import { looksLikeRdb, readUsgsRdb } from './rdb.ts';
import type { GaugeReadOptions, GaugeSeries } from './series.ts';
import { looksLikeWaterML, readWaterML2 } from './waterml.ts';

export * from './series.ts';
export { readGaugeCsv, writeGaugeCsv } from './csv.ts';
export { readUsgsRdb, writeUsgsRdb } from './rdb.ts';
export { readWaterML2, writeWaterML2 } from './waterml.ts';
export * from './rating.ts';

export type GaugeFormat = 'csv' | 'rdb' | 'waterml';

export function detectGaugeFormat(text: string, file: string): GaugeFormat {
  const lower = file.toLowerCase();
  const head = text.trimStart().slice(0, 200);
  if (head.startsWith('<') || lower.endsWith('.xml') || lower.endsWith('.wml') || lower.endsWith('.waterml')) {
    if (head.startsWith('<') || looksLikeWaterML(text)) return 'waterml';
  }
  if (lower.endsWith('.rdb') || looksLikeRdb(text)) return 'rdb';
  return 'csv';
}

export function readGaugeFile(text: string, file: string, opts: GaugeReadOptions = {}): GaugeSeries {
  switch (detectGaugeFormat(text, file)) {
    case 'waterml':
      return readWaterML2(text, file, opts);
    case 'rdb':
      return readUsgsRdb(text, file, opts);
    default:
      return readGaugeCsv(text, file, opts);
  }
}
export { readGaugeStations } from '../layers/points.ts';
export type { GaugeStation } from '../layers/types.ts';
