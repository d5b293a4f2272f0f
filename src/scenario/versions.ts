/**
 * Scenario file versions and migrations. A file without "version" is version 1. Each migration
 * takes the JSON of version k to version k + 1; `migrateScenario` chains them up to the current one,
 * so a file saved years ago still opens. Migrations work on plain JSON (before validation) and
 * never modify their input.
 *
 * Version 1 (the first CLI files): "duration" in MINUTES and rain as a top-level
 *   "rainMmPerHour": [[tSeconds, mmPerHour], ...].
 * Version 2: "durationS" in seconds and rain as "rain": { "mmPerHour": [[t, v], ...] }; adds
 *   "version", "interventions" and "events".
 */
import { InputError } from '../core/errors.ts';

export const CURRENT_SCENARIO_VERSION = 2;

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** v1 → v2 */
function v1ToV2(s: Json, file: string): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'duration' || k === 'rainMmPerHour' || k === 'version') continue;
    out[k] = v;
  }
  if ('duration' in s) {
    if ('durationS' in s)
      throw new InputError('a version 1 file has "duration" (minutes); it cannot also have "durationS"', {
        file,
        path: 'durationS',
      });
    const d = s.duration;
    if (typeof d !== 'number' || !Number.isFinite(d))
      throw new InputError('expected a number (minutes)', { file, path: 'duration' });
    out.durationS = d * 60;
  }
  if ('rainMmPerHour' in s) {
    if ('rain' in s)
      throw new InputError('a version 1 file has "rainMmPerHour"; it cannot also have "rain"', { file, path: 'rain' });
    out.rain = { mmPerHour: s.rainMmPerHour };
  }
  out.version = 2;
  return out;
}

const MIGRATIONS: Record<number, (s: Json, file: string) => Json> = { 1: v1ToV2 };

/** Version of a scenario JSON (1 when absent). */
export function scenarioVersion(json: unknown, file = 'scenario.json'): number {
  if (!isObject(json)) throw new InputError('a scenario file holds a JSON object', { file, path: '$' });
  const v = json.version;
  if (v === undefined) return 1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new InputError('expected a positive integer', { file, path: 'version' });
  return v;
}

/**
 * Brings a scenario JSON up to the current version. `migratedFrom` is the file's version when it was
 * older, null when it was current. A file from a newer floodtwin is refused, not guessed at.
 */
export function migrateScenario(
  json: unknown,
  file = 'scenario.json',
): { scenario: Json; migratedFrom: number | null } {
  let v = scenarioVersion(json, file);
  if (v > CURRENT_SCENARIO_VERSION) {
    throw new InputError(
      `version ${v} was written by a newer floodtwin (this one reads up to ${CURRENT_SCENARIO_VERSION})`,
      { file, path: 'version' },
    );
  }
  const from = v;
  let s = json as Json;
  while (v < CURRENT_SCENARIO_VERSION) {
    s = MIGRATIONS[v](s, file);
    v++;
  }
  return {
    scenario: from === CURRENT_SCENARIO_VERSION ? { ...s } : s,
    migratedFrom: from === CURRENT_SCENARIO_VERSION ? null : from,
  };
}
