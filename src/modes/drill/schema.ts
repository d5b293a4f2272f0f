/**
 * Drill scripts (scenarios/drills/*.json): a base scenario, the window of scenario time the drill
 * plays, the key gauges, an evacuation count over drill time and timed injects. Strict zod schema;
 * errors are InputErrors naming the file and the JSON path ("drill.json: at injects[2].atS: …").
 */
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { zodInputError } from '../../scenario/formatZodError.ts';
import { parseJsonText } from '../../scenario/scenarioFile.ts';

const text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const colour = z.enum(['blue', 'yellow', 'orange', 'red']);
const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const base = {
  id: z.string().min(1),
  /** drill seconds from the drill start */
  atS: z.number().min(0),
  title: text,
  text: text.optional(),
  at: lonLat.optional(),
};

export const injectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('gaugeWarning'), gauge: z.string().min(1), colour }),
  z.strictObject({
    ...base,
    kind: z.literal('leveeBreach'),
    leveeId: z.string().min(1),
    widthM: z.number().positive(),
    /** the breach in the drill's run (the map's water): the levee crest line near `at` (lon/lat), the
     * crest it falls to and how long it takes (scenario s); makeFramePacks adds it as a leveeBreaches event */
    inRun: z
      .strictObject({
        crestLine: z.array(lonLat).min(2),
        finalCrestM: z.number(),
        durationS: z.number().positive(),
        thicknessM: z.number().min(0).optional(),
      })
      .optional(),
  }),
  z.strictObject({ ...base, kind: z.literal('pumpFailure'), pumpId: z.string().min(1) }),
  z.strictObject({ ...base, kind: z.literal('roadClosure'), roadId: z.string().min(1) }),
  z.strictObject({
    ...base,
    kind: z.literal('shelterOpened'),
    shelterId: z.string().min(1),
    capacity: z.number().int().positive().optional(),
  }),
  z.strictObject({ ...base, kind: z.literal('message'), text }),
]);

export const drillSchema = z.strictObject({
  name: z.string().min(1),
  nameZh: z.string().min(1),
  description: z.string().optional(),
  /** the scenario file the drill plays (relative to the drill file) */
  baseScenario: z.string().min(1),
  /** the gauges layer (relative to the drill file): ids, warning and guaranteed levels, records */
  gauges: z.string().min(1),
  /** scenario time (s) at drill time 0 */
  scenarioStartS: z.number().min(0),
  /** scenario seconds per drill second at speed 1 */
  scenarioSecondsPerDrillSecond: z.number().positive(),
  /** drill length (drill seconds) */
  durationS: z.number().positive(),
  /** scenario seconds between map frames (all screens show the frame of the same index) */
  frameIntervalS: z.number().positive(),
  /** the blue band starts this far below the warning level (m) */
  blueMarginM: z.number().min(0).default(1),
  keyGauges: z.array(z.string().min(1)).min(1),
  /** people evacuated over drill time: [[drill s, people], …], increasing times */
  evacuated: z.array(z.tuple([z.number().min(0), z.number().int().min(0)])).min(1),
  injects: z.array(injectSchema),
});

export type DrillScript = z.infer<typeof drillSchema>;
export type Inject = z.infer<typeof injectSchema>;
export type InjectKind = Inject['kind'];

/** Parse and check a drill script (text or parsed JSON). */
export function parseDrill(input: string | unknown, file = 'drill.json'): DrillScript {
  const json = typeof input === 'string' ? parseJsonText(input, file) : input;
  const r = drillSchema.safeParse(json);
  if (!r.success) throw zodInputError(r.error, file);
  const d = r.data;
  const fail = (path: string, msg: string) => {
    throw new InputError(msg, { file, path });
  };
  for (let i = 1; i < d.evacuated.length; i++) {
    if (!(d.evacuated[i][0] > d.evacuated[i - 1][0])) fail(`evacuated[${i}][0]`, 'times must increase');
  }
  const ids = new Set<string>();
  d.injects.forEach((inj, i) => {
    if (ids.has(inj.id)) fail(`injects[${i}].id`, `duplicate inject id "${inj.id}"`);
    ids.add(inj.id);
    if (inj.atS > d.durationS) fail(`injects[${i}].atS`, `${inj.atS} s is after the drill's end (${d.durationS} s)`);
    if (i > 0 && inj.atS < d.injects[i - 1].atS) fail(`injects[${i}].atS`, 'injects must be in time order');
    if (inj.kind === 'gaugeWarning' && !d.keyGauges.includes(inj.gauge))
      fail(`injects[${i}].gauge`, `"${inj.gauge}" is not one of keyGauges`);
    if (inj.kind === 'leveeBreach' && inj.inRun && !inj.at)
      fail(`injects[${i}].at`, 'a breach in the run needs its centre "at" (lon/lat)');
  });
  return d;
}
