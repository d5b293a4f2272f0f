// osmtogeojson 2.x ships no types; the part floodtwin uses.
declare module 'osmtogeojson' {
  interface OsmToGeoJsonOptions {
    flatProperties?: boolean;
    verbose?: boolean;
    uninterestingTags?:
      | Record<string, boolean>
      | ((tags: Record<string, string>, ignore: Record<string, boolean>) => boolean);
    polygonFeatures?: unknown;
  }
  interface OsmFeature {
    type: 'Feature';
    id: string;
    geometry: { type: string; coordinates: unknown } | null;
    properties: { type?: string; id?: number | string; tags?: Record<string, string>; [k: string]: unknown };
  }
  function osmtogeojson(
    data: unknown,
    options?: OsmToGeoJsonOptions,
  ): { type: 'FeatureCollection'; features: OsmFeature[] };
  export default osmtogeojson;
}
