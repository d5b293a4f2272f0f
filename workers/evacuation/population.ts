/**
 * Population into households: homes from buildings and population-grid cells, kept only where the
 * flood reaches when the scenario evacuates `'atRisk'`, then split into households of about
 * `householdSize` people, each given a car or not, a departure time after the warning, and the road
 * piece its home snaps to.
 */
import { InputError } from '../../src/core/errors.ts';
import type { Agents } from './agents.ts';
import { cellIndexAt } from '../../src/core/grid.ts';
import { MODE_CAR, MODE_WALK, snapToSegment, type RoadNetwork } from './network.ts';
import type { Router } from './router.ts';
import type { RoutingTrees } from './routing.ts';
import type { EvacuationInput, EvacuationOptions, FloodFrames } from './types.ts';
import { departureDelayS } from './warning.ts';

/** homes as parallel arrays: position and people */
export interface Homes {
  x: number[];
  y: number[];
  pop: number[];
}

/** Homes of the buildings (people rounded) and of the population grid's cells (at cell centres). */
export function collectHomes(input: Pick<EvacuationInput, 'buildings' | 'populationGrid'>): Homes {
  const homes: Homes = { x: [], y: [], pop: [] };
  const buildings = input.buildings ?? [];
  for (let i = 0; i < buildings.length; i++) {
    const b = buildings[i];
    if (!Number.isFinite(b.x) || !Number.isFinite(b.y)) throw new InputError(`building ${b.id} has no position`, { field: `buildings[${i}]` });
    const p = Math.round(b.population);
    if (!(p >= 0)) throw new InputError(`building ${b.id} has a bad population`, { field: `buildings[${i}].population` });
    if (p > 0) {
      homes.x.push(b.x);
      homes.y.push(b.y);
      homes.pop.push(p);
    }
  }
  const pg = input.populationGrid;
  if (pg) {
    for (let r = 0; r < pg.nrows; r++) {
      for (let c = 0; c < pg.ncols; c++) {
        const p = Math.round(pg.values[r * pg.ncols + c]);
        if (p > 0) {
          homes.x.push(pg.xll + (c + 0.5) * pg.cellSize);
          homes.y.push(pg.yll + (pg.nrows - r - 0.5) * pg.cellSize);
          homes.pop.push(p);
        }
      }
    }
  }
  return homes;
}

/**
 * Keeps (in place) the homes whose deepest water over the flood reaches `atRiskDepthM` (from
 * `maxDepth` when given, else every frame); returns the people dropped.
 */
export function keepAtRisk(homes: Homes, flood: FloodFrames, atRiskDepthM: number): number {
  const g = flood.grid;
  const cells = homes.x.map((x, h) => cellIndexAt(g, x, homes.y[h]));
  const hmax = new Float64Array(cells.length);
  const scan = (d: Float32Array): void => {
    for (let h = 0; h < cells.length; h++) if (cells[h] >= 0 && d[cells[h]] > hmax[h]) hmax[h] = d[cells[h]];
  };
  if (flood.maxDepth) scan(flood.maxDepth);
  else for (let k = 0; k < flood.times.length; k++) scan(flood.depth(k));
  let dropped = 0;
  let w = 0;
  for (let h = 0; h < cells.length; h++) {
    if (hmax[h] >= atRiskDepthM) {
      homes.x[w] = homes.x[h];
      homes.y[w] = homes.y[h];
      homes.pop[w] = homes.pop[h];
      w++;
    } else dropped += homes.pop[h];
  }
  homes.x.length = homes.y.length = homes.pop.length = w;
  return dropped;
}

/** households in a home of `pop` people: round(pop / householdSize), at least one */
export function householdsIn(pop: number, householdSize: number): number {
  return Math.max(1, Math.round(pop / householdSize));
}

/** segments from which some shelter can be reached by `mode` (home snapping skips stray road fragments) */
function reachableSegments(net: RoadNetwork, trees: RoutingTrees, mode: number): (seg: number) => boolean {
  const N = net.nodeCount;
  const r = new Uint8Array(N);
  for (let s = 0; s < trees.shelters; s++) for (let n = 0; n < N; n++) if (trees.dist[s * N + n] < Infinity) r[n] = 1;
  return (seg: number): boolean => {
    const f = net.segLinkF[seg];
    const b = net.segLinkB[seg];
    return ((net.linkMode[f] & mode) !== 0 && r[net.linkTo[f]] === 1) || (b >= 0 && (net.linkMode[b] & mode) !== 0 && r[net.linkTo[b]] === 1);
  };
}

export type HouseholdOptions = Pick<
  EvacuationOptions,
  'householdSize' | 'carOwnership' | 'walkMaxM' | 'walkSpeedMs' | 'maxSnapM' | 'mobilisation'
>;

/**
 * Fills `agents` with the households of `homes`, in home order, drawing two numbers from `rng` per
 * household (car, departure). A household drives if it has a car, a car route exists and its nearest
 * shelter on foot is farther than `walkMaxM`. Each departure time goes to `onDepart(t, agent)`.
 * Returns the homes that no road piece leading to a shelter was near enough to snap to.
 */
export function placeHouseholds(
  homes: Homes, agents: Agents, net: RoadNetwork, router: Router, rng: () => number, o: HouseholdOptions, warningS: number,
  onDepart: (t: number, a: number) => void,
): number {
  const okWalk = reachableSegments(net, router.walkTrees, MODE_WALK);
  const okCar = reachableSegments(net, router.carTrees, MODE_CAR);
  let unsnapped = 0;
  let a = 0;
  for (let h = 0; h < homes.pop.length; h++) {
    const pop = homes.pop[h];
    const x = homes.x[h];
    const y = homes.y[h];
    const nh = householdsIn(pop, o.householdSize);
    const base = Math.floor(pop / nh);
    const extra = pop - base * nh;
    const snapW = snapToSegment(net, x, y, false, okWalk, o.maxSnapM);
    const snapC = snapToSegment(net, x, y, true, okCar, o.maxSnapM);
    // walking distance to the nearest shelter (no flood yet), metres
    let walkDist = Infinity;
    if (!snapW) unsnapped++;
    if (snapW) {
      router.bestStart(snapW.seg, snapW.along, MODE_WALK, 0, false, router.walkTrees);
      walkDist = router.bestCost * o.walkSpeedMs;
    }
    let carOk = false;
    if (snapC) {
      router.bestStart(snapC.seg, snapC.along, MODE_CAR, 0, false, router.carTrees);
      carOk = router.bestCost < Infinity;
    }
    for (let k = 0; k < nh; k++, a++) {
      const size = base + (k < extra ? 1 : 0);
      const hasCar = rng() < o.carOwnership;
      const u = rng();
      const drive = hasCar && carOk && (walkDist > o.walkMaxM || walkDist === Infinity);
      agents.place(a, size, x, y, drive);
      const snap = drive ? snapC : snapW;
      // a home with no road to any shelter still hears the warning: it is trapped when it tries to leave
      if (snap) {
        agents.seg[a] = snap.seg;
        agents.along[a] = snap.along;
      }
      const dep = warningS + departureDelayS(u, o.mobilisation.a, o.mobilisation.b);
      agents.depart[a] = dep;
      if (dep < Infinity) onDepart(dep, a);
    }
  }
  return unsnapped;
}
