/**
 * The drainage interventions of a scenario ("pump" capacity, "pipeUpsize") applied to the sewer
 * network before a run: network in, new network out (the input is not modified; unchanged parts
 * are shared). Applied in list order, so a later intervention on the same pump or conduit wins.
 *
 *  - pump with a curve (SWMM PUMP1–4, and outlets, which the network runs as pump-like ratings):
 *    every flow of the curve is scaled by capacity / (the curve's largest flow), so the curve keeps
 *    its shape (head or depth points unchanged) and its maximum becomes the new capacity.
 *    A curve whose largest flow is 0 cannot be scaled: InputError.
 *  - ideal pump (SWMM curve "*": outflow = what arrives): becomes a depth→flow curve (PUMP4) that is
 *    flat at the capacity, with the same start-up / shut-off depths. The solver's positivity limiter
 *    keeps a pump from sending more than its wet well holds plus its inflow, so it pumps
 *    min(capacity, what arrives). Capacity 0 = the pump station is out of service.
 *  - pipe upsizing: a circular conduit (and SWMM FORCE_MAIN, run as circular) gets the new diameter,
 *    barrels, offsets and roughness unchanged. Other shapes have no diameter: InputError (give them a
 *    new section in the .inp instead). Downsizing (a smaller diameter) is allowed.
 * An id that names no pump / no conduit of the network is an InputError naming the intervention's
 * JSON path and the id.
 */
import { InputError } from '../core/errors.ts';
import { pow } from '../core/detMath.ts';
import type { Intervention } from '../core/scenario/edits.ts';
import type { DrainageNetwork, LinkSpec } from '../../workers/drainage/network.ts';

export interface NetworkChange {
  /** index in the scenario's interventions */
  index: number;
  kind: 'pump' | 'pipeUpsize';
  /** the link's id */
  id: string;
  /** pump: the largest flow of the curve before and after (m³/s; ideal pump before: Infinity) */
  before: number;
  after: number;
  /** one line for the run's notes */
  note: string;
}

export interface NetworkOverrideResult {
  network: DrainageNetwork;
  changes: NetworkChange[];
}

/** Full-flow capacity of one barrel of a circular conduit by Manning: Q = (1/n)·A·R^(2/3)·S^(1/2), A = πD²/4, R = D/4. */
export function circularFullFlowM3s(diameterM: number, n: number, slope: number): number {
  const a = (Math.PI * diameterM * diameterM) / 4;
  return (1 / n) * a * pow(diameterM / 4, 2 / 3) * Math.sqrt(slope);
}

function maxFlow(curve: readonly [number, number][]): number {
  let m = 0;
  for (const [, q] of curve) if (q > m) m = q;
  return m;
}

const fmt = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : 'what arrives');

/**
 * Applies the scenario's "pump" and "pipeUpsize" interventions to `network` (other kinds are ignored).
 * `file` (the scenario file) goes into the error's location.
 */
export function applyNetworkOverrides(
  network: DrainageNetwork,
  interventions: readonly Intervention[],
  file?: string,
): NetworkOverrideResult {
  const byId = new Map<string, number>();
  network.links.forEach((l, k) => {
    if (!byId.has(l.id)) byId.set(l.id, k);
  });
  let links: LinkSpec[] | null = null; // copied on the first change
  const changes: NetworkChange[] = [];
  interventions.forEach((iv, index) => {
    if (iv.kind !== 'pump' && iv.kind !== 'pipeUpsize') return;
    const path = `interventions[${index}]`;
    const id = iv.kind === 'pump' ? iv.pumpId : iv.conduitId;
    const k = byId.get(id);
    const link = k === undefined ? undefined : (links ?? network.links)[k];
    if (iv.kind === 'pump') {
      if (!link || link.kind !== 'pump' || !link.pump) {
        const what = link ? `is a ${link.kind}, not a pump` : 'is not in the sewer network';
        throw new InputError(`pump "${id}" ${what}${pumpList(network)}`, { file, path: `${path}.pumpId` });
      }
      const p = link.pump;
      const cap = iv.capacityM3s;
      let before: number;
      let pump: typeof p;
      if (p.curveType === 0) {
        before = Infinity;
        pump = { ...p, curveType: 4 as const, curve: [[0, cap]] as [number, number][] };
      } else {
        before = maxFlow(p.curve);
        if (!(before > 0))
          throw new InputError(
            `pump "${id}": its curve never gives a flow above 0, so it cannot be scaled to ${cap} m³/s`,
            { file, path: `${path}.capacityM3s` },
          );
        const f = cap / before;
        pump = { ...p, curve: p.curve.map(([x, q]) => [x, q * f] as [number, number]) };
      }
      links ??= network.links.slice();
      links[k!] = { ...link, pump };
      changes.push({
        index,
        kind: 'pump',
        id,
        before,
        after: cap,
        note: `intervention ${index} (pump ${id}): capacity ${fmt(before)} → ${fmt(cap)} m³/s${p.curveType === 0 ? ' (ideal pump, now capped)' : ' (curve flows scaled)'}`,
      });
    } else {
      if (!link || link.kind !== 'conduit' || !link.conduit) {
        const what = link ? `is a ${link.kind}, not a conduit` : 'is not in the sewer network';
        throw new InputError(`conduit "${id}" ${what}`, { file, path: `${path}.conduitId` });
      }
      const c = link.conduit;
      if (c.xsection.shape !== 'circular') {
        throw new InputError(
          `conduit "${id}" is ${c.xsection.shape}, not circular: a new diameter does not define its section (change it in the network file)`,
          { file, path: `${path}.conduitId` },
        );
      }
      const before = c.xsection.geom1;
      const d = iv.diameterM;
      links ??= network.links.slice();
      links[k!] = { ...link, conduit: { ...c, xsection: { ...c.xsection, geom1: d } } };
      const factor = pow(d / before, 8 / 3);
      changes.push({
        index,
        kind: 'pipeUpsize',
        id,
        before,
        after: d,
        note: `intervention ${index} (pipe ${id}): diameter ${fmt(before)} → ${fmt(d)} m, full-flow capacity × ${factor.toFixed(2)}${crownNote(network, link, d)}`,
      });
    }
  });
  return { network: links ? { ...network, links } : network, changes };
}

function pumpList(network: DrainageNetwork): string {
  const ids = network.links.filter((l) => l.kind === 'pump').map((l) => l.id);
  if (ids.length === 0) return ' (the network has no pumps)';
  return ` (pumps: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''})`;
}

/** A warning when the new crown rises above the rim of an end node that has a set depth. */
function crownNote(network: DrainageNetwork, link: LinkSpec, d: number): string {
  const c = link.conduit!;
  const out: string[] = [];
  for (const [nodeId, off] of [
    [link.from, c.inOffset],
    [link.to, c.outOffset],
  ] as const) {
    const n = network.nodes.find((x) => x.id === nodeId);
    if (n && n.kind !== 'outfall' && n.maxDepth > 0 && off + d > n.maxDepth + 1e-9) out.push(nodeId);
  }
  return out.length ? `; its crown is above the rim of ${out.join(' and ')}` : '';
}
