/**
 * A restarted drill engine resumes from its newest checkpoint (snapshot/restore), not from frame 0:
 * on the small twin's peak window with the evacuation, a breach, a road closure and a warning given,
 * the frames after the checkpoint (depth, speed and board, the evacuation counts included) are the
 * uninterrupted drill's, bit for bit, with the injects given after the checkpoint replayed from the
 * log; the restored evacuation is where it was, not re-run from its start.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLiveDrill } from '../../src/sim/liveDrill.ts';
import type { LiveFrame } from '../../workers/drill/liveEngine.ts';
import { replayLog } from '../../workers/drill/replay.ts';
import { compilePlainFloodKernels } from '../../workers/flood/wasm/loader.ts';

const dir = resolve(__dirname, '../../scenarios');
const SCENARIO = 'small-river-flood-peak.json';
const read = async (f: string) => new Uint8Array(readFileSync(resolve(dir, f)));
const bytes = (x: ArrayBufferView): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
const digest = (f: LiveFrame): string =>
  createHash('sha256').update(bytes(f.depth)).update(bytes(f.speed)).update(JSON.stringify(f.board)).digest('hex');

describe('live drill checkpoint', () => {
  it('a fresh engine restored from a checkpoint continues with the same frames', async () => {
    const kernels = await compilePlainFloodKernels();
    const make = () =>
      createLiveDrill(readFileSync(resolve(dir, SCENARIO), 'utf8'), SCENARIO, read, {
        kernels,
        durationS: 540,
        frameIntervalS: 60,
      });
    const da = await make();
    const a = da.engine;
    a.next();
    a.next();
    a.apply({ kind: 'leveeBreach', x: 645002.5, y: 3274107.5, widthM: 40, finalCrestM: 183, durationS: 120 }, 5);
    // the road the most evacuees are on now
    const busiest = a.current().board.roadsInUse[0].id;
    a.apply({ kind: 'roadClosure', roadId: busiest }, 6);
    a.apply({ kind: 'warning', colour: 'orange' }, 7);
    a.next();
    a.next();
    const cp = a.snapshot();
    expect(cp.index).toBe(4);
    // the checkpoint is data: it survives a structured clone (IndexedDB, postMessage)
    const stored = structuredClone(cp);
    const evAt = { state: da.evacuation!.state(), xy: da.evacuation!.positions(undefined, 0, 0) };
    // the drill goes on: one more inject after the checkpoint, which the restored engine replays from the log
    const rest: string[] = [];
    for (let f = a.next(); f; f = a.next()) {
      if (f.index === 5) a.apply({ kind: 'message', text: 'evacuate the old town' }, 9);
      rest.push(digest(a.current()));
    }
    expect(rest).toHaveLength(5);
    const db = await make();
    const b = db.engine;
    b.restore(stored);
    expect(b.current().index).toBe(4);
    expect(b.log).toHaveLength(3);
    // the evacuation is where it was (not re-run from its start)
    expect(db.evacuation!.state()).toEqual(evAt.state);
    expect(db.evacuation!.positions(undefined, 0, 0)).toEqual(evAt.xy);
    const resumed: string[] = [];
    replayLog(b, a.log, (f) => {
      if (f.index > 4) resumed.push(digest(f));
    });
    expect(resumed).toEqual(rest);
    expect(b.log).toEqual(a.log);
    expect(evAt.state.enRoute).toBeGreaterThan(0);
  });
});
