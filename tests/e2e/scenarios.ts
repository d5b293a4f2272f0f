/** Scenarios the browser tests use (small ones: SwiftShader renders on the CPU). */
/** the small twin (300 × 200 cells, with buildings, roads, gauges, shelters) */
export const SMALL_SCENARIO = process.env.FLOODTWIN_E2E_SMALL ?? 'small-rainstorm.json';
/** the tiny valley: a 30-minute run of 60 × 40 cells; its pond fills, its hill stays dry */
export const RUN_SCENARIO = process.env.FLOODTWIN_E2E_RUN ?? 'tiny/scenario.json';
/** a place the tiny scenario floods (its "pond" output point, about 0.8 m deep at the end) */
export const TINY_POND: [number, number] = [500205, 3270205];
