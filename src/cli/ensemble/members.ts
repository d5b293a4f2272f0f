/**
 * An ensemble on disk: `<out>/plan.json` lists the members, `<out>/members/<NNNN-id>/scenario.json` is
 * each member's scenario (the base with its patches, file paths rebased onto the member's folder) and
 * `<out>/members/<NNNN-id>/run/` its `floodtwin run` folder. A member whose run folder is complete for
 * its scenario's content hash is skipped, so a rerun (or a resubmitted array) resumes.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { type EnsembleFile, parseEnsemble } from '../../ensemble/ensembleFile.ts';
import { type Member, memberFolder, mergePatch, planMembers } from '../../ensemble/plan.ts';
import { parseJsonText } from '../../scenario/scenarioFile.ts';
import { dataRoot } from '../inputFiles.ts';
import { scenarioHash } from '../runFolder.ts';
import { loadRun, runAndWrite } from '../scenarioRun.ts';

export interface Ensemble {
  file: string;
  out: string;
  ensemble: EnsembleFile;
  members: Member[];
  /** the base scenario's folder and the data root every member's files must lie under */
  baseDir: string;
  root: string;
  base: unknown;
  /** the duration override the command was given (passed on to array tasks) */
  durationOverrideS?: number;
}

/** Reads an ensemble file; `durationS` overrides its members' duration (a quick look, or a test). */
export async function openEnsemble(file: string, out: string, durationS?: number): Promise<Ensemble> {
  const path = resolve(file);
  const ensemble = parseEnsemble(await readFile(path, 'utf8'), file);
  if (durationS !== undefined) ensemble.durationS = durationS;
  const basePath = resolve(dirname(path), ensemble.base);
  if (!existsSync(basePath))
    throw new InputError(`the base scenario ${ensemble.base} does not exist`, { file, path: 'base' });
  const base = parseJsonText(await readFile(basePath, 'utf8'), ensemble.base);
  return {
    file,
    out: resolve(out),
    ensemble,
    members: planMembers(ensemble),
    baseDir: dirname(basePath),
    root: dataRoot(path),
    base,
    durationOverrideS: durationS,
  };
}

export const memberDir = (e: Ensemble, m: Member): string => join(e.out, 'members', memberFolder(m));

/** The member's scenario JSON: the base with the patches merged in, paths rebased onto `dir`. */
export function memberScenario(e: Ensemble, m: Member, dir: string): Record<string, unknown> {
  let s = e.base;
  for (const patch of m.patches) s = mergePatch(s, patch);
  const out = rebasePaths(s, e.baseDir, dir, e.root, e.file) as Record<string, unknown>;
  out.name = `${String(out.name ?? e.ensemble.name)} [${m.id}]`;
  if (e.ensemble.durationS !== undefined) {
    out.durationS = e.ensemble.durationS;
    const outputs = out.outputs as { gridTimesS?: number[] } | undefined;
    if (outputs?.gridTimesS) outputs.gridTimesS = outputs.gridTimesS.filter((t) => t <= e.ensemble.durationS!);
  }
  return out;
}

/**
 * Every string that names an existing file relative to `from` is rewritten relative to `to`; such
 * files must lie under `root` (the ensemble file's data root), as `floodtwin run` requires.
 */
function rebasePaths(v: unknown, from: string, to: string, root: string, file: string): unknown {
  if (Array.isArray(v)) return v.map((x) => rebasePaths(x, from, to, root, file));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rebasePaths(x, from, to, root, file)]));
  if (typeof v !== 'string' || v.length > 400 || v.includes('\n') || isAbsolute(v) || !/[./]/.test(v)) return v;
  const target = resolve(from, v);
  if (!existsSync(target) || !statSync(target).isFile()) return v;
  const real = realpathSync(target);
  if (real !== root && !real.startsWith(root + sep))
    throw new InputError(`the base scenario names ${v}, outside the ensemble's data folder ${root}`, { file });
  return relative(to, target).split(sep).join('/');
}

/** Writes plan.json and every member's scenario.json (unchanged files are left alone). */
export async function writePlan(e: Ensemble): Promise<void> {
  await mkdir(e.out, { recursive: true });
  for (const m of e.members) await writeMemberScenario(e, m);
  const plan = {
    ensemble: e.ensemble.name,
    file: relative(e.out, resolve(e.file)).split(sep).join('/'),
    members: e.members.map((m) => ({
      index: m.index,
      id: m.id,
      folder: memberFolder(m),
      returnPeriodYears: 1 / m.aep,
      aep: m.aep,
      weight: m.weight,
    })),
  };
  await writeIfChanged(join(e.out, 'plan.json'), JSON.stringify(plan, null, 2) + '\n');
}

async function writeMemberScenario(e: Ensemble, m: Member): Promise<string> {
  const dir = memberDir(e, m);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'scenario.json');
  await writeIfChanged(path, JSON.stringify(memberScenario(e, m, dir), null, 2) + '\n');
  return path;
}

async function writeIfChanged(path: string, text: string): Promise<void> {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  await writeFile(path, text);
}

/** True when the member's run folder is complete and was made from its scenario as it is now. */
export function memberDone(e: Ensemble, m: Member): boolean {
  const dir = memberDir(e, m);
  try {
    const summary = JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8')) as {
      complete?: boolean;
      scenarioHash?: string;
    };
    return (
      summary.complete === true &&
      summary.scenarioHash === scenarioHash(readFileSync(join(dir, 'scenario.json'), 'utf8'))
    );
  } catch {
    return false;
  }
}

/** Runs one member (unless it is done); its files were checked against the data root when planned. */
export async function runMember(
  e: Ensemble,
  m: Member,
  workers: number,
  log: (s: string) => void,
): Promise<'ran' | 'skipped'> {
  const path = await writeMemberScenario(e, m);
  if (memberDone(e, m)) {
    log(`member ${m.index} ${m.id}: complete, skipped`);
    return 'skipped';
  }
  const loaded = await loadRun(path, undefined, { allowOutside: true });
  log(
    `member ${m.index} ${m.id}: running (${loaded.prepared.setup.ncols}×${loaded.prepared.setup.nrows} cells, ${loaded.prepared.setup.durationS} s)`,
  );
  await runAndWrite(loaded, workers, join(memberDir(e, m), 'run'), log);
  return 'ran';
}
