/**
 * Reading and writing versioned scenario files: JSON text → migrate to the current version →
 * validate (the lead's core schema, then interventions and events strictly) → typed scenario.
 * Errors are InputErrors naming the file and the JSON path ("at interventions[2].crestM").
 */
import { InputError } from '../core/errors.ts';
import { scenarioSchema, type Scenario } from '../core/scenario/scenario.ts';
import { zodInputError } from './formatZodError.ts';
import { jsonErrorOffset, lineColumn } from './jsonErrorAt.ts';
import { eventsSchema, interventionsSchema, type Events, type Intervention } from '../core/scenario/edits.ts';
import { CURRENT_SCENARIO_VERSION, migrateScenario } from './versions.ts';

export interface LoadedScenario {
  scenario: Scenario;
  interventions: Intervention[];
  events: Events;
  /** the file's version when it was migrated, else null */
  migratedFrom: number | null;
}

/** JSON.parse with the line and column of a syntax error. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = ((e as Error).message ?? String(e)).split('\n')[0].slice(0, 120);
    const at = jsonErrorOffset(text);
    if (at >= 0) {
      const { line, column } = lineColumn(text, at);
      const near = text.slice(at, at + 20).split('\n')[0];
      throw new InputError(`not valid JSON${near ? ` near "${near}"` : ' (the text ends too early)'}`, {
        file,
        line,
        column,
      });
    }
    throw new InputError(`not valid JSON: ${msg}`, { file });
  }
}

export function loadScenario(input: string | unknown, file = 'scenario.json'): LoadedScenario {
  const json = typeof input === 'string' ? parseJsonText(input, file) : input;
  const { scenario: migrated, migratedFrom } = migrateScenario(json, file);
  const r = scenarioSchema.safeParse(migrated);
  if (!r.success) throw zodInputError(r.error, file);
  const iv = interventionsSchema.safeParse(migrated.interventions ?? []);
  if (!iv.success) throw zodInputError(iv.error, file, ['interventions']);
  const ev = eventsSchema.safeParse(migrated.events ?? {});
  if (!ev.success) throw zodInputError(ev.error, file, ['events']);
  return { scenario: r.data, interventions: iv.data, events: ev.data, migratedFrom };
}

/** The scenario as file text at the current version (2-space JSON, stable key order as given). */
export function saveScenario(s: Record<string, unknown>): string {
  const { version: _v, ...rest } = s;
  void _v;
  return JSON.stringify({ version: CURRENT_SCENARIO_VERSION, ...rest }, null, 2) + '\n';
}
