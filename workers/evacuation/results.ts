/**
 * The parts of an evacuation's result read off the engine's state: clearance times, shelter use,
 * links cut by the flood, the worst queues, and who the water reached or trapped.
 */
import type { Agents } from './agents.ts';
import type { FloodClosures } from './closures.ts';
import { hazardClassIndex } from './flood.ts';
import type { RoadNetwork } from './network.ts';
import type { QueueLinks } from './queueLinks.ts';
import type { Shelters } from './shelters.ts';
import {
  AGENT_SAFE, AGENT_TRAPPED, TRAP_FLOODED_LINK, TRAP_NO_ROOM,
  type Bottleneck, type EvacuationResult, type LinkCut, type ShelterUse,
} from './types.ts';

/** time by which a share q of all people were safe (exact arrival times), null when never */
export function clearanceTime(agents: Agents, q: number): number | null {
  if (agents.people === 0) return null;
  const order: number[] = [];
  for (let a = 0; a < agents.count; a++) if (agents.state[a] === AGENT_SAFE) order.push(a);
  order.sort((x, y) => agents.arrive[x] - agents.arrive[y] || x - y);
  const need = q * agents.people - 1e-9;
  let cum = 0;
  for (const a of order) {
    cum += agents.size[a];
    if (cum >= need) return agents.arrive[a];
  }
  return null;
}

export function shelterUse(shelters: Shelters): ShelterUse[] {
  return shelters.input.map((s, i) => ({
    id: String(s.id),
    name: s.name ?? String(s.id),
    capacity: shelters.capacity[i],
    occupancy: shelters.occupancy[i],
    fullAtS: Number.isNaN(shelters.fullAt[i]) ? null : shelters.fullAt[i],
  }));
}

/** first and last vertex of link l */
function linkEnds(net: RoadNetwork, l: number): { x0: number; y0: number; x1: number; y1: number } {
  const g0 = net.geomStart[l];
  const g1 = net.geomStart[l + 1] - 1;
  return { x0: net.geomXY[2 * g0], y0: net.geomXY[2 * g0 + 1], x1: net.geomXY[2 * g1], y1: net.geomXY[2 * g1 + 1] };
}

/** links the flood closed, by first closure time then link */
export function linksCut(net: RoadNetwork, c: FloodClosures): LinkCut[] {
  const out: LinkCut[] = [];
  for (let l = 0; l < net.linkCount; l++) {
    if (Number.isNaN(c.cutCarAt[l]) && Number.isNaN(c.cutPedAt[l])) continue;
    out.push({
      roadId: net.roadIds[net.linkRoad[l]],
      link: l,
      ...linkEnds(net, l),
      closedForVehiclesAtS: Number.isNaN(c.cutCarAt[l]) ? null : c.cutCarAt[l],
      closedForPedestriansAtS: Number.isNaN(c.cutPedAt[l]) ? null : c.cutPedAt[l],
      maxDepthM: c.maxDepth[l],
    });
  }
  const at = (x: LinkCut): number => x.closedForVehiclesAtS ?? x.closedForPedestriansAtS ?? 0;
  out.sort((x, y) => at(x) - at(y) || x.link - y.link);
  return out;
}

/** the `count` links with the most queue delay */
export function bottlenecks(net: RoadNetwork, q: QueueLinks, count = 10): Bottleneck[] {
  const bl: number[] = [];
  for (let l = 0; l < net.linkCount; l++) if (q.delay[l] > 1e-6) bl.push(l);
  bl.sort((x, y) => q.delay[y] - q.delay[x] || x - y);
  return bl.slice(0, count).map((l) => ({
    roadId: net.roadIds[net.linkRoad[l]],
    link: l,
    ...linkEnds(net, l),
    delayVehS: q.delay[l],
    vehicles: q.passed[l],
    maxQueueVeh: q.maxQ[l],
  }));
}

const HAZARD_NAMES = ['low', 'moderate', 'significant', 'extreme'] as const;

/** people by the worst FD2320 class the water reached them with, and the trapped by reason */
export function exposure(agents: Agents): Pick<EvacuationResult, 'reachedByWater' | 'trappedByReason'> {
  const reached = { low: 0, moderate: 0, significant: 0, extreme: 0 };
  const trappedBy = { floodedLink: 0, noRoute: 0, noRoom: 0 };
  for (let a = 0; a < agents.count; a++) {
    const size = agents.size[a];
    if (agents.maxHR[a] > 0) reached[HAZARD_NAMES[hazardClassIndex(agents.maxHR[a])]] += size;
    if (agents.state[a] === AGENT_TRAPPED) {
      if (agents.trap[a] === TRAP_FLOODED_LINK) trappedBy.floodedLink += size;
      else if (agents.trap[a] === TRAP_NO_ROOM) trappedBy.noRoom += size;
      else trappedBy.noRoute += size;
    }
  }
  return { reachedByWater: reached, trappedByReason: trappedBy };
}

/** people the water has reached so far */
export function reachedPeople(agents: Agents): number {
  let reached = 0;
  for (let a = 0; a < agents.count; a++) if (agents.maxHR[a] > 0) reached += agents.size[a];
  return reached;
}
