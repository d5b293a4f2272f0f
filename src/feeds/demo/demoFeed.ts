/**
 * The demo feed: a twin's gauge records served as an OGC SensorThings API (v1.1) on localhost, in
 * accelerated time, so the ops mode runs offline. Datastreams 1..n are the stations' stages (as
 * gauges.geojson lists them); datastreams n+1..2n are the bureau's forecasts of the same stations'
 * stages for the next 48 h (the record itself: a perfect forecast, plus `forecastBiasM`); n+1 is the
 * upstream station's. Only readings up to the demo clock's "now" exist. Faults: a spike, a dead station, a gap, the whole feed down.
 */
import { readGaugeFile } from '../../io/gauges/index.ts';

export interface DemoStation {
  id: string;
  name: string;
  nameZh: string;
  lonLat: [number, number];
  warningLevelM: number;
  guaranteedLevelM: number;
  times: Float64Array;
  values: Float64Array;
}

export interface DemoFaults {
  /** a reading replaced by value + addM */
  spikes: { stationId: string; hour: number; addM: number }[];
  /** the station reports nothing from this hour on */
  dead: { stationId: string; fromHour: number }[];
  /** no readings in [fromHour, toHour] */
  gaps: { stationId: string; fromHour: number; toHour: number }[];
  /** every request answered 503 while the demo clock is in [fromHour, toHour) */
  down: { fromHour: number; toHour: number }[];
}

export interface DemoOptions {
  /** record hour at which the demo clock starts */
  startHour: number;
  /** record seconds per wall second (360: one hour every 10 s) */
  speed: number;
  forecastHours: number;
  forecastBiasM: number;
  pageSize: number;
  faults: DemoFaults;
}

export const DEFAULT_DEMO: DemoOptions = {
  startHour: 0,
  speed: 360,
  forecastHours: 48,
  forecastBiasM: 0,
  pageSize: 100,
  faults: { spikes: [], dead: [], gaps: [], down: [] },
};

/** The stations of a twin folder's gauges.geojson, with their records read by src/io/gauges. */
export function demoStations(gaugesJson: string, readRecord: (file: string) => string): DemoStation[] {
  const fc = JSON.parse(gaugesJson) as {
    features: { properties: Record<string, unknown>; geometry: { coordinates: [number, number] } }[];
  };
  return fc.features.map((f) => {
    const p = f.properties;
    const file = String(p.record);
    const s = readGaugeFile(readRecord(file), file);
    return {
      id: String(p.id),
      name: String(p.name),
      nameZh: String(p.nameZh),
      lonLat: f.geometry.coordinates,
      warningLevelM: Number(p.warningLevelM),
      guaranteedLevelM: Number(p.guaranteedLevelM),
      times: s.times,
      values: s.values,
    };
  });
}

interface Reading {
  timeMs: number;
  value: number;
}

/** A SensorThings service over the stations; `nowMs` is the demo clock (record time). */
export class DemoFeed {
  readonly t0: number;

  constructor(
    readonly stations: DemoStation[],
    readonly opts: DemoOptions,
    readonly nowMs: () => number,
  ) {
    this.t0 = stations[0].times[0];
  }

  /** The record hour the demo clock shows. */
  hourNow(): number {
    return (this.nowMs() - this.t0) / 3.6e6;
  }

  /** Answers one GET: [status, JSON body]. `base` is the service root URL, for links. */
  answer(pathAndQuery: string, base: string): [number, unknown] {
    const hour = this.hourNow();
    if (this.opts.faults.down.some((d) => hour >= d.fromHour && hour < d.toHour))
      return [503, { error: 'demo feed down (injected fault)' }];
    const u = new URL(pathAndQuery, 'http://x');
    const path = u.pathname.replace(/^\/v1\.1/, '').replace(/\/+$/, '');
    if (path === '')
      return [
        200,
        { value: ['Things', 'Datastreams', 'Observations'].map((name) => ({ name, url: `${base}/${name}` })) },
      ];
    if (path === '/Things') return [200, { value: this.stations.map((s, i) => this.thing(s, i, base)) }];
    if (path === '/Datastreams') return [200, { value: this.datastreams(base) }];
    const m = /^\/Datastreams\((\d+)\)\/Observations$/.exec(path);
    if (!m) return [404, { error: `no such resource ${path}` }];
    const id = Number(m[1]);
    const readings = this.readingsOf(id);
    if (!readings) return [404, { error: `no Datastream ${id}` }];
    const page = this.page(readings, u, `${base}/Datastreams(${id})/Observations`);
    return page ? [200, page] : [400, { error: `the demo feed understands only $filter=phenomenonTime gt|ge <time>` }];
  }

  private thing(s: DemoStation, i: number, base: string): unknown {
    return {
      '@iot.id': i + 1,
      '@iot.selfLink': `${base}/Things(${i + 1})`,
      name: s.id,
      description: s.name,
      properties: { nameZh: s.nameZh, warningLevelM: s.warningLevelM, guaranteedLevelM: s.guaranteedLevelM },
      Locations: [
        { name: s.id, encodingType: 'application/geo+json', location: { type: 'Point', coordinates: s.lonLat } },
      ],
    };
  }

  private datastreams(base: string): unknown[] {
    const unit = {
      name: 'metre',
      symbol: 'm',
      definition: 'http://www.qudt.org/qudt/owl/1.0.0/unit/Instances.html#Meter',
    };
    const out = this.stations.map((s, i) => ({
      '@iot.id': i + 1,
      '@iot.selfLink': `${base}/Datastreams(${i + 1})`,
      name: `${s.id} stage`,
      properties: { stationId: s.id, kind: 'observed' },
      unitOfMeasurement: unit,
    }));
    const n = this.stations.length;
    this.stations.forEach((s, i) => {
      out.push({
        '@iot.id': n + i + 1,
        '@iot.selfLink': `${base}/Datastreams(${n + i + 1})`,
        name: `${s.id} stage forecast`,
        properties: { stationId: s.id, kind: 'forecast' },
        unitOfMeasurement: unit,
      });
    });
    return out;
  }

  /** Every reading a datastream has at the demo clock's now, with the faults applied. */
  readingsOf(id: number): Reading[] | null {
    const now = this.nowMs();
    const n = this.stations.length;
    if (id >= 1 && id <= n) {
      const s = this.stations[id - 1];
      const { spikes, dead, gaps } = this.opts.faults;
      const deadFrom = dead.find((d) => d.stationId === s.id)?.fromHour ?? Infinity;
      const out: Reading[] = [];
      for (let k = 0; k < s.times.length && s.times[k] <= now; k++) {
        const h = (s.times[k] - this.t0) / 3.6e6;
        if (h >= deadFrom) break;
        if (gaps.some((g) => g.stationId === s.id && h >= g.fromHour && h <= g.toHour)) continue;
        const spike = spikes.find((p) => p.stationId === s.id && p.hour === h);
        out.push({ timeMs: s.times[k], value: s.values[k] + (spike ? spike.addM : 0) });
      }
      return out;
    }
    if (id > n && id <= 2 * n) {
      const s = this.stations[id - n - 1];
      const out: Reading[] = [];
      const end = now + this.opts.forecastHours * 3.6e6;
      for (let k = 0; k < s.times.length; k++) {
        if (s.times[k] > now && s.times[k] <= end)
          out.push({ timeMs: s.times[k], value: s.values[k] + this.opts.forecastBiasM });
      }
      return out;
    }
    return null;
  }

  /** One page: $filter=phenomenonTime gt/ge, $orderby asc, $top, $skip, with @iot.nextLink. */
  private page(readings: Reading[], u: URL, self: string): unknown | null {
    const filter = u.searchParams.get('$filter');
    let list = readings;
    if (filter) {
      const f = /^phenomenonTime (gt|ge) (\S+)$/.exec(filter.trim());
      if (!f) return null;
      const t = Date.parse(f[2]);
      list = list.filter((r) => (f[1] === 'gt' ? r.timeMs > t : r.timeMs >= t));
    }
    const top = Math.min(
      Number(u.searchParams.get('$top') ?? this.opts.pageSize) || this.opts.pageSize,
      this.opts.pageSize,
    );
    const skip = Number(u.searchParams.get('$skip') ?? 0) || 0;
    const slice = list.slice(skip, skip + top);
    const body: Record<string, unknown> = {
      value: slice.map((r) => ({
        phenomenonTime: new Date(r.timeMs).toISOString(),
        result: Math.round(r.value * 1000) / 1000,
      })),
    };
    if (skip + top < list.length) {
      const next = new URLSearchParams(u.searchParams);
      next.set('$skip', String(skip + top));
      next.set('$top', String(top));
      body['@iot.nextLink'] = `${self}?${next.toString()}`;
    }
    return body;
  }
}
