import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { formatZodError, jsonPath, listZodIssues } from '../../src/scenario/formatZodError.ts';
import { loadScenario, saveScenario } from '../../src/scenario/scenarioFile.ts';
import { eventsSchema, interventionsSchema } from '../../src/core/scenario/edits.ts';
import { CURRENT_SCENARIO_VERSION, migrateScenario, scenarioVersion } from '../../src/scenario/versions.ts';

const v1File = `{
  "name": "old town 2019",
  "dem": "dem.asc",
  "manning": 0.035,
  "duration": 90,
  "rainMmPerHour": [[0, 0], [1800, 60], [3600, 0]]
}`;

describe('scenario versions', () => {
  it('a v1 file (no version, duration in minutes, top-level rainMmPerHour) migrates to v2', () => {
    const json = JSON.parse(v1File);
    expect(scenarioVersion(json)).toBe(1);
    const { scenario, migratedFrom } = migrateScenario(json, 'old.json');
    expect(migratedFrom).toBe(1);
    expect(scenario.version).toBe(2);
    expect(scenario.durationS).toBe(5400);
    expect(scenario.rain).toEqual({
      mmPerHour: [
        [0, 0],
        [1800, 60],
        [3600, 0],
      ],
    });
    expect('duration' in scenario).toBe(false);
    expect('rainMmPerHour' in scenario).toBe(false);
    expect(json.duration).toBe(90); // input untouched
  });
  it('loadScenario validates the migrated file with the core schema', () => {
    const s = loadScenario(v1File, 'old.json');
    expect(s.migratedFrom).toBe(1);
    expect(s.scenario.durationS).toBe(5400);
    expect(s.scenario.rain!.mmPerHour[1]).toEqual([1800, 60]);
    expect(s.interventions).toEqual([]);
  });
  it('current files are not migrated; newer ones are refused; contradictions are errors', () => {
    const cur = { version: 2, name: 'x', dem: 'd.asc', manning: 0.03, durationS: 60 };
    expect(migrateScenario(cur).migratedFrom).toBeNull();
    expect(() => migrateScenario({ ...cur, version: 3 }, 'new.json')).toThrow(
      /new\.json, at version: version 3 was written by a newer floodtwin/,
    );
    expect(() => migrateScenario({ name: 'x', duration: 5, durationS: 300 }, 'f.json')).toThrow(/at durationS/);
    expect(() => migrateScenario({ name: 'x', duration: '5' }, 'f.json')).toThrow(
      /f\.json, at duration: expected a number/,
    );
    expect(() => migrateScenario([1, 2], 'f.json')).toThrow(InputError);
    expect(CURRENT_SCENARIO_VERSION).toBe(2);
  });
});

describe('interventions and events schema, errors with JSON paths', () => {
  const ivs = [
    {
      kind: 'levee',
      line: [
        [0, 0],
        [10, 0],
      ],
      crestM: 5,
    },
    { kind: 'pump', pumpId: 'P1', capacityM3s: 2 },
    {
      kind: 'floodWall',
      line: [
        [0, 0],
        [10, 0],
      ],
      crestM: 'high',
    },
  ];
  it('formatZodError gives "file: at interventions[2].crestM: expected a number"', () => {
    const r = interventionsSchema.safeParse(ivs);
    expect(r.success).toBe(false);
    const withPrefix = {
      ...r.error!,
      issues: r.error!.issues.map((i) => ({ ...i, path: ['interventions', ...i.path] })),
    } as typeof r.error;
    expect(formatZodError(withPrefix!, 'plan.json')).toBe('plan.json: at interventions[2].crestM: expected a number');
  });
  it('loadScenario reports the path inside the file', () => {
    const base = { version: 2, name: 'x', dem: 'd.asc', manning: 0.03, durationS: 60 };
    const err = (() => {
      try {
        loadScenario({ ...base, interventions: ivs }, 'plan.json');
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(err!.where).toEqual({ file: 'plan.json', path: 'interventions[2].crestM' });
    expect(err!.message).toBe('plan.json, at interventions[2].crestM: expected a number');
    expect(() => loadScenario({ ...base, interventions: [{ kind: 'moat', polygon: [] }] }, 'p.json')).toThrow(
      /at interventions\[0\]\.kind: expected kind to be one of "levee"/,
    );
    expect(() =>
      loadScenario(
        { ...base, interventions: [{ kind: 'pump', pumpId: 'P', capacityM3s: 1, colour: 'red' }] },
        'p.json',
      ),
    ).toThrow(/at interventions\[0\]: unknown key "colour"/);
    expect(() =>
      loadScenario(
        {
          ...base,
          events: { designStorm: { city: 'beijing', returnPeriodYears: 10, durationMin: 60, peakRatio: 1.5 } },
        },
        'p.json',
      ),
    ).toThrow(/at events\.designStorm\.peakRatio: must be < 1/);
    expect(() =>
      loadScenario({ ...base, events: { designStorm: { returnPeriodYears: 10, durationMin: 60 } } }, 'p.json'),
    ).toThrow(/at events\.designStorm\.city: give exactly one of "city" or "params"/);
    expect(() =>
      loadScenario(
        { ...base, events: { leveeBreaches: [{ atS: 0, line: [[0, 0]], widthM: 5, finalCrestM: 1, durationS: 10 }] } },
        'p.json',
      ),
    ).toThrow(/at events\.leveeBreaches\[0\]\.line: expected at least 2 items/);
    expect(() => loadScenario('{"name": "x",\n "dem": }', 'bad.json')).toThrow(/bad\.json, line 2, column 9/);
  });
  it('every issue is listed with its path; paths quote odd keys', () => {
    const r = eventsSchema.safeParse({ riverHydrographs: [{ gaugeFile: '', at: [0, 'y'] }] });
    const list = listZodIssues(r.error!);
    expect(list.map((i) => i.path)).toEqual(
      expect.arrayContaining(['riverHydrographs[0].gaugeFile', 'riverHydrographs[0].at[1]']),
    );
    expect(jsonPath(['a b', 0, 'c'])).toBe('["a b"][0].c');
    expect(jsonPath([])).toBe('$');
  });
  it('a saved scenario loads back to the same content (round trip of the scenario file itself)', () => {
    const full = {
      name: 'levee plan',
      dem: 'dem.tif',
      manning: 0.035,
      durationS: 7200,
      rain: {
        mmPerHour: [
          [0, 0],
          [600, 40],
          [3600, 0],
        ],
      },
      interventions: [
        {
          kind: 'levee',
          id: 'L1',
          line: [
            [0, 0],
            [100, 0],
          ],
          crestM: 184.5,
        },
        {
          kind: 'barrier',
          line: [
            [0, 10],
            [50, 10],
          ],
          crestM: 183,
          deployAtS: 1800,
        },
        {
          kind: 'detention',
          polygon: [
            [0, 0],
            [10, 0],
            [10, 10],
          ],
          volumeM3: 500,
        },
      ],
      events: {
        designStorm: {
          city: 'chongqing',
          returnPeriodYears: 50,
          durationMin: 120,
          peakRatio: 0.4,
          stepMin: 5,
          startS: 0,
        },
      },
    };
    const text = saveScenario(full);
    expect(JSON.parse(text).version).toBe(2);
    const back = loadScenario(text, 'plan.json');
    expect(back.migratedFrom).toBeNull();
    expect(back.interventions).toEqual(full.interventions);
    expect(back.events).toEqual(full.events);
    expect(back.scenario.rain!.mmPerHour).toEqual(full.rain.mmPerHour);
    // and once more: saving the loaded file gives the same text
    expect(saveScenario({ ...JSON.parse(text) })).toBe(text);
  });
});

describe('JSON syntax errors point at the line and column', () => {
  it('hand cases', async () => {
    const { jsonErrorOffset } = await import('../../src/scenario/jsonErrorAt.ts');
    expect(jsonErrorOffset('{"a": [1, 2,]}')).toBe(12);
    expect(jsonErrorOffset('{"a": 1}')).toBe(-1);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{"a": "x')).toBe(8);
    expect(jsonErrorOffset('[01]')).toBe(2);
    expect(() => loadScenario('{\n  "name": "x",\n  "dem": 1,,\n}', 'f.json')).toThrow(
      /f\.json, line 3, column 12: not valid JSON near ",/,
    );
  });
  it('agrees with JSON.parse on random mutations of a valid file', async () => {
    const { jsonErrorOffset } = await import('../../src/scenario/jsonErrorAt.ts');
    const base = saveScenario({
      name: 'x',
      dem: 'd',
      manning: 0.03,
      durationS: 60,
      rain: {
        mmPerHour: [
          [0, 1.5e-3],
          [60, -2],
        ],
      },
      s: 'a\\"b\u00e9',
    });
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const chars = '{}[],:"\\ 0-.eE1atn\n';
    for (let k = 0; k < 2000; k++) {
      const p = Math.floor(rnd() * base.length);
      const c = chars[Math.floor(rnd() * chars.length)];
      const t = rnd() < 0.5 ? base.slice(0, p) + c + base.slice(p + 1) : base.slice(0, p) + c + base.slice(p);
      let ok = true;
      try {
        JSON.parse(t);
      } catch {
        ok = false;
      }
      expect(jsonErrorOffset(t) === -1).toBe(ok);
    }
  });
});
