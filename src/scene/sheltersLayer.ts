/**
 * Shelters (and critical facilities) as markers on the ground with a label. Shelters show their
 * occupancy against capacity; occupancy comes from the evacuation engine when it runs (else 0).
 */
import {
  Cartesian2,
  Color,
  DistanceDisplayCondition,
  HeightReference,
  LabelStyle,
  VerticalOrigin,
  type Entity,
  type Viewer,
} from 'cesium';
import { Cartesian3 } from 'cesium';
import type { FeatureCollection, Point } from 'geojson';

export const SHELTER_COLOR = Color.fromCssColorString('#2fbf71');
export const FACILITY_COLOR = Color.fromCssColorString('#f0a030');

export interface SheltersLayer {
  shelters: { id: string; name: string; capacity: number; entity: Entity }[];
  setOccupancy(id: string, people: number): void;
  /** the occupancy shown now (0 before any evacuation) */
  occupancyOf(id: string): number;
  show: boolean;
}

export function addSheltersLayer(
  viewer: Viewer,
  shelters: FeatureCollection | null,
  facilities: FeatureCollection | null,
): SheltersLayer {
  const out: SheltersLayer['shelters'] = [];
  const entities: Entity[] = [];
  const add = (fc: FeatureCollection | null, color: Color, kind: 'shelter' | 'facility') => {
    fc?.features.forEach((f, i) => {
      if (f.geometry?.type !== 'Point') return;
      const [lon, lat] = (f.geometry as Point).coordinates;
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const id = String(p.id ?? `${kind}${i}`);
      const name = String(p.name ?? p.nameZh ?? id);
      const capacity = typeof p.capacity === 'number' ? p.capacity : 0;
      const e = viewer.entities.add({
        id: `${kind}:${id}`,
        position: Cartesian3.fromDegrees(lon, lat),
        point: {
          pixelSize: kind === 'shelter' ? 12 : 9,
          color,
          outlineColor: Color.BLACK,
          outlineWidth: 1,
          heightReference: HeightReference.CLAMP_TO_GROUND,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        },
        label:
          kind === 'shelter'
            ? {
                text: `${name}\n0 / ${capacity}`,
                font: '12px sans-serif',
                fillColor: Color.WHITE,
                outlineColor: Color.BLACK,
                outlineWidth: 3,
                style: LabelStyle.FILL_AND_OUTLINE,
                verticalOrigin: VerticalOrigin.BOTTOM,
                pixelOffset: new Cartesian2(0, -10),
                heightReference: HeightReference.CLAMP_TO_GROUND,
                disableDepthTestDistance: Number.POSITIVE_INFINITY,
                scale: 0.9,
                distanceDisplayCondition: new DistanceDisplayCondition(0, 2500),
              }
            : undefined,
      });
      entities.push(e);
      if (kind === 'shelter') out.push({ id, name, capacity, entity: e });
    });
  };
  add(shelters, SHELTER_COLOR, 'shelter');
  add(facilities, FACILITY_COLOR, 'facility');
  let show = true;
  const occupancy = new Map<string, number>();
  return {
    shelters: out,
    setOccupancy(id, people) {
      const s = out.find((x) => x.id === id);
      if (!s || occupancy.get(id) === people) return;
      occupancy.set(id, people);
      if (s.entity.label) (s.entity.label.text as unknown) = `${s.name}\n${people} / ${s.capacity}`;
      // the marker turns orange from 80 % full and red when full
      const fill = s.capacity > 0 ? people / s.capacity : 0;
      if (s.entity.point)
        (s.entity.point.color as unknown) = fill >= 1 ? Color.RED : fill >= 0.8 ? Color.ORANGE : SHELTER_COLOR;
      viewer.scene.requestRender();
    },
    occupancyOf: (id) => occupancy.get(id) ?? 0,
    get show() {
      return show;
    },
    set show(v: boolean) {
      show = v;
      for (const e of entities) e.show = v;
      viewer.scene.requestRender();
    },
  };
}
