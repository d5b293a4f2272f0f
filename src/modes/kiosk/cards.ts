/**
 * The kiosk's what-if cards: which scenario each runs live, cut to how long, with which edit, how
 * fast its clock plays, and which recorded prefix (scenarios/kiosk/*.frames.gz, made by
 * src/modes/makeFramePacks.ts) covers the first seconds while the live run catches up.
 * A visitor changes one thing: the rain (×0.5…×2) on rain cards, the flood wall on river cards.
 */

export const CARD_IDS = ['rain', 'river', 'levee', 'sponge', 'pump'] as const;
export type CardId = (typeof CARD_IDS)[number];

export interface CardVariant {
  /** rain multiplier (rain cards) */
  rain: number;
  /** the old-town flood wall stands (river cards) */
  levee: boolean;
}

export interface CardSpec {
  scenario: string;
  durationS: number;
  frameIntervalS: number;
  /** simulated seconds per wall second of the card's clock */
  simPerWallS: number;
  knob: 'rain' | 'levee';
  defaults: CardVariant;
  /** clock unit of the caption */
  unit: 'min' | 'h';
  /** recorded prefix for the default variant: pack and clip */
  recorded?: { pack: string; clip: string; levee?: boolean };
  edit?(json: Record<string, unknown>): void;
}

/** small twin extent (data/small/twin.json) */
const SMALL_EXTENT = [643500, 3273300, 646500, 3275300];

/** sponge city: the whole twin infiltrates 30 mm/h into 80 mm of storage (green roofs, rain gardens, permeable streets) */
export const SPONGE = { infiltrationMmPerHour: 30, storageDepthMm: 80 };

/** the sponge card's edit (also used to record its prefix, src/modes/makeFramePacks.ts) */
export function spongeEverywhere(json: Record<string, unknown>): void {
  const [x0, y0, x1, y1] = SMALL_EXTENT;
  json.interventions = [
    ...((json.interventions as unknown[]) ?? []),
    {
      kind: 'spongeArea',
      id: 'sponge-city',
      polygon: [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
      ...SPONGE,
    },
  ];
}

/** the pump card's edit: the old town's pump station P1 stops (capacity 0) */
export function pumpFails(json: Record<string, unknown>): void {
  json.interventions = [
    ...((json.interventions as unknown[]) ?? []),
    { kind: 'pump', id: 'pump-fails', pumpId: 'P1', capacityM3s: 0 },
  ];
}

/** the old-town flood wall of scenarios/levee-b.json (a floodWall intervention) */
const WALL_SCENARIO = 'scenarios/levee-b.json';

export const CARDS: Record<CardId, CardSpec> = {
  rain: {
    scenario: 'scenarios/small-rainstorm.json',
    durationS: 7200,
    frameIntervalS: 300,
    simPerWallS: 240,
    knob: 'rain',
    defaults: { rain: 1, levee: true },
    unit: 'min',
    recorded: { pack: 'scenarios/kiosk/rain.frames.gz', clip: 'rain' },
  },
  river: {
    scenario: 'scenarios/levee-a.json',
    durationS: 2400,
    frameIntervalS: 120,
    simPerWallS: 80,
    knob: 'levee',
    defaults: { rain: 1, levee: false },
    unit: 'min',
    recorded: { pack: 'scenarios/kiosk/levee.frames.gz', clip: 'fails', levee: false },
  },
  levee: {
    scenario: 'scenarios/levee-b.json',
    durationS: 2400,
    frameIntervalS: 120,
    simPerWallS: 80,
    knob: 'levee',
    defaults: { rain: 1, levee: true },
    unit: 'min',
    recorded: { pack: 'scenarios/kiosk/levee.frames.gz', clip: 'holds', levee: true },
  },
  sponge: {
    scenario: 'scenarios/small-rainstorm.json',
    durationS: 7200,
    frameIntervalS: 300,
    simPerWallS: 240,
    knob: 'rain',
    defaults: { rain: 1, levee: true },
    unit: 'min',
    recorded: { pack: 'scenarios/kiosk/sponge.frames.gz', clip: 'sponge' },
    edit: spongeEverywhere,
  },
  pump: {
    // the old town's pump station P1 (data/small/network.inp) stops: capacity 0
    scenario: 'scenarios/small-rainstorm.json',
    durationS: 7200,
    frameIntervalS: 300,
    simPerWallS: 240,
    knob: 'rain',
    defaults: { rain: 1, levee: true },
    unit: 'min',
    recorded: { pack: 'scenarios/kiosk/pump.frames.gz', clip: 'pump' },
    edit: pumpFails,
  },
};

/** the rain multipliers a visitor can pick */
export const RAIN_STEPS = [0.5, 0.75, 1, 1.5, 2] as const;

/**
 * The scenario JSON a card runs: its edit, the rain scaled, the wall added or removed.
 * `wall` is levee-b's floodWall intervention (for river cards).
 * @example cardScenario('rain', json, {rain: 2, levee: true}, null).rain.mmPerHour[0][1] === 2 * json.rain.mmPerHour[0][1]
 */
export function cardScenario(
  id: CardId,
  base: Record<string, unknown>,
  v: CardVariant,
  wall: unknown,
): Record<string, unknown> {
  const spec = CARDS[id];
  const json = structuredClone(base);
  spec.edit?.(json);
  // the card's frame rate (a scenario without one, like levee-a, would be refused)
  json.outputs = { ...(json.outputs as object | undefined), frameIntervalS: spec.frameIntervalS };
  const rain = json.rain as { mmPerHour?: [number, number][] } | undefined;
  if (spec.knob === 'rain' && rain?.mmPerHour && v.rain !== 1)
    rain.mmPerHour = rain.mmPerHour.map(([t, i]) => [t, i * v.rain]);
  if (spec.knob === 'levee') {
    const ivs = ((json.interventions as { kind: string }[]) ?? []).filter((x) => x.kind !== 'floodWall');
    if (v.levee && wall) ivs.push(wall as { kind: string });
    json.interventions = ivs;
  }
  return json;
}

/** the recorded prefix applies only to the variant it was recorded for */
export function recordedFor(id: CardId, v: CardVariant): CardSpec['recorded'] | null {
  const r = CARDS[id].recorded;
  if (!r) return null;
  if (CARDS[id].knob === 'rain' && v.rain !== 1) return null;
  if (CARDS[id].knob === 'levee' && r.levee !== undefined && r.levee !== v.levee) {
    // the other clip of the same pack
    return v.levee ? { pack: r.pack, clip: 'holds', levee: true } : { pack: r.pack, clip: 'fails', levee: false };
  }
  return r;
}

export const WALL_SOURCE = WALL_SCENARIO;
