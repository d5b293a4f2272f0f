/**
 * The scenario's `"drainage"` field (zod, strict objects): switches the 1D sewer network on and sets
 * the surface ↔ manhole exchange. Coefficients after Rubinato et al. 2017 (docs/ARCHITECTURE.md,
 * "Sources"); calibrated values vary widely by grate (weir 0.12–0.37, orifice 0.35–2.0).
 *
 * {
 *   "network": "network.inp",            // SWMM 5 file, relative to the scenario; [COORDINATES] in grid units
 *   "weirCoeff": 0.54, "orificeCoeff": 0.167, "submergedCoeff": 0.056,
 *   "relaxation": 0.5,                   // Q = r·Q_new + (1 − r)·Q_old between network sub-steps
 *   "manholeAreaM2": 1.167,              // default: the file's MIN_SURFAREA (SWMM default 12.566 ft²)
 *   "outfallMode": "grid",               // "file": each outfall as the file says; "grid": outfalls on the grid read h + z there
 *   "outfalls": { "OUT1": { "mode": "gauge", "gauge": "cuntan" }, "OUT2": { "mode": "fixed", "stageM": 181.5 } },
 *   "useFileInflows": true,              // the file's [INFLOWS] and [DWF]
 *   "routingStepS": 5                    // longest network sub-step; default the file's ROUTING_STEP
 * }
 */
import { z } from 'zod';

const series = z
  .array(z.tuple([z.number().finite(), z.number().finite()]))
  .min(1, 'a series needs at least one [t, value] pair')
  .superRefine((s, ctx) => {
    for (let i = 1; i < s.length; i++) {
      if (!(s[i][0] > s[i - 1][0]))
        ctx.addIssue({
          code: 'custom',
          path: [i, 0],
          message: `times must increase: t = ${s[i][0]} comes after t = ${s[i - 1][0]}`,
        });
    }
  });

export const drainageOutfallSchema = z
  .strictObject({
    /** grid: stage = h + z at the outfall's cell (discharge onto it); gauge: a gauge's record; series: stage series (s → m); fixed: stageM; free: no backwater; file: as in the .inp */
    mode: z.enum(['grid', 'gauge', 'series', 'fixed', 'free', 'file']),
    gauge: z.string().min(1).optional(),
    stage: series.optional(),
    stageM: z.number().finite().optional(),
  })
  .superRefine((o, ctx) => {
    if (o.mode === 'gauge' && !o.gauge)
      ctx.addIssue({ code: 'custom', path: ['gauge'], message: 'mode "gauge" needs "gauge" (a gauge id)' });
    if (o.mode === 'series' && !o.stage)
      ctx.addIssue({ code: 'custom', path: ['stage'], message: 'mode "series" needs "stage" ([t, m] pairs)' });
    if (o.mode === 'fixed' && o.stageM === undefined)
      ctx.addIssue({ code: 'custom', path: ['stageM'], message: 'mode "fixed" needs "stageM"' });
  });

export const DRAINAGE_DEFAULTS = {
  weirCoeff: 0.54,
  orificeCoeff: 0.167,
  submergedCoeff: 0.056,
  relaxation: 0.5,
  outfallMode: 'file' as const,
  useFileInflows: true,
};

export const drainageSchema = z.strictObject({
  network: z.string().min(1),
  weirCoeff: z.number().positive().default(DRAINAGE_DEFAULTS.weirCoeff),
  orificeCoeff: z.number().positive().default(DRAINAGE_DEFAULTS.orificeCoeff),
  submergedCoeff: z.number().positive().default(DRAINAGE_DEFAULTS.submergedCoeff),
  relaxation: z.number().gt(0).max(1).default(DRAINAGE_DEFAULTS.relaxation),
  manholeAreaM2: z.number().positive().optional(),
  outfallMode: z.enum(['file', 'grid']).default(DRAINAGE_DEFAULTS.outfallMode),
  outfalls: z.record(z.string(), drainageOutfallSchema).default({}),
  useFileInflows: z.boolean().default(DRAINAGE_DEFAULTS.useFileInflows),
  routingStepS: z.number().positive().optional(),
  /** couple only these nodes (default: every junction and storage node inside the grid) */
  nodes: z.array(z.string().min(1)).optional(),
});

export type DrainageScenario = z.output<typeof drainageSchema>;
export type DrainageScenarioInput = z.input<typeof drainageSchema>;
