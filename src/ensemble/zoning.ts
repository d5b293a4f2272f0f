/**
 * Merging an ensemble's members into zoning maps, one member at a time: the running sums and envelopes
 * live in typed arrays sized by the grid and the events, never by the number of members.
 */
import { eventBands } from './riskStats.ts';

export interface MemberResult {
  aep: number;
  weight: number;
  maxDepth: Float32Array;
  /** FD2320 hazard class per cell (0–3, 255 dry) */
  hazard: Uint8Array;
  /** damage of each building in this member */
  buildingDamage: Float64Array;
}

export class ZoningMerge {
  readonly p: number[];
  readonly width: number[];
  /** envelope (max over the event's variants) of max depth, event-major: [k · cells + c] */
  readonly maxDepth: Float32Array;
  /** envelope of the FD2320 class per event (255 where every variant stayed dry) */
  readonly hazard: Uint8Array;
  /** annual probability of exceeding each depth: [d · cells + c] */
  readonly exceedance: Float64Array;
  /** probability-weighted damage per building and event: [k · buildings + b] */
  readonly eventDamage: Float64Array;
  /** the weight merged so far per event (1 when complete) */
  readonly weightSeen: Float64Array;

  constructor(
    readonly cells: number,
    aeps: readonly number[],
    readonly depthsM: readonly number[],
    readonly buildings: number,
  ) {
    ({ p: this.p, width: this.width } = eventBands(aeps));
    const K = this.p.length;
    this.maxDepth = new Float32Array(K * cells);
    this.hazard = new Uint8Array(K * cells).fill(255);
    this.exceedance = new Float64Array(depthsM.length * cells);
    this.eventDamage = new Float64Array(K * buildings);
    this.weightSeen = new Float64Array(K);
  }

  /** The event index of an AEP. */
  eventOf(aep: number): number {
    const k = this.p.indexOf(aep);
    if (k < 0) throw new Error(`no event with AEP ${aep}`);
    return k;
  }

  add(m: MemberResult): void {
    const k = this.eventOf(m.aep);
    const n = this.cells;
    const depth = this.maxDepth.subarray(k * n, (k + 1) * n);
    const hz = this.hazard.subarray(k * n, (k + 1) * n);
    for (let c = 0; c < n; c++) {
      if (m.maxDepth[c] > depth[c]) depth[c] = m.maxDepth[c];
      const h = m.hazard[c];
      if (h !== 255 && (hz[c] === 255 || h > hz[c])) hz[c] = h;
    }
    const share = this.width[k] * m.weight;
    this.depthsM.forEach((d, j) => {
      const ex = this.exceedance.subarray(j * n, (j + 1) * n);
      for (let c = 0; c < n; c++) if (m.maxDepth[c] > d) ex[c] += share;
    });
    const dmg = this.eventDamage.subarray(k * this.buildings, (k + 1) * this.buildings);
    for (let b = 0; b < this.buildings; b++) dmg[b] += m.weight * m.buildingDamage[b];
    this.weightSeen[k] += m.weight;
  }

  /** The damage of building b in each event (most frequent first). */
  damageOf(b: number): number[] {
    return this.p.map((_, k) => this.eventDamage[k * this.buildings + b]);
  }
}
