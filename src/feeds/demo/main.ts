/**
 * `npm run feed:demo [-- options]`: the default twin's ten-day gauge record as a SensorThings API on
 * http://127.0.0.1:8091/v1.1, one record hour every 10 s. Options:
 *   --twin data/default  --port 8091  --start-hour 0  --speed 360  --forecast-bias 0
 *   --spike town:60:+5   (a reading at record hour 60 raised by 5 m)
 *   --dead downstream:40 (the station reports nothing from hour 40)
 *   --gap town:30-36     (no readings from hour 30 to 36)
 *   --down 50-52         (every request answered 503 from hour 50 to 52)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO, DemoFeed, demoStations, type DemoFaults } from './demoFeed.ts';
import { serveDemoFeed } from './serveDemoFeed.ts';

export function parseFaults(v: { spike?: string[]; dead?: string[]; gap?: string[]; down?: string[] }): DemoFaults {
  const bad = (opt: string, s: string, want: string): never => {
    throw new Error(`--${opt} ${s}: expected ${want}`);
  };
  return {
    spikes: (v.spike ?? []).map((s) => {
      const m = /^([^:]+):(\d+):([+-]?\d+(?:\.\d+)?)$/.exec(s) ?? bad('spike', s, 'station:hour:+metres');
      return { stationId: m[1], hour: Number(m[2]), addM: Number(m[3]) };
    }),
    dead: (v.dead ?? []).map((s) => {
      const m = /^([^:]+):(\d+(?:\.\d+)?)$/.exec(s) ?? bad('dead', s, 'station:hour');
      return { stationId: m[1], fromHour: Number(m[2]) };
    }),
    gaps: (v.gap ?? []).map((s) => {
      const m = /^([^:]+):(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(s) ?? bad('gap', s, 'station:fromHour-toHour');
      return { stationId: m[1], fromHour: Number(m[2]), toHour: Number(m[3]) };
    }),
    down: (v.down ?? []).map((s) => {
      const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(s) ?? bad('down', s, 'fromHour-toHour');
      return { fromHour: Number(m[1]), toHour: Number(m[2]) };
    }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: v } = parseArgs({
    options: {
      twin: { type: 'string', default: 'data/default' },
      port: { type: 'string', default: '8091' },
      'start-hour': { type: 'string', default: '0' },
      speed: { type: 'string', default: String(DEFAULT_DEMO.speed) },
      'forecast-bias': { type: 'string', default: '0' },
      spike: { type: 'string', multiple: true },
      dead: { type: 'string', multiple: true },
      gap: { type: 'string', multiple: true },
      down: { type: 'string', multiple: true },
    },
  });
  const stations = demoStations(readFileSync(join(v.twin, 'gauges.geojson'), 'utf8'), (f) =>
    readFileSync(join(v.twin, f), 'utf8'),
  );
  const opts = {
    ...DEFAULT_DEMO,
    startHour: Number(v['start-hour']),
    speed: Number(v.speed),
    forecastBiasM: Number(v['forecast-bias']),
    faults: parseFaults(v),
  };
  const wall0 = Date.now();
  const rec0 = stations[0].times[0] + opts.startHour * 3.6e6;
  const feed = new DemoFeed(stations, opts, () => rec0 + (Date.now() - wall0) * opts.speed);
  const port = Number(v.port);
  await serveDemoFeed(feed, port);
  console.log(
    `demo SensorThings feed on http://127.0.0.1:${port}/v1.1 (${stations.map((s) => s.id).join(', ')}; forecasts = Datastreams(${stations.length + 1}..${2 * stations.length})), ${opts.speed} record s per s`,
  );
}
