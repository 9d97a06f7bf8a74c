#!/usr/bin/env python3
"""Regenerate the sacreBLEU 2.6.0 golden numbers in tests/golden/<set>.json.

Setup (once, outside the repo):
    python3 -m venv /tmp/sb && /tmp/sb/bin/pip install sacrebleu==2.6.0 numpy

Run (from anywhere; corpora default to /work/shared/corpora):
    /tmp/sb/bin/python tests/golden/regenerate.py                      # all six sets
    /tmp/sb/bin/python tests/golden/regenerate.py wmt22.de-fr ted.sk-en  # only some sets
    /tmp/sb/bin/python tests/golden/regenerate.py --corpora DIR --out DIR
    /tmp/sb/bin/python tests/golden/regenerate.py --check              # verify the JSON files
    # one large set on two cores: two shards, then merge
    /tmp/sb/bin/python tests/golden/regenerate.py wmt22.en-zh --shard 0/2 &
    /tmp/sb/bin/python tests/golden/regenerate.py wmt22.en-zh --shard 1/2; wait
    /tmp/sb/bin/python tests/golden/regenerate.py wmt22.en-zh --merge 2

Runtime (measured on the shared 2-core box while Rust builds ran, load ~5-7):
ted.sk-en 3.7 min, wmt22.de-fr 11 min, wmt21bio.en-fr 2 min, 2-reference sets ~2.5 min
per system (wmt23.he-en 8, wmt22.en-de 9, wmt22.en-zh 13 systems) -> roughly 1.5 h in
total. Corpus-level TER (9 configurations x 46 systems) dominates. The script is single-process
(n_jobs=1 for the paired tests, exactly like the CLI default) and deterministic.

What it computes (see README.md next to this file for the schema):
  * corpus cells (BLEU / chrF / TER in many configurations) for every system,
  * sentence-level scores (BLEU with effective order, chrF, chrF++; TER only for
    the first two systems of each set),
  * for wmt22.de-fr, wmt22.en-de and wmt21bio.en-fr: paired bootstrap (seed 12345, and
    seed 7 on de-fr), paired approximate randomisation and single-system bootstrap
    confidence intervals, replicating `sacrebleu REF -i SYS... -m bleu chrf ter --paired-bs`
    (metric objects built from the CLI's own argument parser, references cached).

Files are read exactly like the sacreBLEU CLI reads them:
open(path, encoding="utf-8", newline="\\n"), one item per line, line.rstrip().
"""
import argparse
import glob
import json
import os
import sys
import time

import numpy as np
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics import METRICS
from sacrebleu.significance import PairedTest
from sacrebleu.utils import args_to_dict
from sacrebleu import sacrebleu as sb_cli
from sacrebleu.metrics import ter as ter_module

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPORA = "/work/shared/corpora"
SETS = ["ted.sk-en", "wmt22.de-fr", "wmt21bio.en-fr", "wmt23.he-en", "wmt22.en-de", "wmt22.en-zh"]
SIGNIFICANCE_SETS = {"wmt22.de-fr", "wmt22.en-de", "wmt21bio.en-fr"}
SEED7_SETS = {"wmt22.de-fr"}
# Character-level TER (asian_support + normalized on Chinese text) is the slowest part of the
# run: sacreBLEU needs 40-200 s per system and cell on wmt22.en-zh (depending on machine load).
# Every cell covers every system.

BLEU_CELLS = {
    "bleu.13a": dict(tokenize="13a"),
    "bleu.13a.lc": dict(tokenize="13a", lowercase=True),
    "bleu.intl": dict(tokenize="intl"),
    "bleu.intl.lc": dict(tokenize="intl", lowercase=True),
    "bleu.char": dict(tokenize="char"),
    "bleu.none": dict(tokenize="none"),
    "bleu.zh": dict(tokenize="zh"),
    "bleu.13a.floor": dict(smooth_method="floor"),
    "bleu.13a.floor0.3": dict(smooth_method="floor", smooth_value=0.3),
    "bleu.13a.add-k": dict(smooth_method="add-k"),
    "bleu.13a.add-k2": dict(smooth_method="add-k", smooth_value=2),
    "bleu.13a.none": dict(smooth_method="none"),
    "bleu.13a.eff": dict(effective_order=True),
    "bleu.13a.order2": dict(max_ngram_order=2),
    "bleu.13a.order6": dict(max_ngram_order=6),
}
CHRF_CELLS = {
    "chrf": dict(),
    "chrf++": dict(word_order=2),
    "chrf.lc": dict(lowercase=True),
    "chrf++.lc": dict(word_order=2, lowercase=True),
    "chrf.ws": dict(whitespace=True),
    "chrf.eps": dict(eps_smoothing=True),
    "chrf++.eps": dict(word_order=2, eps_smoothing=True),
    "chrf.c4w1": dict(char_order=4, word_order=1),
    "chrf.beta1": dict(beta=1),
}
TER_CELLS = {
    "ter": dict(),
    "ter.cs": dict(case_sensitive=True),
    "ter.norm": dict(normalized=True),
    "ter.nopunct": dict(no_punct=True),
    "ter.norm.nopunct": dict(normalized=True, no_punct=True),
    "ter.asian": dict(asian_support=True),
    "ter.asian.norm": dict(asian_support=True, normalized=True),
    "ter.asian.nopunct": dict(asian_support=True, no_punct=True),
    "ter.asian.norm.nopunct.cs": dict(asian_support=True, normalized=True, no_punct=True,
                                      case_sensitive=True),
}


class TerMemo:
    """Exact memoisation of sacrebleu.metrics.lib_ter.translation_edit_rate.

    translation_edit_rate(words_hyp, words_ref) is a pure function of the two token lists
    (it builds a fresh BeamEditDistance on every call, no global state), and tokens never
    contain whitespace, so (" ".join(hyp), " ".join(ref)) is an exact cache key. The same
    (hyp, ref) token pair recurs a lot here: ter vs ter.asian on non-CJK text, segments that
    the normalised / no-punct / case variants leave unchanged, sentence-level TER and the
    significance tests re-scoring every system. Disable with --no-ter-memo to run pristine
    sacreBLEU (identical output, ~2x slower).
    """
    def __init__(self):
        self.orig = ter_module.translation_edit_rate
        self.cache = {}
        self.hits = self.misses = 0

    def __call__(self, words_hyp, words_ref):
        key = (" ".join(words_hyp), " ".join(words_ref))
        r = self.cache.get(key)
        if r is None:
            self.misses += 1
            r = self.cache[key] = self.orig(words_hyp, words_ref)
        else:
            self.hits += 1
        return r

    def install(self):
        ter_module.translation_edit_rate = self


TER_MEMO = None


def log(*a):
    print(f"[{time.strftime('%H:%M:%S')}]", *a, file=sys.stderr, flush=True)


def read(path):
    # Exactly like sacrebleu.utils.smart_open + the CLI's line.rstrip()
    with open(path, encoding="utf-8", newline="\n") as f:
        return [line.rstrip() for line in f]


def num(x):
    """Plain Python number (numpy scalars -> Python); keeps ints as ints."""
    if x is None:
        return None
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, bool):
        raise TypeError("unexpected bool")
    if isinstance(x, (int, float)):
        return x
    raise TypeError(f"unexpected {type(x)}")


def fnum(x):
    return None if x is None else float(x)


def corpus_cells(hyps, refs):
    cells = {}
    for key, kw in BLEU_CELLS.items():
        m = BLEU(**kw)
        s = m.corpus_score(hyps, refs)
        cells[key] = dict(metric="bleu", kw=kw, score=num(s.score), signature=str(m.get_signature()),
                          counts=[num(c) for c in s.counts], totals=[num(t) for t in s.totals],
                          sys_len=num(s.sys_len), ref_len=num(s.ref_len), bp=num(s.bp),
                          precisions=[num(p) for p in s.precisions])
    for key, kw in CHRF_CELLS.items():
        m = CHRF(**kw)
        s = m.corpus_score(hyps, refs)
        cells[key] = dict(metric="chrf", kw=kw, score=num(s.score), signature=str(m.get_signature()))
    for key, kw in TER_CELLS.items():
        m = TER(**kw)
        s = m.corpus_score(hyps, refs)
        cells[key] = dict(metric="ter", kw=kw, score=num(s.score), signature=str(m.get_signature()),
                          num_edits=float(s.num_edits), ref_length=float(s.ref_length))
    return cells


def sentence_cells(hyps, refs, with_ter, zh):
    seg_refs = [list(r) for r in zip(*refs)]
    metrics = {"bleu": BLEU(effective_order=True), "chrf": CHRF(), "chrf++": CHRF(word_order=2)}
    if zh:
        metrics["bleu.zh"] = BLEU(tokenize="zh", effective_order=True)
    if with_ter:
        metrics["ter"] = TER()
        if zh:
            metrics["ter.asian"] = TER(asian_support=True)
    return {name: [num(m.sentence_score(h, r).score) for h, r in zip(hyps, seg_refs)]
            for name, m in metrics.items()}


def cli_args(ref_paths, sys_paths, extra):
    """Parse a command line with sacreBLEU's own parser (so metric kwargs match the CLI)."""
    saved = sys.argv
    try:
        sys.argv = ["sacrebleu", *ref_paths, "-i", *sys_paths, "-m", "bleu", "chrf", "ter", *extra]
        return sb_cli.parse_args()
    finally:
        sys.argv = saved


def cli_metrics(args, refs):
    # Same as sacrebleu.py main()
    metrics = {}
    for name in args.metrics:
        metric_args = args_to_dict(args, name.lower(), strip_prefix=True)
        metric_args["references"] = refs
        metrics[name.upper()] = METRICS[name.upper()](**metric_args)
    return metrics


def paired(ref_paths, refs, names, sys_paths, systems, test_type, seed, n_ar_confidence=-1):
    os.environ["SACREBLEU_SEED"] = str(seed)
    flag = "--paired-bs" if test_type == "bs" else "--paired-ar"
    args = cli_args(ref_paths, sys_paths, [flag])
    n_samples = args.paired_bs_n if args.paired_bs else args.paired_ar_n
    metrics = cli_metrics(args, refs)
    named = [(n, h) for n, h in zip(names, systems)]  # plain names; CLI prefixes "Baseline: "
    ps = PairedTest(named, metrics, references=None, test_type=test_type, n_samples=n_samples,
                    n_ar_confidence=n_ar_confidence, n_jobs=args.paired_jobs)
    sigs, scores = ps()
    out = {"seed": seed, "n": ps.n_samples, "systems": list(scores["System"]), "metrics": {}}
    if n_ar_confidence > 0:
        out["n_ar_confidence"] = n_ar_confidence
    for mname, results in scores.items():
        if mname == "System":
            continue
        out["metrics"][mname] = {
            "signature": str(sigs[mname]),
            "results": [dict(system=sname, score=fnum(r.score), p_value=fnum(r.p_value),
                             mean=fnum(r.mean), ci=fnum(r.ci))
                        for sname, r in zip(scores["System"], results)]}
    os.environ["SACREBLEU_SEED"] = "12345"
    return out


def confidence(ref_paths, refs, name, sys_path, hyps, seed=12345):
    os.environ["SACREBLEU_SEED"] = str(seed)
    args = cli_args(ref_paths, [sys_path], ["--confidence"])
    metrics = cli_metrics(args, refs)
    out = {"system": name, "n": args.confidence_n, "seed": seed, "metrics": {}}
    for mname in sorted(metrics):  # CLI order
        m = metrics[mname]
        s = m.corpus_score(hyps, references=None, n_bootstrap=args.confidence_n)
        out["metrics"][s.name] = dict(score=fnum(s.score), mean=fnum(s._mean), ci=fnum(s._ci),
                                      signature=str(m.get_signature()))
    return out


def do_set(corpora, outdir, set_name, shard=None):
    t0 = time.time()
    if TER_MEMO is not None:
        TER_MEMO.cache.clear()  # bound memory: one set at a time
    root = os.path.join(corpora, set_name)
    ref_paths = sorted(glob.glob(os.path.join(root, "references", "*")))
    sys_paths = sorted(glob.glob(os.path.join(root, "systems", "*")))
    refs = [read(p) for p in ref_paths]
    zh = set_name == "wmt22.en-zh"
    out = {"set": set_name, "sacrebleu": sacrebleu.__version__,
           "references": [os.path.relpath(p, root) for p in ref_paths], "systems": {}}
    names, systems = [], []
    for i, path in enumerate(sys_paths):
        stem = os.path.basename(path).rsplit(".", 1)[0]
        hyps = read(path)
        names.append(stem)
        systems.append(hyps)
        if shard is not None and i % shard[1] != shard[0]:
            continue
        out["systems"][stem] = {"file": os.path.relpath(path, root),
                                "cells": corpus_cells(hyps, refs),
                                "sentence": sentence_cells(hyps, refs, with_ter=i < 2, zh=zh)}
        log(set_name, stem, f"{time.time() - t0:.0f}s")
    if shard is not None:
        if set_name in SIGNIFICANCE_SETS:
            sys.exit(f"{set_name}: significance needs every system; do not shard it")
        dest = os.path.join(outdir, f"{set_name}.shard-{shard[0]}-of-{shard[1]}.json")
        with open(dest, "w", encoding="utf-8") as f:
            json.dump(out, f, separators=(",", ":"), allow_nan=False)
        log(set_name, "shard written", dest, f"{time.time() - t0:.0f}s")
        return
    if set_name in SIGNIFICANCE_SETS:
        sig = {"paired_bs": paired(ref_paths, refs, names, sys_paths, systems, "bs", 12345)}
        log(set_name, "paired_bs", f"{time.time() - t0:.0f}s")
        if set_name in SEED7_SETS:
            sig["paired_bs_seed7"] = paired(ref_paths, refs, names, sys_paths, systems, "bs", 7)
            log(set_name, "paired_bs_seed7", f"{time.time() - t0:.0f}s")
        sig["paired_ar"] = paired(ref_paths, refs, names, sys_paths, systems, "ar", 12345)
        log(set_name, "paired_ar", f"{time.time() - t0:.0f}s")
        # PairedTest(n_ar_confidence=1000): AR with bootstrap intervals (mtmeter's
        # `--paired-ar --confidence`; the sacreBLEU CLI refuses that combination).
        sig["paired_ar_ci"] = paired(ref_paths, refs, names, sys_paths, systems, "ar", 12345,
                                     n_ar_confidence=1000)
        log(set_name, "paired_ar_ci", f"{time.time() - t0:.0f}s")
        sig["confidence"] = confidence(ref_paths, refs, names[0], sys_paths[0], systems[0])
        log(set_name, "confidence", f"{time.time() - t0:.0f}s")
        out["significance"] = sig
    dest = os.path.join(outdir, f"{set_name}.json")
    with open(dest + ".tmp", "w", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
    os.replace(dest + ".tmp", dest)
    memo = "" if TER_MEMO is None else f" (TER memo hits {TER_MEMO.hits}, misses {TER_MEMO.misses})"
    log(set_name, "written", dest, f"{time.time() - t0:.0f}s{memo}")


def check(corpora, outdir, sets):
    """Structural check of existing <set>.json files: every cell for every system, list lengths."""
    ok = True
    cells = set(BLEU_CELLS) | set(CHRF_CELLS) | set(TER_CELLS)
    for s in sets:
        f = os.path.join(outdir, f"{s}.json")
        if not os.path.exists(f):
            print(f"MISSING {f}")
            ok = False
            continue
        with open(f, encoding="utf-8") as fh:
            j = json.load(fh)
        root = os.path.join(corpora, s)
        nseg = len(read(os.path.join(root, j["references"][0])))
        want_sys = sorted(os.path.basename(p).rsplit(".", 1)[0]
                          for p in glob.glob(os.path.join(root, "systems", "*")))
        zh = s == "wmt22.en-zh"
        assert j["set"] == s and j["sacrebleu"] == "2.6.0"
        assert sorted(j["systems"]) == want_sys, (s, list(j["systems"]))
        for i, (name, e) in enumerate(sorted(j["systems"].items())):
            assert set(e["cells"]) == cells, (s, name)
            for c, v in e["cells"].items():
                assert isinstance(v["score"], float) and v["signature"] and v["metric"] == c.split(".")[0].rstrip("+"), (s, name, c)
            want = {"bleu", "chrf", "chrf++"} | ({"bleu.zh"} if zh else set())
            if i < 2:
                want |= {"ter"} | ({"ter.asian"} if zh else set())
            assert set(e["sentence"]) == want, (s, name, list(e["sentence"]))
            for k, v in e["sentence"].items():
                assert len(v) == nseg and all(isinstance(x, float) for x in v), (s, name, k)
        if s in SIGNIFICANCE_SETS:
            sig = j["significance"]
            want = ({"paired_bs", "paired_ar", "paired_ar_ci", "confidence"}
                    | ({"paired_bs_seed7"} if s in SEED7_SETS else set()))
            assert set(sig) == want, (s, list(sig))
            for k in want - {"confidence"}:
                assert sig[k]["systems"] == want_sys, (s, k)
                assert set(sig[k]["metrics"]) == {"BLEU", "chrF2", "TER"}, (s, k)
                for mv in sig[k]["metrics"].values():
                    assert [r["system"] for r in mv["results"]] == want_sys, (s, k)
            assert set(sig["confidence"]["metrics"]) == {"BLEU", "chrF2", "TER"}
        else:
            assert "significance" not in j, s
        print(f"OK {s}.json {os.path.getsize(f) / 1e6:.2f} MB, {len(j['systems'])} systems, {nseg} segments")
    return ok


def merge_shards(outdir, set_name, n):
    """Combine `<set>.shard-K-of-N.json` (K = 0..N-1) into `<set>.json`, systems in name order."""
    parts = [json.load(open(os.path.join(outdir, f"{set_name}.shard-{k}-of-{n}.json"), encoding="utf-8"))
             for k in range(n)]
    out = {k: v for k, v in parts[0].items() if k != "systems"}
    out["systems"] = dict(sorted((name, e) for p in parts for name, e in p["systems"].items()))
    dest = os.path.join(outdir, f"{set_name}.json")
    with open(dest + ".tmp", "w", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
    os.replace(dest + ".tmp", dest)
    for k in range(n):
        os.remove(os.path.join(outdir, f"{set_name}.shard-{k}-of-{n}.json"))
    log(set_name, "merged", dest)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="*", default=SETS)
    ap.add_argument("--corpora", default=DEFAULT_CORPORA)
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--no-ter-memo", action="store_true",
                    help="do not memoise translation_edit_rate (pristine sacreBLEU, slower)")
    ap.add_argument("--shard", metavar="K/N",
                    help="only systems with index %% N == K, written to <set>.shard-K-of-N.json "
                         "(run N of these in parallel, then --merge N)")
    ap.add_argument("--merge", type=int, metavar="N", help="merge N shard files into <set>.json")
    ap.add_argument("--check", action="store_true",
                    help="only verify the existing JSON files (structure, every cell present)")
    a = ap.parse_args()
    if a.check:
        sys.exit(0 if check(a.corpora, a.out, a.sets) else 1)
    if a.merge:
        for s in a.sets:
            merge_shards(a.out, s, a.merge)
        return
    shard = tuple(int(x) for x in a.shard.split("/")) if a.shard else None
    global TER_MEMO
    if not a.no_ter_memo:
        TER_MEMO = TerMemo()
        TER_MEMO.install()
    os.environ["SACREBLEU_SEED"] = "12345"
    assert sacrebleu.__version__ == "2.6.0", sacrebleu.__version__
    t0 = time.time()
    for s in a.sets:
        do_set(a.corpora, a.out, s, shard)
    log(f"total {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
