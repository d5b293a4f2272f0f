/**
 * Drainage benchmark: a synthetic 10,000-conduit storm network (100 × 100 junctions 30 m apart, each
 * row draining east into a trunk that runs south to one outfall), written as a SWMM .inp and read
 * back. Reports (1) reading time, (2) network steps per second standalone under dry-weather inflow,
 * (3) the cost of a coupled surface step relative to the surface step alone, on a 10 m grid under
 * rain with the flood engine (workers/flood) when it is present.
 *
 *   node --import tsx tests/bench/drainage.ts [--minutes 10]   (RAIN_MM_H=60 by default)
 */
import { readSwmmInp } from '../../src/io/swmmInp.ts';
import { networkFromSwmm } from '../../workers/drainage/fromSwmm.ts';
import { DrainageSolver } from '../../workers/drainage/solver.ts';
import { createDrainageCoupler } from '../../workers/drainage/coupler.ts';

const ROWS = 100;
const COLS = 100;
const SPACING = 30;
const ORIGIN = 15; // junction (r, c) sits at x = ORIGIN + c·SPACING, y = top − ORIGIN − r·SPACING
const CELL = 10;
const RAIN_MM_H = Number(process.env.RAIN_MM_H ?? 60);
const SIZE = ROWS * SPACING; // 3 km square
const ground = (x: number, y: number) => 60 - 0.006 * x + 0.004 * (y - SIZE);

export function syntheticNetworkInp(): { text: string; conduits: number } {
  const L: string[] = ['[OPTIONS]', 'FLOW_UNITS CMS', 'FLOW_ROUTING DYNWAVE', 'ROUTING_STEP 5', '', '[JUNCTIONS]'];
  const id = (r: number, c: number) => `J${r}_${c}`;
  const xy = (r: number, c: number) => [ORIGIN + c * SPACING, SIZE - ORIGIN - r * SPACING];
  const inv: number[][] = [];
  for (let r = 0; r < ROWS; r++) {
    inv.push([]);
    for (let c = 0; c < COLS; c++) {
      const [x, y] = xy(r, c);
      inv[r].push(ground(x, y) - 2.5 - (c === COLS - 1 ? 1.5 : 0));
      L.push(`${id(r, c)} ${inv[r][c].toFixed(3)} 0 0 0 0`);
    }
  }
  const [ox, oy] = xy(ROWS, COLS - 1);
  L.push('', '[OUTFALLS]', `OUT ${(inv[ROWS - 1][COLS - 1] - 0.5).toFixed(3)} FREE NO`, '', '[CONDUITS]');
  const xs: string[] = ['', '[XSECTIONS]'];
  let n = 0;
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLS - 1; c++) {
      L.push(`C${r}_${c} ${id(r, c)} ${id(r, c + 1)} ${SPACING} 0.013 0 0 0 0`);
      xs.push(`C${r}_${c} CIRCULAR ${(0.3 + 0.5 * (c / COLS)).toFixed(2)} 0 0 0 1`);
      n++;
    }
  }
  for (let r = 0; r < ROWS - 1; r++) {
    L.push(`T${r} ${id(r, COLS - 1)} ${id(r + 1, COLS - 1)} ${SPACING} 0.013 0 0 0 0`);
    xs.push(`T${r} CIRCULAR ${(1.0 + 1.5 * (r / ROWS)).toFixed(2)} 0 0 0 1`);
    n++;
  }
  L.push(`T${ROWS - 1} ${id(ROWS - 1, COLS - 1)} OUT ${SPACING} 0.013 0 0 0 0`);
  xs.push(`T${ROWS - 1} CIRCULAR 2.5 0 0 0 1`);
  n++;
  L.push(...xs, '', '[DWF]');
  for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) L.push(`${id(r, c)} FLOW 0.0005`);
  L.push('', '[COORDINATES]');
  for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) L.push(`${id(r, c)} ${xy(r, c).join(' ')}`);
  L.push(`OUT ${ox} ${oy}`);
  return { text: L.join('\n') + '\n', conduits: n };
}

export async function benchDrainage(minutes = 10): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  let t0 = performance.now();
  const { text, conduits } = syntheticNetworkInp();
  const model = readSwmmInp(text, 'synthetic.inp');
  const net = networkFromSwmm(model, 'synthetic.inp');
  out.conduits = conduits;
  out.readMs = Math.round(performance.now() - t0);

  // (2) standalone: dry-weather flow fills the network from empty
  const s = new DrainageSolver(net, 'synthetic.inp');
  t0 = performance.now();
  let c0 = process.cpuUsage();
  const steps = s.advanceTo(minutes * 60);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0).user / 1e6;
  out.standaloneSimS = minutes * 60;
  out.standaloneSteps = steps;
  out.standaloneWallS = Number(wall.toFixed(3));
  out.standaloneCpuS = Number(cpu.toFixed(3));
  out.networkStepsPerS = Math.round(steps / wall);
  out.networkStepsPerCpuS = Math.round(steps / cpu);
  out.linkUpdatesPerCpuS = Math.round((steps * net.links.length) / cpu);
  out.continuityRelError = s.continuity().relError;

  // (3) coupled vs surface alone, with the flood engine if it is there
  let flood: typeof import('../../workers/flood/runInProcess.ts') | null = null;
  try {
    flood = await import('../../workers/flood/runInProcess.ts');
  } catch {
    flood = null;
  }
  if (flood) {
    const nc = SIZE / CELL;
    const z = new Float32Array(nc * nc);
    for (let r = 0; r < nc; r++)
      for (let c = 0; c < nc; c++) z[r * nc + c] = ground((c + 0.5) * CELL, SIZE - (r + 0.5) * CELL);
    const setup = {
      ncols: nc,
      nrows: nc,
      cellSize: CELL,
      xll: 0,
      yll: 0,
      z,
      manning: new Float32Array(nc * nc).fill(0.03),
      initialDepth: null,
      edges: {
        north: { kind: 'closed' },
        south: { kind: 'free', slope: 0.004 },
        east: { kind: 'free', slope: 0.006 },
        west: { kind: 'closed' },
      },
      rainMmPerHour: [[0, RAIN_MM_H]] as [number, number][],
      inflows: [],
      infiltration: null,
      bedChanges: [],
      durationS: minutes * 60,
      solver: { alpha: 0.7, maxDtS: 10, theta: 1, depthThresholdM: 0.001, maxVelocityMS: 50 },
      outputs: {
        intervalS: 1e9,
        pointIds: [],
        pointCells: new Int32Array(0),
        gridTimesS: [],
        arrivalDepthM: 0.1,
        frameIntervalS: 0,
      },
    } as unknown as Parameters<typeof flood.runFloodInProcess>[0];
    t0 = performance.now();
    c0 = process.cpuUsage();
    const alone = flood.runFloodInProcess(setup);
    const wAlone = (performance.now() - t0) / 1000;
    const cAlone = process.cpuUsage(c0).user / 1e6;
    const coupler = createDrainageCoupler(
      { inpText: text, file: 'synthetic.inp' },
      { ncols: nc, nrows: nc, cellSize: CELL, xll: 0, yll: 0 },
    );
    t0 = performance.now();
    c0 = process.cpuUsage();
    const coupled = flood.runFloodInProcess(setup, { coupler });
    const wCoupled = (performance.now() - t0) / 1000;
    const cCoupled = process.cpuUsage(c0).user / 1e6;
    const sum = coupler.summary() as {
      captured_m3: number;
      overflowed_m3: number;
      surfaceSteps: number;
      networkSubSteps: number;
      continuity: { relError: number };
    };
    out.gridCells = nc * nc;
    out.surfaceAloneWallS = Number(wAlone.toFixed(3));
    out.coupledWallS = Number(wCoupled.toFixed(3));
    out.coupledOverSurface = Number((wCoupled / wAlone).toFixed(2));
    out.surfaceAloneCpuS = Number(cAlone.toFixed(3));
    out.coupledCpuS = Number(cCoupled.toFixed(3));
    out.coupledOverSurfaceCpu = Number((cCoupled / cAlone).toFixed(2));
    out.surfaceSteps = sum.surfaceSteps;
    out.networkSubStepsPerSurfaceStep = Number((sum.networkSubSteps / Math.max(1, sum.surfaceSteps)).toFixed(2));
    out.capturedM3 = Math.round(sum.captured_m3);
    out.overflowedM3 = Math.round(sum.overflowed_m3);
    out.networkContinuityRelError = sum.continuity.relError;
    out.surfaceRelErrorCoupled = coupled.summary.massBalance.relativeError;
    out.surfaceRelErrorAlone = alone.summary.massBalance.relativeError;
  }
  console.log(JSON.stringify(out, null, 2));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--minutes');
  const minutes = i > 0 ? Number(process.argv[i + 1]) : 10;
  void benchDrainage(minutes);
}
