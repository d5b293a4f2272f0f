/**
 * Sewer results that were nonsense with exit 0 (issue 14, defect 6): a conduit of length 1e-300 m gave
 * "continuity error 98.74 %", an inflow of 1e300 m³/s velocities of 6e299 m/s. Both now stop with exit 3
 * and a line naming the link (or, under SWMM's EXTRAN surcharge, the node) and the time (workers/drainage
 * runaway stops).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

const network = (length: string, inflow: string) => `[OPTIONS]
FLOW_UNITS CMS
FLOW_ROUTING DYNWAVE
START_DATE 01/01/2024
START_TIME 00:00:00
END_DATE 01/01/2024
END_TIME 00:10:00
ROUTING_STEP 1
REPORT_STEP 00:05:00

[JUNCTIONS]
J1 10 3
J2 9.9 3

[OUTFALLS]
O1 9.8 FREE

[CONDUITS]
C1 J1 J2 ${length} 0.013 0 0
C2 J2 O1 50 0.013 0 0

[XSECTIONS]
C1 CIRCULAR 0.5 0 0 0
C2 CIRCULAR 0.5 0 0 0

[INFLOWS]
J1 FLOW "" FLOW 1 1 ${inflow}
`;

async function drainage(inp: string, extra: string[] = []): Promise<{ code: number; lines: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'floodtwin-sewer-'));
  writeFileSync(join(dir, 'net.inp'), inp);
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((s: string) => void lines.push(...String(s).split('\n')));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await main(['drainage', join(dir, 'net.inp'), '--out', join(dir, 'out'), ...extra]);
  return { code, lines };
}

afterEach(() => vi.restoreAllMocks());

describe('sewer runs that would be nonsense stop instead', () => {
  it('a conduit 1e-300 m long: exit 3 naming the link and the time', async () => {
    const r = await drainage(network('1e-300', '0.2'));
    expect(r.code).toBe(3);
    expect(r.lines.join(' ')).toMatch(/link "C1" ran away at t = [\d.]+ s/);
  });

  it('an inflow of 1e300 m³/s: exit 3 naming a link (explicit scheme) or the surcharged node (SWMM scheme)', async () => {
    const r = await drainage(network('40', '1e300'));
    expect(r.code).toBe(3);
    // SWMM's EXTRAN holds the head at the rim, so no link runs away: the node's balance does
    expect(r.lines.join(' ')).toMatch(/node "J\d" ran away at t = [\d.]+ s: .* above its rim/);
    const explicit = await drainage(network('40', '1e300'), ['--scheme', 'explicit']);
    expect(explicit.code).toBe(3);
    expect(explicit.lines.join(' ')).toMatch(/link "C\d" ran away at t = /);
  });

  it('the same network with sane numbers runs (exit 0)', async () => {
    expect((await drainage(network('40', '0.2'))).code).toBe(0);
  });
});
