/**
 * The scenario file: what the CLI `floodtwin run` and the page run. JSON, validated with zod so that
 * unknown keys, wrong types and impossible values are rejected with the JSON path at fault
 * (src/scenario/scenarioFile.ts `loadScenario` migrates old versions, validates and formats errors).
 * Paths inside are relative to the scenario file; coordinates are in the DEM's map units.
 */
import { z } from 'zod';
import { drainageSchema } from './drainage.ts';

/** [[t, value], ...] with strictly increasing t. */
export function seriesSchema(opts: { min?: number; what?: string } = {}) {
  const point = z.tuple([
    z.number().finite(),
    opts.min === undefined ? z.number().finite() : z.number().finite().min(opts.min),
  ]);
  return z
    .array(point)
    .min(1, 'a series needs at least one [t, value] pair')
    .superRefine((s, ctx) => {
      for (let i = 1; i < s.length; i++) {
        if (!(s[i][0] > s[i - 1][0])) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 0],
            message: `times must increase: t = ${s[i][0]} comes after t = ${s[i - 1][0]}`,
          });
        }
      }
    });
}

const xy = z.tuple([z.number().finite(), z.number().finite()]);

export const edgeSchema = z.union([
  z.literal('closed'),
  z.strictObject({ free: z.strictObject({ slope: z.number().positive() }) }),
  z.strictObject({ stage: seriesSchema() }),
]);
export type EdgeBoundary = z.infer<typeof edgeSchema>;

const inflowSchema = z
  .strictObject({
    id: z.string().min(1),
    line: z.array(xy).min(2).optional(),
    point: xy.optional(),
    hydrograph: seriesSchema({ min: 0 }),
  })
  .superRefine((v, ctx) => {
    if ((v.line === undefined) === (v.point === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'an inflow needs exactly one of "line" or "point"' });
    }
  });

const gridOrNumber = z.union([z.number().finite(), z.string().min(1)]);

export const scenarioSchema = z
  .strictObject({
    version: z.number().int().positive().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    descriptionZh: z.string().optional(),
    nameZh: z.string().optional(),
    /** the twin's manifest (data/<twin>/twin.json), for layers the page shows */
    twin: z.string().optional(),
    /** the wall-clock time of t = 0, ISO 8601 with an explicit offset, e.g. "2024-07-08T00:00:00+08:00" */
    startTime: z
      .string()
      .regex(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/,
        'expected an ISO 8601 time with an offset, e.g. "2024-07-08T00:00:00+08:00"',
      )
      .optional(),
    dem: z.string().min(1),
    manning: z.union([z.number().positive(), z.string().min(1)]),
    durationS: z.number().positive(),
    initialWaterLevel: gridOrNumber.optional(),
    edges: z
      .strictObject({
        north: edgeSchema.default('closed'),
        south: edgeSchema.default('closed'),
        east: edgeSchema.default('closed'),
        west: edgeSchema.default('closed'),
      })
      .default({ north: 'closed', south: 'closed', east: 'closed', west: 'closed' }),
    rain: z.strictObject({ mmPerHour: seriesSchema({ min: 0 }), source: z.string().optional() }).optional(),
    /** sponge-city / permeable ground: a uniform rate or grids, and how much the ground can hold */
    infiltration: z
      .strictObject({
        rateMmPerHour: gridOrNumber,
        capacityMm: gridOrNumber,
      })
      .optional(),
    inflows: z.array(inflowSchema).default([]),
    outputs: z
      .strictObject({
        points: z
          .array(
            z.strictObject({
              id: z
                .string()
                .min(1)
                .regex(/^[^,"\n]+$/, 'no commas or quotes in a point id'),
              x: z.number().finite(),
              y: z.number().finite(),
            }),
          )
          .default([]),
        intervalS: z.number().positive().default(60),
        gridTimesS: z.array(z.number().nonnegative()).default([]),
        arrivalDepthM: z.number().positive().default(0.1),
        /** depth frames for the scene and the evacuation (0 = none) */
        frameIntervalS: z.number().nonnegative().default(0),
      })
      .default({ points: [], intervalS: 60, gridTimesS: [], arrivalDepthM: 0.1, frameIntervalS: 0 }),
    solver: z
      .strictObject({
        alpha: z.number().gt(0).max(1).default(0.7),
        maxDtS: z.number().positive().default(10),
        /**
         * de Almeida et al. 2012 q-centred weighting; 1 = Bates et al. 2010. The default 0.9 damps the
         * grid-scale (checkerboard) mode that θ = 1 leaves undamped: at α = 0.7 that mode sits 1 % inside
         * the 2D CFL limit, and in still ponds nothing else damps it (see localInertial.ts).
         */
        theta: z.number().min(0.5).max(1).default(0.9),
        depthThresholdM: z.number().positive().default(0.001),
        maxVelocityMS: z.number().positive().default(50),
        /**
         * "semi-implicit" (default): |q| in the friction term from the old fluxes, exactly Bates et
         * al. 2010 (as LISFLOOD-FP); "implicit": from this step's own face-normal solution, smoother
         * where ground first wets on a slope.
         */
        friction: z.enum(['semi-implicit', 'implicit']).default('semi-implicit'),
        /**
         * true (default): dt = α·dx/max(√(g·h_max), |u| + √(g·h) of the fastest face deeper than
         * 0.1 m), the shallow water CFL limit; false: α·dx/√(g·h_max) alone, as Bates et al. 2010
         * and LISFLOOD-FP (unstable where deep water pours over a levee: see localInertial.ts).
         */
        velocityInTimeStep: z.boolean().default(true),
        /**
         * true (default): skip the tiles where every cell and its neighbours are dry and no source
         * acts (workers/flood/activeTiles.ts); the results are byte-identical. false: every cell.
         */
        activeTiles: z.boolean().default(true),
        /** edge of an active tile in cells */
        tileSize: z.number().int().min(4).max(1024).default(32),
        /**
         * "global": every face steps with the one dt the fastest cell allows; "local": each tile's
         * faces step at dt·2^L, L its power-of-two class from its own stability limit
         * (workers/flood/stepClasses.ts). Mass is conserved exactly either way.
         */
        timeStepping: z.enum(['global', 'local']).default('global'),
        /** the largest step class L of local time stepping (0 = the global step) */
        maxStepClass: z.number().int().min(0).max(6).default(4),
      })
      .default({
        alpha: 0.7,
        maxDtS: 10,
        theta: 0.9,
        depthThresholdM: 0.001,
        maxVelocityMS: 50,
        friction: 'semi-implicit',
        velocityInTimeStep: true,
        activeTiles: true,
        tileSize: 32,
        timeStepping: 'global',
        maxStepClass: 4,
      }),
    drainage: drainageSchema.optional(),
    evacuation: z.unknown().optional(),
    interventions: z.unknown().optional(),
    events: z.unknown().optional(),
  })
  .superRefine((s, ctx) => {
    s.outputs.gridTimesS.forEach((t, i) => {
      if (t > s.durationS) {
        ctx.addIssue({
          code: 'custom',
          path: ['outputs', 'gridTimesS', i],
          message: `grid time ${t} s is after the end of the run (durationS = ${s.durationS})`,
        });
      }
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
