/** The real command line: `floodtwin drainage <network.inp> --out <dir>` in a child process. */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inpText } from './inp.ts';

const BIN = resolve(__dirname, '../../bin/floodtwin.mjs');

describe('floodtwin drainage (child process)', () => {
  it('writes nodes.csv, links.csv and summary.json, and exits 2 on a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-drain-cli-'));
    const file = join(dir, 'network.inp');
    writeFileSync(
      file,
      inpText(
        { end: '00:30:00' },
        {
          JUNCTIONS: ['J1 10 3 0 0 0'],
          OUTFALLS: ['O1 9 FREE NO'],
          CONDUITS: ['C1 J1 O1 100 0.013 0 0 0 0'],
          XSECTIONS: ['C1 CIRCULAR 0.6 0 0 0 1'],
          INFLOWS: ['J1 FLOW "" FLOW 1.0 1.0 0.2'],
        },
      ),
    );
    const out = join(dir, 'out');
    execFileSync(process.execPath, [BIN, 'drainage', file, '--out', out], { stdio: 'pipe' });
    for (const f of ['nodes.csv', 'links.csv', 'summary.json']) expect(existsSync(join(out, f))).toBe(true);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.units.flow).toBe('CMS');
    // 7 output times (0, 5, ..., 30 min) × 2 nodes
    expect(readFileSync(join(out, 'nodes.csv'), 'utf8').trim().split('\n').length).toBe(1 + 7 * 2);
    writeFileSync(file, '[CONDUITS]\nC1 J1 O1 100 0.013 0 0 0 0\n');
    const bad = spawnSync(process.execPath, [BIN, 'drainage', file, '--out', out], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/network\.inp/);
  });
});
