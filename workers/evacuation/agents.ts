/**
 * The agents (households) as a struct of arrays, one slot per household, and the head counts by
 * state that the curve samples. A household is WAITING at home until it departs, EN_ROUTE on a link,
 * then SAFE in a shelter or TRAPPED (by a flooded link, no route or no room). The counts are of
 * people (household sizes), kept in step with every state change so a sample costs nothing.
 */
import { MODE_CAR, MODE_WALK } from './network.ts';
import { AGENT_EN_ROUTE, AGENT_SAFE, AGENT_TRAPPED, AGENT_WAITING } from './types.ts';

export class Agents {
  readonly count: number;
  /** people in the household */
  readonly size: Uint16Array;
  /** MODE_CAR or MODE_WALK */
  readonly mode: Uint8Array;
  /** AGENT_WAITING / EN_ROUTE / SAFE / TRAPPED */
  readonly state: Uint8Array;
  /** TRAP_* reason once trapped */
  readonly trap: Uint8Array;
  /** chosen shelter (-1 none yet) */
  readonly shelter: Int32Array;
  /** link the agent is on (-1 at home, in a shelter or trapped at a node) */
  readonly link: Int32Array;
  /** time it entered its link */
  readonly enter: Float64Array;
  /** time it may leave its link (free-flow or walking time) */
  readonly ready: Float64Array;
  /** distance along the link where it entered (a home part-way along the first link) */
  readonly startOff: Float64Array;
  /** next vehicle in the same queue (-1 last) */
  readonly next: Int32Array;
  readonly depart: Float64Array;
  readonly arrive: Float64Array;
  /** road segment and distance along it where the home snapped (-1: no road) */
  readonly seg: Int32Array;
  readonly along: Float64Array;
  readonly homeX: Float64Array;
  readonly homeY: Float64Array;
  /** where a waiting, safe or trapped agent is drawn */
  readonly fixX: Float64Array;
  readonly fixY: Float64Array;
  /** worst FD2320 hazard rating the household met (0: never reached by water) */
  readonly maxHR: Float32Array;
  /** 1: this household's drivers re-plan in a jam */
  readonly reroute: Uint8Array;

  waiting = 0;
  enRoute = 0;
  safe = 0;
  trapped = 0;
  walking = 0;
  driving = 0;
  people = 0;
  walkers = 0;
  drivers = 0;

  /**
   * @param count households
   * @param rerouteShare share of households that re-plan in a jam, picked by a hash of the index so the
   *   departure PRNG stream is not disturbed
   */
  constructor(count: number, rerouteShare: number) {
    const A = count;
    this.count = A;
    this.size = new Uint16Array(A);
    this.mode = new Uint8Array(A);
    this.state = new Uint8Array(A);
    this.trap = new Uint8Array(A);
    this.shelter = new Int32Array(A).fill(-1);
    this.link = new Int32Array(A).fill(-1);
    this.enter = new Float64Array(A);
    this.ready = new Float64Array(A);
    this.startOff = new Float64Array(A);
    this.next = new Int32Array(A).fill(-1);
    this.depart = new Float64Array(A).fill(Infinity);
    this.arrive = new Float64Array(A).fill(NaN);
    this.seg = new Int32Array(A).fill(-1);
    this.along = new Float64Array(A);
    this.homeX = new Float64Array(A);
    this.homeY = new Float64Array(A);
    this.fixX = new Float64Array(A);
    this.fixY = new Float64Array(A);
    this.maxHR = new Float32Array(A);
    this.reroute = new Uint8Array(A);
    for (let a = 0; a < A; a++) this.reroute[a] = (Math.imul(a + 1, 0x9e3779b1) >>> 0) / 4294967296 < rerouteShare ? 1 : 0;
  }

  /** a household at home (x, y), waiting for the warning */
  place(a: number, size: number, x: number, y: number, drive: boolean): void {
    this.size[a] = size;
    this.homeX[a] = x;
    this.homeY[a] = y;
    this.fixX[a] = x;
    this.fixY[a] = y;
    this.people += size;
    this.mode[a] = drive ? MODE_CAR : MODE_WALK;
    if (drive) this.drivers++;
    else this.walkers++;
    this.state[a] = AGENT_WAITING;
    this.waiting += size;
  }

  /** WAITING → EN_ROUTE */
  setEnRoute(a: number): void {
    const size = this.size[a];
    this.waiting -= size;
    this.enRoute += size;
    if (this.mode[a] === MODE_CAR) this.driving += size;
    else this.walking += size;
    this.state[a] = AGENT_EN_ROUTE;
  }

  /** → TRAPPED at (x, y) for `reason` */
  setTrapped(a: number, reason: number, x: number, y: number): void {
    const size = this.size[a];
    if (this.state[a] === AGENT_EN_ROUTE) {
      this.enRoute -= size;
      if (this.mode[a] === MODE_CAR) this.driving -= size;
      else this.walking -= size;
    } else if (this.state[a] === AGENT_WAITING) this.waiting -= size;
    this.state[a] = AGENT_TRAPPED;
    this.trap[a] = reason;
    this.trapped += size;
    this.fixX[a] = x;
    this.fixY[a] = y;
  }

  /** EN_ROUTE → SAFE at time t in a shelter at (x, y) */
  setSafe(a: number, t: number, x: number, y: number): void {
    const size = this.size[a];
    this.enRoute -= size;
    if (this.mode[a] === MODE_CAR) this.driving -= size;
    else this.walking -= size;
    this.safe += size;
    this.state[a] = AGENT_SAFE;
    this.arrive[a] = t;
    this.link[a] = -1;
    this.fixX[a] = x;
    this.fixY[a] = y;
  }

  /** people by state now (the curve's and the state's columns, in their order) */
  counts(): { safe: number; enRoute: number; waiting: number; trapped: number; walking: number; driving: number } {
    return { safe: this.safe, enRoute: this.enRoute, waiting: this.waiting, trapped: this.trapped, walking: this.walking, driving: this.driving };
  }

  /** distance along its link of a walker or free-flowing vehicle at time `now` (linear in time) */
  freeFlowOffset(a: number, linkLen: number, now: number): number {
    const span = this.ready[a] - this.enter[a];
    const f = span > 0 ? Math.min(1, Math.max(0, (now - this.enter[a]) / span)) : 1;
    return this.startOff[a] + f * (linkLen - this.startOff[a]);
  }
}
