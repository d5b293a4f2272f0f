/**
 * `merged/index.json`: what `floodtwin ensemble merge` wrote, so the page can open a merged ensemble
 * from its folder (`?ensemble=<folder>`) without listing a directory. Every file is a plain name in
 * the same folder (no path, no "..": the page reads nothing outside it).
 *
 * @example
 * { "version": 1, "ensemble": "Small twin: rainstorm zoning", "members": 6, "zoningDepthM": 0.15,
 *   "maps": [ { "file": "max_depth_T10.tif", "kind": "maxDepth", "returnPeriodYears": 10 },
 *             { "file": "prevention_zone.tif", "kind": "prevention" } ],
 *   "buildings": "buildings.geojson", "report": "zoning_report.html" }
 */
import { z } from 'zod';
import { zodInputError } from '../scenario/formatZodError.ts';
import { parseJsonText } from '../scenario/scenarioFile.ts';

export const MERGED_INDEX_FILE = 'index.json';

const fileName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/, 'a file name in the same folder (letters, digits, "_", "." or "-")');

export const MAP_KINDS = ['maxDepth', 'hazardClass', 'exceedance', 'prevention'] as const;
export type MapKind = (typeof MAP_KINDS)[number];

const mapSchema = z.strictObject({
  file: fileName,
  kind: z.enum(MAP_KINDS),
  /** maxDepth and hazardClass: the event's return period */
  returnPeriodYears: z.number().positive().optional(),
  /** exceedance: the depth whose annual exceedance probability the map holds */
  depthM: z.number().positive().optional(),
});

export const mergedIndexSchema = z.strictObject({
  version: z.literal(1),
  ensemble: z.string().max(200),
  members: z.number().int().positive(),
  /** the depth whose exceedance probability sets the prevention zones */
  zoningDepthM: z.number().positive(),
  maps: z.array(mapSchema).min(1).max(200),
  buildings: fileName.optional(),
  report: fileName,
});

export type MergedIndex = z.infer<typeof mergedIndexSchema>;
export type MergedMap = MergedIndex['maps'][number];

/** Parses and checks index.json's text; a mistake is an InputError naming the file and JSON path. */
export function parseMergedIndex(text: string, file: string): MergedIndex {
  const r = mergedIndexSchema.safeParse(parseJsonText(text, file));
  if (!r.success) throw zodInputError(r.error, file);
  return r.data;
}

/** A map's label: "max depth T100", "hazard class T10", "annual probability of more than 0.5 m", "prevention zones". */
export function mapLabel(m: MergedMap): string {
  const T = m.returnPeriodYears !== undefined ? ` T${m.returnPeriodYears}` : '';
  if (m.kind === 'maxDepth') return `max depth${T}`;
  if (m.kind === 'hazardClass') return `hazard zoning${T} (FD2320)`;
  if (m.kind === 'exceedance') return `annual probability of more than ${m.depthM} m`;
  return 'prevention zoning';
}
