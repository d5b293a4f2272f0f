/** Numerical trouble is detected and reported with the cell and the time, never painted. */
import { describe, expect, it } from 'vitest';
import { SimulationError } from '../../src/core/errors.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import { runFloodNode } from '../../src/sim/floodRunNode.ts';
import { demFrom, setupFor } from './helpers.ts';

const dem = demFrom(30, 20, 10, (c) => 5 - 0.01 * c);
const base = { manning: 0.03, durationS: 600, initialWaterLevel: 5.5, outputs: { intervalS: 60 } };

describe('guards', () => {
  it('a NaN depth stops the run naming the cell', () => {
    const s = setupFor(dem, base);
    s.manning[7 * 30 + 12] = NaN; // a corrupt roughness value
    expect(() => runFloodInProcess(s)).toThrowError(SimulationError);
    expect(() => runFloodInProcess(s)).toThrowError(
      /depth became NaN at cell \(col 1[123], row [678]\), x = \d+\.\d, y = \d+\.\d, t = \d+\.\d\d s/,
    );
  });

  it('a runaway velocity stops the run naming the cell and time', () => {
    const s = setupFor(dem, { ...base, edges: { east: { free: { slope: 0.01 } } }, solver: { maxVelocityMS: 0.05 } });
    expect(() => runFloodInProcess(s)).toThrowError(
      /velocity ran away \(over 0\.05 m\/s.*\) at cell \(col \d+, row \d+\), x = .*, t = \d+\.\d\d s/,
    );
  });

  it('on 2 workers an error found by one band stops both bands at the same step (none left waiting at a barrier)', async () => {
    // the bands decide to stop from the flags as the last one into the barrier saw them; reading
    // the error word directly, a band could stop while the other waited for it for ever
    for (let i = 0; i < 8; i++) {
      const s = setupFor(dem, {
        ...base,
        edges: { east: { free: { slope: 0.01 } } },
        solver: { maxVelocityMS: 0.05 + 0.01 * i },
      });
      await expect(runFloodNode(s, 2)).rejects.toThrowError(/velocity ran away/);
    }
  }, 120_000);

  it('a strongly negative depth stops the run', () => {
    const s = setupFor(dem, base);
    const k = 10 * 30 + 4;
    // a sink that takes far more than the cell holds (what a broken coupling would do)
    const coupler = {
      exchange: (h: Float32Array, _z: Float32Array, t: number) => {
        if (!(t > 100 && t < 130)) return 0;
        h[k] -= 2;
        return -200;
      },
    };
    expect(() => runFloodInProcess(s, { coupler })).toThrowError(
      /depth went strongly negative .* at cell \(col 4, row 10\), x = 45\.0, y = 95\.0, t = 1\d\d\.\d\d s/,
    );
  });

  it('a healthy run with the same setup passes', () => {
    const r = runFloodInProcess(setupFor(dem, { ...base, edges: { east: { free: { slope: 0.01 } } } }));
    expect(r.summary.massBalance.outflowM3).toBeGreaterThan(0);
    expect(r.summary.massBalance.relativeError).toBeLessThan(1e-6);
  });
});
