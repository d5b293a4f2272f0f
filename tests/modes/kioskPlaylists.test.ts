import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { PLAYLISTS } from '../../src/modes/kiosk/page.ts';
import { unpackFrames } from '../../src/modes/framePack.ts';
import { TABLES } from '../../src/modes/i18n/index.ts';

describe('kiosk playlists', () => {
  it('every card plays clips that exist in committed packs, on one grid, with a caption in both languages', () => {
    expect(Object.keys(PLAYLISTS)).toEqual(['rain', 'river', 'levee', 'sponge']);
    const grids = new Set<string>();
    for (const [card, list] of Object.entries(PLAYLISTS)) {
      expect(list.length, card).toBeGreaterThan(0);
      for (const it of list) {
        const p = unpackFrames(gunzipSync(readFileSync(it.pack)), it.pack);
        const clip = p.clips.find((c) => c.id === it.clip);
        expect(clip, `${card}: clip ${it.clip} in ${it.pack}`).toBeDefined();
        expect(clip!.count).toBeGreaterThanOrEqual(10);
        grids.add(JSON.stringify([p.ncols, p.nrows, p.xll, p.yll, p.cornersLonLat]));
        const key = `kiosk.caption.${it.clip}`;
        expect(TABLES.en[key as keyof typeof TABLES.en], key).toBeTruthy();
        expect(TABLES.zh[key as keyof typeof TABLES.zh], key).toBeTruthy();
      }
    }
    // one map placement serves every card
    expect(grids.size).toBe(1);
  });
});
