/**
 * `npm run bench`: every benchmark in turn, each printing its own figures. Never run by the
 * tests (timings on a shared CI machine prove nothing); run it by hand and put the figures in notes.
 *   npm run bench [-- flood|twin|drainage|evacuation|kernels|drill|rainField|forecast|ops|forecastGrid|ensembleMerge ...]
 */
import { cpus, loadavg } from 'node:os';

const all: Record<string, () => Promise<unknown>> = {
  flood: async () => (await import('./flood.ts')).benchFlood(),
  // the default twin's windows alone (dense against active tiles), the first part of `flood`
  twin: async () => (await import('./flood.ts')).benchTwinWindows(Number(process.env.FLOODTWIN_BENCH_SCALE ?? 1)),
  kernels: async () => {
    const m = (await import('./floodKernels.ts')) as { benchKernels?: () => Promise<unknown> };
    return m.benchKernels?.();
  },
  drainage: async () => (await import('./drainage.ts')).benchDrainage(),
  evacuation: async () => (await import('./evacuation.ts')).benchEvacuation(),
  rainField: async () => (await import('./rainField.ts')).benchRainField(),
  drill: async () => (await import('./drill.ts')).benchDrill(),
  forecast: async () => (await import('./forecast.ts')).benchForecast(),
  // the ops runner as the app runs it (25 m): observation -> nowcast latency and a 24 h forecast
  ops: async () => (await import('./ops.ts')).benchOps(),
  // long (the 5 m twin through the third peak): is the 25 m forecast grid fit for the 5 m doors
  forecastGrid: async () => (await import('./forecastGrid.ts')).benchForecastGrid(),
  ensembleMerge: async () => (await import('./ensembleMerge.ts')).benchEnsembleMerge(),
};

// `flood --engine gpu`: the GPU engine's benchmark (floodGpu.ts) instead of the CPU one
const engine = process.argv.indexOf('--engine');
if (engine > 0 && process.argv[engine + 1] === 'gpu')
  all.flood = async () => (await import('./floodGpu.ts')).benchFloodGpu();
const chosen = process.argv.slice(2).filter((a) => a in all);
console.log(
  `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const name of chosen.length ? chosen : Object.keys(all).filter((n) => n !== 'twin' && n !== 'forecastGrid')) {
  console.log(`\n== ${name} ==`);
  await all[name]();
}
