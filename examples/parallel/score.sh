#!/usr/bin/env bash
# Score a test set in N shards on one big machine with GNU parallel, then merge: the result is
# byte for byte what one `mtmeter score` prints, significance tests included (they run on the
# merged statistics).
#
#   examples/parallel/score.sh N OUTPUT SCORE ARGS... [-- MERGE ARGS...]
#   e.g.  examples/parallel/score.sh 8 scores.json --corpus wmt22.en-de -m bleu chrf ter \
#           -- --paired-bs --format json
#
# One thread per shard (-j 1), N shards at once (parallel -j N). mtmeter alone already uses
# every core of one machine; shards pay off when scoring many checkpoints or test sets at once
# (or when one run does not fit a job's time limit), and the same shard files merge whether
# they came from parallel, Slurm or Kubernetes. MTMETER names the binary (default: mtmeter).
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,9s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi
n=$1 out=$2
shift 2
score=() merge=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do score+=("$1"); shift; done
[ $# -gt 0 ] && shift
merge=("$@")
mtmeter=${MTMETER:-mtmeter}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# parallel runs each job as one shell command line: quote the arguments once (printf %q).
# --halt now,fail=1: one failed shard stops the others, and nothing is merged.
cmd=$(printf '%q ' "$mtmeter" score "${score[@]}")
parallel --halt now,fail=1 -j "$n" \
  "$cmd --shard {}/$n -j 1 > $(printf %q "$dir")/shard-{}.json" ::: $(seq 0 $((n - 1)))
"$mtmeter" merge "$dir"/shard-*.json "${merge[@]}" >"$out.tmp"
mv "$out.tmp" "$out"
