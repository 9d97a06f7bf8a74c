"""chrF and chrF++ with sacreBLEU 2.6.0's API (``sacrebleu.metrics.chrf``)."""

from __future__ import annotations

from collections.abc import Sequence

from .. import _core
from .base import Metric, Score, Signature


class CHRFSignature(Signature):
    """`nrefs|case|eff|nc|nw|space|version`."""

    def __init__(self, args: dict):
        super().__init__(args)
        self._abbr.update({"case": "c", "eff": "e", "nc": "nc", "nw": "nw", "space": "s"})
        self.info.update(
            {
                "case": "lc" if args["lowercase"] else "mixed",
                "eff": "yes" if not args["eps_smoothing"] else "no",
                "nc": args["char_order"],
                "nw": args["word_order"],
                "space": "yes" if args["whitespace"] else "no",
            }
        )


class CHRFScore(Score):
    """chrF (`chrF2`) or chrF++ (`chrF2++`)."""

    def __init__(self, score: float, char_order: int, word_order: int, beta: int):
        self.beta = beta
        self.char_order = char_order
        self.word_order = word_order
        name = f"chrF{self.beta}" + "+" * self.word_order
        super().__init__(name, score)


class CHRF(Metric):
    """chrF (Popović, 2015) and chrF++ (word_order=2) as sacreBLEU 2.6.0 computes them."""

    CHAR_ORDER = 6
    WORD_ORDER = 0
    BETA = 2
    _SIGNATURE_TYPE = CHRFSignature
    _KIND = "chrf"

    def __init__(
        self,
        char_order: int = CHAR_ORDER,
        word_order: int = WORD_ORDER,
        beta: int = BETA,
        lowercase: bool = False,
        whitespace: bool = False,
        eps_smoothing: bool = False,
        references: Sequence[Sequence[str]] | None = None,
    ):
        super().__init__()
        self.beta = beta
        self.char_order = char_order
        self.word_order = word_order
        self.order = self.char_order + self.word_order
        self.lowercase = lowercase
        self.whitespace = whitespace
        self.eps_smoothing = eps_smoothing
        self._scorer = _core.Scorer(
            "chrf",
            char_order=char_order,
            word_order=word_order,
            beta=beta,
            lowercase=lowercase,
            whitespace=whitespace,
            eps_smoothing=eps_smoothing,
        )
        if references is not None:
            self._ref_cache = self._cache_references(references)

    def _init_args(self) -> dict:
        return {
            "char_order": self.char_order,
            "word_order": self.word_order,
            "beta": self.beta,
            "lowercase": self.lowercase,
            "whitespace": self.whitespace,
            "eps_smoothing": self.eps_smoothing,
        }

    def _compute_f_score(self, statistics) -> float:
        return self._scorer.score([float(x) for x in statistics])

    def _compute_score_from_stats(self, stats) -> CHRFScore:
        return CHRFScore(
            self._compute_f_score(stats), self.char_order, self.word_order, self.beta
        )
