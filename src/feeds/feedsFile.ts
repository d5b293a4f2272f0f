/**
 * The feeds file (`feeds.json` next to the twin): which station comes from which adapter, the QC
 * rules, where the forecast comes from and where warnings are pushed. It is also the one place the
 * page's LAN addresses come from: `feedOrigins` lists them for the Content-Security-Policy's
 * connect-src (next to 'self').
 */
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { zodInputError } from '../scenario/formatZodError.ts';
import { STAGE_QC, type QcRules } from './qc.ts';

const qcSchema = z
  .object({
    min: z.number(),
    max: z.number(),
    maxStepPerHour: z.number().positive(),
    maxStep: z.number().nonnegative(),
    flatLineCount: z.number().int().nonnegative(),
    gapS: z.number().positive(),
    lateS: z.number().positive(),
  })
  .partial()
  .strict();

const httpUrl = z.string().regex(/^https?:\/\/[^\s/]+/, 'expected an http:// or https:// URL');

const common = {
  id: z.string().min(1),
  quantity: z.enum(['stage', 'discharge', 'rain']).default('stage'),
  qc: qcSchema.optional(),
};

const stationSchema = z.discriminatedUnion('protocol', [
  z
    .object({
      ...common,
      protocol: z.literal('sensorthings'),
      baseUrl: httpUrl,
      datastream: z.union([z.number().int(), z.string().min(1)]),
      toSI: z.number().positive().optional(),
    })
    .strict(),
  z.object({ ...common, protocol: z.literal('waterml'), url: httpUrl }).strict(),
  z
    .object({
      ...common,
      protocol: z.literal('csv'),
      url: httpUrl,
      timeZone: z.string().optional(),
      unit: z.string().optional(),
    })
    .strict(),
  z.object({ ...common, protocol: z.literal('folder'), folder: z.string().min(1) }).strict(),
]);

const forecastSchema = z
  .object({
    stationId: z.string().min(1),
    baseUrl: httpUrl,
    datastream: z.union([z.number().int(), z.string().min(1)]),
  })
  .strict();

export const feedsFileSchema = z
  .object({
    pollS: z.number().positive().default(60),
    /** 'feed': "now" is the newest reading any station has sent (a replayed or accelerated feed, like the demo) */
    clock: z.enum(['wall', 'feed']).default('wall'),
    /** the station whose forecast the ops view's countdown watches */
    keyStation: z.string().min(1).optional(),
    stations: z.array(stationSchema).min(1),
    /**
     * the bureau's forecast hydrographs, one SensorThings Datastream per station (one object or a
     * list); read as a list
     */
    forecast: z
      .union([forecastSchema, z.array(forecastSchema).min(1)])
      .optional()
      .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
    /** the SMS / app gateway that takes warning POSTs */
    push: z
      .object({ url: httpUrl, retryS: z.array(z.number().positive()).min(1).default([5, 30, 120, 600]) })
      .strict()
      .optional(),
    /** the runner's nowcast (`floodtwin ops`): which scenario is the twin, and how the stations drive its boundaries */
    ops: z
      .object({
        /** the scenario (relative to the feeds file) whose grids, inflow and twin layers the nowcast runs */
        scenario: z.string().min(1),
        /** the nowcast's t = 0 (ISO 8601 with offset) */
        startIso: z.string().datetime({ offset: true }),
        /**
         * the nowcast's and forecasts' computational cell size (m), a whole multiple of the DEM's:
         * the twin's ground at a coarser resolution (src/ops/coarseSetup.ts); absent: the DEM's own
         */
        cellSizeM: z.number().positive().optional(),
        /** with cellSizeM: a grid of the DEM's geometry (relative to the feeds file) whose `channelCodes` cells are the channel */
        channelGrid: z.string().min(1).optional(),
        channelCodes: z.array(z.number()).min(1).default([1]),
        /**
         * with channelGrid: Manning n of the coarse blocks that are at least half channel, calibrated so
         * the coarse river follows a gauge's record (a coarse channel's staircase banks add resistance)
         */
        channelManningN: z.number().positive().optional(),
        /**
         * start the nowcast with the river at this station's reading nearest the start (within an hour;
         * src/ops/hotStart.ts) instead of the scenario's initial water; the station must stand in it
         */
        hotStart: z
          .object({ stationId: z.string().min(1) })
          .strict()
          .optional(),
        inflow: z
          .object({
            index: z.number().int().nonnegative().default(0),
            stationId: z.string().min(1),
            rating: z.object({ a: z.number().positive(), h0: z.number(), b: z.number().positive() }).strict(),
            baseFlowM3s: z.number().nonnegative(),
            recessionKS: z.number().positive(),
          })
          .strict(),
        eastStage: z
          .object({ stationId: z.string().min(1), offsetM: z.number().default(0) })
          .strict()
          .optional(),
        forecastEveryMin: z.number().positive().default(60),
        horizonH: z.number().positive().default(24),
        /**
         * where `floodtwin ops` listens for the ops view's "forecast now" (POST <controlUrl>forecast,
         * src/cli/opsControl.ts); absent: the view shows no button
         */
        controlUrl: httpUrl.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type FeedsFile = z.output<typeof feedsFileSchema>;
export type FeedStation = FeedsFile['stations'][number];

/** The checked feeds file; an InputError names the file and the JSON path. */
export function readFeedsFile(json: unknown, file = 'feeds.json'): FeedsFile {
  const r = feedsFileSchema.safeParse(json);
  if (!r.success) throw zodInputError(r.error, file);
  const ids = new Set<string>();
  r.data.stations.forEach((s, i) => {
    if (ids.has(s.id)) throw new InputError(`station id "${s.id}" appears twice`, { file, path: `stations[${i}].id` });
    ids.add(s.id);
  });
  const ops = r.data.ops;
  // the channel's n and cells apply to the coarse grid only: refused rather than silently ignored
  if (ops && !ops.cellSizeM && (ops.channelManningN !== undefined || ops.channelGrid)) {
    const path = ops.channelManningN !== undefined ? 'ops.channelManningN' : 'ops.channelGrid';
    throw new InputError(`${path} applies to a coarser grid: it needs ops.cellSizeM`, { file, path });
  }
  return r.data;
}

/** A station's QC rules: the defaults for its quantity with the file's overrides. */
export function qcRulesOf(s: FeedStation): QcRules {
  const base: QcRules =
    s.quantity === 'rain'
      ? { min: 0, max: 300, maxStepPerHour: 300, maxStep: 300, flatLineCount: 0, gapS: 3 * 3600, lateS: 2 * 3600 }
      : STAGE_QC;
  return { ...base, ...s.qc };
}

/**
 * The origins (scheme://host:port) the page may connect to for these feeds, sorted, for CSP connect-src.
 * @example feedOrigins(readFeedsFile({ stations: [{ id: 'a', protocol: 'waterml', url: 'http://10.0.0.5:8080/wml?x=1' }] })) // ['http://10.0.0.5:8080']
 */
export function feedOrigins(f: FeedsFile): string[] {
  const urls: string[] = [];
  for (const s of f.stations) {
    if (s.protocol === 'sensorthings') urls.push(s.baseUrl);
    else if (s.protocol !== 'folder') urls.push(s.url);
  }
  for (const fc of f.forecast ?? []) urls.push(fc.baseUrl);
  if (f.push) urls.push(f.push.url);
  if (f.ops?.controlUrl) urls.push(f.ops.controlUrl);
  return [...new Set(urls.map((u) => new URL(u).origin))].sort();
}

/**
 * Where the ops view asks the runner for a forecast now (POST), from `ops.controlUrl`; null without one.
 * @example forecastRequestUrl('http://127.0.0.1:8093') // 'http://127.0.0.1:8093/forecast'
 */
export function forecastRequestUrl(controlUrl: string | undefined): string | null {
  return controlUrl ? new URL('forecast', controlUrl.replace(/\/?$/, '/')).href : null;
}
