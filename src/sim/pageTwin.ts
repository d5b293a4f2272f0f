/**
 * The twin's GeoJSON layers as the page fetches them: every file the twin manifest names that ends
 * in .geojson, by layer (buildings, roads, shelters, facilities, gauges), same-origin only. The
 * planner and the drill screens share it.
 */
import type { FeatureCollection } from 'geojson';
import { sameOriginUrl } from '../io/sameOrigin.ts';

export interface PageTwinLayers {
  buildings: FeatureCollection | null;
  roads: FeatureCollection | null;
  shelters: FeatureCollection | null;
  facilities: FeatureCollection | null;
  gauges: FeatureCollection | null;
  /** twin folder URL (ends with /) */
  base: string | null;
  manifest: Record<string, unknown> | null;
}

async function fetchJson<T>(url: string): Promise<T | null> {
  const r = await fetch(url);
  if (!r.ok) return null;
  return (await r.json()) as T;
}

/** GeoJSON files named by the twin manifest (any string value ending in .geojson), by layer. */
export async function loadPageTwin(scenarioUrl: string, twinPath: string | undefined): Promise<PageTwinLayers> {
  const empty: PageTwinLayers = {
    buildings: null,
    roads: null,
    shelters: null,
    facilities: null,
    gauges: null,
    base: null,
    manifest: null,
  };
  if (!twinPath) return empty;
  const twinUrl = sameOriginUrl(twinPath, scenarioUrl, 'twin').href;
  const manifest = await fetchJson<Record<string, unknown>>(twinUrl);
  if (!manifest) return empty;
  const base = twinUrl.replace(/[^/]*$/, '');
  const files = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string' && /\.geojson$/i.test(v)) files.add(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(manifest);
  const pick = (name: string) => [...files].find((f) => f.toLowerCase().replace(/^.*\//, '').startsWith(name));
  const get = async (name: string) => {
    const f = pick(name);
    return f ? fetchJson<FeatureCollection>(sameOriginUrl(f, base, twinPath).href) : null;
  };
  const [buildings, roads, shelters, facilities, gauges] = await Promise.all(
    ['buildings', 'roads', 'shelters', 'facilities', 'gauges'].map(get),
  );
  return { buildings, roads, shelters, facilities, gauges, base, manifest };
}
