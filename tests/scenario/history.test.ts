import { describe, expect, it } from 'vitest';
import { autosaveIsNewer, makeAutosave, restoreAutosave } from '../../src/scenario/autosave.ts';
import { canRedo, canUndo, createHistory, edit, redo, undo } from '../../src/scenario/history.ts';

describe('undo / redo', () => {
  it('steps back and forth; a new edit clears the redo stack', () => {
    let h = createHistory({ crestM: 5 });
    h = edit(h, { crestM: 6 });
    h = edit(h, { crestM: 7 });
    expect(canRedo(h)).toBe(false);
    h = undo(h);
    expect(h.present.crestM).toBe(6);
    h = undo(h);
    expect(h.present.crestM).toBe(5);
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present.crestM).toBe(6);
    h = edit(h, { crestM: 9 });
    expect(canRedo(h)).toBe(false);
    expect(h.past.map((s) => s.crestM)).toEqual([5, 6]);
  });
  it('rapid edits with the same key merge into one step; a pause or another key does not', () => {
    let h = createHistory(0);
    h = edit(h, 1, { mergeKey: 'drag v3', nowMs: 0 });
    h = edit(h, 2, { mergeKey: 'drag v3', nowMs: 300 });
    h = edit(h, 3, { mergeKey: 'drag v3', nowMs: 600 });
    expect(h.past).toEqual([0]);
    h = edit(h, 4, { mergeKey: 'drag v3', nowMs: 5000 });
    expect(h.past).toEqual([0, 3]);
    h = edit(h, 5, { mergeKey: 'crest', nowMs: 5100 });
    expect(h.past).toEqual([0, 3, 4]);
    expect(undo(h).present).toBe(4);
  });
  it('the past is capped', () => {
    let h = createHistory(0);
    for (let i = 1; i <= 10; i++) h = edit(h, i, { limit: 4 });
    expect(h.past).toEqual([6, 7, 8, 9]);
  });
});

describe('autosave records', () => {
  it('store the current-version file text and restore through validation', () => {
    const s = {
      name: '老城 levee',
      dem: 'dem.tif',
      manning: 0.035,
      durationS: 3600,
      interventions: [{ kind: 'pump', pumpId: 'P2', capacityM3s: 4 }],
    };
    const r = makeAutosave(s, Date.parse('2026-11-23T06:00:00Z'));
    expect(r.key).toBe('floodtwin.autosave:老城 levee');
    expect(JSON.parse(r.text).version).toBe(2);
    const back = restoreAutosave(r);
    expect(back.interventions).toEqual(s.interventions);
    expect(autosaveIsNewer(r, Date.parse('2026-11-23T05:00:00Z'))).toBe(true);
    expect(autosaveIsNewer(r, Date.parse('2026-11-23T07:00:00Z'))).toBe(false);
    expect(() => restoreAutosave({ ...r, text: r.text.replace('"capacityM3s": 4', '"capacityM3s": -4') })).toThrow(
      /autosave 2026-11-23T06:00:00\.000Z, at interventions\[0\]\.capacityM3s: must be ≥ 0/,
    );
  });
});
