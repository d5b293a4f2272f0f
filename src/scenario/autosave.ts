/**
 * The pure half of autosave: what is stored (the scenario file text at the current version, with a
 * time and a key) and how a stored record is restored (through the same migration and validation as
 * a file, so an autosave from an older floodtwin still opens). The browser keeps records in IndexedDB.
 */
import { InputError } from '../core/errors.ts';
import { loadScenario, saveScenario, type LoadedScenario } from './scenarioFile.ts';

export interface AutosaveRecord {
  /** one record per scenario name */
  key: string;
  savedAtMs: number;
  text: string;
}

export function autosaveKey(name: string): string {
  return `floodtwin.autosave:${name}`;
}

export function makeAutosave(scenario: Record<string, unknown>, nowMs: number): AutosaveRecord {
  const name = typeof scenario.name === 'string' && scenario.name !== '' ? scenario.name : 'untitled';
  return { key: autosaveKey(name), savedAtMs: nowMs, text: saveScenario(scenario) };
}

/** The stored scenario, validated; InputError (naming the autosave) when it no longer loads. */
export function restoreAutosave(r: AutosaveRecord): LoadedScenario {
  if (!r || typeof r.text !== 'string')
    throw new InputError('autosave record has no scenario text', { file: 'autosave' });
  return loadScenario(r.text, `autosave ${new Date(r.savedAtMs).toISOString()}`);
}

/** Whether an autosave is worth offering: newer than the file the user opened. */
export function autosaveIsNewer(r: AutosaveRecord, fileSavedAtMs: number | undefined): boolean {
  return fileSavedAtMs === undefined || r.savedAtMs > fileSavedAtMs;
}
