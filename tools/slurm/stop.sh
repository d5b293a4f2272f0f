#!/usr/bin/env bash
# Stops the one-node cluster of tools/slurm/start.sh and removes its state.
set -u
D=${FLOODTWIN_SLURM_DIR:-/tmp/floodtwin-slurm}
for pidfile in "$D/slurmd.pid" "$D/slurmctld.pid"; do
  [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
done
pkill -x slurmd 2>/dev/null; pkill -x slurmctld 2>/dev/null; pkill -x munged 2>/dev/null
rm -rf "$D"
exit 0
