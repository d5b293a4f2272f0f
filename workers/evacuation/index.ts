/** The evacuation engine's public API (see engine.ts for the model). */
export { createEvacuation, runEvacuation, withDefaults, weidmannSpeed, floodFramesFromArrays } from './engine.ts';
export type { Evacuation, EvacuationOptionsInput } from './engine.ts';
export { evacuationCsv, evacuationSummary } from './outputs.ts';
export type { EvacuationSummary } from './outputs.ts';
export { buildNetwork, MODE_CAR, MODE_WALK } from './network.ts';
export { hazardRating, hazardClassIndex, pregnolatoSpeedKmh } from './flood.ts';
export { resolveWarningS, mobilised, departureDelayS } from './warning.ts';
export * from './types.ts';
