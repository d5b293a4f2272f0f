/**
 * The 15-minute life circle on a hand-made street grid: 3 × 3 crossings 400 m apart, every service at
 * the south-west corner, a 1000 m walk. From the corner the walk reaches (0,0), (400,0), (800,0),
 * (0,400), (400,400) and (0,800) (at most 800 m); the other three crossings are 1200–1600 m away.
 * Cutting the street (0,0)–(400,0) leaves (400,0) and (800,0) 1200 and 1600 m away, and no other:
 * (400,400) still has its route through (0,400).
 */
import { describe, expect, it } from 'vitest';
import { ALL_SERVICES, LifeCircle, SERVICE_KINDS, type ServicePoint } from '../../src/ensemble/lifeCircle.ts';
import type { RoadInput } from '../../workers/evacuation/types.ts';

const S = 400;
const roads: RoadInput[] = [];
for (let j = 0; j < 3; j++) {
  for (let i = 0; i < 2; i++) {
    roads.push({ id: `h${j}${i}`, coords: Float64Array.from([i * S, j * S, (i + 1) * S, j * S]), cls: 'residential' });
    roads.push({ id: `v${i}${j}`, coords: Float64Array.from([j * S, i * S, j * S, (i + 1) * S]), cls: 'residential' });
  }
}
const doors: [number, number][] = [];
for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) doors.push([i * S, j * S]);
const services: ServicePoint[] = SERVICE_KINDS.map((kind) => ({ id: kind, kind, at: [0, 0] }));
const reached = (mask: Uint8Array) => doors.filter((_, b) => mask[b] === ALL_SERVICES).map(([x, y]) => `${x},${y}`);

describe('15-minute life circle on a street grid', () => {
  const circle = new LifeCircle(roads, doors, services, 1000);

  it('reaches exactly the crossings within 1000 m of the services', () => {
    expect(reached(circle.reach(new Set()))).toEqual(['0,0', '400,0', '800,0', '0,400', '400,400', '0,800']);
  });

  it('a cut street removes exactly the buildings whose only 15-minute route crossed it', () => {
    const before = circle.reach(new Set());
    const after = circle.reach(new Set(['h00']));
    const lost = doors
      .filter((_, b) => before[b] === ALL_SERVICES && after[b] !== ALL_SERVICES)
      .map(([x, y]) => `${x},${y}`);
    expect(lost).toEqual(['400,0', '800,0']);
  });

  it('one kind of service missing loses only that kind', () => {
    const noMarket = new LifeCircle(
      roads,
      doors,
      services.filter((s) => s.kind !== 'market'),
      1000,
    );
    const mask = noMarket.reach(new Set());
    expect(mask[0]).toBe(ALL_SERVICES & ~(1 << SERVICE_KINDS.indexOf('market')));
  });
});
