"""mtmeter: sacreBLEU 2.6.0's API and numbers (BLEU, chrF, chrF++, TER, paired tests), from
Rust. ``import mtmeter as sacrebleu`` works for code written against sacreBLEU's API.

Beyond sacreBLEU: :meth:`Metric.corpus_statistics` returns additive, picklable
:class:`Statistics` (merge shards with ``+``), :meth:`Metric.sentence_scores` scores a whole
batch in one call, and :func:`pairwise_chrf` gives the chrF matrices of MBR decoding.
"""

from . import compat, metrics, significance
from ._core import version_field as _version_field
from .compat import (
    corpus_bleu,
    corpus_chrf,
    corpus_ter,
    raw_corpus_bleu,
    sentence_bleu,
    sentence_chrf,
    sentence_ter,
)
from .extras import analyze, evaluate, pairwise_chrf
from .metrics import BLEU, CHRF, TER
from .metrics.base import Statistics

__version__ = _version_field().removeprefix("mtmeter-")
#: The sacreBLEU version whose API and numbers mtmeter reproduces.
__sacrebleu_version__ = "2.6.0"

__all__ = [
    "BLEU",
    "CHRF",
    "TER",
    "Statistics",
    "corpus_bleu",
    "raw_corpus_bleu",
    "sentence_bleu",
    "corpus_chrf",
    "sentence_chrf",
    "corpus_ter",
    "sentence_ter",
    "pairwise_chrf",
    "evaluate",
    "analyze",
    "metrics",
    "significance",
    "compat",
    "__version__",
]
