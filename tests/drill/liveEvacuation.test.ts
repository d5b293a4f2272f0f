/**
 * The live drill's board reads the evacuation model on the small twin: people move from waiting
 * to en route to safe as frames come, and closing a road the evacuees use changes the counts
 * from that frame on (the evacuation reroutes), against the same drill without the closure.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLiveDrill } from '../../src/sim/liveDrill.ts';
import type { BoardNumbers } from '../../workers/drill/board.ts';
import { compilePlainFloodKernels } from '../../workers/flood/wasm/loader.ts';

const dir = resolve(__dirname, '../../scenarios');
const file = resolve(dir, 'small-river-flood.json');
const read = async (f: string) => new Uint8Array(readFileSync(resolve(dir, f)));

/** the drill warns at its start; households farther than 100 m from a shelter drive (queues form) */
async function drill(close: string | null): Promise<{ boards: BoardNumbers[]; busiest: string }> {
  const d = await createLiveDrill(readFileSync(file, 'utf8'), 'small-river-flood.json', read, {
    kernels: await compilePlainFloodKernels(),
    durationS: 1200,
    frameIntervalS: 300,
    evacuationOverrides: { warning: { atS: 0 }, evacuate: 'all', walkMaxM: 100 },
  });
  const boards = [d.engine.current().board];
  for (let f = d.engine.next(); f; f = d.engine.next()) {
    if (f.index === 1 && close) d.engine.apply({ kind: 'roadClosure', roadId: close }, 10);
    boards.push(d.engine.current().board);
  }
  const b = d
    .evacuation!.result()
    .bottlenecks.slice()
    .sort((p, q) => q.vehicles - p.vehicles);
  return { boards, busiest: b[0].roadId };
}

describe('live drill evacuation', () => {
  it('the board counts come from the model and a road closure changes them', async () => {
    const { boards: open, busiest } = await drill(null);
    const e = open.map((b) => b.evacuation!);
    expect(e[0].people).toBeGreaterThan(100);
    // every person is in exactly one state
    for (const s of e) expect(s.safe + s.enRoute + s.waiting + s.trapped).toBe(s.people);
    expect(e[e.length - 1].safe).toBeGreaterThan(e[1].safe);
    expect(open[0].gauges.map((g) => g.id)).toContain('town');
    // close the road most evacuating vehicles used in the drill without closures
    const { boards: closed } = await drill(busiest);
    expect(closed[2].roadsCut).toContain(busiest);
    expect(open[2].roadsCut).not.toContain(busiest);
    const last = (b: BoardNumbers[]) => b[b.length - 1].evacuation!;
    expect([last(closed).safe, last(closed).enRoute, last(closed).trapped]).not.toEqual([
      last(open).safe,
      last(open).enRoute,
      last(open).trapped,
    ]);
    // before the closure the two drills are the same
    expect(closed[1].evacuation).toEqual(open[1].evacuation);
  });
});
