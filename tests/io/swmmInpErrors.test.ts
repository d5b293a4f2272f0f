import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { readSwmmInp, validateSwmmInp, emptySwmmInp } from '../../src/io/swmmInp.ts';
import { SI_NETWORK, US_NETWORK } from './swmmInpSamples.ts';

/** Reads `text` and returns the InputError it must throw. */
function failure(text: string, file = 'bad.inp'): InputError {
  try {
    readSwmmInp(text, file);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError, the file was accepted');
}

/** 1-based number of the first line of `text` that starts with `prefix`. */
function lineOf(text: string, prefix: string): number {
  const i = text.split('\n').findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`no line starts with ${prefix}`);
  return i + 1;
}

/** `text` with the first line starting with `prefix` replaced. */
function replaceLine(text: string, prefix: string, line: string): string {
  const lines = text.split('\n');
  lines[lines.findIndex((l) => l.startsWith(prefix))] = line;
  return lines.join('\n');
}

describe('readSwmmInp: bad input', () => {
  it('a file truncated in the middle of a row names the row, the section and the first missing field', () => {
    const cut = US_NETWORK.indexOf('C2      J2    J3   350.5') + 'C2      J2    J3   '.length;
    const e = failure(US_NETWORK.slice(0, cut), 'cut.inp');
    expect(e.where).toEqual({ file: 'cut.inp', line: lineOf(US_NETWORK, 'C2      J2'), field: 'Length' });
    expect(e.message).toMatch(
      /^cut\.inp, line \d+, field Length: \[CONDUITS\] expected at least 7 fields \(Name FromNode ToNode Length Roughness InOffset OutOffset\), got 3: the row is cut short$/,
    );
  });

  it('a file truncated in a curve between an x and its y', () => {
    const cut =
      US_NETWORK.indexOf('Rating1  RATING   0        0       1') + 'Rating1  RATING   0        0       1'.length;
    const e = failure(US_NETWORK.slice(0, cut));
    expect(e.where.line).toBe(lineOf(US_NETWORK, 'Rating1'));
    expect(e.where.field).toBe('Y-Value');
    expect(e.message).toContain('[CURVES] curve Rating1: an X-Value without its Y-Value');
  });

  it('a section header cut before its "]"', () => {
    const cut = US_NETWORK.indexOf('[XSECTIONS]') + 5;
    const e = failure(US_NETWORK.slice(0, cut));
    expect(e.where.line).toBe(lineOf(US_NETWORK, '[XSECTIONS]'));
    expect(e.message).toContain('section header "[XSEC" is not closed by "]"');
  });

  it('too many columns', () => {
    const e = failure(replaceLine(US_NETWORK, 'J3      95', 'J3 95 8 0 0 0 7'));
    expect(e.where).toEqual({ file: 'bad.inp', line: lineOf(US_NETWORK, 'J3      95'), field: 'field 7' });
    expect(e.message).toContain('[JUNCTIONS] expected at most 6 fields, got 7');
  });

  it('too few columns in [SUBAREAS]', () => {
    const e = failure(replaceLine(US_NETWORK, 'S1  0.012', 'S1  0.012  0.1  0.05'));
    expect(e.where.field).toBe('S-Perv');
    expect(e.message).toContain('[SUBAREAS] expected at least 7 fields');
  });

  it('a value that is not a number names the field', () => {
    const e = failure(replaceLine(US_NETWORK, 'J3      95', 'J3  9x5  8'));
    expect(e.where).toEqual({ file: 'bad.inp', line: lineOf(US_NETWORK, 'J3      95'), field: 'Elevation' });
    expect(e.message).toContain('[JUNCTIONS] Elevation is not a number: "9x5"');
    const e2 = failure(replaceLine(US_NETWORK, 'C1      J1', 'C1  J1  J2  400  n/a  0  0'));
    expect(e2.where.field).toBe('Roughness');
  });

  it('unknown FLOW_UNITS, routing and keyword values', () => {
    const e = failure(replaceLine(SI_NETWORK, 'FLOW_UNITS', 'FLOW_UNITS           M3S'), 'si.inp');
    expect(e.where).toEqual({ file: 'si.inp', line: lineOf(SI_NETWORK, 'FLOW_UNITS'), field: 'FLOW_UNITS' });
    expect(e.message).toContain('[OPTIONS] unknown FLOW_UNITS "M3S" (expected one of CFS, GPM, MGD, CMS, LPS, MLD)');
    expect(failure(replaceLine(SI_NETWORK, 'FLOW_ROUTING', 'FLOW_ROUTING FAST')).message).toContain(
      'unknown FLOW_ROUTING "FAST"',
    );
    expect(failure(replaceLine(SI_NETWORK, 'START_DATE', 'START_DATE 13/45/2025')).message).toContain(
      'START_DATE is not a date',
    );
    expect(failure(replaceLine(SI_NETWORK, 'ROUTING_STEP', 'ROUTING_STEP soon')).message).toContain(
      'ROUTING_STEP is not a time step',
    );
    const o = failure(replaceLine(SI_NETWORK, 'OUT  245', 'OUT  245  OPEN  NO'));
    expect(o.where.field).toBe('Type');
    expect(o.message).toContain(
      '[OUTFALLS] unknown Type "OPEN" (expected one of FREE, NORMAL, FIXED, TIDAL, TIMESERIES)',
    );
    expect(failure(replaceLine(SI_NETWORK, 'PU1', 'PU1  T1  M2  PCurve  MAYBE')).where.field).toBe('Status');
  });

  it('a link naming a missing node', () => {
    const e = failure(replaceLine(US_NETWORK, 'C3      J3', 'C3  J3  J99  300  0.013  0  0'));
    expect(e.where).toEqual({ file: 'bad.inp', line: lineOf(US_NETWORK, 'C3      J3'), field: 'ToNode' });
    expect(e.message).toBe(
      `bad.inp, line ${lineOf(US_NETWORK, 'C3      J3')}, field ToNode: [CONDUITS] conduit C3 names node J99, which is not defined in [JUNCTIONS], [OUTFALLS], [STORAGE] or [DIVIDERS]`,
    );
    const p = failure(replaceLine(US_NETWORK, 'P1      ST1', 'P1  NOPE  J4  PC1'));
    expect(p.where.field).toBe('FromNode');
    expect(p.message).toContain('pump P1 names node NOPE');
    // names are exact: J1 is not j1
    expect(failure(replaceLine(US_NETWORK, 'C1      J1', 'C1  j1  J2  400  0.013  0  0')).message).toContain(
      'names node j1',
    );
  });

  it('an [XSECTIONS] row for an unknown link, and other dangling references', () => {
    const e = failure(replaceLine(US_NETWORK, 'C6      TRIANGULAR', 'C66  TRIANGULAR  2  4  0  0  1'));
    expect(e.where).toEqual({ file: 'bad.inp', line: lineOf(US_NETWORK, 'C6      TRIANGULAR'), field: 'Link' });
    expect(e.message).toContain(
      '[XSECTIONS] cross-section names link C66, which is not defined in [CONDUITS], [PUMPS], [ORIFICES], [WEIRS] or [OUTLETS]',
    );
    expect(failure(replaceLine(US_NETWORK, 'J1      FLOW', 'J9  FLOW  Inflow1')).message).toContain(
      '[INFLOWS] inflow of FLOW names node J9',
    );
    expect(failure(replaceLine(US_NETWORK, 'S1      RG1', 'S1  RG9  J1  10  50  500  0.5')).message).toContain(
      'subcatchment S1 names rain gage RG9, which is not defined in [RAINGAGES]',
    );
    expect(failure(replaceLine(US_NETWORK, 'S1      RG1', 'S1  RG1  X1  10  50  500  0.5')).message).toContain(
      'names outlet X1',
    );
    expect(failure(replaceLine(US_NETWORK, 'D1  93', 'D1  93  C99  OVERFLOW')).message).toContain(
      'divider D1 names link C99',
    );
  });

  it('a curve or time series referenced but missing', () => {
    const c = failure(replaceLine(US_NETWORK, 'P1      ST1', 'P1  ST1  J4  PC9  ON  2  0.5'));
    expect(c.where).toEqual({ file: 'bad.inp', line: lineOf(US_NETWORK, 'P1      ST1'), field: 'PumpCurve' });
    expect(c.message).toContain('[PUMPS] pump P1 names curve PC9, which is not defined in [CURVES]');
    expect(failure(replaceLine(US_NETWORK, 'ST2     91', 'ST2  91  10  0  TABULAR  Nope')).message).toContain(
      'storage unit ST2 names curve Nope',
    );
    expect(failure(replaceLine(US_NETWORK, 'O3      88', 'O3  88  TIDAL  Tide9')).message).toContain(
      'outfall O3 names curve Tide9',
    );
    expect(failure(replaceLine(US_NETWORK, 'C8      CUSTOM', 'C8  CUSTOM  3  Shape9')).message).toContain(
      'names curve Shape9',
    );
    const t = failure(replaceLine(SI_NETWORK, 'G1', 'G1  INTENSITY  0:05  1.0  TIMESERIES  R9'));
    expect(t.where).toEqual({ file: 'bad.inp', line: lineOf(SI_NETWORK, 'G1'), field: 'SeriesOrFile' });
    expect(t.message).toContain('[RAINGAGES] rain gage G1 names time series R9, which is not defined in [TIMESERIES]');
    expect(failure(replaceLine(US_NETWORK, 'O4      87', 'O4  87  TIMESERIES  Stage9')).message).toContain(
      'outfall O4 names time series Stage9',
    );
    expect(failure(replaceLine(US_NETWORK, 'J1      FLOW', 'J1  FLOW  Nope')).message).toContain(
      'names time series Nope',
    );
  });

  it('duplicate names, within a section, across node sections, and differing only in case', () => {
    const e = failure(replaceLine(US_NETWORK, 'J4      94', 'J2  94  8'));
    expect(e.where).toEqual({ file: 'bad.inp', line: lineOf(US_NETWORK, 'J4      94'), field: 'Name' });
    expect(e.message).toContain(
      `[JUNCTIONS] duplicate node name "J2" (already defined in [JUNCTIONS] at line ${lineOf(US_NETWORK, 'J2      98.25')})`,
    );
    expect(failure(replaceLine(US_NETWORK, 'O1      90', 'J1  90  FREE  NO')).message).toContain(
      '[OUTFALLS] duplicate node name "J1" (already defined in [JUNCTIONS]',
    );
    expect(failure(replaceLine(US_NETWORK, 'J4      94', 'j1  94  8')).message).toContain('duplicate node name "j1"');
    expect(failure(replaceLine(US_NETWORK, 'C8      J4', 'P1  J4  O3  100  0.013  0  0')).message).toContain(
      '[PUMPS] duplicate link name "P1"',
    );
    expect(failure(replaceLine(US_NETWORK, 'OR2     circular', 'OR1  CIRCULAR  0.5')).message).toContain(
      'duplicate cross-section for link OR1',
    );
    expect(failure(replaceLine(US_NETWORK, 'Ext1', 'Rain1  FILE  x.dat')).message).toContain(
      'time series Rain1 is defined twice',
    );
  });

  it('curves and series whose x or time does not increase', () => {
    const e = failure(replaceLine(US_NETWORK, 'SCurve1           5', 'SCurve1           0  400'));
    expect(e.where.line).toBe(lineOf(US_NETWORK, 'SCurve1  STORAGE'));
    expect(e.message).toContain('curve SCurve1: X-Values must increase');
    expect(failure(replaceLine(US_NETWORK, 'Rain1                1:00', 'Rain1  0:20  0')).message).toContain(
      'time series Rain1: times must increase',
    );
    expect(failure(replaceLine(US_NETWORK, 'PC1      PUMP2', 'PC1  0  0')).message).toContain(
      'its first line must give the curve type',
    );
  });

  it('values SWMM rejects: negative depths, zero length or roughness, fractional barrels, unknown curve type', () => {
    const d = failure(replaceLine(US_NETWORK, 'J3      95', 'J3  95  -8'));
    expect(d.where).toEqual({ file: 'bad.inp', line: lineOf(US_NETWORK, 'J3      95'), field: 'MaxDepth' });
    expect(d.message).toContain('[JUNCTIONS] MaxDepth must be at least 0, got -8');
    expect(failure(replaceLine(US_NETWORK, 'C1      J1', 'C1  J1  J2  0  0.013  0  0')).message).toContain(
      'Length must be greater than 0, got 0',
    );
    const n = failure(replaceLine(US_NETWORK, 'C1      J1', 'C1  J1  J2  400  0  0  0'));
    expect(n.where).toEqual({ file: 'bad.inp', line: lineOf(US_NETWORK, 'C1      J1'), field: 'Roughness' });
    expect(
      failure(replaceLine(US_NETWORK, 'C3      RECT_CLOSED', 'C3  RECT_CLOSED  3  4  0  0  1.5')).message,
    ).toContain('Barrels must be a whole number of at least 1, got 1.5');
    expect(failure(replaceLine(US_NETWORK, 'C1      CIRCULAR', 'C1  CIRCULAR  0  0  0  0  1')).message).toContain(
      'Geom1 must be greater than 0',
    );
    expect(failure(replaceLine(US_NETWORK, 'C1  0.5', 'C1  -0.5  0.5  0.1')).where.field).toBe('Kentry');
    const c = failure(replaceLine(US_NETWORK, 'Rating1  RATING', 'Rating1  RATNG  0  0  1  2  2  6'));
    expect(c.where.field).toBe('Type');
    expect(c.message).toContain(
      '[CURVES] unknown Type "RATNG" (expected one of STORAGE, DIVERSION, TIDAL, RATING, CONTROL, SHAPE, WEIR, PUMP1',
    );
    expect(failure(replaceLine(US_NETWORK, 'ST3     90', 'ST3  90  12  0  CYLINDRICAL  0  10  0')).where.field).toBe(
      'Length',
    );
  });

  it('data before the first section, and an empty name', () => {
    expect(failure('J1 10 2\n[JUNCTIONS]\n').where.line).toBe(1);
    expect(failure('[JUNCTIONS]\n"" 10 2\n').message).toContain('empty name');
  });

  it('validateSwmmInp checks a model built in code (no line numbers)', () => {
    const m = emptySwmmInp('CMS');
    m.junctions.push({ name: 'A', invert: 1, maxDepth: 1, initDepth: 0, surDepth: 0, aponded: 0 });
    m.conduits.push({
      name: 'L',
      from: 'A',
      to: 'B',
      length: 1,
      roughness: 0.01,
      inOffset: 0,
      outOffset: 0,
      initFlow: 0,
      maxFlow: 0,
    });
    expect(() => validateSwmmInp(m, 'gen.inp')).toThrow(/^gen\.inp, field ToNode: \[CONDUITS\] conduit L names node B/);
  });
});
