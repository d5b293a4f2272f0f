/**
 * The versioned parts of a scenario file that planners edit: interventions and events (zod, strict:
 * unknown keys are errors so a typo never silently does nothing). Coordinates are map coordinates of
 * the twin's DEM (metres, x east, y north), the frame the map editor draws in.
 */
import { z } from 'zod';

const num = z.number();
const nonneg = z.number().nonnegative();
const pos = z.number().positive();
export const xySchema = z.tuple([num, num]);
const lineSchema = z.array(xySchema).min(2);
const ringSchema = z.array(xySchema).min(3);
const idSchema = z.string().min(1).optional();
const nameSchema = z.string().optional();

const common = { id: idSchema, name: nameSchema };

/** Levee or flood wall: every cell the polyline crosses is raised to at least crestM (an elevation). */
export const leveeSchema = z.strictObject({
  kind: z.enum(['levee', 'floodWall']),
  ...common,
  line: lineSchema,
  crestM: num,
});
/** Raised ground: the polygon's cells go up by heightM. */
export const raisedGroundSchema = z.strictObject({
  kind: z.literal('raisedGround'),
  ...common,
  polygon: ringSchema,
  holes: z.array(ringSchema).optional(),
  heightM: pos,
});
/** Detention storage: the polygon's cells are dug down uniformly to hold volumeM3 below the old ground. */
export const detentionSchema = z.strictObject({
  kind: z.literal('detention'),
  ...common,
  polygon: ringSchema,
  holes: z.array(ringSchema).optional(),
  volumeM3: pos,
});
/** Permeable pavement / sponge-city area: cells infiltrate at a rate until their storage depth is used. */
export const permeableSchema = z.strictObject({
  kind: z.enum(['permeablePavement', 'spongeArea']),
  ...common,
  polygon: ringSchema,
  holes: z.array(ringSchema).optional(),
  infiltrationMmPerHour: nonneg,
  storageDepthMm: nonneg,
});
/** A pump station's capacity (the drainage network's pump id). */
export const pumpSchema = z.strictObject({
  kind: z.literal('pump'),
  ...common,
  pumpId: z.string().min(1),
  capacityM3s: nonneg,
});
/** Pipe upsizing: a conduit of the drainage network gets a new diameter. */
export const pipeUpsizeSchema = z.strictObject({
  kind: z.literal('pipeUpsize'),
  ...common,
  conduitId: z.string().min(1),
  diameterM: pos,
});
/** Temporary (demountable) barrier: rises to crestM between deployAtS and deployAtS + deployDurationS. */
export const barrierSchema = z.strictObject({
  kind: z.literal('barrier'),
  ...common,
  line: lineSchema,
  crestM: num,
  deployAtS: nonneg,
  deployDurationS: pos.optional(),
});

export const interventionSchema = z.discriminatedUnion('kind', [
  leveeSchema,
  raisedGroundSchema,
  detentionSchema,
  permeableSchema,
  pumpSchema,
  pipeUpsizeSchema,
  barrierSchema,
]);
export const interventionsSchema = z.array(interventionSchema);
export type Intervention = z.infer<typeof interventionSchema>;
export type InterventionKind = Intervention['kind'];

export const stormParamsSchema = z.strictObject({
  A: pos,
  C: num,
  b: pos,
  n: z.number().gt(0).lt(1),
  bExponentP: num.optional(),
});

/** Chicago design storm → rain.mmPerHour. Exactly one of city / params. */
export const designStormSchema = z
  .strictObject({
    city: z.string().min(1).optional(),
    params: stormParamsSchema.optional(),
    returnPeriodYears: pos,
    durationMin: pos,
    peakRatio: z.number().gt(0).lt(1).default(0.4),
    stepMin: pos.default(5),
    startS: nonneg.default(0),
  })
  .refine((d) => (d.city === undefined) !== (d.params === undefined), {
    message: 'give exactly one of "city" or "params"',
    path: ['city'],
  });

/** Rain from a rain-gauge CSV (time with offset, then mm per interval, mm/h or cumulative mm). */
export const rainGaugeSchema = z.strictObject({ file: z.string().min(1), startIso: z.string().optional() });

export const ratingSchema = z.strictObject({ a: pos, h0: num, b: pos });

/** A river inflow hydrograph from a gauge record, optionally scaled (a factor, or to a return period's peak). */
export const riverHydrographSchema = z
  .strictObject({
    id: idSchema,
    gaugeFile: z.string().min(1),
    at: xySchema,
    rating: ratingSchema.optional(),
    startIso: z.string().optional(),
    scale: pos.optional(),
    returnPeriodYears: z.number().gt(1).optional(),
    peaksByReturnPeriod: z
      .array(z.tuple([z.number().gt(1), pos]))
      .min(2)
      .optional(),
  })
  .refine((d) => !(d.scale !== undefined && d.returnPeriodYears !== undefined), {
    message: 'give "scale" or "returnPeriodYears", not both',
    path: ['scale'],
  })
  .refine((d) => d.returnPeriodYears === undefined || d.peaksByReturnPeriod !== undefined, {
    message: '"returnPeriodYears" needs "peaksByReturnPeriod" ([[years, m³/s], ...], the flood-frequency curve)',
    path: ['peaksByReturnPeriod'],
  });

/** A levee breach: the part of `line` (the levee crest) within widthM of `centre` falls to finalCrestM. */
export const leveeBreachSchema = z.strictObject({
  id: idSchema,
  atS: nonneg,
  line: lineSchema,
  centre: xySchema.optional(),
  widthM: pos,
  finalCrestM: num,
  durationS: pos,
  thicknessM: nonneg.optional(),
});

/** A release from upstream (a dam or sluice): trapezoidal hydrograph at a point. */
export const upstreamReleaseSchema = z.strictObject({
  id: idSchema,
  at: xySchema,
  startS: nonneg,
  rampS: pos,
  holdS: nonneg,
  peakM3s: pos,
  baseM3s: nonneg.default(0),
});

export const eventsSchema = z.strictObject({
  designStorm: designStormSchema.optional(),
  rainGauge: rainGaugeSchema.optional(),
  riverHydrographs: z.array(riverHydrographSchema).optional(),
  leveeBreaches: z.array(leveeBreachSchema).optional(),
  upstreamReleases: z.array(upstreamReleaseSchema).optional(),
});
export type Events = z.infer<typeof eventsSchema>;
export type DesignStormEvent = z.infer<typeof designStormSchema>;
export type RiverHydrographEvent = z.infer<typeof riverHydrographSchema>;
export type LeveeBreachEvent = z.infer<typeof leveeBreachSchema>;
export type UpstreamReleaseEvent = z.infer<typeof upstreamReleaseSchema>;
