/**
 * SWMM's conduit length rules: a length of 0 is refused by the reader with the conduit named; a conduit whose
 * elevation drop is at least its length is flagged as SWMM's WARNING 08, in the summary and in a runaway stop.
 */
import { describe, expect, it } from 'vitest';
import { readSwmmInp } from '../../src/io/swmmInp.ts';
import { dropWarnings } from '../../workers/drainage/checks.ts';
import { networkFromSwmm } from '../../workers/drainage/fromSwmm.ts';
import { inpText, runDrainage } from './inp.ts';

const net = (length: string, inflow = 0.01) =>
  inpText(
    { end: '00:10:00', routingStep: 1 },
    {
      JUNCTIONS: ['J1 10 3 0 0 0', 'J2 9.7 3 0 0 0'],
      OUTFALLS: ['O1 9.6 FREE NO'],
      CONDUITS: [`C1 J1 J2 ${length} 0.013 0 0 0 0`, 'C2 J2 O1 50 0.013 0 0 0 0'],
      XSECTIONS: ['C1 CIRCULAR 0.5 0 0 0 1', 'C2 CIRCULAR 0.5 0 0 0 1'],
      INFLOWS: [`J1 FLOW "" FLOW 1.0 1.0 ${inflow}`],
    },
  );

describe('conduit length checks', () => {
  it('a zero length is refused naming the conduit and the field', () => {
    expect(() => readSwmmInp(net('0'), 'len.inp')).toThrow(/len\.inp.*Length must be greater than 0, got 0/);
  });

  it('a drop of 0.3 m over 0.2 m is WARNING 08 with the link named; 0.3 m over 40 m is not', () => {
    const w = dropWarnings(networkFromSwmm(readSwmmInp(net('0.2'), 'len.inp'), 'len.inp'));
    expect(w).toEqual(['conduit "C1": elevation drop 0.300 m is not less than its length 0.200 m (SWMM WARNING 08)']);
    expect(dropWarnings(networkFromSwmm(readSwmmInp(net('40'), 'len.inp'), 'len.inp'))).toEqual([]);
  });

  it("the warning reaches the run's summary (and only for the short conduit)", async () => {
    expect((await runDrainage(net('0.3001'))).summary.warnings).toEqual([]);
    expect((await runDrainage(net('0.2'))).summary.warnings).toEqual([
      'conduit "C1": elevation drop 0.300 m is not less than its length 0.200 m (SWMM WARNING 08)',
    ]);
  });
});
