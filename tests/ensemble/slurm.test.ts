/**
 * A real scheduler: the small-twin zoning ensemble (6 members) submitted to Slurm as a job array
 * (`floodtwin ensemble submit --slurm --wait`), merged, and compared byte for byte with the same
 * ensemble run on this machine (`--local`). CI starts a one-node cluster (tools/slurm/start.sh) and
 * sets FLOODTWIN_REQUIRE_SLURM=1; elsewhere the test skips, saying why, when no cluster answers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const ENSEMBLE = 'scenarios/ensembles/small-zoning.json';
const sinfo = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' });
const clusterUp = sinfo.status === 0 && /idle|mixed|allocated/.test(sinfo.stdout);
const required = process.env.FLOODTWIN_REQUIRE_SLURM === '1';
const why = sinfo.error
  ? 'sinfo is not installed'
  : `no Slurm cluster answers (sinfo: ${(sinfo.stderr || sinfo.stdout).trim().slice(0, 80)})`;
if (!clusterUp && !required) console.warn(`skipping the Slurm ensemble test: ${why}; tools/slurm/start.sh starts one`);

const work = mkdtempSync(join(tmpdir(), 'floodtwin-ensemble-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function floodtwin(...args: string[]): string {
  const r = spawnSync(process.execPath, ['bin/floodtwin.mjs', ...args, '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`floodtwin ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!clusterUp && !required)('ensemble on a Slurm cluster', () => {
  it('a job array of 6 members merges to the same bytes as the local run', () => {
    expect(clusterUp, why).toBe(true);
    const viaSlurm = join(work, 'slurm');
    const local = join(work, 'local');
    const common = ['--duration-s', '120', '--workers', '1'];
    const submitted = floodtwin('ensemble', 'submit', ENSEMBLE, '--out', viaSlurm, '--slurm', '--wait', ...common);
    expect(submitted).toMatch(/submitted Slurm job \d+: 6 array tasks/);
    // every array task wrote its own log: the members really ran under Slurm
    expect(
      readdirSync(join(viaSlurm, 'slurm'))
        .filter((f) => /^member-\d+\.log$/.test(f))
        .sort(),
    ).toEqual([0, 1, 2, 3, 4, 5].map((i) => `member-${i}.log`));
    floodtwin('ensemble', 'merge', ENSEMBLE, '--out', viaSlurm, ...common);
    floodtwin('ensemble', 'run', ENSEMBLE, '--out', local, '--local', '--jobs', '2', ...common);
    floodtwin('ensemble', 'merge', ENSEMBLE, '--out', local, ...common);
    const files = readdirSync(join(local, 'merged')).sort();
    expect(files).toContain('max_depth_T100.tif');
    expect(files).toContain('exceedance_0.15m.tif');
    expect(readdirSync(join(viaSlurm, 'merged')).sort()).toEqual(files);
    for (const f of files)
      expect(readFileSync(join(viaSlurm, 'merged', f)).equals(readFileSync(join(local, 'merged', f))), f).toBe(true);
    // a second submission finds every member complete and skips them
    expect(existsSync(join(viaSlurm, 'members', '0005-T100_blocked', 'run', 'summary.json'))).toBe(true);
  });
});
