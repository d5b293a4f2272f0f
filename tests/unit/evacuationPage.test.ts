/** The page's run overrides (URL parameters) and the setup they make, as the CLI's loadRun does. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { overriddenEvacuation, pageSetup, runOverrides } from '../../src/sim/evacuationPage.ts';
import { agentColorKey } from '../../src/scene/agentsLayer.ts';
import { MODE_CAR, MODE_WALK } from '../../workers/evacuation/network.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';

const q = (s: string) => new URLSearchParams(s);

describe('run overrides from the URL', () => {
  it('reads durationS, warningAtS, warningLeadS and evacuate', () => {
    expect(runOverrides(q(''))).toEqual({});
    expect(runOverrides(q('durationS=7200&warningAtS=600&evacuate=all'))).toEqual({
      durationS: 7200,
      warningAtS: 600,
      evacuate: 'all',
    });
    expect(runOverrides(q('warningLeadS=37400'))).toEqual({ warningLeadS: 37400 });
  });

  it('rejects bad values naming the parameter', () => {
    expect(() => runOverrides(q('durationS=0'))).toThrow(InputError);
    expect(() => runOverrides(q('durationS=abc'))).toThrow(/durationS/);
    expect(() => runOverrides(q('warningAtS=-5'))).toThrow(/warningAtS/);
    expect(() => runOverrides(q('evacuate=some'))).toThrow(/evacuate/);
  });

  it("replaces the warning by { atS }, or changes only the gauge warning's lead, without touching the scenario", () => {
    const ev = { warning: { gauge: 'town', leadS: 21600 }, evacuate: 'atRisk', seed: 1 };
    expect(overriddenEvacuation(ev, { warningAtS: 600 })).toEqual({
      warning: { atS: 600 },
      evacuate: 'atRisk',
      seed: 1,
    });
    expect(overriddenEvacuation(ev, { warningLeadS: 37400, evacuate: 'all' })).toEqual({
      warning: { gauge: 'town', leadS: 37400 },
      evacuate: 'all',
      seed: 1,
    });
    expect(ev.warning.leadS).toBe(21600);
    // a fixed-time warning has no lead to change
    expect(overriddenEvacuation({ warning: { atS: 100 } }, { warningLeadS: 5 })).toEqual({ warning: { atS: 100 } });
    expect(overriddenEvacuation(undefined, { warningAtS: 1 })).toBeUndefined();
  });

  it("sets the duration, drops later grid times and takes the evacuation's frame interval (max of its own and duration/120 in whole minutes)", () => {
    const setup = {
      durationS: 864000,
      outputs: { gridTimesS: [57600, 360000], frameIntervalS: 3600, pointIds: [], pointCells: new Int32Array(0) },
    } as unknown as FloodSetup;
    const s = pageSetup(setup, { warning: { atS: 0 } }, 'x.json', { durationS: 7200 });
    expect(s.durationS).toBe(7200);
    expect(s.outputs.gridTimesS).toEqual([]);
    expect(s.outputs.frameIntervalS).toBe(60); // default 60 s; ceil(7200 / 120 / 60) · 60 = 60
    expect(pageSetup(setup, { warning: { atS: 0 } }, 'x.json', { durationS: 36000 }).outputs.frameIntervalS).toBe(300); // ceil(36000/7200)·60
    expect(setup.durationS).toBe(864000); // the base setup is unchanged
    expect(pageSetup(setup, undefined, 'x.json', {}).outputs.frameIntervalS).toBe(3600); // no evacuation: the scenario's
  });
});

describe('agent colours', () => {
  it('maps state and mode to the legend keys', () => {
    expect([
      agentColorKey(0, MODE_CAR),
      agentColorKey(1, MODE_WALK),
      agentColorKey(1, MODE_CAR),
      agentColorKey(2, MODE_WALK),
      agentColorKey(3, MODE_CAR),
    ]).toEqual(['waiting', 'walking', 'driving', 'safe', 'trapped']);
  });
});
