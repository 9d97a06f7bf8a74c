#!/usr/bin/env bash
# Memory and throughput at scale: peak RSS, CPU and wall time of the release binary on corpora of
# 100k, 1M and 5M segments x 2 systems x 2 references, built in /tmp from the shared WMT test sets
# (benches/scale_corpus.py; never written into the repository).
#
#   benches/scale.sh [SIZES...]            # default: 100000 1000000
#   SCALE_JOBS="1 2" SCALE_CMDS="bleu bleu-chrf-ter" benches/scale.sh 1000000
#   BIN=/tmp/old/mtmeter benches/scale.sh  # measure another build
#
# Commands (SCALE_CMDS picks some): bleu (score -m bleu), bleu-chrf-ter, paired-bs (--paired-bs
# -m bleu chrf), analyze, analyze-breakdowns, analyze-json (analyze -f json, with the JSON's size),
# analyze-json-nolabels. Prints one markdown row per run: segments, command, -j, peak RSS (MB),
# RSS per input byte (input = one reference + one system, the measure of issue 16; in brackets:
# all four files), CPU (user+sys, s), wall (s), segments per second of wall time, and for
# analyze-json* the JSON size per input byte.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${MTMETER_SHARED:-../shared}
[ -d "$SHARED/corpora" ] || { echo "no shared corpora at $SHARED (set MTMETER_SHARED)" >&2; exit 2; }
SIZES=("$@"); [ ${#SIZES[@]} -eq 0 ] && SIZES=(100000 1000000)
JOBS=(${SCALE_JOBS:-1 2})
CMDS=(${SCALE_CMDS:-bleu bleu-chrf-ter paired-bs analyze analyze-breakdowns analyze-json analyze-json-nolabels})
WORK=${SCALE_DIR:-/tmp/mtmeter-scale}
if [ -z "${BIN:-}" ]; then
  cargo build --release -q
  BIN=target/release/mtmeter
fi
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time; apt-get install time)" >&2; exit 2; }

args_of() {
  case $1 in
    bleu) echo "score -m bleu" ;;
    bleu-chrf-ter) echo "score -m bleu chrf ter" ;;
    paired-bs) echo "score --paired-bs -m bleu chrf" ;;
    analyze) echo "analyze" ;;
    analyze-breakdowns) echo "analyze --breakdowns" ;;
    analyze-json) echo "analyze -f json" ;;
    analyze-json-nolabels) echo "analyze -f json --segments none" ;;
    *) echo "unknown command $1" >&2; exit 2 ;;
  esac
}

echo "| segments | command | -j | peak RSS MB | RSS/input | CPU s | wall s | segments/s | output/input |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
  dir="$WORK/$n"
  input=$(python3 benches/scale_corpus.py "$SHARED" "$n" "$dir")
  all=$(cat "$dir"/references/* "$dir"/systems/* | wc -c)
  for cmd in "${CMDS[@]}"; do
    for j in "${JOBS[@]}"; do
      out="$WORK/out.$cmd"
      # shellcheck disable=SC2046
      if ! /usr/bin/time -v -o "$WORK/time" "$BIN" $(args_of "$cmd") -j "$j" -q \
          "$dir"/references/A.txt "$dir"/references/B.txt -i "$dir"/systems/S1.txt "$dir"/systems/S2.txt \
          > "$out" 2> "$WORK/stderr"; then
        echo "| $n | $cmd | $j | failed: $(tail -c 200 "$WORK/stderr" | tr '\n' ' ') | | | | | |"
        continue
      fi
      python3 - "$WORK/time" "$n" "$cmd" "$j" "$input" "$all" "$out" <<'PY'
import os, sys
f, n, cmd, j, inp, allb, out = sys.argv[1:]
t = {}
for line in open(f):
    k, _, v = line.strip().rpartition(": ")
    t[k] = v
rss = int(t["Maximum resident set size (kbytes)"]) * 1024
cpu = float(t["User time (seconds)"]) + float(t["System time (seconds)"])
w = t["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(w)))
ratio = f"{os.path.getsize(out) / int(inp):.2f}" if cmd.startswith("analyze-json") else ""
print(f"| {int(n):,} | {cmd} | {j} | {rss / 2**20:,.0f} | {rss / int(inp):.2f} ({rss / int(allb):.2f}) "
      f"| {cpu:.1f} | {wall:.1f} | {int(n) / wall:,.0f} | {ratio} |")
PY
    done
  done
  rm -f "$WORK"/out.*
done
