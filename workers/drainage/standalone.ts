/**
 * A network on its own, the way SWMM runs it: the file's inflows, dry-weather flows and time series,
 * its duration and report step; results laid out like SWMM's report summaries (Node Depth, Node
 * Flooding, Outfall Loading, Link Flow, Flow Routing Continuity) in the file's own units.
 */
import { dropWarnings } from './checks.ts';
import type { DrainageNetwork } from './network.ts';
import { DrainageSolver, NODE_OUTFALL, NODE_STORAGE, LINK_CONDUIT, LINK_PUMP, LINK_ORIFICE } from './solver.ts';
import { linkSample, type DrainageSample } from './coupler.ts';
import { isUsUnits, unitFactors } from './fromSwmm.ts';

export interface StandaloneOptions {
  duration?: number;
  reportStep?: number;
  file?: string;
  title?: string;
}

export interface StandaloneResult {
  samples: DrainageSample[];
  summary: Record<string, unknown>;
  solver: DrainageSolver;
}

function clock(t: number): string {
  const d = Math.floor(t / 86400);
  const h = Math.floor((t - d * 86400) / 3600);
  const m = Math.round((t - d * 86400 - h * 3600) / 60);
  return `${d} ${String(h).padStart(2, '0')}:${String(m === 60 ? 59 : m).padStart(2, '0')}`;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const r6 = (v: number) => (Math.abs(v) >= 1e-3 ? Math.round(v * 1e6) / 1e6 : Number(v.toPrecision(6)));

export function runStandalone(net: DrainageNetwork, opt: StandaloneOptions = {}): StandaloneResult {
  const s = new DrainageSolver(net, opt.file ?? 'network');
  const duration = opt.duration ?? net.duration ?? 3600;
  const reportStep = opt.reportStep ?? net.reportStep ?? 300;
  const fu = net.flowUnits ?? 'CMS';
  const u = unitFactors(fu);
  const us = isUsUnits(fu);
  const volUnit = us ? 3785.411784 : 1000; // m³ per 10^6 gal or 10^6 L
  const nN = s.nN;
  const nL = s.nL;
  const sumDepth = new Float64Array(nN);
  const maxDepth = new Float64Array(nN);
  const tMaxDepth = new Float64Array(nN);
  const floodTime = new Float64Array(nN);
  const floodMax = new Float64Array(nN);
  const tFloodMax = new Float64Array(nN);
  const floodVol = new Float64Array(nN);
  // ALLOW_PONDING: the volume above a node's full volume is ponded; what enters the pond is flooding
  // (SWMM's Node Flooding Summary lists it with the largest ponded depth)
  const pondPrev = new Float64Array(nN);
  const outFlowTime = new Float64Array(nN);
  const outFlowVol = new Float64Array(nN);
  const outMax = new Float64Array(nN);
  const outPrev = new Float64Array(nN);
  const maxFlow = new Float64Array(nL);
  const tMaxFlow = new Float64Array(nL);
  const maxVel = new Float64Array(nL);
  const maxFill = new Float64Array(nL);
  const capPrev = new Float64Array(nN);
  for (let i = 0; i < nN; i++) maxDepth[i] = s.nH[i] - s.nInv[i];
  // crown of the highest conduit at each node (SWMM's surcharge threshold)
  const crown = new Float64Array(nN);
  const surTime = new Float64Array(nN);
  for (let i = 0; i < nN; i++) {
    let c = 0;
    for (let a = s.adjStart[i]; a < s.adjStart[i + 1]; a++) {
      const k = s.adjLink[a];
      const zEnd = s.adjEnd[a] === 0 ? s.lZ1[k] : s.lZ2[k];
      if (s.lClosed[k]) c = Math.max(c, zEnd + s.lYFull[k] - s.nInv[i]);
    }
    crown[i] = c;
  }
  const samples: DrainageSample[] = [];
  const take = (t: number) => {
    const nodes = {
      id: s.nodeIds,
      head: [] as number[],
      depth: [] as number[],
      overflow: [] as number[],
      captured: [] as number[],
      flooding: [] as number[],
    };
    for (let i = 0; i < nN; i++) {
      nodes.head.push(s.nH[i]);
      nodes.depth.push(s.nH[i] - s.nInv[i]);
      // standalone: the overflow of a node is its flooding (lost or ponded)
      nodes.overflow.push(floodVol[i] - capPrev[i]);
      nodes.captured.push(0);
      nodes.flooding.push(floodVol[i] - capPrev[i]);
      capPrev[i] = floodVol[i];
    }
    samples.push({ t, nodes, links: linkSample(s) });
  };
  take(0);
  let tNext = reportStep;
  let minStep = Number.POSITIVE_INFINITY;
  let maxStep = 0;
  const onStep = (dt: number) => {
    const t = s.t;
    // the last step before a report time is cut to it; SWMM's step summary counts the steps it chose
    if (t < tNext - 1e-9 || dt >= minStep) minStep = Math.min(minStep, dt);
    if (dt > maxStep) maxStep = dt;
    for (let i = 0; i < nN; i++) {
      const d = s.nH[i] - s.nInv[i];
      sumDepth[i] += d * dt;
      if (crown[i] > 0 && d > crown[i] + 1e-6 && s.nKind[i] !== NODE_OUTFALL) surTime[i] += dt;
      if (d > maxDepth[i]) {
        maxDepth[i] = d;
        tMaxDepth[i] = t;
      }
      let f = s.nFlood[i];
      if (s.nPondArea[i] > 0) {
        const pv = Math.max(0, s.nV[i] - s.nVFull[i]);
        f += Math.max(0, pv - pondPrev[i]) / dt;
        if (pv > 0 && f === 0) floodTime[i] += dt; // ponded while draining back
        pondPrev[i] = pv;
      }
      if (f > 0) {
        floodTime[i] += dt;
        floodVol[i] += f * dt;
        if (f > floodMax[i]) {
          floodMax[i] = f;
          tFloodMax[i] = t;
        }
      }
      if (s.nKind[i] === NODE_OUTFALL) {
        const q = (s.volOutfall[i] - outPrev[i]) / dt;
        outPrev[i] = s.volOutfall[i];
        if (q > 1e-9) {
          outFlowTime[i] += dt;
          outFlowVol[i] += q * dt;
        }
        if (q > outMax[i]) outMax[i] = q;
      }
    }
    for (let k = 0; k < nL; k++) {
      const q = Math.abs(s.lQ[k]);
      if (q > maxFlow[k]) {
        maxFlow[k] = q;
        tMaxFlow[k] = t;
      }
      const v = Math.abs(s.lVel[k]);
      if (v > maxVel[k]) maxVel[k] = v;
      const yf = s.lYFull[k];
      if (yf > 0 && s.lDepth[k] / yf > maxFill[k]) maxFill[k] = s.lDepth[k] / yf;
    }
    if (t >= tNext - 1e-9) {
      take(t);
      tNext += reportStep;
    }
  };
  const t0 = performance.now();
  while (s.t < duration - 1e-9) {
    const target = Math.min(tNext, duration);
    s.advanceTo(target, onStep);
  }
  const wall = performance.now() - t0;
  if (samples[samples.length - 1].t < s.t - 1e-9) take(s.t);

  const L = u.len;
  const Q = u.flow;
  const nodeDepthSummary = [];
  const nodeFloodingSummary = [];
  const outfallLoadingSummary = [];
  const nodeSurchargeSummary = [];
  for (let i = 0; i < nN; i++) {
    const type = s.nKind[i] === NODE_OUTFALL ? 'OUTFALL' : s.nKind[i] === NODE_STORAGE ? 'STORAGE' : 'JUNCTION';
    nodeDepthSummary.push({
      node: s.nodeIds[i],
      type,
      averageDepth: r3(sumDepth[i] / duration / L),
      maximumDepth: r3(maxDepth[i] / L),
      maximumHGL: r3((s.nInv[i] + maxDepth[i]) / L),
      timeOfMax: clock(tMaxDepth[i]),
    });
    if (surTime[i] > 0) {
      nodeSurchargeSummary.push({
        node: s.nodeIds[i],
        type,
        hoursSurcharged: r3(surTime[i] / 3600),
        maxHeightAboveCrown: r3((maxDepth[i] - crown[i]) / L),
        minDepthBelowRim: r3(Math.max(0, s.nMaxDepth[i] - maxDepth[i]) / L),
      });
    }
    if (floodVol[i] > 0) {
      nodeFloodingSummary.push({
        node: s.nodeIds[i],
        hoursFlooded: r3(floodTime[i] / 3600),
        maximumRate: r3(floodMax[i] / Q),
        timeOfMax: clock(tFloodMax[i]),
        totalFloodVolume: r3(floodVol[i] / volUnit),
        ...(s.nPondArea[i] > 0 ? { maximumPondedDepth: r3(Math.max(0, maxDepth[i] - s.nFullDepth[i]) / L) } : {}),
      });
    }
    if (s.nKind[i] === NODE_OUTFALL) {
      outfallLoadingSummary.push({
        outfall: s.nodeIds[i],
        flowFreqPct: r3((100 * outFlowTime[i]) / duration),
        avgFlow: r3(outFlowTime[i] > 0 ? outFlowVol[i] / outFlowTime[i] / Q : 0),
        maxFlow: r3(outMax[i] / Q),
        totalVolume: r6(s.volOutfall[i] / volUnit),
      });
    }
  }
  const linkFlowSummary = [];
  for (let k = 0; k < nL; k++) {
    const kind = s.lKind[k];
    const type =
      kind === LINK_CONDUIT ? 'CONDUIT' : kind === LINK_PUMP ? 'PUMP' : kind === LINK_ORIFICE ? 'ORIFICE' : 'WEIR';
    const row: Record<string, unknown> = {
      link: s.linkIds[k],
      type,
      maximumFlow: r3(maxFlow[k] / Q),
      timeOfMax: clock(tMaxFlow[k]),
    };
    if (kind === LINK_CONDUIT) {
      row.maximumVelocity = r3(maxVel[k] / L);
      row.maxOverFullFlow = r3(s.lQFull[k] > 0 ? maxFlow[k] / s.lQFull[k] : 0);
      row.maxOverFullDepth = r3(Math.min(maxFill[k], 1));
    }
    if (kind === LINK_PUMP) row.switches = s.lPumpSwitches[k];
    linkFlowSummary.push(row);
  }
  const c = s.continuity();
  let outfallTotal = 0;
  for (let i = 0; i < nN; i++) if (s.nKind[i] === NODE_OUTFALL) outfallTotal += s.volOutfall[i];
  const contUnit = us ? 3785.411784 : 1000;
  const inflowTot = c.stored0 + c.inflow;
  const flowRoutingContinuity = {
    units: us ? '10^6 gal' : '10^6 ltr',
    dryWeatherInflow: r6(s.volDwf / contUnit),
    wetWeatherInflow: r6(s.volRunoff / contUnit),
    groundwaterInflow: 0,
    rdiiInflow: 0,
    externalInflow: r6(s.volExternal / contUnit),
    externalOutflow: r6(outfallTotal / contUnit),
    floodingLoss: r6(s.volFlood / contUnit),
    evaporationLoss: 0,
    exfiltrationLoss: 0,
    initialStoredVolume: r6(c.stored0 / contUnit),
    finalStoredVolume: r6(c.stored / contUnit),
    continuityErrorPct: inflowTot > 0 ? Number(((100 * c.error) / inflowTot).toPrecision(4)) : 0,
  };
  const warnings: string[] = dropWarnings(net);
  if (Math.abs(flowRoutingContinuity.continuityErrorPct) > 1) {
    warnings.push(
      `flow routing continuity error ${flowRoutingContinuity.continuityErrorPct} % exceeds 1 %: results are not reliable`,
    );
  }
  if (net.fileRouting && net.fileRouting !== 'DYNWAVE') {
    warnings.push(
      `the file routes by ${net.fileRouting}${net.fileRoutingDefaulted ? " (SWMM's default: FLOW_ROUTING not given)" : ''}; floodtwin routed it by dynamic wave`,
    );
  }
  const ro = net.runoff;
  const runoffQuantityContinuity = ro
    ? {
        totalPrecipitation_m3: r6(ro.precipitation_m3),
        infiltrationLoss_m3: r6(ro.infiltration_m3),
        surfaceRunoff_m3: r6(ro.runoff_m3),
        finalStorage_m3: r6(ro.finalSurfaceStorage_m3),
        continuityErrorPct: Number(ro.errorPct.toPrecision(4)),
        notes: ro.notes,
      }
    : undefined;
  const summary = {
    title: opt.title ?? '',
    file: opt.file ?? '',
    units: { flow: fu, depth: us ? 'ft' : 'm', volume: us ? '10^6 gal' : '10^6 ltr' },
    routing: 'DYNWAVE',
    duration_s: duration,
    reportStep_s: reportStep,
    routingSteps: s.steps,
    averageStep_s: r3(duration / Math.max(1, s.steps)),
    wallTime_ms: Math.round(wall),
    routingTimeStepSummary: timeStepSummary(s, duration, minStep, maxStep),
    nodeDepthSummary,
    nodeSurchargeSummary,
    nodeFloodingSummary,
    outfallLoadingSummary,
    linkFlowSummary,
    ...(runoffQuantityContinuity ? { runoffQuantityContinuity } : {}),
    flowRoutingContinuity,
    warnings,
  };
  return { samples, summary, solver: s };
}

/**
 * SWMM's "Routing Time Step Summary": the steps taken (s) and, under SWMM's scheme, the Picard
 * iterations per step and the share of steps that ended at MAX_TRIALS unconverged.
 */
function timeStepSummary(s: DrainageSolver, duration: number, minStep: number, maxStep: number) {
  const p = s.picard;
  return {
    scheme: s.opts.scheme === 'swmm' ? `SWMM dynamic wave (${s.opts.surcharge.toUpperCase()})` : 'explicit',
    minimumTimeStep: r3(Number.isFinite(minStep) ? minStep : 0),
    averageTimeStep: r3(duration / Math.max(1, s.steps)),
    maximumTimeStep: r3(maxStep),
    averageIterationsPerStep: p ? r3(p.trials / Math.max(1, p.steps)) : 1,
    percentNotConverging: p ? r3((100 * p.nonConverged) / Math.max(1, p.steps)) : 0,
  };
}
