/**
 * A loaded scenario's interventions and events compiled onto the twin's base inputs, ready for the
 * flood engine: interventions first (grid edits, timed barriers), then events against the edited bed
 * (a breach lowers what the interventions built), with rain and inflows merged into the scenario's own.
 */
import { InputError } from '../core/errors.ts';
import type { Grid } from '../core/grid.ts';
import type { Series } from '../core/timeSeries.ts';
import { compileEvents } from '../events/compileEvents.ts';
import type { InflowHydrograph } from '../events/riverHydrograph.ts';
import { applyInterventions, type CompiledInterventions, type EngineBase } from '../interventions/applyInterventions.ts';
import type { LoadedScenario } from './scenarioFile.ts';

export interface EngineInputs extends CompiledInterventions {
  rain?: { mmPerHour: Series; source?: string };
  /** the scenario's own inflows (as written) followed by those of its events */
  inflows: Array<{ id: string; point?: [number, number]; line?: [number, number][]; hydrograph: Series }>;
}

export function compileScenario(loaded: LoadedScenario, base: EngineBase, grid: Grid, readText: (file: string) => string, file = 'scenario.json'): EngineInputs {
  const iv = applyInterventions(base, loaded.interventions, grid);
  const ev = compileEvents(loaded.events, { grid, z: iv.z, readText });
  let rain = loaded.scenario.rain;
  if (ev.rain) {
    if (rain) throw new InputError('rain is given twice: as "rain" and as a rain event; keep one', { file, path: 'rain' });
    rain = { mmPerHour: ev.rain.mmPerHour as [number, number][], source: ev.rain.source };
  }
  const inflows: EngineInputs['inflows'] = loaded.scenario.inflows.map((f) => ({ ...f }));
  const ids = new Set(inflows.map((f) => f.id));
  ev.inflows.forEach((f: InflowHydrograph, i) => {
    if (ids.has(f.id)) throw new InputError(`inflow id "${f.id}" is used twice`, { file, path: `events (inflow ${i + 1})` });
    ids.add(f.id);
    inflows.push(f);
  });
  const out: EngineInputs = { ...iv, bedChanges: [...iv.bedChanges, ...ev.bedChanges], inflows };
  if (rain) out.rain = rain;
  return out;
}
