/**
 * EPA SWMM 5 input files (.inp): typed reader, layout-keeping writer, unit conversion.
 * The implementation lives in `./swmm/`; this is the entry the rest of floodtwin imports.
 *
 *   const net = readSwmmInp(text, 'network.inp');   // values in the file's units; InputError on bad input
 *   const si = toSI(net);                            // FLOW_UNITS CMS, lengths m (or per field: flowToCms, lengthToM)
 *   const text2 = writeSwmmInp(net);                 // comments and unmodelled sections kept
 */
export * from './swmm/types.ts';
export { readSwmmInp, tokenize, isSwmmNumber, isModelledSection } from './swmm/read.ts';
export { validateSwmmInp } from './swmm/validate.ts';
export { writeSwmmInp, fmtNum } from './swmm/write.ts';
export {
  toSI,
  flowToCms,
  lengthToM,
  areaToM2,
  subcatchmentAreaToM2,
  depthToMm,
  isUsUnits,
  CMS_PER,
  FT_TO_M,
  IN_TO_MM,
  ACRE_TO_M2,
  ACRE_TO_HA,
} from './swmm/units.ts';
export {
  parseSwmmDateDays,
  isSwmmDate,
  isSwmmTime,
  parseClockSeconds,
  parseDurationSeconds,
  formatClock,
  dateTimeSeconds,
  timeSeriesSeconds,
  timeSeriesToSeries,
  simulationStartSeconds,
  simulationDurationSeconds,
} from './swmm/time.ts';
export { resolvedSwmmOptions, type ResolvedSwmmOptions } from './swmm/options.ts';
