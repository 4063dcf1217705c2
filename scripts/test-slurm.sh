#!/usr/bin/env bash
# The Slurm tier: a real single-node Slurm (Debian's slurm-wlm: slurmctld + slurmd, with munge for
# authentication) started in a private folder with its own ports, munge socket and state, so it
# touches no system-wide Slurm or munge; then test/slurm submits a plan's array to it, waits for
# it and merges (docs/scale-out.md). Installs the packages on first use (needs root, as Slurm
# needs to run jobs as their user). The node has no GPU: the plan leaves --gres out.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip ORT_DISABLE_TELEMETRY=1

fail() {
  echo "test-slurm: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  [ "$(id -u)" -eq 0 ] || fail "slurm-wlm and munge are not installed, and installing them needs root"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null
fi
[ "$(id -u)" -eq 0 ] || fail "slurmd runs jobs as their user and must be started as root"

work=$(mktemp -d /tmp/mmp-slurm-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/munged.pid" ] && kill "$(cat "$work/munged.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/state" "$work/spool" "$work/log"

# munge with a fresh key and its own socket.
head -c 1024 /dev/urandom >"$work/munge.key"
chmod 600 "$work/munge.key"
munged --key-file="$work/munge.key" --socket="$work/munge.socket" --pid-file="$work/munged.pid" \
  --log-file="$work/log/munged.log" --seed-file="$work/munged.seed" --force

# Ports of our own (two runs on one machine, or a system Slurm, keep theirs).
port=$((20000 + ($$ % 10000) * 2))
cat >"$work/slurm.conf" <<CONF
ClusterName=mmptest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=60
NodeName=mmpnode NodeHostname=$(hostname) NodeAddr=127.0.0.1 CPUs=2 RealMemory=2000 State=UNKNOWN
PartitionName=test Nodes=mmpnode Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$work/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N mmpnode >"$work/log/slurmd.out" 2>&1 &
pids+=($!)

# Ready when the node reports idle (asked every half second, for at most a minute).
state=
for _ in $(seq 1 120); do
  state=$(sinfo -h -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
if [ "$state" != idle ]; then
  tail -n 20 "$work"/log/* >&2 || true
  fail "the Slurm node did not come up (state: ${state:-none})"
fi

status=0
node scripts/run-unit-tests.mjs --root test/slurm || status=$?
if [ "$status" -ne 0 ]; then tail -n 20 "$work/log/slurmctld.log" "$work/log/slurmd.log" >&2 || true; fi
exit "$status"
