import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runEvacuation, type EvacuationInput, type RoadInput } from '../../workers/evacuation/index.ts';

/** a random small town: n × n grid streets, random one-ways, capacities, homes, shelters and a flood */
function town(
  n: number,
  seed: number,
  oneway: boolean[],
  pops: number[],
  caps: number[],
  floodCols: number,
): EvacuationInput {
  const sp = 150;
  const roads: RoadInput[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j + 1 < n; j++) {
      roads.push({
        id: `h${i}_${j}`,
        coords: Float64Array.from([j * sp, i * sp, (j + 1) * sp, i * sp]),
        cls: 'residential',
        lanes: 1 + (k % 2),
        speedKmh: 30,
        oneway: oneway[k++ % oneway.length],
      });
      roads.push({
        id: `v${i}_${j}`,
        coords: Float64Array.from([i * sp, j * sp, i * sp, (j + 1) * sp]),
        cls: k % 5 === 0 ? 'footway' : 'residential',
        lanes: 1,
        speedKmh: 40,
        oneway: oneway[k++ % oneway.length],
      });
    }
  }
  const size = (n - 1) * sp;
  const buildings = pops.map((p, i) => ({
    id: `b${i}`,
    x: (((i * 7919 + seed) % 997) / 997) * size,
    y: (((i * 104729 + seed * 31) % 991) / 991) * size,
    population: p,
  }));
  const shelters = caps.map((c, i) => ({
    id: `s${i}`,
    x: (((i * 389 + seed) % 101) / 101) * size,
    y: (((i * 613 + seed) % 103) / 103) * size,
    capacity: c,
  }));
  const cs = 50;
  const nc = Math.ceil(size / cs) + 2;
  const grid = { ncols: nc, nrows: nc, cellSize: cs, xll: -cs, yll: -cs };
  const frames = [0, 1, 2, 3].map((f) => {
    const d = new Float32Array(nc * nc);
    for (let r = 0; r < nc; r++) for (let c = 0; c < Math.min(nc, (floodCols * f) / 3); c++) d[r * nc + c] = 0.2 * f;
    return d;
  });
  const v = new Float32Array(nc * nc).fill(0.5);
  return {
    roads,
    buildings,
    shelters,
    flood: { times: Float64Array.from([0, 1200, 2400, 3600]), grid, depth: (i) => frames[i], speed: () => v },
  };
}

describe('invariants on random towns', () => {
  it('people are conserved, shelters never overfill, runs repeat exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 25 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        (n, seed, oneway, pops, caps, floodCols, carOwnership, stuckTimeS) => {
          const input = town(n, seed, oneway, pops, caps, floodCols);
          const o = {
            warning: { atS: 300 },
            seed,
            carOwnership,
            walkMaxM: 200,
            stuckTimeS,
            jamDensityVehPerKm: 30,
            durationS: 7200,
            frameIntervalS: 120,
          };
          const r = runEvacuation(input, o);
          const people = pops.reduce((s, p) => s + p, 0);
          expect(r.people).toBe(people);
          let lastSafe = 0;
          let lastTrapped = 0;
          for (const row of r.curve) {
            expect(row.safe + row.enRoute + row.waiting + row.trapped).toBe(people);
            expect(row.walking + row.driving).toBe(row.enRoute);
            expect(row.safe).toBeGreaterThanOrEqual(lastSafe);
            expect(row.trapped).toBeGreaterThanOrEqual(lastTrapped);
            lastSafe = row.safe;
            lastTrapped = row.trapped;
          }
          for (const s of r.shelters) expect(s.occupancy).toBeLessThanOrEqual(s.capacity);
          expect(r.shelters.reduce((s, x) => s + x.occupancy, 0)).toBe(lastSafe);
          if (r.t50S !== null && r.t90S !== null) expect(r.t50S).toBeLessThanOrEqual(r.t90S);
          if (r.t90S !== null && r.t100S !== null) expect(r.t90S).toBeLessThanOrEqual(r.t100S);
          const t = r.trappedByReason;
          expect(t.floodedLink + t.noRoute + t.noRoom).toBe(lastTrapped);
          expect(runEvacuation(input, o).curve).toEqual(r.curve);
        },
      ),
      { numRuns: 40, seed: 20261123 },
    );
  });
});
