/** Scenarios the browser tests use (small ones: SwiftShader renders on the CPU). */
export const SMALL_SCENARIO = process.env.FLOODTWIN_E2E_SMALL ?? '/dev/scenario.json';
export const RUN_SCENARIO = process.env.FLOODTWIN_E2E_RUN ?? '/dev/scenario.json';
