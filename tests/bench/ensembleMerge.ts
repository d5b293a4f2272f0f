/**
 * The ensemble merge's accumulation (src/ensemble/zoning.ts) for 100 members on the default twin's
 * grid (1200 × 800 cells, 3318 buildings): 5 return periods × 20 weighted variants, generated depth
 * fields (a smooth bump that grows with the return period plus a per-variant ripple). Prints the
 * time per member and the heap, to show that memory follows the grid and the events, not the members.
 * Reading each member's ASCII grid from disk comes on top (about 1 s a member here).
 */
import { ZoningMerge } from '../../src/ensemble/zoning.ts';

export async function benchEnsembleMerge(members = 100): Promise<void> {
  const ncols = 1200;
  const nrows = 800;
  const cells = ncols * nrows;
  const buildings = 3318;
  const periods = [2, 10, 50, 100, 200];
  const variants = members / periods.length;
  const heap0 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const z = new ZoningMerge(
    cells,
    periods.flatMap((T) => Array(variants).fill(1 / T)),
    [0.15, 0.5, 1.5],
    buildings,
  );
  const depth = new Float32Array(cells);
  const hazard = new Uint8Array(cells);
  const damage = new Float64Array(buildings);
  let rss = process.memoryUsage().rss;
  const t0 = performance.now();
  let fill = 0;
  for (const T of periods) {
    for (let v = 0; v < variants; v++) {
      const f0 = performance.now();
      const s = Math.log10(T);
      for (let r = 0; r < nrows; r++) {
        for (let c = 0; c < ncols; c++) {
          const d = s * (1 - Math.hypot(c - 600, r - 400) / 700) + 0.1 * Math.sin((c + v * 37) / 23) * Math.cos(r / 17);
          depth[r * ncols + c] = d > 0 ? d : 0;
          hazard[r * ncols + c] = d > 0.01 ? Math.min(3, Math.floor(d * 2)) : 255;
        }
      }
      for (let b = 0; b < buildings; b++) damage[b] = 1000 * s * ((b * 7 + v) % 13);
      fill += performance.now() - f0;
      z.add({ aep: 1 / T, weight: 1 / variants, maxDepth: depth, hazard, buildingDamage: damage });
      rss = Math.max(rss, process.memoryUsage().rss);
    }
  }
  const totalS = (performance.now() - t0 - fill) / 1000;
  const m = process.memoryUsage();
  console.log(`${members} members of ${ncols}×${nrows} cells, ${periods.length} return periods × ${variants} variants`);
  console.log(
    `  merge: ${totalS.toFixed(2)} s (${((1000 * totalS) / members).toFixed(0)} ms a member, generating the fields not counted)`,
  );
  console.log(
    `  accumulators and scratch ${((m.heapUsed + m.arrayBuffers - heap0) / 2 ** 20).toFixed(0)} MiB more heap; peak RSS ${(rss / 2 ** 20).toFixed(0)} MiB`,
  );
}
