#!/usr/bin/env bash
# Checks that the evacuation engine's outputs are byte-identical to those of an earlier engine
# (by default 447b126, the last commit before the closure became the EvacuationEngine class).
#
# Both runs use this checkout's flood, drainage, readers and CLI; only workers/evacuation/ differs
# (the "before" tree is HEAD with workers/evacuation/ taken from the earlier commit). That isolates
# the engine: main's flood has changed since (theta 0.9), so running the old commit whole would
# compare two different floods. The two runs go in parallel; then evacuation.csv is compared byte
# for byte and summary.json with its wall-clock fields (wallS, solverWallS, cellUpdatesPerS,
# barrierWaitS) removed. The flood grids are compared too, to show the two floods were the same.
#
# Usage: tools/evacIdentity.sh [before-commit] [scenario] [out-dir] [extra CLI options...]
#   e.g. tools/evacIdentity.sh 447b126 scenarios/river-flood-peak.json .scratch/evac-identity
# Exit status 0 when both files match, 1 when they differ, 2 when a run failed.
set -euo pipefail
before=${1:-447b126}
scenario=${2:-scenarios/river-flood-peak.json}
out=${3:-.scratch/evac-identity}
shift $(($# < 3 ? $# : 3))
root=$(git rev-parse --show-toplevel)
cd "$root"
out=$(realpath -m "$out")
tree="$out/before-tree"
rm -rf "$out"
mkdir -p "$tree"
git archive HEAD | tar -x -C "$tree"
rm -rf "$tree/workers/evacuation"
git archive "$before" workers/evacuation | tar -x -C "$tree"
ln -s "$root/node_modules" "$tree/node_modules"

echo "before: HEAD with workers/evacuation from $(git rev-parse --short "$before"); after: HEAD $(git rev-parse --short HEAD) ($scenario)"
(cd "$tree" && node bin/floodtwin.mjs run "$scenario" --out "$out/before" --workers 2 "$@" >"$out/before.log" 2>&1) &
pb=$!
node bin/floodtwin.mjs run "$scenario" --out "$out/after" --workers 2 "$@" >"$out/after.log" 2>&1 &
pa=$!
fail=0
wait $pb || { echo "the before run failed: $out/before.log"; fail=1; }
wait $pa || { echo "the after run failed: $out/after.log"; fail=1; }
[ $fail = 0 ] || exit 2

same=0
sha256sum "$out/before/evacuation.csv" "$out/after/evacuation.csv"
cmp "$out/before/evacuation.csv" "$out/after/evacuation.csv" && echo "evacuation.csv: identical" || same=1
node -e '
const fs = require("fs");
const strip = (v) => Array.isArray(v) ? v.map(strip) : v && typeof v === "object"
  ? Object.fromEntries(Object.entries(v).filter(([k]) => !/wall|PerS$|barrierWait/i.test(k)).map(([k, x]) => [k, strip(x)])) : v;
const [a, b] = process.argv.slice(1).map((f) => JSON.stringify(strip(JSON.parse(fs.readFileSync(f, "utf8"))), null, 1));
fs.writeFileSync(process.argv[1] + ".nowall", a); fs.writeFileSync(process.argv[2] + ".nowall", b);
' "$out/before/summary.json" "$out/after/summary.json"
cmp "$out/before/summary.json.nowall" "$out/after/summary.json.nowall" && echo "summary.json (no wall-clock fields): identical" || {
  diff "$out/before/summary.json.nowall" "$out/after/summary.json.nowall" | head -20; same=1; }
for f in max_depth.asc arrival_time.asc points.csv; do
  cmp -s "$out/before/$f" "$out/after/$f" && echo "$f: identical (same flood)" || { echo "$f: differs"; same=1; }
done
exit $same
