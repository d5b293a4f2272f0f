/**
 * Hostile and careless input to the CLI (issue 14): unbounded reads (defect 5), run folders that mix or
 * go stale (defect 4), `inspect --foo` (defect 7), errors that echo file content (defect 9).
 * Each case ends in one clear line and exit 2, never a stack trace, a hang or a silent wrong result.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { openRunFolder } from '../../src/cli/runFolder.ts';

const root = resolve(__dirname, '../..');
let dir = '';
let tinyText = '';

/** runs the CLI in-process; the exit code and what it printed to stderr */
async function cli(...args: string[]): Promise<{ code: number; err: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...a) => void lines.push(a.join(' ')));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return { code: await main(args), err: lines.join('\n') };
  } finally {
    spy.mockRestore();
    log.mockRestore();
  }
}

/** a copy of the tiny scenario in `dir` with `patch` applied, as `name` */
function scenario(name: string, patch: Record<string, unknown>): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify({ ...JSON.parse(tinyText), ...patch }));
  return p;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floodtwin-hostile-'));
  copyFileSync(join(root, 'scenarios/tiny/dem.asc'), join(dir, 'dem.asc'));
  tinyText = readFileSync(join(root, 'scenarios/tiny/scenario.json'), 'utf8');
  writeFileSync(join(dir, 'scenario.json'), tinyText);
});
afterEach(() => vi.restoreAllMocks());

describe('reads with a limit (defect 5)', () => {
  it("refuses a path outside the scenario's folder unless --allow-outside", async () => {
    const r = await cli('run', scenario('zero.json', { dem: '/dev/zero' }), '--out', join(dir, 'o1'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/outside the scenario's data folder.*--allow-outside/);
  });
  it('refuses /dev/zero (a device) even with --allow-outside, without reading it', async () => {
    const r = await cli(
      'run',
      scenario('zero.json', { dem: '/dev/zero' }),
      '--out',
      join(dir, 'o1'),
      '--quiet',
      '--allow-outside',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a regular file \(a device or socket\)/);
  });
  it('refuses a FIFO at once (reading it would wait for ever)', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo.asc')]);
    const r = await cli('run', scenario('fifo.json', { dem: 'fifo.asc' }), '--out', join(dir, 'o1'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/fifo\.asc.*not a regular file \(a FIFO\)/);
  });
  it('refuses ../../etc/passwd without quoting its content', async () => {
    const r = await cli(
      'run',
      scenario('pw.json', { dem: '../../../../../../etc/passwd' }),
      '--out',
      join(dir, 'o1'),
      '--quiet',
    );
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/root:/);
  });
  it.each([
    ['inspect', []],
    ['drainage', ['--out', 'o-net']],
  ])('%s refuses a FIFO at once and /dev/zero without reading it', async (cmd, rest) => {
    // before: inspect waited for ever on a FIFO and grew on /dev/zero until it died with a stack trace
    execFileSync('mkfifo', [join(dir, `${cmd}.fifo`)]);
    const args = rest.map((a) => (a.startsWith('o-') ? join(dir, a) : a));
    const fifo = await cli(cmd, join(dir, `${cmd}.fifo`), ...args);
    expect(fifo.code).toBe(2);
    expect(fifo.err).toMatch(/\.fifo: not a regular file \(a FIFO\); give a file/);
    const zero = await cli(cmd, '/dev/zero', ...args);
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/\/dev\/zero: not a regular file \(a device or socket\)/);
  });
  it('refuses a grid or a scenario past its size cap from its size, without reading it', async () => {
    // sparse files: 2 GiB and 17 MiB claimed, nothing on disk; reading either would take seconds and the memory
    writeFileSync(join(dir, 'huge.asc'), '');
    truncateSync(join(dir, 'huge.asc'), 2 * 2 ** 30);
    const grid = await cli('run', scenario('huge.json', { dem: 'huge.asc' }), '--out', join(dir, 'o1'), '--quiet');
    expect(grid.code).toBe(2);
    expect(grid.err).toMatch(
      /huge\.asc: the file is 2048 MiB, more than the 1536 MiB read; use a coarser grid or tiles/,
    );
    writeFileSync(join(dir, 'huge-scenario.json'), '');
    truncateSync(join(dir, 'huge-scenario.json'), 17 * 2 ** 20);
    const sc = await cli('run', join(dir, 'huge-scenario.json'), '--out', join(dir, 'o1'), '--quiet');
    expect(sc.code).toBe(2);
    expect(sc.err).toMatch(/huge-scenario\.json: the file is 17 MiB, more than the 16 MiB read/);
  });
});

describe('inspect --foo (defect 7)', () => {
  it('answers an unknown option with the usage and exit 2', async () => {
    const r = await cli('inspect', '--foo');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown option '--foo'.*usage: floodtwin inspect/);
  });
});

describe('atomic run folders (defect 4)', () => {
  it('a run replaces --out whole; export refuses another scenario or an unfinished folder', async () => {
    const out = join(dir, 'run');
    mkdirSync(out);
    writeFileSync(join(out, 'depth_999.asc'), 'stale'); // from an older run: must not survive
    const a = join(dir, 'scenario.json');
    expect((await cli('run', a, '--out', out, '--duration-s', '60', '--quiet')).code).toBe(0);
    expect(existsSync(join(out, 'depth_999.asc'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-') || f.endsWith('.lock'))).toEqual([]);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.complete).toBe(true);
    expect(summary.scenarioHash).toMatch(/^sha256:[0-9a-f]{64}$/);

    const b = scenario('b.json', {
      name: 'B',
      rain: {
        mmPerHour: [
          [0, 0],
          [300, 160],
          [1200, 160],
          [1500, 0],
        ],
      },
    });
    const wrong = await cli('export', out, '--scenario', b, '--out', join(dir, 'ex'), '--quiet');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/made from another scenario/);
    expect(existsSync(join(dir, 'ex'))).toBe(false);

    writeFileSync(join(out, 'summary.json'), JSON.stringify({ ...summary, complete: undefined }));
    const partial = await cli('export', out, '--scenario', a, '--out', join(dir, 'ex'), '--quiet');
    expect(partial.code).toBe(2);
    expect(partial.err).toMatch(/incomplete/);
  });

  it('a lock refuses a second run into the same folder while the first is alive', async () => {
    const out = join(dir, 'locked');
    writeFileSync(join(dir, '.locked.lock'), `${process.ppid}\n`); // a live process holds it
    const r = await cli('run', join(dir, 'scenario.json'), '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/another run \(process \d+\) is writing into this folder/);
    expect(existsSync(out)).toBe(false);
  });

  it('a lock left by a run that died is taken over, and its partial folder removed', async () => {
    const dead = spawnSync('true').pid!;
    const out = join(dir, 'stale');
    writeFileSync(join(dir, '.stale.lock'), `${dead}\n`);
    mkdirSync(join(dir, `.stale.partial-${dead}`));
    const f = await openRunFolder(out);
    await f.commit();
    expect(readdirSync(dir).filter((x) => x.startsWith('.stale'))).toEqual([]);
    expect(existsSync(out)).toBe(true);
  });

  it('an abandoned run (killed, failed) leaves the old folder as it was', async () => {
    const out = join(dir, 'keep');
    mkdirSync(out);
    writeFileSync(join(out, 'summary.json'), '{"old":true}');
    const f = await openRunFolder(out);
    writeFileSync(join(f.temp, 'summary.json'), '{"new":true}');
    await f.abandon();
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{"old":true}');
    expect(readdirSync(dir).filter((x) => x.startsWith('.keep'))).toEqual([]);
  });
});

describe('errors quote a short, control-stripped excerpt (defect 9)', () => {
  it('a grid file full of terminal escape sequences gives a message without them', async () => {
    writeFileSync(join(dir, 'esc.asc'), `ncols \u001b[31mRED\u001b]0;title\u0007 ${'A'.repeat(5000)}\nnrows 2\n`);
    const r = await cli('run', scenario('esc.json', { dem: 'esc.asc' }), '--out', join(dir, 'o2'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/esc\.asc, line 1: /);
    expect(r.err).not.toMatch(/(?![\t\n])\p{Cc}/u);
    expect(r.err.length).toBeLessThan(300);
  });
});
