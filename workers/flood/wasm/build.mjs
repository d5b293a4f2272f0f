// Builds the flood kernels: kernel.ts (AssemblyScript) → kernel.wasm (imports a plain memory) and
// kernel-shared.wasm (imports a shared memory, for several band workers). The two differ only in
// the memory import: a WebAssembly module must declare whether the memory it imports is shared.
//   node workers/flood/wasm/build.mjs [outDir]     (npm run build:wasm)
//   node workers/flood/wasm/build.mjs outDir source.ts   (tests: only the plain build, of another source)
import asc from 'assemblyscript/asc';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2] ?? here;
const source = relative(process.cwd(), process.argv[3] ?? join(here, 'kernel.ts'));

/** compiler flags of both builds */
const FLAGS = ['--enable', 'simd', '--importMemory', '--runtime', 'stub', '-O3', '--noAssert', '--use', 'abort='];

const builds = [
  ['kernel.wasm', []],
  ['kernel-shared.wasm', ['--enable', 'threads', '--sharedMemory', '--maximumMemory', '65536']],
].slice(0, process.argv[3] ? 1 : 2);

for (const [name, extra] of builds) {
  const { error, stderr } = await asc.main([source, '-o', join(outDir, name), ...FLAGS, ...extra]);
  if (error) {
    console.error(stderr.toString());
    console.error(`build of ${name} failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`built ${join(outDir, name)}`);
}
