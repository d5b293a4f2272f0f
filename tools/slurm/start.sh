#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (munged, slurmctld, slurmd), for the ensemble tests
# and for trying `floodtwin ensemble submit --slurm` without a computing centre. Needs Debian's
# slurm-wlm and munge, and root (CI runs as root): it writes /etc/slurm/slurm.conf, where every Slurm
# command looks. Everything else lives under $FLOODTWIN_SLURM_DIR (default /tmp/floodtwin-slurm).
# Stop it with tools/slurm/stop.sh.
set -euo pipefail
D=${FLOODTWIN_SLURM_DIR:-/tmp/floodtwin-slurm}
mkdir -p "$D/state" "$D/spool" /etc/slurm /run/munge /var/log/munge /var/lib/munge /etc/munge

# munge: one key, shared by the controller and the node daemon (both are this machine)
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
chmod 0700 /etc/munge && chmod 0400 /etc/munge/munge.key
if ! pgrep -x munged >/dev/null; then
  if id munge >/dev/null 2>&1; then runuser -u munge -- /usr/sbin/munged; else /usr/sbin/munged --force; fi
fi

# the node line as slurmd sees this machine (CPUs, sockets, cores, memory), on the loopback address
node=$(slurmd -C | head -n 1)
name=$(echo "$node" | sed -E 's/^NodeName=([^ ]+).*/\1/')
cat > /etc/slurm/slurm.conf <<CONF
# written by floodtwin tools/slurm/start.sh: a one-node cluster on localhost
ClusterName=floodtwin
SlurmctldHost=$name(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=floodtwin Nodes=$name Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -i
slurmd
# wait until the node takes work
for _ in $(seq 1 60); do
  state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
  case "$state" in idle|mixed|allocated) echo "slurm: node $name $state"; exit 0 ;; esac
  sleep 1
done
echo "slurm: the node did not come up; see $D/slurmctld.log and $D/slurmd.log" >&2
tail -n 20 "$D/slurmctld.log" "$D/slurmd.log" >&2 || true
exit 1
