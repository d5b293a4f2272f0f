/**
 * Scenario `"drainage"` field → the coupler's structured-clone config. Gauge-tied outfalls need the
 * gauge's stage series (absolute elevations, s from the scenario start) from the caller.
 */
import { InputError } from '../../src/core/errors.ts';
import type { Series } from '../../src/core/timeSeries.ts';
import type { DrainageScenario } from '../../src/core/scenario/drainage.ts';
import type { DrainageCouplingConfig, OutfallOverride } from './coupler.ts';

export function couplingConfigFromScenario(
  d: DrainageScenario,
  inpText: string,
  file: string,
  gaugeStage?: (gaugeId: string) => Series | undefined,
): DrainageCouplingConfig {
  const outfalls: Record<string, OutfallOverride> = {};
  for (const [id, o] of Object.entries(d.outfalls)) {
    if (o.mode === 'gauge') {
      const s = gaugeStage?.(o.gauge!);
      if (!s || s.length === 0)
        throw new InputError(`outfall "${id}" is tied to gauge "${o.gauge}", which has no stage record`, {
          path: `drainage.outfalls.${id}.gauge`,
        });
      outfalls[id] = { mode: 'series', series: s };
    } else if (o.mode === 'series') outfalls[id] = { mode: 'series', series: o.stage };
    else if (o.mode === 'fixed') outfalls[id] = { mode: 'fixed', stage: o.stageM };
    else outfalls[id] = { mode: o.mode };
  }
  return {
    inpText,
    file,
    options: {
      weirCoeff: d.weirCoeff,
      orificeCoeff: d.orificeCoeff,
      submergedCoeff: d.submergedCoeff,
      relaxation: d.relaxation,
      manholeArea: d.manholeAreaM2,
      outfallMode: d.outfallMode,
      outfalls,
      useFileInflows: d.useFileInflows,
      routingStep: d.routingStepS,
      nodes: d.nodes,
    },
  };
}
