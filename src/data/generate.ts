/**
 * `npm run data:generate`: writes the default twin (data/default), the small twin (data/small)
 * and their scenarios (scenarios/river-flood.json, rainstorm.json, small-*.json, and each twin's
 * hot-started peak window [small-]river-flood-peak.json with data/<twin>/initial_level_peak.tif). Deterministic:
 * the same bytes on every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPeakWindow, buildScenarios, peakInitialLevel } from './scenarios.ts';
import { writeGeoTiff } from '../io/geotiff.ts';
import { DEFAULT_SPEC, generateTwin, SMALL_SPEC } from './twin.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Scenario JSON text: two-space indent, but each [t, value] pair and [x, y] on one line. */
export function scenarioJson(s: unknown): string {
  const text = JSON.stringify(s, null, 2);
  return text.replace(/\[\n\s+(-?[\d.e+-]+),\n\s+(-?[\d.e+-]+)\n\s+\]/g, '[$1, $2]') + '\n';
}

export function generateAll(root = REPO_ROOT): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const spec of [DEFAULT_SPEC, SMALL_SPEC]) {
    const out = generateTwin(spec);
    const dir = join(root, 'data', spec.id);
    mkdirSync(dir, { recursive: true });
    for (const [name, body] of out.files) writeFileSync(join(dir, name), body);
    counts[spec.id] = out.counts;
    const sc = buildScenarios(spec, spec.id);
    const prefix = spec.id === 'default' ? '' : `${spec.id}-`;
    mkdirSync(join(root, 'scenarios'), { recursive: true });
    writeFileSync(join(root, 'scenarios', `${prefix}river-flood.json`), scenarioJson(sc.riverFlood));
    writeFileSync(join(root, 'scenarios', `${prefix}rainstorm.json`), scenarioJson(sc.rainstorm));
    // the hot-started peak window: the page's default run (default twin) and the live drill's
    // quick e2e scene (small twin)
    writeFileSync(
      join(dir, 'initial_level_peak.tif'),
      writeGeoTiff(peakInitialLevel(spec, out.grids.dem), { compress: true }),
    );
    writeFileSync(
      join(root, 'scenarios', `${prefix}river-flood-peak.json`),
      scenarioJson(buildPeakWindow(sc.riverFlood, spec.id)),
    );
  }
  return counts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const counts = generateAll();
  console.log(JSON.stringify(counts, null, 1));
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
