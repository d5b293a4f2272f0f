/**
 * SWMM's conduit checks that warn rather than refuse (non-positive lengths and roughness are refused by the
 * reader, `src/io/swmm/read.ts`).
 */
import type { DrainageNetwork, LinkSpec } from './network.ts';

/**
 * SWMM WARNING 08: a conduit whose elevation drop is at least its length (a length that cannot be real; SWMM
 * then takes the slope over a horizontal run of 0.001·L, here 0.1·L as the solver does). Returns the message,
 * or null.
 * @example dropWarning(net, { id: 'C1', kind: 'conduit', from: 'J1', to: 'J2', conduit: { length: 0.05, inOffset: 0, outOffset: 0, ... } })
 *   // 'conduit "C1": elevation drop 0.1 m is not less than its length 0.05 m (SWMM WARNING 08)'
 */
export function dropWarning(net: DrainageNetwork, link: LinkSpec): string | null {
  const c = link.conduit;
  if (link.kind !== 'conduit' || !c) return null;
  const from = net.nodes.find((n) => n.id === link.from);
  const to = net.nodes.find((n) => n.id === link.to);
  if (!from || !to) return null;
  const drop = Math.abs(from.invert + c.inOffset - (to.invert + c.outOffset));
  if (!(drop >= c.length)) return null;
  return `conduit "${link.id}": elevation drop ${drop.toPrecision(3)} m is not less than its length ${c.length.toPrecision(3)} m (SWMM WARNING 08)`;
}

/** Every conduit's WARNING 08 (see `dropWarning`), in link order. */
export function dropWarnings(net: DrainageNetwork): string[] {
  const out: string[] = [];
  for (const l of net.links) {
    const w = dropWarning(net, l);
    if (w) out.push(w);
  }
  return out;
}
