/**
 * The scenario's `"evacuation"` field (zod, strict objects). Every field but `warning` has a default;
 * sources of the defaults are in docs/ARCHITECTURE.md "Sources" (HEC-LifeSim, Weidmann 1993, Pregnolato et al. 2017).
 *
 * {
 *   "warning": { "atS": 1800 }                 // warning issued at a scenario time (s), or
 *   "warning": { "gauge": "cuntan", "leadS": 3600 } // when the gauge reaches its warning level, minus a lead time
 *   "mobilisation": { "a": 1.5, "b": 1.8 },     // P(t) = 1 − exp(−a·t^b), t in hours since the warning
 *   "seed": 1, "householdSize": 2.6, "carOwnership": 0.35, "walkMaxM": 1200, "frameIntervalS": 60
 * }
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';

export const EVACUATION_DEFAULTS = {
  /** mobilisation: with a = 1.5, b = 1.8 half the households have left 0.65 h after the warning, 95 % by 1.47 h */
  mobilisation: { a: 1.5, b: 1.8 },
  seed: 1,
  /** people per household (China 2020 census: 2.62) */
  householdSize: 2.6,
  /** share of households with a car */
  carOwnership: 0.35,
  /** households within this walking distance of a shelter walk even with a car */
  walkMaxM: 1200,
  /** interval of the evacuation curve and of agent position frames */
  frameIntervalS: 60,
  /** run length when the scenario gives none: six hours */
  durationS: 21600,
  /** Weidmann (1993) free walking speed */
  walkSpeedMs: 1.34,
  /** per-lane flow capacity of an urban road */
  laneCapacityVehPerH: 1800,
  /** LifeSim jam density 160 veh/mi per lane */
  jamDensityVehPerKm: 99.4,
  /** Pregnolato et al. 2017: roads impassable to vehicles from 0.3 m */
  vehicleDepthLimitM: 0.3,
  /** walkers: depth above 0.5 m or depth × velocity above 0.6 m²/s */
  pedDepthLimitM: 0.5,
  pedDvLimit: 0.6,
  /** an agent is "reached by water" from this depth at its position */
  reachedDepthM: 0.1,
  /** MATSim-style stuck time: a vehicle blocked this long by a full link is pushed through */
  stuckTimeS: 120,
  /** drivers re-plan with current queue delays this often (0 = only when links close) */
  rerouteIntervalS: 300,
  /** LifeSim: 80 % of drivers reroute in a jam; the others keep the free-flow route */
  rerouteShare: 0.8,
  recordPositions: false,
  /** who leaves: everyone, or the households whose home the flood reaches (max depth ≥ atRiskDepthM) */
  evacuate: 'all',
  atRiskDepthM: 0.1,
  /** homes farther than this from a road that leads to a shelter cannot leave */
  maxSnapM: 500,
} as const;

const positive = z.number().positive().finite();
const nonNegative = z.number().nonnegative().finite();

export const warningSchema = z.union([
  z.strictObject({ atS: nonNegative }),
  z.strictObject({ gauge: z.string().min(1), leadS: nonNegative }),
]);

export const evacuationSchema = z.strictObject({
  warning: warningSchema,
  mobilisation: z.strictObject({ a: positive, b: positive }).default({ ...EVACUATION_DEFAULTS.mobilisation }),
  seed: z.number().int().default(EVACUATION_DEFAULTS.seed),
  householdSize: z.number().min(1).max(20).default(EVACUATION_DEFAULTS.householdSize),
  carOwnership: z.number().min(0).max(1).default(EVACUATION_DEFAULTS.carOwnership),
  walkMaxM: nonNegative.default(EVACUATION_DEFAULTS.walkMaxM),
  frameIntervalS: positive.default(EVACUATION_DEFAULTS.frameIntervalS),
  durationS: positive.optional(),
  walkSpeedMs: positive.default(EVACUATION_DEFAULTS.walkSpeedMs),
  laneCapacityVehPerH: positive.default(EVACUATION_DEFAULTS.laneCapacityVehPerH),
  jamDensityVehPerKm: positive.default(EVACUATION_DEFAULTS.jamDensityVehPerKm),
  vehicleDepthLimitM: positive.default(EVACUATION_DEFAULTS.vehicleDepthLimitM),
  pedDepthLimitM: positive.default(EVACUATION_DEFAULTS.pedDepthLimitM),
  pedDvLimit: positive.default(EVACUATION_DEFAULTS.pedDvLimit),
  reachedDepthM: nonNegative.default(EVACUATION_DEFAULTS.reachedDepthM),
  stuckTimeS: positive.default(EVACUATION_DEFAULTS.stuckTimeS),
  rerouteIntervalS: nonNegative.default(EVACUATION_DEFAULTS.rerouteIntervalS),
  rerouteShare: z.number().min(0).max(1).default(EVACUATION_DEFAULTS.rerouteShare),
  recordPositions: z.boolean().default(EVACUATION_DEFAULTS.recordPositions),
  evacuate: z.enum(['all', 'atRisk']).default(EVACUATION_DEFAULTS.evacuate),
  atRiskDepthM: positive.default(EVACUATION_DEFAULTS.atRiskDepthM),
  maxSnapM: positive.default(EVACUATION_DEFAULTS.maxSnapM),
});

export type EvacuationScenario = z.output<typeof evacuationSchema>;
export type EvacuationScenarioInput = z.input<typeof evacuationSchema>;

/**
 * Validates a scenario's `evacuation` value; throws InputError naming the file and the JSON path
 * (e.g. `evacuation.mobilisation.a`) of the first problem.
 */
export function parseEvacuationScenario(value: unknown, file?: string): EvacuationScenario {
  const r = evacuationSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = ['evacuation', ...issue.path.map(String)].join('.');
  throw new InputError(issue.message, { file, path });
}
