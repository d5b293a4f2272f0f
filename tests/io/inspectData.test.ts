/** `floodtwin inspect` says what every file of the shipped twins holds. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFeedsFile } from '../../src/feeds/feedsFile.ts';
import { inspectFile } from '../../src/io/inspect.ts';

const root = resolve(__dirname, '../../data');

// the kind each file must be recognised as
const expected: Record<string, string> = {
  'dem.tif': 'grid',
  'landuse.tif': 'grid',
  'manning.tif': 'grid',
  'initial_level.tif': 'grid',
  'network.inp': 'swmm',
  'gauge_upstream.csv': 'gauge',
  'gauge_town.csv': 'gauge',
  'gauge_downstream.csv': 'gauge',
  'buildings.geojson': 'buildings',
  'roads.geojson': 'roads',
  'shelters.geojson': 'shelters',
  'facilities.geojson': 'facilities',
  // markets and clinics for the 15-minute life circle (src/data/services.ts), read as a facilities layer
  'services.geojson': 'facilities',
  'gauges.geojson': 'gauges',
};

for (const twin of ['default', 'small']) {
  describe(`data/${twin}`, () => {
    const files = readdirSync(join(root, twin)).filter((f) => f !== 'twin.json');
    // each twin also holds the hot start of its peak window ([small-]river-flood-peak.json); the default
    // twin the ops view's live-feed configuration (feeds.json: no data layer, so it is read by its own
    // reader, not inspect)
    const peak = { ...expected, 'initial_level_peak.tif': 'grid' };
    const want: Record<string, string> = twin === 'default' ? { ...peak, 'feeds.json': 'feeds' } : peak;
    it('holds every file the manifest promises', () => {
      expect(files.sort()).toEqual(Object.keys(want).sort());
    });
    for (const f of files) {
      if (want[f] === 'feeds') {
        it(`reads ${f} as the feeds configuration`, () => {
          const feeds = readFeedsFile(JSON.parse(readFileSync(join(root, twin, f), 'utf8')), f);
          expect(feeds.stations.length).toBeGreaterThan(0);
        });
        continue;
      }
      it(`inspect ${f}`, async () => {
        const r = await inspectFile(new Uint8Array(readFileSync(join(root, twin, f))), f, { timeZone: '+08:00' });
        if (f.endsWith('.geojson')) {
          expect(r.kind).toBe('layer');
          expect(r.format).toContain(want[f].replace(/s$/, ''));
        } else expect(r.kind).toBe(want[f]);
        if (r.kind === 'grid') {
          expect(r.crs).toMatch(/32648/);
          expect(r.grid!.ncols).toBe(twin === 'default' ? 1200 : 300);
        }
        if (r.kind === 'gauge') expect(r.timeRange!.count).toBe(241);
        if (r.counts) expect(Object.values(r.counts).some((v) => v > 0)).toBe(true);
      });
    }
  });
}
