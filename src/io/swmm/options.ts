/**
 * The [OPTIONS] values EPA SWMM 5.2 runs with when a file is silent (SWMM 5 User's Manual, Appendix D
 * "[OPTIONS]", and the defaults the engine sets before reading a file: project.c setDefaults, with the
 * dynamic-wave fallbacks of a zero MIN_SURFAREA / HEAD_TOLERANCE / MAX_TRIALS). Lengths and areas stay in
 * the file's units (ft, ft² for CFS/GPM/MGD; m, m² otherwise).
 */
import { isUsUnits } from './units.ts';
import type { SwmmOptions } from './types.ts';

/** Every routing-relevant option with SWMM's value when the file gives none. */
export interface ResolvedSwmmOptions {
  flowRouting: NonNullable<SwmmOptions['flowRouting']>;
  linkOffsets: NonNullable<SwmmOptions['linkOffsets']>;
  forceMainEquation: NonNullable<SwmmOptions['forceMainEquation']>;
  inertialDamping: NonNullable<SwmmOptions['inertialDamping']>;
  normalFlowLimited: NonNullable<SwmmOptions['normalFlowLimited']>;
  surchargeMethod: NonNullable<SwmmOptions['surchargeMethod']>;
  allowPonding: boolean;
  skipSteadyState: boolean;
  /** seconds */
  routingStep: number;
  reportStep: number;
  wetStep: number;
  dryStep: number;
  /** 0: fixed ROUTING_STEP; otherwise the Courant factor of the variable step */
  variableStep: number;
  /** shortest variable step (s) */
  minimumStep: number;
  /** 0: conduits are not lengthened */
  lengtheningStep: number;
  /** node surface area used when a node has less (ft² or m²): SWMM's 12.566 ft² (a 4 ft manhole) */
  minSurfarea: number;
  /** Picard convergence tolerance on node heads (ft or m): SWMM's 0.005 ft */
  headTolerance: number;
  maxTrials: number;
  minSlope: number;
  sysFlowTol: number;
  latFlowTol: number;
}

const FT = 0.3048;

/**
 * SWMM's values for the options a file leaves out (or sets to 0 where 0 means "use the default").
 * @example resolvedSwmmOptions({ flowUnits: 'CFS', other: {} }).flowRouting // 'KINWAVE'
 */
export function resolvedSwmmOptions(o: SwmmOptions): ResolvedSwmmOptions {
  const us = isUsUnits(o.flowUnits);
  const positive = (v: number | undefined, dflt: number) => (v !== undefined && v > 0 ? v : dflt);
  return {
    flowRouting: o.flowRouting ?? 'KINWAVE',
    linkOffsets: o.linkOffsets ?? 'DEPTH',
    forceMainEquation: o.forceMainEquation ?? 'H-W',
    inertialDamping: o.inertialDamping ?? 'PARTIAL',
    normalFlowLimited: o.normalFlowLimited ?? 'BOTH',
    surchargeMethod: o.surchargeMethod ?? 'EXTRAN',
    allowPonding: o.allowPonding ?? false,
    skipSteadyState: o.skipSteadyState ?? false,
    routingStep: positive(o.routingStep, 300),
    reportStep: positive(o.reportStep, 900),
    wetStep: positive(o.wetStep, 300),
    dryStep: positive(o.dryStep, 3600),
    variableStep: o.variableStep ?? 0,
    minimumStep: positive(o.minimumStep, 0.5),
    lengtheningStep: o.lengtheningStep ?? 0,
    minSurfarea: positive(o.minSurfarea, us ? 12.566 : 12.566 * FT * FT),
    headTolerance: positive(o.headTolerance, us ? 0.005 : 0.005 * FT),
    maxTrials: positive(o.maxTrials, 8),
    minSlope: o.minSlope ?? 0,
    sysFlowTol: o.sysFlowTol ?? 0.05,
    latFlowTol: o.latFlowTol ?? 0.05,
  };
}
