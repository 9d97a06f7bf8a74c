"""Paired significance tests with sacreBLEU 2.6.0's API and p-values
(``sacrebleu.significance``): paired bootstrap resampling (`bs`) and paired approximate
randomization (`ar`), computed by the library on statistics rows."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from . import _core
from .metrics.base import Metric, Signature


class Result:
    """One system's score, p-value against the baseline, bootstrap mean and half-width."""

    def __init__(self, score: float, p_value=None, mean=None, ci=None):
        self.score = score
        self.p_value = p_value
        self.mean = mean
        self.ci = ci

    def __repr__(self) -> str:
        return ",".join([f"{k}={str(v)}" for k, v in self.__dict__.items()])


class PairedTest:
    """Every system against the first one (the baseline), for every metric."""

    _DEFAULT_SAMPLES = {"ar": 10000, "bs": 1000}

    def __init__(
        self,
        named_systems: list[tuple[str, Sequence[str]]],
        metrics: Mapping[str, Metric],
        references: Sequence[Sequence[str]] | None,
        test_type: str = "ar",
        n_samples: int = 0,
        n_ar_confidence: int = -1,
        n_jobs: int = 1,
    ):
        assert test_type in ("ar", "bs"), f"Unknown test type {test_type!r}"
        self.test_type = test_type
        seed = os.environ.get("SACREBLEU_SEED", "12345")
        self._seed_str = seed
        self._seed = None if seed.lower() == "none" else int(seed)
        # Kept for API compatibility: the library already runs systems and metrics in parallel.
        self.n_jobs = n_jobs
        self.references = references
        self.named_systems = named_systems
        self.n_ar_confidence = (
            n_ar_confidence if n_ar_confidence != 0 else self._DEFAULT_SAMPLES["bs"]
        )
        self.n_samples = n_samples if n_samples > 0 else self._DEFAULT_SAMPLES[self.test_type]
        self.n_systems = len(named_systems) - 1
        self._signatures: dict[str, Signature] = {}
        self._baseline_rows: dict[str, list] = {}
        self.metrics: dict[str, Metric] = {}

        _, bl_hyps = self.named_systems[0]
        for _, metric in metrics.items():
            rows = metric._rows(bl_hyps, self.references)
            name = metric._compute_score_from_stats([0] * metric._scorer.row_width).name
            self._baseline_rows[name] = rows
            self.metrics[name] = metric
            sig = metric.get_signature()
            sig.update("seed", str(self._seed).lower())
            sig.update(self.test_type, self.n_samples)
            if self.n_ar_confidence > 0:
                sig.update("bs", self.n_ar_confidence)
            self._signatures[name] = sig

    def __call__(self):
        """`(signatures, scores)`: `scores['System']` lists the names, `scores[metric]` a
        :class:`Result` per system (the baseline's without a p-value)."""
        scores: dict[str, list] = {"System": [ns[0] for ns in self.named_systems]}
        jobs = []
        for name, metric in self.metrics.items():
            rows = [self._baseline_rows[name]]
            for _, hyps in self.named_systems[1:]:
                rows.append(metric._rows(hyps, self.references))
            jobs.append((metric._scorer, rows))
        n_ar = self.n_ar_confidence if self.n_ar_confidence > 0 else None
        out = _core.paired_test(jobs, self.test_type, self.n_samples, n_ar, self._seed_str)
        for name, results in zip(self.metrics, out):
            scores[name] = [Result(*r) for r in results]
        return self._signatures, scores
