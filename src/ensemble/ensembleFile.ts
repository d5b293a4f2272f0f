/**
 * The ensemble file: a base scenario and the axes to vary. Every member is the base scenario with one
 * value of each axis merged in (the Cartesian product of the axes). One axis may give each value a
 * return period (or an annual exceedance probability): that is the event's frequency. The other axes
 * give variants of an event (breach sites, interventions, storm durations), each with a weight: the
 * conditional probability of that variant given the event (by default the axis's values share 1 equally).
 *
 * @example
 * { "name": "small town zoning", "base": "../small-rainstorm.json", "durationS": 600,
 *   "axes": [
 *     { "name": "storm", "values": [
 *       { "id": "T10", "returnPeriodYears": 10, "patch": { "events": { "designStorm": { "returnPeriodYears": 10 } } } },
 *       { "id": "T100", "returnPeriodYears": 100, "patch": { ... } } ] },
 *     { "name": "breach", "values": [ { "id": "none", "weight": 0.8, "patch": {} }, { "id": "north", "weight": 0.2, "patch": { ... } } ] } ] }
 */
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { zodInputError } from '../scenario/formatZodError.ts';
import { parseJsonText } from '../scenario/scenarioFile.ts';

const idSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, "_", "." or "-" (1–40)');

const axisValueSchema = z
  .strictObject({
    id: idSchema,
    returnPeriodYears: z.number().gt(1).max(1e6).optional(),
    annualExceedanceProbability: z.number().gt(0).lt(1).optional(),
    weight: z.number().gt(0).max(1).optional(),
    /** merged into the base scenario (objects key by key, everything else replaced) */
    patch: z.record(z.string(), z.unknown()).default({}),
  })
  .refine((v) => !(v.returnPeriodYears !== undefined && v.annualExceedanceProbability !== undefined), {
    message: 'give returnPeriodYears or annualExceedanceProbability, not both',
  });

const axisSchema = z.strictObject({ name: idSchema, values: z.array(axisValueSchema).min(1).max(200) });

export const ensembleSchema = z.strictObject({
  name: z.string().min(1).max(200),
  /** the base scenario, relative to the ensemble file */
  base: z.string().min(1),
  /** overrides every member's duration (s) */
  durationS: z
    .number()
    .positive()
    .max(30 * 86400)
    .optional(),
  axes: z.array(axisSchema).min(1).max(6),
  /** depths (m) whose annual exceedance probability the merge maps */
  exceedanceDepthsM: z.array(z.number().positive().max(100)).min(1).max(10).default([0.15, 0.5, 1.5]),
  /** worker threads per member run */
  workers: z.number().int().min(1).max(64).default(1),
});

export type EnsembleFile = z.infer<typeof ensembleSchema>;

/** Parses and checks an ensemble file's text; every mistake is an InputError naming the file and JSON path. */
export function parseEnsemble(text: string, file: string): EnsembleFile {
  const r = ensembleSchema.safeParse(parseJsonText(text, file));
  if (!r.success) throw zodInputError(r.error, file);
  const e = r.data;
  const frequencyAxes = e.axes.filter((a) => a.values.some((v) => frequencyOf(v) !== null));
  if (frequencyAxes.length !== 1) {
    throw new InputError(
      `exactly one axis must give its values a returnPeriodYears or annualExceedanceProbability (found ${frequencyAxes.length})`,
      { file, path: 'axes' },
    );
  }
  e.axes.forEach((axis, i) => {
    const isFrequency = axis === frequencyAxes[0];
    axis.values.forEach((v, j) => {
      if (isFrequency && frequencyOf(v) === null)
        throw new InputError(
          'every value of the frequency axis needs a returnPeriodYears or annualExceedanceProbability',
          { file, path: `axes[${i}].values[${j}]` },
        );
      if (isFrequency && v.weight !== undefined)
        throw new InputError('a frequency axis value has no weight (its frequency is its probability)', {
          file,
          path: `axes[${i}].values[${j}].weight`,
        });
    });
    if (new Set(axis.values.map((v) => v.id)).size !== axis.values.length)
      throw new InputError(`axis "${axis.name}" repeats a value id`, { file, path: `axes[${i}].values` });
    if (!isFrequency) {
      const given = axis.values.filter((v) => v.weight !== undefined);
      if (given.length > 0 && given.length < axis.values.length)
        throw new InputError(`give every value of axis "${axis.name}" a weight, or none (equal weights)`, {
          file,
          path: `axes[${i}].values`,
        });
      const sum = given.reduce((s, v) => s + (v.weight ?? 0), 0);
      if (given.length > 0 && Math.abs(sum - 1) > 1e-9)
        throw new InputError(`the weights of axis "${axis.name}" add up to ${sum}, not 1`, {
          file,
          path: `axes[${i}].values`,
        });
    }
  });
  if (new Set(e.axes.map((a) => a.name)).size !== e.axes.length)
    throw new InputError('two axes have the same name', { file, path: 'axes' });
  return e;
}

/** The annual exceedance probability an axis value gives, or null. */
export function frequencyOf(v: { returnPeriodYears?: number; annualExceedanceProbability?: number }): number | null {
  if (v.annualExceedanceProbability !== undefined) return v.annualExceedanceProbability;
  if (v.returnPeriodYears !== undefined) return 1 / v.returnPeriodYears;
  return null;
}
