#!/usr/bin/env bash
# The GPU flood benchmark on a machine with a real GPU, in two halves:
#   bash tools/gpuBench.sh pack          here (npm ci done): bundles the bench into .scratch/gpubench
#                                        (one JS file, Dawn for Node's linux-x64 build and this machine's
#                                        Vulkan loader libvulkan.so.1, ~25 MB)
#   bash tools/gpuBench.sh run [S] [P]   there, from the repository root (offline is fine): finds a
#                                        Vulkan loader (the system's, else the packed one, else Chromium's)
#                                        and the NVIDIA Vulkan driver, prints the GPU,
#                                        then S simulated seconds of the 1000×1000 bench grid and P of
#                                        river-flood-peak.json on the GPU and on 2 CPU workers (defaults
#                                        120 and 600: a few minutes on an H100).
# With the device tool: run pack here, then run `bash tools/gpuBench.sh run` with carry [".scratch/gpubench"].
set -euo pipefail
cd "$(dirname "$0")/.."
out=.scratch/gpubench
case "${1:-run}" in
pack)
  rm -rf "$out" && mkdir -p "$out/node_modules/webgpu/dist"
  npx esbuild tests/bench/floodGpu.ts --bundle --platform=node --format=esm --target=node20 \
    --external:webgpu --outfile="$out/floodGpu.mjs" \
    --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  # the launcher: run as the bundle itself, every bundled bench's "am I the main script" test would pass
  printf '%s\n' "import { benchFloodGpu } from './floodGpu.mjs';" \
    'const [s, p] = process.argv.slice(2).map(Number);' \
    'await benchFloodGpu([s || 120, p || 600]);' 'process.exit(0);' > "$out/run.mjs"
  cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$out/node_modules/webgpu/"
  cp -r node_modules/webgpu/dist/linux-x64 "$out/node_modules/webgpu/dist/"
  # the Vulkan loader, for a machine that has the NVIDIA driver but no libvulkan1 package
  loader=$(ldconfig -p 2>/dev/null | awk '/libvulkan.so.1 /{print $NF; exit}')
  if [ -n "$loader" ]; then mkdir -p "$out/lib" && cp -L "$loader" "$out/lib/libvulkan.so.1"; else echo "no Vulkan loader here to pack" >&2; fi
  # the bundled workers of the CPU engine load these from the tree (runFloodNode)
  du -sh "$out"
  ;;
run)
  # Vulkan loader: the system's, else the packed one, else the one Chromium ships
  if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 '; then
    for d in "$PWD/$out/lib" /usr/lib/chromium /opt/google/chrome /usr/lib/x86_64-linux-gnu/nvidia; do
      if [ -e "$d/libvulkan.so.1" ]; then export LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; break; fi
    done
  fi
  # NVIDIA's Vulkan ICD: containers often have the driver library but no manifest for it
  if [ -z "${VK_ICD_FILENAMES:-}" ] && ! ls /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json >/dev/null 2>&1; then
    lib=$(ldconfig -p 2>/dev/null | awk '/libGLX_nvidia.so.0 /{print $NF; exit}')
    if [ -n "$lib" ]; then
      printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$lib" > /tmp/floodtwin_nvidia_icd.json
      export VK_ICD_FILENAMES=/tmp/floodtwin_nvidia_icd.json
    else
      echo "no NVIDIA Vulkan driver (libGLX_nvidia.so.0): a container needs NVIDIA_DRIVER_CAPABILITIES=all (or graphics)" >&2
    fi
  fi
  nvidia-smi -L 2>/dev/null || echo "no nvidia-smi"
  if [ -f "$out/run.mjs" ]; then node "$out/run.mjs" "${2:-120}" "${3:-600}"
  else node --import tsx tests/bench/floodGpu.ts "${2:-120}" "${3:-600}"; fi
  ;;
*) echo "usage: bash tools/gpuBench.sh pack | run [benchSeconds] [peakSeconds]" >&2; exit 2 ;;
esac
