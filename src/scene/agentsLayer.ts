/**
 * Evacuation agents (households) as one Cesium PointPrimitiveCollection: the points are made once
 * per evacuation and then only moved and recoloured from the worker's positions (x,y pairs minus an
 * origin) and states, never rebuilt. Colour by state: waiting, walking, driving, safe, trapped.
 */
import { Cartesian3, Color, PointPrimitiveCollection, type PointPrimitive, type Scene } from 'cesium';
import type { TwinFrame } from './twinFrame.ts';
import { MODE_CAR } from '../../workers/evacuation/network.ts';

export const AGENT_COLORS = {
  waiting: Color.fromCssColorString('#f2c94c'),
  walking: Color.fromCssColorString('#56ccf2'),
  driving: Color.fromCssColorString('#bb6bd9'),
  safe: Color.fromCssColorString('#27ae60'),
  trapped: Color.fromCssColorString('#eb5757'),
} as const;
export type AgentColorKey = keyof typeof AGENT_COLORS;

/** colour key of an agent: state 0 waiting, 1 en route (walking, or driving for MODE_CAR), 2 safe, 3 trapped */
export function agentColorKey(state: number, mode: number): AgentColorKey {
  if (state === 0) return 'waiting';
  if (state === 1) return mode === MODE_CAR ? 'driving' : 'walking';
  if (state === 2) return 'safe';
  return 'trapped';
}

export interface AgentsLayer {
  /** points drawn now */
  readonly count: number;
  /**
   * Moves the points: `xy` per agent relative to `origin`, `states` per agent, `modes` (the
   * engine's MODE_CAR = 1, MODE_WALK = 2; null: all walk). The first call (or a different agent count) makes the points.
   */
  update(xy: Float32Array, states: Uint8Array, modes: Uint8Array | null, origin: { x: number; y: number }): void;
  /** agents per colour key in the last update */
  readonly counts: Record<AgentColorKey, number>;
  /** the Cesium position of point i (for tests), or null */
  positionOf(i: number): Cartesian3 | null;
  clear(): void;
  show: boolean;
  destroy(): void;
}

export function addAgentsLayer(
  scene: Scene,
  frame: TwinFrame,
  groundAt: (x: number, y: number) => number,
  opts: { aboveM?: number; pixelSize?: number } = {},
): AgentsLayer {
  const aboveM = opts.aboveM ?? 3;
  const pixelSize = opts.pixelSize ?? 4;
  const coll = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const points: PointPrimitive[] = [];
  const scratch = new Cartesian3();
  const keys: (AgentColorKey | null)[] = [];
  const counts: Record<AgentColorKey, number> = { waiting: 0, walking: 0, driving: 0, safe: 0, trapped: 0 };
  let show = true;

  const make = (n: number) => {
    coll.removeAll();
    points.length = 0;
    keys.length = 0;
    for (let i = 0; i < n; i++) {
      points.push(
        coll.add({
          pixelSize,
          color: AGENT_COLORS.waiting,
          outlineColor: Color.BLACK,
          outlineWidth: 1,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        }),
      );
      keys.push(null);
    }
  };

  return {
    get count() {
      return points.length;
    },
    counts,
    update(xy, states, modes, origin) {
      const n = states.length;
      if (n !== points.length) make(n);
      const ex = scene.verticalExaggeration,
        rel = scene.verticalExaggerationRelativeHeight;
      for (const k of Object.keys(counts) as AgentColorKey[]) counts[k] = 0;
      for (let i = 0; i < n; i++) {
        const x = xy[2 * i] + origin.x,
          y = xy[2 * i + 1] + origin.y;
        const h = (groundAt(x, y) - rel) * ex + rel + aboveM;
        frame.toCartesian(x, y, h, scratch);
        const p = points[i];
        p.position = scratch; // copied by the setter
        const key = agentColorKey(states[i], modes ? modes[i] : 0);
        counts[key]++;
        if (keys[i] !== key) {
          keys[i] = key;
          p.color = AGENT_COLORS[key];
        }
      }
      scene.requestRender();
    },
    positionOf(i) {
      return points[i] ? Cartesian3.clone(points[i].position) : null;
    },
    clear() {
      coll.removeAll();
      points.length = 0;
      keys.length = 0;
      for (const k of Object.keys(counts) as AgentColorKey[]) counts[k] = 0;
      scene.requestRender();
    },
    get show() {
      return show;
    },
    set show(v: boolean) {
      show = v;
      coll.show = v;
      scene.requestRender();
    },
    destroy() {
      if (!scene.isDestroyed() && !coll.isDestroyed()) scene.primitives.remove(coll);
    },
  };
}
