#!/usr/bin/env python3
"""Golden numbers for `--scores NAME=FILE` (segment scores from other tools as a metric).

sacreBLEU has no metric whose statistics are one number per segment, so this script defines
one the way a sacreBLEU metric is written: `_extract_corpus_statistics` returns `[[value, 1.0],
...]` (the segment scores) and `_compute_score_from_stats(s)` is `scale * (s[0] / s[1])`, the
mean times the scale. sacreBLEU's own machinery then runs on it unchanged:
`significance.PairedTest` (paired bootstrap, paired approximate randomization, AR with bootstrap
intervals) and `_bootstrap_resample` + `Score.estimate_ci` (what `corpus_score(n_bootstrap=N)`,
i.e. `--confidence`, does after its argument checks, which want strings).

The per-segment values are real: sentence chrF of five wmt21bio.en-fr systems (sacreBLEU's
CHRF().sentence_score), written as text the way COMET / MetricX / BLEURT files look:
  * comet22  = chrF / 100, 6 decimals            (0-1, higher is better, scale 100)
  * metricx24 = 25 * (1 - chrF / 100), 4 decimals (0-25, lower is better, scale 1)
  * bleurt20 = chrF / 100 - 0.4, 5 decimals       (negative values too, scale 100)
The files' text is stored in the JSON; the Rust test writes it back to files and reads them
through `--scores`, so both sides parse the same decimal strings.

Run: /tmp/sb/bin/python tests/golden/scores/scores.py   (about 6 s)
Writes tests/golden/scores/scores.json.
"""
import json
import os
import sys

import numpy as np
import sacrebleu
from sacrebleu.metrics import CHRF
from sacrebleu.metrics.base import Metric, Score, Signature
from sacrebleu.significance import PairedTest, _bootstrap_resample
from sacrebleu.utils import sum_of_lists

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(os.environ.get("MTMETER_SHARED", "/work/shared"), "corpora", "wmt21bio.en-fr")
SYSTEMS = ["Huawei_AGI_run1", "Huawei_AGI_run2", "Huawei_AGI_run3", "LISN_run1", "LISN_run2"]
METRICS = {
    "comet22": dict(scale=100, fmt=lambda c: f"{c / 100:.6f}"),
    "metricx24": dict(scale=1, fmt=lambda c: f"{25 * (1 - c / 100):.4f}"),
    "bleurt20": dict(scale=100, fmt=lambda c: f"{c / 100 - 0.4:.5f}"),
}


class ExternalScores(Metric):
    """A sacreBLEU metric whose segment statistics are `[score, 1]`."""

    _SIGNATURE_TYPE = Signature

    def __init__(self, name, scale):
        super().__init__()
        self.metric_name = name
        self.scale = scale
        self.num_refs = 0

    def _extract_corpus_statistics(self, hypotheses, references):
        # `hypotheses` are the segment scores themselves.
        return [[float(v), 1.0] for v in hypotheses]

    def _compute_score_from_stats(self, stats):
        return Score(self.metric_name, self.scale * (stats[0] / stats[1]))

    def _aggregate_and_compute(self, stats):
        return self._compute_score_from_stats(sum_of_lists(stats))

    def _preprocess_segment(self, sent):
        return sent

    def _extract_reference_info(self, refs):
        return {}

    def _compute_segment_statistics(self, hypothesis, ref_kwargs):
        raise NotImplementedError


def read(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        return [line.rstrip() for line in f]


def fnum(x):
    return None if x is None else float(x)


def paired(name, scale, values, test_type, n_ar_confidence=-1):
    os.environ["SACREBLEU_SEED"] = "12345"
    metric = ExternalScores(name, scale)
    named = [(s, values[s]) for s in SYSTEMS]
    n_samples = 1000 if test_type == "bs" else 10000
    ps = PairedTest(named, {name: metric}, references=None, test_type=test_type,
                    n_samples=n_samples, n_ar_confidence=n_ar_confidence, n_jobs=1)
    _, scores = ps()
    return [dict(system=s, score=fnum(r.score), p_value=fnum(r.p_value), mean=fnum(r.mean),
                 ci=fnum(r.ci)) for s, r in zip(scores["System"], scores[name])]


def confidence(name, scale, vals, n=1000):
    os.environ["SACREBLEU_SEED"] = "12345"
    metric = ExternalScores(name, scale)
    stats = metric._extract_corpus_statistics(vals, None)
    score = metric._aggregate_and_compute(stats)
    _, bs = _bootstrap_resample(stats, metric, n)
    score.estimate_ci(bs)
    return dict(score=fnum(score.score), mean=fnum(score._mean), ci=fnum(score._ci))


def main():
    refs = [read(os.path.join(CORPUS, "references", "ref.fr"))]
    chrf = CHRF()
    sentence = {}
    for s in SYSTEMS:
        hyps = read(os.path.join(CORPUS, "systems", s + ".fr"))
        sentence[s] = [chrf.sentence_score(h, [r[i] for r in refs]).score for i, h in enumerate(hyps)]
    out = {"sacrebleu": sacrebleu.__version__, "numpy": np.__version__, "set": "wmt21bio.en-fr",
           "systems": SYSTEMS, "metrics": {}}
    for name, cfg in METRICS.items():
        text = {s: [cfg["fmt"](c) for c in sentence[s]] for s in SYSTEMS}
        values = {s: [float(x) for x in text[s]] for s in SYSTEMS}
        out["metrics"][name] = {
            "scale": cfg["scale"],
            "files": text,
            "paired_bs": paired(name, cfg["scale"], values, "bs"),
            "paired_ar": paired(name, cfg["scale"], values, "ar"),
            "paired_ar_ci": paired(name, cfg["scale"], values, "ar", n_ar_confidence=1000),
            "confidence": {s: confidence(name, cfg["scale"], values[s]) for s in SYSTEMS},
        }
        print(name, "done", file=sys.stderr)
    dest = os.path.join(HERE, "scores.json")
    with open(dest + ".tmp", "w", encoding="utf-8") as f:
        json.dump(out, f, indent=None, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    os.replace(dest + ".tmp", dest)


if __name__ == "__main__":
    main()
