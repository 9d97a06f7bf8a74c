#!/usr/bin/env bash
# Score a test set in N shards on a Slurm cluster and merge them in a dependent job.
#
#   examples/slurm/submit.sh [--wait] N SHARD_DIR OUTPUT SCORE ARGS... [-- MERGE ARGS...]
#   e.g.  examples/slurm/submit.sh 4 shards scores.json --corpus wmt22.en-de -m bleu chrf ter \
#           -- --paired-bs --format json
#
# Prints the two job ids. With --wait, returns when the merge job has ended: success only if it
# completed (a failed shard cancels it). MTMETER names the binary the jobs run (default: mtmeter on PATH).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

wait=no
if [ "${1:-}" = --wait ]; then
  wait=yes
  shift
fi
if [ $# -lt 4 ]; then
  sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi
n=$1 dir=$2 out=$3
shift 3
score=() merge=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do score+=("$1"); shift; done
[ $# -gt 0 ] && shift
merge=("$@")

mkdir -p "$dir"
# Stale shards of an earlier run would be merged too (and refused as another run's).
rm -f "$dir"/shard-*.json
array=$(sbatch --parsable --array="0-$((n - 1))" "$here/score-shard.sbatch" "$dir" "${score[@]}")
array=${array%%;*}
echo "array job $array: $n shards into $dir/"
merge_job=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  "$here/merge.sbatch" "$dir" "$out" "${merge[@]}")
merge_job=${merge_job%%;*}
echo "merge job $merge_job (runs when every shard succeeded): $out"
[ $wait = yes ] || exit 0

# Wait for the merge job. A merge cancelled because a shard failed never runs, so its exit
# code says nothing: its final state does.
state="" unknown=0
while [ $unknown -lt 30 ]; do
  state=$(scontrol show job "$merge_job" -o 2>/dev/null | grep -o 'JobState=[A-Z_]*' || true)
  state=${state#JobState=}
  case $state in
    "") unknown=$((unknown + 1)) ;;
    PENDING | RUNNING | CONFIGURING | COMPLETING | SUSPENDED) unknown=0 ;;
    *) break ;;
  esac
  sleep 2
done
echo "merge job $merge_job: $state"
[ "$state" = COMPLETED ]
