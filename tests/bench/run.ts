/**
 * `npm run bench`: every benchmark in turn, each printing its own figures. Never run by the
 * tests (timings on a shared CI machine prove nothing); run it by hand and put the figures in notes.
 *   npm run bench [-- flood|drainage|evacuation|kernels ...]
 */
import { cpus, loadavg } from 'node:os';

const all: Record<string, () => Promise<unknown>> = {
  flood: async () => (await import('./flood.ts')).benchFlood(),
  kernels: async () => {
    const m = (await import('./floodKernels.ts')) as { benchKernels?: () => Promise<unknown> };
    return m.benchKernels?.();
  },
  drainage: async () => (await import('./drainage.ts')).benchDrainage(),
  evacuation: async () => (await import('./evacuation.ts')).benchEvacuation(),
  rainField: async () => (await import('./rainField.ts')).benchRainField(),
  forecast: async () => (await import('./forecast.ts')).benchForecast(),
};

const chosen = process.argv.slice(2).filter((a) => a in all);
console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const name of chosen.length ? chosen : Object.keys(all)) {
  console.log(`\n== ${name} ==`);
  await all[name]();
}
