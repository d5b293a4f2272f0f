import { describe, expect, it } from 'vitest';
import { readSwmmInp, resolvedSwmmOptions, writeSwmmInp } from '../../src/io/swmmInp.ts';

const withOptions = (...lines: string[]) => ['[OPTIONS]', ...lines, ''].join('\n');

describe('[OPTIONS] input rules as SWMM reads them', () => {
  it('reads the SWMM 5.0 FLOW_ROUTING abbreviations NF, KW, EKW, DW as the current names', () => {
    const names = ['NF', 'KW', 'EKW', 'dw'].map(
      (w) => readSwmmInp(withOptions(`FLOW_ROUTING ${w}`), 'old.inp').options.flowRouting,
    );
    expect(names).toEqual(['STEADY', 'KINWAVE', 'XKINWAVE', 'DYNWAVE']);
  });

  it('writes an abbreviation back under its current name', () => {
    const m = readSwmmInp(withOptions('FLOW_UNITS CMS', 'FLOW_ROUTING DW'), 'old.inp');
    expect(writeSwmmInp(m)).toMatch(/FLOW_ROUTING\s+DYNWAVE/);
  });

  it('still refuses an unknown routing word, naming the file, the option and the choices', () => {
    expect(() => readSwmmInp(withOptions('FLOW_ROUTING XW'), 'bad.inp')).toThrow(
      /bad\.inp.*unknown FLOW_ROUTING "XW".*DYNWAVE.*DW/s,
    );
  });

  it('fills what a file leaves out with SWMM 5.2 defaults (US file: ft, ft²)', () => {
    const r = resolvedSwmmOptions(readSwmmInp(withOptions('FLOW_UNITS CFS'), 'us.inp').options);
    expect(r).toMatchObject({
      flowRouting: 'KINWAVE',
      linkOffsets: 'DEPTH',
      forceMainEquation: 'H-W',
      inertialDamping: 'PARTIAL',
      normalFlowLimited: 'BOTH',
      surchargeMethod: 'EXTRAN',
      allowPonding: false,
      routingStep: 300,
      reportStep: 900,
      wetStep: 300,
      dryStep: 3600,
      variableStep: 0,
      lengtheningStep: 0,
      maxTrials: 8,
      minimumStep: 0.5,
      minSurfarea: 12.566,
      headTolerance: 0.005,
    });
  });

  it('converts the length-valued defaults for an SI file and keeps what the file sets', () => {
    const m = readSwmmInp(
      withOptions('FLOW_UNITS LPS', 'HEAD_TOLERANCE 0', 'MAX_TRIALS 20', 'VARIABLE_STEP 0.75'),
      'si.inp',
    );
    const r = resolvedSwmmOptions(m.options);
    expect(r.minSurfarea).toBeCloseTo(12.566 * 0.3048 * 0.3048, 9); // 1.1674 m²
    expect(r.headTolerance).toBeCloseTo(0.001524, 9); // 0 means "SWMM's default"
    expect(r.maxTrials).toBe(20);
    expect(r.variableStep).toBe(0.75);
  });
});
