/**
 * The kiosk's pure parts: the card clock's frame choice, the cards' scenario edits, the orbit
 * limits, building extrusion and tap lookup, the hillshade, and the font subset's character scan.
 */
import { describe, expect, it } from 'vitest';
import { bracket, pickWater, wetCells, type TimedFrame } from '../../src/modes/kiosk/waterClock.ts';
import { cardScenario, recordedFor } from '../../src/modes/kiosk/cards.ts';
import {
  cameraPosition,
  orbitBy,
  pinchBy,
  type OrbitLimits,
  type OrbitView,
} from '../../src/modes/kiosk/table/orbit.ts';
import { buildingOfTriangle, extrudeBuildings } from '../../src/modes/kiosk/table/layerMeshes.ts';
import { cellGrid, tableFrame } from '../../src/modes/kiosk/table/tableGrid.ts';
import { hillshade } from '../../src/modes/kiosk/table/terrainColours.ts';
import { appChars, parseFontsourceCss } from '../../tools/subsetFont.ts';
import type { Building } from '../../src/io/layers/types.ts';

const f = (t: number, v: number): TimedFrame => ({ t, depth: new Float32Array(4).fill(v) });

describe('card clock', () => {
  it('mixes the two frames around t; before the first / after the last it holds the end frame', () => {
    const fr = [f(0, 0), f(60, 1), f(120, 2)];
    const b = bracket(fr, 90)!;
    expect([b.a.t, b.b.t, b.w]).toEqual([60, 120, 0.5]);
    expect(bracket(fr, 500)!.a.t).toBe(120);
    expect(bracket([], 5)).toBeNull();
  });

  it('live frames once the run has reached t, else the recording, else the newest live frame', () => {
    const live = [f(0, 0), f(60, 1)];
    const rec = [f(0, 0), f(60, 1), f(120, 2), f(180, 3)];
    expect(pickWater(live, rec, 30)!.source).toBe('live');
    const r = pickWater(live, rec, 150)!;
    expect([r.source, r.a.t, r.b.t, r.w]).toEqual(['recorded', 120, 180, 0.5]);
    const held = pickWater(live, [], 150)!;
    expect([held.source, held.t, held.a.t]).toEqual(['live', 60, 60]);
    expect(pickWater([], [], 10)).toBeNull();
  });

  it('counts wet cells of the mix', () => {
    const a = new Float32Array([0, 0.01, 0.1, 1]),
      b = new Float32Array([0.1, 0.05, 0, 1]);
    expect(wetCells(a, b, 0, 0.02)).toBe(2);
    expect(wetCells(a, b, 1, 0.02)).toBe(3);
    expect(wetCells(a, b, 0.5, 0.02)).toBe(4); // 0.05, 0.03, 0.05, 1
  });
});

describe('cards', () => {
  const storm = {
    rain: {
      mmPerHour: [
        [0, 10],
        [60, 30],
      ],
    },
    interventions: [],
  };
  it('rain ×2 doubles every intensity and leaves the base scenario alone', () => {
    const j = cardScenario('rain', storm, { rain: 2, levee: true }, null) as typeof storm;
    expect(j.rain.mmPerHour).toEqual([
      [0, 20],
      [60, 60],
    ]);
    expect(storm.rain.mmPerHour[1][1]).toBe(30);
    expect((j as unknown as { outputs: { frameIntervalS: number } }).outputs.frameIntervalS).toBe(300);
  });
  it('sponge and pump cards add their intervention; the wall goes in and out on river cards', () => {
    expect(
      (cardScenario('sponge', storm, { rain: 1, levee: true }, null).interventions as { kind: string }[]).map(
        (x) => x.kind,
      ),
    ).toEqual(['spongeArea']);
    expect(cardScenario('pump', storm, { rain: 1, levee: true }, null).interventions).toEqual([
      { kind: 'pump', id: 'pump-fails', pumpId: 'P1', capacityM3s: 0 },
    ]);
    const wall = {
      kind: 'floodWall',
      line: [
        [0, 0],
        [1, 1],
      ],
      crestM: 192,
    };
    const withWall = { interventions: [wall] };
    expect(cardScenario('levee', withWall, { rain: 1, levee: false }, wall).interventions).toEqual([]);
    expect(cardScenario('river', { interventions: [] }, { rain: 1, levee: true }, wall).interventions).toEqual([wall]);
  });
  it('a recording serves only the variant it was made for', () => {
    expect(recordedFor('rain', { rain: 1, levee: true })?.clip).toBe('rain');
    expect(recordedFor('rain', { rain: 2, levee: true })).toBeNull();
    expect(recordedFor('levee', { rain: 1, levee: false })?.clip).toBe('fails');
    expect(recordedFor('river', { rain: 1, levee: true })?.clip).toBe('holds');
  });
});

describe('orbit', () => {
  const l: OrbitLimits = { minElev: 0.2, maxElev: 1.45, minDist: 60, maxDist: 600, halfX: 150, halfZ: 100 };
  const v: OrbitView = { azimuth: 0, elevation: 0.8, distance: 300, target: [0, 0, 0] };
  it('never goes under the table or past straight down; the camera sits at the distance', () => {
    expect(orbitBy(v, 0, -1e5, l).elevation).toBe(0.2);
    expect(orbitBy(v, 0, 1e5, l).elevation).toBe(1.45);
    const p = cameraPosition(v);
    expect(Math.hypot(p[0], p[1], p[2])).toBeCloseTo(300, 6);
    expect(p[1]).toBeGreaterThan(0);
  });
  it('fingers spread to twice their distance halve the camera distance; pans stay on the table', () => {
    expect(pinchBy(v, 100, 200, 0, 0, 800, l).distance).toBeCloseTo(150, 9);
    expect(pinchBy(v, 100, 1, 0, 0, 800, l).distance).toBe(600);
    const far = pinchBy(v, 100, 100, -1e6, 0, 800, l);
    expect(far.target[0]).toBe(150);
  });
});

describe('table geometry', () => {
  const g = { ncols: 3, nrows: 2, cellSize: 10, xll: 0, yll: 0 };
  const dem = new Float32Array([100, 101, 102, 103, 104, NaN]);
  const fr = tableFrame(g, dem);
  it('the cell grid has two triangles per cell square; the lowest ground is the base', () => {
    expect(fr.baseZ).toBe(100);
    expect(cellGrid(fr).index.length).toBe(2 * 1 * 6);
  });
  it('a square building: 4 walls of 2 triangles and a roof of 2; a tap on any of them finds it', () => {
    const sq = (x: number): Building => ({
      id: `b${x}`,
      ring: new Float64Array([x, 5, x + 4, 5, x + 4, 9, x, 9, x, 5]),
      heightM: 10,
      floors: 3,
      population: 5,
      use: 'residential',
    });
    const m = extrudeBuildings(fr, dem, [sq(1), sq(15)]);
    expect(m.position.length / 9).toBe(20);
    expect(Array.from(m.triStart)).toEqual([0, 10]);
    expect(buildingOfTriangle(m.triStart, 9)).toBe(0);
    expect(buildingOfTriangle(m.triStart, 10)).toBe(1);
    expect(buildingOfTriangle(m.triStart, 19)).toBe(1);
  });
  it('hillshade: flat ground gets sin 45°; a slope facing the north-west sun is brighter than one facing away', () => {
    expect(hillshade(new Float32Array(9).fill(5), 3, 3, 10, 1)[4]).toBeCloseTo(Math.SQRT1_2, 6);
    // rising to the east: faces west (towards the sun's west half) vs rising to the west
    const east = new Float32Array([0, 5, 10, 0, 5, 10, 0, 5, 10]),
      west = east.slice().reverse();
    expect(hillshade(east, 3, 3, 10, 1)[4]).toBeGreaterThan(hillshade(west, 3, 3, 10, 1)[4]);
  });
});

describe('font subset', () => {
  it('collects the non-ASCII characters once, in code point order', () => {
    expect(appChars(['Home 首页', '首 ×'])).toEqual(
      ['×', '页', '首'].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!),
    );
  });
  it('reads fontsource chunks: file and unicode ranges', () => {
    const css =
      "@font-face {\n  src: url(./files/a-4-400-normal.woff2) format('woff2'), url(./files/a.woff) format('woff');\n  unicode-range: U+4e00-4e0f,U+3000;\n}";
    expect(parseFontsourceCss(css)).toEqual([
      {
        file: 'a-4-400-normal.woff2',
        ranges: [
          [0x4e00, 0x4e0f],
          [0x3000, 0x3000],
        ],
      },
    ]);
  });
});
