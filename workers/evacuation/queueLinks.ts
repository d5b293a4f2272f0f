/**
 * MATSim-style queue links for vehicles. Each link holds a FIFO of vehicles (linked through
 * `Agents.next`); the head may leave once free-flow time has passed, through an exit gate passing one
 * vehicle per headway 1/C: exit = max(ready, previous exit) + 1/C. A head whose next link is full
 * waits on that link (spill-back) and is woken when a vehicle leaves it; blocked for the stuck time it
 * is pushed through anyway, which breaks gridlock.
 *
 * Link events go on the engine's heap as -(link + 1) (`linkEvent`); `sched[l]` is the one live try of
 * link l, so older entries for it are stale and skipped.
 */
import type { Agents } from './agents.ts';
import type { MinHeap } from './heap.ts';
import type { RoadNetwork } from './network.ts';

/** heap value of link l's event (agents are ≥ 0) */
export const linkEvent = (l: number): number => -1 - l;
/** the link of a heap value < 0 */
export const eventLink = (v: number): number => -1 - v;

/** the simulation time, shared by the engine and its parts */
export interface Clock {
  now: number;
}

export class QueueLinks {
  readonly head: Int32Array;
  readonly tail: Int32Array;
  /** vehicles on the link */
  readonly occ: Int32Array;
  readonly lastExit: Float64Array;
  /** time of the link's live event (NaN: none) */
  readonly sched: Float64Array;
  /** the full link this one's head waits for (-1: none) and since when */
  readonly blockedOn: Int32Array;
  readonly blockedSince: Float64Array;
  /** FIFO of links waiting for room on a link: head, tail, and the next waiter of each waiter */
  readonly waitHead: Int32Array;
  readonly waitTail: Int32Array;
  readonly waitNext: Int32Array;
  /** the link whose room woke this one (-1: none) */
  readonly wokenFor: Int32Array;
  /** total queue delay (vehicle·s), vehicles passed, longest queue: for the bottleneck report */
  readonly delay: Float64Array;
  readonly passed: Int32Array;
  readonly maxQ: Int32Array;
  /** 1 / flow capacity (s per vehicle) */
  readonly headway: Float64Array;

  constructor(
    private readonly net: RoadNetwork,
    private readonly agents: Agents,
    private readonly heap: MinHeap,
    private readonly clock: Clock,
  ) {
    const L = net.linkCount;
    this.head = new Int32Array(L).fill(-1);
    this.tail = new Int32Array(L).fill(-1);
    this.occ = new Int32Array(L);
    this.lastExit = new Float64Array(L).fill(-Infinity);
    this.sched = new Float64Array(L).fill(NaN);
    this.blockedOn = new Int32Array(L).fill(-1);
    this.blockedSince = new Float64Array(L).fill(NaN);
    this.waitHead = new Int32Array(L).fill(-1);
    this.waitTail = new Int32Array(L).fill(-1);
    this.waitNext = new Int32Array(L).fill(-1);
    this.wokenFor = new Int32Array(L).fill(-1);
    this.delay = new Float64Array(L);
    this.passed = new Int32Array(L);
    this.maxQ = new Int32Array(L);
    this.headway = new Float64Array(L);
    for (let l = 0; l < L; l++) this.headway[l] = 1 / net.linkFlowCap[l];
  }

  /** a try of link l at time t, unless one at t or an earlier pending one exists */
  schedule(l: number, t: number): void {
    const sched = this.sched;
    if (sched[l] === t) return;
    if (!Number.isNaN(sched[l]) && sched[l] < t && sched[l] >= this.clock.now) return; // an earlier try is pending
    sched[l] = t;
    this.heap.push(t, linkEvent(l));
  }

  /** when the head of l may pass the exit gate: max(ready, last exit) + headway */
  headDue(l: number): number {
    const a = this.head[l];
    const ready = this.agents.ready[a];
    const prev = this.lastExit[l] > ready ? this.lastExit[l] : ready;
    return prev + this.headway[l];
  }

  /** schedules link l's head (if any) at its due time, not before t */
  scheduleHead(l: number, t: number): void {
    if (this.head[l] < 0) return;
    const due = this.headDue(l);
    this.schedule(l, due > t ? due : t);
  }

  removeWaiter(l: number): void {
    const d = this.blockedOn[l];
    if (d < 0) return;
    const { waitHead, waitTail, waitNext } = this;
    let prev = -1;
    let u = waitHead[d];
    while (u >= 0 && u !== l) {
      prev = u;
      u = waitNext[u];
    }
    if (u === l) {
      if (prev < 0) waitHead[d] = waitNext[l];
      else waitNext[prev] = waitNext[l];
      if (waitTail[d] === l) waitTail[d] = prev;
    }
    waitNext[l] = -1;
    this.blockedOn[l] = -1;
  }

  addWaiter(l: number, d: number): void {
    this.blockedOn[l] = d;
    this.waitNext[l] = -1;
    if (this.waitTail[d] < 0) this.waitHead[d] = l;
    else this.waitNext[this.waitTail[d]] = l;
    this.waitTail[d] = l;
  }

  /** one vehicle's worth of room appeared on link d: the longest-waiting upstream link tries again */
  wakeOne(d: number, t: number): void {
    const u = this.waitHead[d];
    if (u < 0) return;
    this.removeWaiter(u);
    this.wokenFor[u] = d;
    this.sched[u] = NaN;
    this.schedule(u, t);
  }

  wakeAll(d: number, t: number): void {
    while (this.waitHead[d] >= 0) this.wakeOne(d, t);
  }

  /** appends vehicle a to link l's queue at time t */
  push(a: number, l: number, t: number): void {
    const next = this.agents.next;
    if (this.tail[l] < 0) {
      this.head[l] = a;
      this.tail[l] = a;
    } else {
      next[this.tail[l]] = a;
      this.tail[l] = a;
    }
    next[a] = -1;
    this.occ[l]++;
    if (this.occ[l] > this.maxQ[l]) this.maxQ[l] = this.occ[l];
    if (this.head[l] === a) this.scheduleHead(l, t);
  }

  /** takes the head vehicle off link l */
  popHead(l: number): number {
    const next = this.agents.next;
    const a = this.head[l];
    this.head[l] = next[a];
    if (this.head[l] < 0) this.tail[l] = -1;
    next[a] = -1;
    this.occ[l]--;
    this.removeWaiter(l);
    this.blockedSince[l] = NaN;
    return a;
  }

  /** the head leaves link l at t (to a shelter, a trap or the next link): counts its delay */
  exitHead(l: number, t: number): number {
    const a = this.popHead(l);
    this.lastExit[l] = t;
    this.delay[l] += t - this.agents.ready[a];
    this.passed[l]++;
    return a;
  }

  /** distance along link l of vehicle a, `rank` places from the front: free-flow progress, behind the queue ahead */
  vehicleOffset(a: number, l: number, rank: number): number {
    const len = this.net.linkLen[l];
    const s = this.agents.freeFlowOffset(a, len, this.clock.now);
    const cap = len - (rank * len) / this.net.linkStorage[l];
    return s < cap ? s : Math.max(cap, 0);
  }
}
