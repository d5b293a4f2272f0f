import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/commands/drainage.ts';
import { InputError } from '../../src/core/errors.ts';
import { createDrainageCoupler } from '../../workers/drainage/coupler.ts';
import { inpText } from './inp.ts';

async function runText(text: string): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'ft-drain-bad-'));
  const file = join(dir, 'bad.inp');
  writeFileSync(file, text);
  return run([file, '--out', join(dir, 'out')]);
}

const base = {
  JUNCTIONS: ['J1 10 3 0 0 0'],
  OUTFALLS: ['O1 9 FREE NO'],
  CONDUITS: ['C1 J1 O1 100 0.013 0 0 0 0'],
  XSECTIONS: ['C1 CIRCULAR 0.6 0 0 0 1'],
};

describe('bad input', () => {
  it('an unsupported cross-section names the file and the link', async () => {
    const err = await runText(inpText({}, { ...base, XSECTIONS: ['C1 STREET S1 0 0 0 1'] })).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/bad\.inp.*C1.*STREET/);
  });

  it('a zero diameter is refused', async () => {
    const err = await runText(inpText({}, { ...base, XSECTIONS: ['C1 CIRCULAR 0 0 0 0 1'] })).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/bad\.inp/);
  });

  it('a missing file and bad options are input errors', async () => {
    await expect(run(['/nonexistent/x.inp', '--out', tmpdir()])).rejects.toBeInstanceOf(InputError);
    const dir = mkdtempSync(join(tmpdir(), 'ft-drain-bad-'));
    writeFileSync(join(dir, 'ok.inp'), inpText({}, base));
    await expect(run([join(dir, 'ok.inp'), '--out', dir, '--duration=-5'])).rejects.toBeInstanceOf(InputError);
    await expect(run([join(dir, 'ok.inp'), '--out', dir, '--bogus'])).rejects.toBeInstanceOf(InputError);
  });

  it('the coupler refuses unknown nodes and a grid outfall without coordinates', () => {
    const grid = { ncols: 2, nrows: 2, cellSize: 10, xll: 0, yll: 0 };
    const text = inpText({}, base);
    expect(() => createDrainageCoupler({ inpText: text, file: 'n.inp', options: { nodes: ['NOPE'] } }, grid)).toThrow(
      InputError,
    );
    expect(() =>
      createDrainageCoupler({ inpText: text, file: 'n.inp', options: { outfalls: { O1: { mode: 'grid' } } } }, grid),
    ).toThrow(/O1/);
    expect(() => createDrainageCoupler({ file: 'n.inp' }, grid)).toThrow(InputError);
  });
});

describe('runaway stop', () => {
  it('an absurd inflow into a small pipe stops the run (exit 3) naming the link and the time', async () => {
    const { main } = await import('../../src/cli/main.ts');
    const dir = mkdtempSync(join(tmpdir(), 'ft-drain-run-'));
    const file = join(dir, 'runaway.inp');
    writeFileSync(
      file,
      inpText({}, { ...base, XSECTIONS: ['C1 CIRCULAR 0.1 0 0 0 1'], INFLOWS: ['J1 FLOW "" FLOW 1.0 1.0 1e6'] }),
    );
    const errors: string[] = [];
    const orig = console.error;
    console.error = (m: string) => void errors.push(m);
    try {
      // the explicit scheme (the coupled twin's) has no implicit head solve to hold such a flow back
      expect(await main(['drainage', file, '--out', join(dir, 'out'), '--scheme', 'explicit'])).toBe(3);
    } finally {
      console.error = orig;
    }
    expect(errors.join('\n')).toMatch(/link "C1" ran away at t = [0-9.]+ s/);
  });
});
