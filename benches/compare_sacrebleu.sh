#!/usr/bin/env bash
# Side by side: mtmeter and sacreBLEU 2.6.0 on the same files, same options. Checks that the
# scores agree (to the 4 decimals both print), then prints both median wall times and their ratio
# (SB_RUNS sacreBLEU runs, default 3; MT_RUNS mtmeter runs, default 11).
#
#   benches/compare_sacrebleu.sh [SET] [-- metric options...]
#   SET defaults to wmt22.en-zh (all systems, both references). Examples:
#     benches/compare_sacrebleu.sh                         # -m bleu chrf (zh tokenizer for zh)
#     benches/compare_sacrebleu.sh wmt22.en-zh -- -m ter
#     benches/compare_sacrebleu.sh wmt22.en-zh -- -m bleu chrf ter --paired-bs
#
# sacreBLEU is installed into a throwaway venv ($SACREBLEU_VENV, default /tmp/sb) if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
SET=${1:-wmt22.en-zh}; shift || true
[ "${1:-}" = "--" ] && shift
ARGS=("$@"); [ ${#ARGS[@]} -eq 0 ] && ARGS=(-m bleu chrf)
SHARED=${MTMETER_SHARED:-../shared}
DIR="$SHARED/corpora/$SET"
[ -d "$DIR" ] || { echo "no test set at $DIR (set MTMETER_SHARED)" >&2; exit 2; }
VENV=${SACREBLEU_VENV:-/tmp/sb}
if ! "$VENV/bin/sacrebleu" --version 2>/dev/null | grep -q '2.6.0'; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q sacrebleu==2.6.0
fi
cargo build --release -q
REFS=("$DIR"/references/*); SYSS=("$DIR"/systems/*)
TOK=(); case "${REFS[0]##*.}" in zh) TOK=(--tokenize zh);; esac
[[ " ${ARGS[*]} " == *" -m "*bleu* ]] || TOK=()

# Wall time of each run, in seconds: timed OUTFILE command... (stdout to OUTFILE) appends it
# to TIMES. Bash's EPOCHREALTIME reads the clock without starting a process, and nothing else
# runs between two runs: a `date` or `python3` call there would add milliseconds to runs that
# take a few (both the start-up of the extra process and the caches it evicts).
TIMES=()
timed() {
  local out=$1 t0 t1; shift
  t0=$EPOCHREALTIME; "$@" > "$out"; t1=$EPOCHREALTIME
  TIMES+=("${t1/,/.}-${t0/,/.}")
}
# Median of the differences "t1-t0" given as arguments.
median() { python3 -c 'import sys, statistics; print(statistics.median(eval(x) for x in sys.argv[1:]))' "$@"; }

# RUNS runs of each tool (default 3 for sacreBLEU, 11 for mtmeter); the medians are compared.
SB_RUNS=${SB_RUNS:-3}; MT_RUNS=${MT_RUNS:-11}
for _ in $(seq "$SB_RUNS"); do
  timed /tmp/compare.sacrebleu.txt "$VENV/bin/sacrebleu" "${REFS[@]}" -i "${SYSS[@]}" \
    "${TOK[@]}" "${ARGS[@]}" -w 4 -f text 2>/dev/null
done
sb=("${TIMES[@]}"); TIMES=()
for _ in $(seq "$MT_RUNS"); do
  timed /tmp/compare.mtmeter.txt ./target/release/mtmeter score "${REFS[@]}" -i "${SYSS[@]}" \
    "${TOK[@]}" "${ARGS[@]}" -w 4 -f text
done
mt=("${TIMES[@]}")

python3 benches/compare_tables.py /tmp/compare.sacrebleu.txt /tmp/compare.mtmeter.txt
python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'sacreBLEU {a:.2f} s   mtmeter {b:.4f} s   ratio {a/b:.1f}x   (medians of {sys.argv[3]} and {sys.argv[4]} runs)')" \
  "$(median "${sb[@]}")" "$(median "${mt[@]}")" "$SB_RUNS" "$MT_RUNS"
