"""`Score`, `Signature` and `Metric` in sacreBLEU 2.6.0's shape (``sacrebleu.metrics.base``),
over the Rust scorer in :mod:`mtmeter._core`.

The numbers come from Rust: a metric turns hypotheses and references into additive sufficient
statistics rows (sacreBLEU's layout) and a row into a score. This module only gives them
sacreBLEU's classes, argument checks, messages and formatting.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from .. import _core

#: The signature's version field: mtmeter's own, so nobody mistakes an mtmeter number for one
#: printed by sacreBLEU (every other field is sacreBLEU's).
VERSION = _core.version_field()


def _logger():
    # Imported on first use: `import mtmeter` stays fast.
    import logging

    return logging.getLogger("sacrebleu")


class Score:
    """A score with its name; `format()` and `str()` as sacreBLEU prints them."""

    def __init__(self, name: str, score: float):
        self.name = name
        self.score = score
        # Bootstrap confidence interval (set by `corpus_score(..., n_bootstrap=N)`).
        self._mean = -1.0
        self._ci = -1.0
        self._verbose = ""

    def format(
        self,
        width: int = 2,
        score_only: bool = False,
        signature: str = "",
        is_json: bool = False,
    ) -> str:
        d = {
            "name": self.name,
            "score": float(f"{self.score:.{width}f}"),
            "signature": signature,
        }
        sc = f"{self.score:.{width}f}"
        if self._mean > 0:
            confidence_mean = f"{self._mean:.{width}f}"
            confidence_var = f"{self._ci:.{width}f}"
            confidence_str = f"μ = {confidence_mean} ± {confidence_var}"
            sc += f" ({confidence_str})"
            if is_json:
                d["confidence_mean"] = float(confidence_mean)
                d["confidence_var"] = float(confidence_var)
                d["confidence"] = confidence_str
        full_score = f"{self.name}|{signature}" if signature else self.name
        full_score = f"{full_score} = {sc}"
        if self._verbose:
            full_score += f" {self._verbose}"
            d["verbose_score"] = self._verbose
        if score_only:
            return sc
        if is_json:
            import json

            for param in signature.split("|"):
                key, value = param.split(":")
                d[key] = value
            return json.dumps(d, indent=1, ensure_ascii=False)
        return full_score

    def estimate_ci(self, scores: list[Score]) -> None:
        """Mean and half-width of the 95 % interval of bootstrap `scores` (float64, as
        `Score.estimate_ci`)."""
        import statistics

        raw = sorted(x.score for x in scores)
        n = len(raw)
        lower_idx = n // 40
        upper_idx = n - lower_idx - 1
        self._ci = 0.5 * (raw[upper_idx] - raw[lower_idx])
        self._mean = statistics.mean(raw)

    def __repr__(self) -> str:
        return self.format()


class Signature:
    """A reproducibility signature (`nrefs:1|case:mixed|...|version:mtmeter-X`)."""

    def __init__(self, args: dict):
        self._abbr = {
            "version": "v",
            "nrefs": "#",
            "test": "t",
            "lang": "l",
            "subset": "S",
            "origlang": "o",
            "bs": "bs",
            "ar": "ar",
            "seed": "rs",
        }
        if "num_refs" not in args:
            raise ValueError("Number of references unknown, please evaluate the metric first.")
        num_refs = args["num_refs"]
        if num_refs == -1:
            num_refs = "var"
        self.info = {
            "version": VERSION,
            "nrefs": num_refs,
            "bs": args.get("n_bootstrap", None),
            "ar": None,
            "seed": args.get("seed", None),
            "test": args.get("test_set", None),
            "lang": args.get("langpair", None),
            "origlang": args.get("origlang", None),
            "subset": args.get("subset", None),
        }

    def format(self, short: bool = False) -> str:
        pairs = []
        keys = [k for k in self.info if k != "version"] + ["version"]
        for name in keys:
            value = self.info[name]
            if value is not None:
                if isinstance(value, bool):
                    value = "yes" if value else "no"
                final_name = self._abbr[name] if short else name
                pairs.append(f"{final_name}:{value}")
        return "|".join(pairs)

    def update(self, key: str, value) -> None:
        self.info[key] = value

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return self.format()


def _sum_rows(flat: list, width: int) -> list:
    """Column sums of a flat row list, segment by segment (sacreBLEU's `sum_of_lists`)."""
    total = [0] * width
    for i in range(0, len(flat), width):
        for j in range(width):
            total[j] += flat[i + j]
    return total


class Statistics:
    """Additive sufficient statistics of some segments for one metric configuration.

    Picklable, addable with ``+`` (statistics of disjoint parts of a corpus, in corpus order)
    and scorable: ``(a + b).score()`` is the score of the whole corpus, exactly. BLEU and
    chrF keep the summed integer counts; TER keeps one ``[edits, avg_ref_len]`` row per
    segment, because its float reference lengths are summed in segment order by sacreBLEU and
    float addition is not associative.
    """

    __slots__ = ("_metric_args", "_kind", "_values", "n_segments", "nrefs")

    def __init__(self, metric: Metric, values: list, n_segments: int, nrefs: int):
        self._kind = type(metric).__name__
        self._metric_args = metric._init_args()
        self._values = values
        self.n_segments = n_segments
        self.nrefs = nrefs

    def __getstate__(self):
        return (self._kind, self._metric_args, self._values, self.n_segments, self.nrefs)

    def __setstate__(self, state):
        self._kind, self._metric_args, self._values, self.n_segments, self.nrefs = state

    def metric(self) -> Metric:
        """A metric object configured as the one that computed these statistics."""
        from . import METRICS

        return METRICS[self._kind](**self._metric_args)

    @property
    def totals(self) -> list:
        """The summed statistics row (sacreBLEU's layout)."""
        if self._kind == "TER":
            return _sum_rows(self._values, 2)
        return list(self._values)

    def __add__(self, other: Statistics) -> Statistics:
        if not isinstance(other, Statistics):
            return NotImplemented
        if (self._kind, self._metric_args) != (other._kind, other._metric_args):
            raise ValueError(
                "cannot add statistics of differently configured metrics: "
                f"{self._kind}{self._metric_args} and {other._kind}{other._metric_args}"
            )
        out = Statistics.__new__(Statistics)
        out._kind, out._metric_args = self._kind, self._metric_args
        if self._kind == "TER":
            out._values = self._values + other._values
        else:
            out._values = [a + b for a, b in zip(self._values, other._values)]
        out.n_segments = self.n_segments + other.n_segments
        out.nrefs = self.nrefs if self.nrefs == other.nrefs else -1
        return out

    def __radd__(self, other):
        # sum([...]) starts from 0.
        if other == 0:
            return self
        return NotImplemented

    def __eq__(self, other) -> bool:
        return isinstance(other, Statistics) and self.__getstate__() == other.__getstate__()

    def score(self) -> Score:
        """The score of these statistics (the corpus score of the segments they cover)."""
        metric = self.metric()
        metric.num_refs = self.nrefs
        return metric._compute_score_from_stats(self.totals)

    def __repr__(self) -> str:
        return f"Statistics({self._kind}, n_segments={self.n_segments}, totals={self.totals})"


class Metric:
    """What every metric shares: reference caching, statistics, corpus and sentence scores."""

    #: `mtmeter._core.Scorer`'s metric name.
    _KIND = ""
    _SIGNATURE_TYPE = Signature

    def __init__(self):
        self._ref_cache = None
        # Only BLEU warns about tokenized input.
        self._force = True
        self.n_bootstrap = None
        self.seed = None

    # -- subclass hooks -------------------------------------------------------------------
    def _init_args(self) -> dict:
        """Constructor arguments (without references) that rebuild this configuration."""
        raise NotImplementedError

    def _compute_score_from_stats(self, stats: Sequence) -> Score:
        raise NotImplementedError

    # -- sacreBLEU's checks -----------------------------------------------------------------
    def _check_sentence_score_args(self, hyp: str, refs: Sequence[str]) -> None:
        prefix = self.__class__.__name__
        err_msg = None
        if not isinstance(hyp, str):
            err_msg = "The argument `hyp` should be a string."
        elif isinstance(refs, str) or not isinstance(refs, Sequence):
            err_msg = "The argument `refs` should be a sequence of strings."
        elif not isinstance(refs[0], str) and refs[0] is not None:
            err_msg = "Each element of `refs` should be a string."
        if err_msg:
            raise TypeError(f"{prefix}: {err_msg}")

    def _check_corpus_score_args(self, hyps, refs) -> None:
        prefix = self.__class__.__name__
        err_msg = None
        if not isinstance(hyps, Sequence):
            err_msg = "`hyps` should be a sequence of strings."
        elif not isinstance(hyps[0], str):
            err_msg = "Each element of `hyps` should be a string."
        elif any(line is None for line in hyps):
            err_msg = "Undefined line in hypotheses stream!"
        if refs is not None:
            if not isinstance(refs, Sequence):
                err_msg = "`refs` should be a sequence of sequence of strings."
            elif not isinstance(refs[0], Sequence):
                err_msg = "Each element of `refs` should be a sequence of strings."
            elif not isinstance(refs[0][0], str) and refs[0][0] is not None:
                err_msg = "`refs` should be a sequence of sequence of strings."
        if err_msg:
            raise TypeError(f"{prefix}: {err_msg}")

    # -- references -----------------------------------------------------------------------
    def _cache_references(self, references):
        """Digest the references once (sacreBLEU's `references=`); sets `num_refs`."""
        cache = self._scorer.prepare(references)
        self.num_refs = cache.nrefs
        return cache

    def _refs_for(self, references):
        if references:
            return references
        if self._ref_cache:
            self.num_refs = self._ref_cache.nrefs
            return self._ref_cache
        raise RuntimeError("No references provided and the cache is empty.")

    def _warn_tokenized(self, hypotheses) -> None:
        if not self._force and sum(1 for h in hypotheses if h.endswith(" .")) >= 100:
            log = _logger()
            log.warning("That's 100 lines that end in a tokenized period ('.')")
            log.warning(
                "It looks like you forgot to detokenize your test data, which may hurt your score."
            )
            log.warning(
                "If you insist your data is detokenized, or don't care, you can suppress this "
                "message with the `force` parameter."
            )

    def _rows(self, hypotheses, references) -> list:
        """Flat per-segment statistics rows (sacreBLEU's `_extract_corpus_statistics`)."""
        refs = self._refs_for(references)
        self._warn_tokenized(hypotheses)
        rows, nrefs = self._scorer.segment_rows(hypotheses, refs)
        self.num_refs = nrefs
        return rows

    def _extract_corpus_statistics(self, hypotheses, references) -> list:
        """Per-segment statistics as lists (sacreBLEU's layout)."""
        w = self._scorer.row_width
        flat = self._typed(self._rows(hypotheses, references))
        return [flat[i : i + w] for i in range(0, len(flat), w)]

    def _typed(self, values: list) -> list:
        # BLEU and chrF statistics are integers in sacreBLEU; TER's are floats.
        return [int(x) for x in values]

    def _aggregate_and_compute(self, stats) -> Score:
        return self._compute_score_from_stats(_sum_rows([x for r in stats for x in r], self._scorer.row_width))

    # -- public API -----------------------------------------------------------------------
    def sentence_score(self, hypothesis: str, references: Sequence[str]) -> Score:
        """The metric of one hypothesis against its references (one string each)."""
        self._check_sentence_score_args(hypothesis, references)
        row, nrefs = self._scorer.corpus_row([hypothesis], [[r] for r in references])
        self.num_refs = nrefs
        return self._compute_score_from_stats(self._typed(row))

    def corpus_score(self, hypotheses: Sequence[str], references=None, n_bootstrap: int = 1) -> Score:
        """The corpus score of `hypotheses` against reference streams (one sequence of
        strings per reference; `None` uses the references given to the constructor). With
        `n_bootstrap > 1`, also a 95 % bootstrap confidence interval (`SACREBLEU_SEED`)."""
        self._check_corpus_score_args(hypotheses, references)
        if n_bootstrap <= 1:
            refs = self._refs_for(references)
            self._warn_tokenized(hypotheses)
            row, self.num_refs = self._scorer.corpus_row(hypotheses, refs)
            return self._compute_score_from_stats(self._typed(row))
        rows = self._rows(hypotheses, references)
        score = self._compute_score_from_stats(self._typed(_sum_rows(rows, self._scorer.row_width)))
        seed = os.environ.get("SACREBLEU_SEED", "12345")
        score._mean, score._ci = self._scorer.confidence(rows, n_bootstrap, seed)
        self.n_bootstrap = n_bootstrap
        self.seed = str(seed).lower()
        return score

    def corpus_statistics(self, hypotheses: Sequence[str], references=None) -> Statistics:
        """Additive statistics of these segments (see :class:`Statistics`)."""
        self._check_corpus_score_args(hypotheses, references)
        refs = self._refs_for(references)
        if self._KIND == "ter":
            values, nrefs = self._scorer.segment_rows(hypotheses, refs)
        else:
            row, nrefs = self._scorer.corpus_row(hypotheses, refs)
            values = self._typed(row)
        self.num_refs = nrefs
        return Statistics(self, values, len(hypotheses), nrefs)

    def sentence_scores(self, hypotheses: Sequence[str], references=None) -> list[float]:
        """The sentence score of every hypothesis against the reference streams, as floats:
        `[m.sentence_score(h, refs).score for ...]` in one call, in parallel."""
        refs = self._refs_for(references)
        scores = self._scorer.sentence_scores(hypotheses, refs)
        return scores

    def get_signature(self) -> Signature:
        """The signature of the last scores (the number of references is known only then)."""
        return self._SIGNATURE_TYPE(self.__dict__)

    def __getstate__(self):
        # The Rust scorer and reference cache are rebuilt from the constructor arguments.
        return {"args": self._init_args(), "num_refs": self.__dict__.get("num_refs")}

    def __setstate__(self, state):
        self.__init__(**state["args"])
        if state["num_refs"] is not None:
            self.num_refs = state["num_refs"]
