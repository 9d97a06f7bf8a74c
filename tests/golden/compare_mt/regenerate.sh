#!/usr/bin/env bash
# Regenerate tests/golden/compare_mt/ted.sk-en.json: compare-mt's own numbers on its own example
# data (ted.sk-en), plus sacreBLEU's numbers for the same buckets and examples.
#
# Usage: tests/golden/compare_mt/regenerate.sh PYTHON_ENV
#   PYTHON_ENV  a Python environment (virtualenv prefix) with compare-mt and sacrebleu 2.6.0,
#               e.g.  python3 -m venv /tmp/cmt && /tmp/cmt/bin/pip install compare-mt six sacrebleu==2.6.0
# The corpora are read from $MTMETER_SHARED/corpora (default: ../shared next to the crate root).
#
# compare-mt tokenizes by splitting on spaces, so both tools must see the same tokens: every line
# is right-stripped (as the sacreBLEU command line does) and tokenized with sacreBLEU's 13a
# tokenizer, then handed to compare-mt as token lists (exactly what its load_tokens would return
# for a pre-tokenized file); mtmeter runs the same breakdown with `tokenize = 13a` on the raw files.
set -euo pipefail
if [[ $# -ne 1 ]]; then
  echo "usage: $0 PYTHON_ENV   (a virtualenv with compare-mt and sacrebleu 2.6.0 installed)" >&2
  exit 2
fi
PY="$1/bin/python"
[[ -x "$PY" ]] || { echo "$PY not found or not executable" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CRATE="$(cd "$HERE/../../.." && pwd)"
SHARED="${MTMETER_SHARED:-$CRATE/../shared}"
CORPUS="$SHARED/corpora/ted.sk-en"
[[ -d "$CORPUS" ]] || { echo "$CORPUS not found; set MTMETER_SHARED to the shared folder" >&2; exit 2; }

PYTHONHASHSEED=0 "$PY" - "$CORPUS" "$HERE/ted.sk-en.json" <<'PYEOF'
import contextlib, io, json, sys
from importlib.metadata import version
import sacrebleu
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
from sacrebleu.metrics import BLEU, CHRF
from compare_mt import bucketers, reporters, compare_mt_main as cm
reporters.sys_names = ["sys1", "sys2"]  # what compare-mt's main() sets before reporting

corpus, out_path = sys.argv[1], sys.argv[2]
def read(p):
    with open(p, encoding="utf-8") as f:
        return [l.rstrip() for l in f.read().split("\n")[:-1]]
ref = read(f"{corpus}/references/ref.en")
sys1 = read(f"{corpus}/systems/sys1.en")
sys2 = read(f"{corpus}/systems/sys2.en")
tok = Tokenizer13a()
# compare_mt.corpus_utils.load_tokens: line.strip().split(' ')
toks = lambda lines: [tok(l).strip().split(" ") for l in lines]
ref_t, outs_t = toks(ref), [toks(sys1), toks(sys2)]
quiet = lambda: contextlib.redirect_stdout(io.StringIO())

# 1. Sentence-length buckets: compare-mt's bucketer and BLEU; sacreBLEU on the same segments.
bucketer = bucketers.create_sentence_bucketer_from_profile("length")
members = [[] for _ in bucketer.bucket_strs]
for i, (o, r) in enumerate(zip(outs_t[0], ref_t)):
    members[bucketer.calc_bucket(o, r)].append(i)
with quiet():
    rep = cm.generate_sentence_bucketed_report(ref_t, outs_t, bucket_type="length",
                                               statistic_type="score", score_measure="bleu")
bleu, sbleu, chrf = BLEU(), BLEU(effective_order=True), CHRF()
length = []
for b, idx in enumerate(members):
    row = {"label": bucketer.bucket_strs[b], "sentences": len(idx), "systems": []}
    for s, hyp in enumerate([sys1, sys2]):
        sb = [sbleu.sentence_score(hyp[i], [ref[i]]).score for i in idx]
        sc = [chrf.sentence_score(hyp[i], [ref[i]]).score for i in idx]
        row["systems"].append({
            "compare_mt_bleu": rep.sys_stats[s][b],
            "sacrebleu_bleu": bleu.corpus_score([hyp[i] for i in idx], [[ref[i] for i in idx]]).score if idx else None,
            "sacrebleu_mean_sentence_bleu": sum(sb) / len(sb) if idx else None,
            "sacrebleu_mean_sentence_chrf": sum(sc) / len(sc) if idx else None,
        })
    length.append(row)

# 2. Word accuracy by reference frequency (compare-mt defaults: bucket_type=freq, fmeas).
with quiet():
    rep = cm.generate_word_accuracy_report(ref_t, outs_t, acc_type="fmeas")
words = []
for b, label in enumerate(rep.bucketer.bucket_strs):
    stats = [rep.statistics[s][b] for s in range(2)]
    words.append({"label": label, "reference_words": int(stats[0][1]), "systems": [
        {"matched": int(m), "output_words": int(o), "recall": rec, "precision": prec, "f_measure": f}
        for (m, r, o, rec, prec, f) in stats]})

# 3. Characteristic n-grams (compare_type=match, lengths 1-4, alpha=1), sys1 vs sys2. compare-mt's
# order among equal scores is Python's set order, so every entry tied with the 10th is kept.
K = 10
with quiet():
    rep = cm.generate_ngram_report(ref_t, outs_t, min_ngram_length=1, max_ngram_length=4,
                                   report_length=K, alpha=1.0, compare_type="match",
                                   compare_directions="0-1")
def with_ties(lst):
    cut = lst[K - 1][1]
    return [{"ngram": " ".join(k), "score": v, "left_matches": rep.matches[0][k],
             "right_matches": rep.matches[1][k]} for k, v in lst if (v >= cut if lst[0][1] >= cut else v <= cut)]
scores = rep.scorelist[0]
ngrams = {"left_better": with_ties(scores), "right_better": with_ties(list(reversed(scores)))}

# 4. Sentence examples: compare-mt's procedure (deduplicated (out1, out2, ref) token triples,
# difference s2 - s1) with sacreBLEU sentence BLEU instead of NLTK's; ties with the 10th kept.
s1 = [sbleu.sentence_score(h, [r]).score for h, r in zip(sys1, ref)]
s2 = [sbleu.sentence_score(h, [r]).score for h, r in zip(sys2, ref)]
seen, diffs = set(), []
for i, (o1, o2, r) in enumerate(zip(outs_t[0], outs_t[1], ref_t)):
    key = (tuple(o1), tuple(o2), tuple(r))
    if key in seen:
        continue
    seen.add(key)
    diffs.append((s2[i] - s1[i], i))
def top(ds):
    cut = ds[K - 1][0]
    return [{"segment": i, "left_bleu": s1[i], "right_bleu": s2[i]} for d, i in ds if abs(d) >= abs(cut)]
examples = {"left_better": top(sorted(d for d in diffs if d[0] < 0)),
            "right_better": top(sorted((d for d in diffs if d[0] > 0), key=lambda d: -d[0]))}

json.dump({
    "about": "compare-mt's numbers on its example data, regenerated by regenerate.sh; see tests/integration/breakdown.rs",
    "compare_mt_version": version("compare-mt"), "sacrebleu_version": sacrebleu.__version__,
    "tokenize": "13a", "segments": len(ref),
    "length_buckets": length, "word_accuracy": words, "ngrams": ngrams, "examples": examples,
}, open(out_path, "w"), indent=1)
print(f"wrote {out_path}")
PYEOF
