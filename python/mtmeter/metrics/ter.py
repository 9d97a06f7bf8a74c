"""TER with sacreBLEU 2.6.0's API (``sacrebleu.metrics.ter``)."""

from __future__ import annotations

from collections.abc import Sequence

from .. import _core
from ..tokenizers.tokenizer_ter import TercomTokenizer
from .base import Metric, Score, Signature


class TERSignature(Signature):
    """`nrefs|case|tok|norm|punct|asian|version`."""

    def __init__(self, args: dict):
        super().__init__(args)
        self._abbr.update({"case": "c", "tok": "t", "norm": "nr", "punct": "pn", "asian": "as"})
        self.info.update(
            {
                "case": "mixed" if args["case_sensitive"] else "lc",
                "tok": args["tokenizer_signature"],
                "norm": args["normalized"],
                "punct": not args["no_punct"],
                "asian": args["asian_support"],
            }
        )


class TERScore(Score):
    """TER with the total edits and the summed average reference length."""

    def __init__(self, score: float, num_edits: float, ref_length: float):
        super().__init__("TER", score)
        self.num_edits = int(num_edits)
        self.ref_length = ref_length


class TER(Metric):
    """Translation edit rate (Snover et al., 2006) as sacreBLEU 2.6.0 computes it."""

    _SIGNATURE_TYPE = TERSignature
    _KIND = "ter"

    def __init__(
        self,
        normalized: bool = False,
        no_punct: bool = False,
        asian_support: bool = False,
        case_sensitive: bool = False,
        references: Sequence[Sequence[str]] | None = None,
    ):
        super().__init__()
        self.no_punct = no_punct
        self.normalized = normalized
        self.asian_support = asian_support
        self.case_sensitive = case_sensitive
        self._scorer = _core.Scorer(
            "ter",
            normalized=normalized,
            no_punct=no_punct,
            asian_support=asian_support,
            case_sensitive=case_sensitive,
        )
        self.tokenizer_signature = self._scorer.tokenizer_signature
        self.tokenizer = TercomTokenizer(normalized, no_punct, asian_support, case_sensitive)
        if references is not None:
            self._ref_cache = self._cache_references(references)

    def _init_args(self) -> dict:
        return {
            "normalized": self.normalized,
            "no_punct": self.no_punct,
            "asian_support": self.asian_support,
            "case_sensitive": self.case_sensitive,
        }

    def _typed(self, values: list) -> list:
        return list(values)

    def _compute_score_from_stats(self, stats) -> TERScore:
        total_edits, sum_ref_lengths = stats[0], stats[1]
        return TERScore(
            self._scorer.score([float(total_edits), float(sum_ref_lengths)]),
            total_edits,
            sum_ref_lengths,
        )
