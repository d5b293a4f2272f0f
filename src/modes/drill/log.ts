/**
 * The drill log file (JSON, workers/drill/injects.ts DrillLog): strict zod schema; errors are
 * InputErrors naming the file and the JSON path ("drill-log.json: at entries[3].inject.widthM: …").
 */
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { zodInputError } from '../../scenario/formatZodError.ts';
import type { DrillLog, LiveInject } from '../../../workers/drill/injects.ts';
import { parseJsonText } from '../../scenario/scenarioFile.ts';

const finite = z.number().refine(Number.isFinite, 'expected a finite number');

export const liveInjectSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('leveeBreach'),
    x: finite,
    y: finite,
    widthM: z.number().positive(),
    finalCrestM: finite,
    durationS: z.number().positive(),
  }),
  z.strictObject({ kind: z.literal('pumpFailure'), pumpId: z.string().min(1) }),
  z.strictObject({ kind: z.literal('rain'), factor: z.number().min(0).max(100) }),
  z.strictObject({ kind: z.literal('roadClosure'), roadId: z.string().min(1) }),
  z.strictObject({ kind: z.literal('shelter'), shelterId: z.string().min(1), status: z.enum(['open', 'full']) }),
  z.strictObject({
    kind: z.literal('warning'),
    colour: z.enum(['blue', 'yellow', 'orange', 'red']),
    text: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('message'), text: z.string().min(1) }),
]);

export const drillLogSchema = z.strictObject({
  format: z.literal('floodtwin-drill-log'),
  version: z.literal(1),
  scenario: z.string().min(1),
  frameIntervalS: z.number().positive(),
  /** the engine's flood stops per frame (liveEngine.ts stepsPerFrame; absent: 1) */
  stepsPerFrame: z.number().int().min(1).optional(),
  entries: z.array(
    z.strictObject({
      frame: z.number().int().min(0),
      step: z.number().int().min(0).optional(),
      drillS: z.number().min(0),
      inject: liveInjectSchema,
    }),
  ),
});

/** Parse and check an inject (from the director's form or a relay message). */
export function parseInject(json: unknown, file = 'inject'): LiveInject {
  const r = liveInjectSchema.safeParse(json);
  if (!r.success) throw zodInputError(r.error, file);
  return r.data;
}

/** Parse and check a drill log (text or parsed JSON); entries must be in frame order. */
export function parseDrillLog(input: string | unknown, file = 'drill-log.json'): DrillLog {
  const json = typeof input === 'string' ? parseJsonText(input, file) : input;
  const r = drillLogSchema.safeParse(json);
  if (!r.success) throw zodInputError(r.error, file);
  r.data.entries.forEach((e, i) => {
    const p = r.data.entries[i - 1];
    if (i > 0 && (e.frame < p.frame || (e.frame === p.frame && (e.step ?? 0) < (p.step ?? 0))))
      throw new InputError('entries must be in frame order (and step order within a frame)', {
        file,
        path: `entries[${i}].frame`,
      });
  });
  return r.data;
}

/** The log of a drill as the director saves it. */
export function drillLogJson(log: DrillLog): string {
  return JSON.stringify(log, null, 1);
}
