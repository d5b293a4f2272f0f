/**
 * [TRANSECTS]: irregular channel cross-sections in the HEC-2 card format SWMM reads (SWMM 5 User's Manual,
 * Appendix D "[TRANSECTS]"):
 *   NC  nLeft nRight nChannel          Manning's n of the overbanks and channel (0 = keep the previous value)
 *   X1  name nSta xLeftBank xRightBank 0 0 lengthFactor stationFactor elevationOffset
 *       (the two zeros are HEC-2's overbank reach lengths, unused; a 0 factor means 1)
 *   GR  elevation station  elevation station ...
 * The section stays unmodelled in the layout (written back verbatim); its values are kept as written
 * (file units), with the station factor and elevation offset applied to the points.
 */
import { InputError } from '../../core/errors.ts';
import type { Transect } from './types.ts';

interface TransectState {
  n: [number, number, number];
  current?: Transect;
}

/** Parses one data line of [TRANSECTS] into `out`; errors name the file, line and field. */
export function readTransectLine(
  toks: string[],
  line: number,
  file: string,
  state: TransectState,
  out: Transect[],
): void {
  const err = (msg: string, field: string) => new InputError(`[TRANSECTS] ${msg}`, { file, line, field });
  const num = (i: number, field: string): number => {
    const v = Number(toks[i]);
    if (toks[i] === undefined || toks[i] === '' || !Number.isFinite(v))
      throw err(`${field} is not a number: "${(toks[i] ?? '').slice(0, 40)}"`, field);
    return v;
  };
  const key = toks[0].toUpperCase();
  if (key === 'NC') {
    if (toks.length < 4)
      throw err(`NC needs 3 Manning's n values (left overbank, right overbank, channel), got ${toks.length - 1}`, 'NC');
    const n = [num(1, 'Nleft'), num(2, 'Nright'), num(3, 'Nchannel')];
    for (let i = 0; i < 3; i++)
      if (n[i] < 0) throw err(`Manning's n must be ≥ 0, got ${n[i]}`, ['Nleft', 'Nright', 'Nchannel'][i]);
    for (let i = 0; i < 3; i++) if (n[i] > 0) state.n[i] = n[i];
    return;
  }
  if (key === 'X1') {
    if (toks.length < 10)
      throw err(`X1 needs 9 fields (Name Nsta Xleft Xright 0 0 Lfactor Wfactor Eoffset), got ${toks.length - 1}`, 'X1');
    const stationFactor = num(8, 'Wfactor') || 1;
    const t: Transect = {
      name: toks[1],
      nLeft: state.n[0] || state.n[2],
      nRight: state.n[1] || state.n[2],
      nChannel: state.n[2],
      xLeftBank: num(3, 'Xleft') * stationFactor,
      xRightBank: num(4, 'Xright') * stationFactor,
      lengthFactor: num(7, 'Lfactor') || 1,
      stationFactor,
      elevationOffset: num(9, 'Eoffset'),
      points: [],
      line,
    };
    if (!(t.nChannel > 0))
      throw err(`transect "${t.name}" has no channel Manning's n (an NC line must come first)`, 'Nchannel');
    if (t.xLeftBank > t.xRightBank)
      throw err(
        `transect "${t.name}": left bank station ${t.xLeftBank} is right of the right bank ${t.xRightBank}`,
        'Xleft',
      );
    state.current = t;
    out.push(t);
    return;
  }
  if (key === 'GR') {
    const t = state.current;
    if (!t) throw err('GR line before any X1 line', 'GR');
    if ((toks.length - 1) % 2 !== 0) throw err(`GR needs elevation-station pairs, got ${toks.length - 1} values`, 'GR');
    for (let i = 1; i < toks.length; i += 2) {
      const station = num(i + 1, 'Station') * t.stationFactor;
      const last = t.points[t.points.length - 1];
      if (last && station < last[0])
        throw err(
          `transect "${t.name}": station ${station} comes after ${last[0]} (stations must not decrease)`,
          'Station',
        );
      t.points.push([station, num(i, 'Elevation') + t.elevationOffset]);
    }
    return;
  }
  throw err(`unknown line keyword "${toks[0].slice(0, 20)}" (expected NC, X1 or GR)`, 'keyword');
}

/** A fresh parse state: no Manning's n yet. */
export function transectState(): TransectState {
  return { n: [0, 0, 0] };
}
