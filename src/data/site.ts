/**
 * The fixed facts of the synthetic district "Jialing bend": where it is, how big, and the river
 * levels everything else is built around. Local coordinates (X east, Y north, metres) start at the
 * district's south-west corner; map coordinates are UTM 48N = origin + local.
 */

export const SEED = 20240708;

/** WGS 84 / UTM zone 48N: Chongqing lies at ~106.5°E, zone 48 (102–108°E). */
export const EPSG = 32648;
/** south-west corner of the district in UTM 48N (≈ 106.47°E, 29.58°N) */
export const ORIGIN_E = 642000;
export const ORIGIN_N = 3273000;
export const WIDTH_M = 6000;
export const HEIGHT_M = 4000;

/** the window of the small twin (local metres): the bend apex, the old town and the terrace */
export const SMALL_WINDOW = { x0: 1500, y0: 300, x1: 4500, y1: 2300 };

/** normal (dry-season) water surface at the town gauge, m a.s.l. */
export const WS_TOWN = 178.3;
/** water-surface slope of the reach (also used in the Manning rating of each station) */
export const RIVER_SLOPE = 2e-4;
/** bank top above normal water, left (inner, old-town) and right (outer) banks */
export const BANK_LEFT_ABOVE_WS = 3.7;
export const BANK_RIGHT_ABOVE_WS = 4.0;
/** bank-full depth: bank top (left) to the deepest bed */
export const BANKFULL_DEPTH = 9.5;
/** levee crest above normal water (187.0 m at the town) and the design (guaranteed) level below it */
export const LEVEE_ABOVE_WS = 8.7;
export const WARNING_ABOVE_WS = 5.2;
export const GUARANTEED_ABOVE_WS = 7.7;
/** Manning n used in the rating curves (channel, vegetated banks) */
export const N_CHANNEL = 0.035;
export const N_BANK = 0.045;

/** the ten-day flood-season record: start (China Standard Time), hourly */
export const RECORD_START = { y: 2024, m: 7, d: 8 };
export const RECORD_HOURS = 240;
/** target stages at the town gauge for the three peaks (m): above warning; above guaranteed;
 * over the levee crest (the old town floods at the third) */
export const PEAK_STAGES_TOWN = [184.6, 186.4, 187.8];
