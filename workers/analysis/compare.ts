/**
 * Comparing two runs on the same twin: a difference map of maximum depth (B − A) and a table of
 * metric rows (A, B, B − A) for the compare panel and the report.
 */
import { InputError } from '../../src/core/errors.ts';
import { sameShape, type Grid } from '../../src/core/grid.ts';
import { HAZARD_CLASSES } from './hazardRating.ts';
import type { FloodMetrics } from './floodMetrics.ts';

/**
 * B − A per cell; NaN where both are dry (depth ≤ dryM) or either is nodata. A dry cell on one side
 * counts as depth 0, so newly flooded cells show their full depth and protected ones a negative one.
 */
export function differenceMap(a: Grid, b: Grid, dryM = 0): Grid {
  if (!sameShape(a, b)) {
    throw new InputError(
      `runs A and B are on different grids (${a.ncols}×${a.nrows} at ${a.cellSize} m vs ${b.ncols}×${b.nrows} at ${b.cellSize} m)`,
      { field: 'grid' },
    );
  }
  const n = a.values.length;
  const out = new Float32Array(n);
  const va = a.values;
  const vb = b.values;
  for (let i = 0; i < n; i++) {
    const x = va[i];
    const y = vb[i];
    if (Number.isNaN(x) || Number.isNaN(y)) out[i] = NaN;
    else {
      const wa = x > dryM;
      const wb = y > dryM;
      out[i] = !wa && !wb ? NaN : (wb ? y : 0) - (wa ? x : 0);
    }
  }
  return {
    ncols: a.ncols,
    nrows: a.nrows,
    cellSize: a.cellSize,
    xll: a.xll,
    yll: a.yll,
    values: out,
    nodata: a.nodata ?? -9999,
    crs: a.crs,
  };
}

export interface MetricRow {
  key: string;
  label: string;
  unit: string;
  a: number | null;
  b: number | null;
  /** b − a, null when either is missing */
  change: number | null;
  /** true when a smaller value is better (all of these are) */
  lowerIsBetter: boolean;
}

function row(key: string, label: string, unit: string, a: number | undefined, b: number | undefined): MetricRow {
  const av = a === undefined ? null : a;
  const bv = b === undefined ? null : b;
  return { key, label, unit, a: av, b: bv, change: av === null || bv === null ? null : bv - av, lowerIsBetter: true };
}

/** Rows of the metrics table; the band rows follow A's bands (both runs must use the same bands). */
export function metricRows(a: FloodMetrics, b?: FloodMetrics): MetricRow[] {
  if (b && a.depthBandsM.join(',') !== b.depthBandsM.join(',')) {
    throw new InputError('runs A and B use different depth bands', { field: 'depthBandsM' });
  }
  const rows: MetricRow[] = [];
  const ha = 1e-4; // m² → ha
  rows.push(row('floodedAreaHa', 'Flooded area', 'ha', a.floodedAreaM2 * ha, b && b.floodedAreaM2 * ha));
  a.bandLabels.forEach((lab, i) => {
    rows.push(
      row(
        `floodedAreaHa.band${i}`,
        `Flooded area ${lab}`,
        'ha',
        a.floodedAreaM2ByBand[i] * ha,
        b && b.floodedAreaM2ByBand[i] * ha,
      ),
    );
  });
  rows.push(row('buildingsFlooded', 'Buildings flooded', 'buildings', a.buildingsFlooded, b?.buildingsFlooded));
  a.bandLabels.forEach((lab, i) => {
    rows.push(row(`buildings.band${i}`, `Buildings ${lab}`, 'buildings', a.buildingsByBand[i], b?.buildingsByBand[i]));
  });
  rows.push(row('peopleExposed', 'People exposed', 'people', a.peopleExposed, b?.peopleExposed));
  a.bandLabels.forEach((lab, i) => {
    rows.push(row(`people.band${i}`, `People ${lab}`, 'people', a.peopleByBand[i], b?.peopleByBand[i]));
  });
  HAZARD_CLASSES.forEach((h, i) => {
    rows.push(
      row(
        `floodedAreaHa.hazard.${h}`,
        `Flooded area at ${h} hazard (FD2320)`,
        'ha',
        a.floodedAreaM2ByHazard[i] * ha,
        b && b.floodedAreaM2ByHazard[i] * ha,
      ),
    );
  });
  HAZARD_CLASSES.forEach((h, i) => {
    rows.push(
      row(`people.hazard.${h}`, `People at ${h} hazard (FD2320)`, 'people', a.peopleByHazard[i], b?.peopleByHazard[i]),
    );
  });
  HAZARD_CLASSES.forEach((h, i) => {
    rows.push(
      row(
        `buildings.hazard.${h}`,
        `Buildings at ${h} hazard (FD2320)`,
        'buildings',
        a.buildingsByHazard[i],
        b?.buildingsByHazard[i],
      ),
    );
  });
  rows.push(
    row(
      'facilitiesFlooded',
      'Critical facilities flooded',
      'facilities',
      a.facilitiesFlooded.length,
      b?.facilitiesFlooded.length,
    ),
  );
  rows.push(row('roadKmCut', 'Roads cut (depth ≥ 0.3 m)', 'km', a.roadKmCut, b?.roadKmCut));
  rows.push(
    row(
      'evacuationClearanceMin',
      'Evacuation clearance time',
      'min',
      a.evacuationClearanceS !== undefined ? a.evacuationClearanceS / 60 : undefined,
      b?.evacuationClearanceS !== undefined ? b.evacuationClearanceS / 60 : undefined,
    ),
  );
  rows.push(row('sewerOverflowM3', 'Sewer overflow volume', 'm³', a.sewerOverflowM3, b?.sewerOverflowM3));
  rows.push(row('damage', 'Damage estimate', a.damageCurrency || 'value', a.damage, b?.damage));
  return rows;
}

/** The A/B table (B − A in `change`). */
export function compareMetrics(a: FloodMetrics, b: FloodMetrics): MetricRow[] {
  return metricRows(a, b);
}

export interface ExtentChange {
  /** dry in A (below wetM), wet in B */
  newlyFloodedM2: number;
  /** wet in A, dry in B */
  noLongerFloodedM2: number;
  /** wet in both, deeper / shallower in B by more than toleranceM */
  deeperM2: number;
  shallowerM2: number;
  /** Σ (B − A)·cell area over cells valid in both: the change in the volume of maximum depth */
  maxDepthVolumeChangeM3: number;
}

/** How the flooded extent moved between runs A and B (maximum-depth grids on the same twin). */
export function extentChange(a: Grid, b: Grid, wetM = 0.1, toleranceM = 0.01): ExtentChange {
  if (!sameShape(a, b)) throw new InputError('runs A and B are on different grids', { field: 'grid' });
  const area = a.cellSize * a.cellSize;
  let nf = 0;
  let nl = 0;
  let dp = 0;
  let sh = 0;
  let dv = 0;
  const va = a.values;
  const vb = b.values;
  for (let i = 0; i < va.length; i++) {
    const x = va[i];
    const y = vb[i];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    dv += y - x;
    const wa = x >= wetM;
    const wb = y >= wetM;
    if (!wa && wb) nf++;
    else if (wa && !wb) nl++;
    else if (wa && wb) {
      if (y - x > toleranceM) dp++;
      else if (x - y > toleranceM) sh++;
    }
  }
  return {
    newlyFloodedM2: nf * area,
    noLongerFloodedM2: nl * area,
    deeperM2: dp * area,
    shallowerM2: sh * area,
    maxDepthVolumeChangeM3: dv * area,
  };
}
