#!/usr/bin/env bash
# The sharded-run recipe against the real scheduler: installs Debian's slurm-wlm and munge if
# missing (apt-get, as root or with sudo), starts a one-node Slurm cluster on this machine
# (munged, slurmctld, slurmd; no systemd, no cgroups), submits examples/slurm/submit.sh (an
# array job of 4 shards and a dependent merge job) on a shared test set, waits, and compares the
# merged output byte for byte with one `mtmeter score` run. Stops the daemons it started (by
# pid) and removes its files, also on failure.
#
#   tests/slurm/run.sh            # MTMETER_SHARED=/path/to/shared (default ../shared)
#
# Environment: MTMETER (the binary; default the newer of target/release/mtmeter and
# target/debug/mtmeter, else built with cargo build --release), SLURM_TEST_SET (default wmt22.en-de),
# SLURM_TEST_SHARDS (default 4), SLURM_TEST_PORT (slurmctld's port, default 16817; slurmd uses
# the next one).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
started=$(date +%s)

say() { echo "slurm test: $*"; }
fail() { echo "slurm test: FAILED: $*" >&2; exit 1; }

shared=${MTMETER_SHARED:-$repo/../shared}
set_name=${SLURM_TEST_SET:-wmt22.en-de}
corpus="$shared/corpora/$set_name"
[ -d "$corpus" ] || fail "$corpus is missing (set MTMETER_SHARED to the folder holding corpora/)"
shards=${SLURM_TEST_SHARDS:-4}
port=${SLURM_TEST_PORT:-16817}

bin=${MTMETER:-}
if [ -z "$bin" ]; then
  # The newest build (CI's `cargo test` has just built target/debug/mtmeter; a release binary
  # left from earlier may be older than the source).
  bin=$(ls -t target/release/mtmeter target/debug/mtmeter 2>/dev/null | head -n 1 || true)
fi
if [ -z "$bin" ]; then
  say "building mtmeter (cargo build --release)"
  cargo build --release --quiet
  bin=$repo/target/release/mtmeter
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
say "binary $bin"

# --- Slurm and munge from Debian ---------------------------------------------------------------
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null \
  || ! command -v sbatch >/dev/null || ! [ -x /usr/sbin/munged ]; then
  say "installing slurm-wlm and munge (apt-get)"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    slurm-wlm munge >/dev/null
fi
id munge >/dev/null 2>&1 || fail "the munge package did not create the munge user"

# --- A private cluster: every file under one temporary folder --------------------------------
work=$(mktemp -d /tmp/mtmeter-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  local status=$?
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then
    scancel --user="$(id -un)" >/dev/null 2>&1 || true
  fi
  # Daemons in reverse order of start, by the pids this script started.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    $sudo kill "${pids[i]}" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do $sudo kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    $sudo kill -9 "$p" 2>/dev/null || true
  done
  if [ $status -ne 0 ]; then
    for log in "$work"/*.log "$work"/run/*.log; do
      [ -f "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }
    done
  fi
  $sudo rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

host=$(hostname -s)
mkdir -p "$work/state" "$work/spool" "$work/run"
# munged runs as the munge user and refuses keys and sockets in folders others can write to.
mdir="$work/munge"
$sudo mkdir -p "$mdir"
$sudo dd if=/dev/urandom of="$mdir/munge.key" bs=1024 count=1 status=none
$sudo chown -R munge: "$mdir"
$sudo chmod 755 "$mdir"
$sudo chmod 400 "$mdir/munge.key"
# setpriv execs munged itself (runuser would fork), so $! is the daemon's pid.
$sudo setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground --force \
  --key-file="$mdir/munge.key" --socket="$mdir/munge.socket" \
  --pid-file="$mdir/munged.pid" --log-file="$mdir/munged.log" --seed-file="$mdir/munged.seed" \
  >"$work/run/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$mdir/munge.socket" ] && break; sleep 0.1; done
[ -S "$mdir/munge.socket" ] || fail "munged did not start"

cat >"$work/slurm.conf" <<EOF
ClusterName=mtmeter-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$mdir/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/run/slurmctld.log
SlurmdLogFile=$work/run/slurmd.log
SchedulerType=sched/backfill
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
$sudo env SLURM_CONF="$SLURM_CONF" /usr/sbin/slurmctld -D -i >"$work/run/slurmctld.out" 2>&1 &
pids+=($!)
$sudo env SLURM_CONF="$SLURM_CONF" /usr/sbin/slurmd -D -N "$host" >"$work/run/slurmd.out" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 120); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || fail "the node is '${state:-unreachable}', not idle, after 60 s"
say "one-node cluster up ($host, $(nproc) CPUs, sinfo: $state)"

# --- The recipe, as a user runs it ----------------------------------------------------------
cd "$work"
score_args=(--corpus "$corpus" -m bleu chrf ter)
merge_args=(--paired-bs --format json)
t0=$(date +%s)
MTMETER="$bin" "$repo/examples/slurm/submit.sh" --wait "$shards" shards merged.json \
  "${score_args[@]}" -- "${merge_args[@]}" || fail "the Slurm jobs failed (exit $?)"
t1=$(date +%s)
got=$(ls shards/shard-*.json | wc -l)
[ "$got" = "$shards" ] || fail "$got shard files, expected $shards"
say "array job ($shards shards) and merge job done in $((t1 - t0)) s"

"$bin" score "${score_args[@]}" "${merge_args[@]}" >single.json
cmp merged.json single.json || fail "merged output differs from a single score run"
# The text table too, from the same shards.
"$bin" merge shards/shard-*.json --paired-bs >merged.txt
"$bin" score "${score_args[@]}" --paired-bs >single.txt
cmp merged.txt single.txt || fail "merged text differs from a single score run"
say "merged == single run, byte for byte ($(wc -c <merged.json) bytes of JSON, text table too)"

# A failing shard cancels the merge: submit.sh --wait fails and no output appears.
if MTMETER="$bin" "$repo/examples/slurm/submit.sh" --wait 2 bad-shards bad.json \
  --corpus "$work/no-such-corpus" -m bleu >submit-bad.out 2>&1; then
  fail "submit.sh --wait succeeded although every shard failed"
fi
[ ! -e bad.json ] || fail "a merge output appeared although the shards failed"
grep -q "CANCELLED" submit-bad.out || fail "the merge job was not cancelled: $(tail -n 1 submit-bad.out)"
say "a failed shard cancels the merge ($(tail -n 1 submit-bad.out))"
say "passed in $(($(date +%s) - started)) s"
