"""BLEU with sacreBLEU 2.6.0's API (``sacrebleu.metrics.bleu``)."""

from __future__ import annotations

from collections.abc import Sequence

from .. import _core
from ..tokenizers import BaseTokenizer
from .base import Metric, Score, Signature, _logger

MAX_NGRAM_ORDER = 4

_TOKENIZERS = {
    "none": "tokenizer_none.NoneTokenizer",
    "zh": "tokenizer_zh.TokenizerZh",
    "13a": "tokenizer_13a.Tokenizer13a",
    "intl": "tokenizer_intl.TokenizerV14International",
    "char": "tokenizer_char.TokenizerChar",
    "ja-mecab": "tokenizer_ja_mecab.TokenizerJaMecab",
    "ko-mecab": "tokenizer_ko_mecab.TokenizerKoMecab",
    "spm": "tokenizer_spm.TokenizerSPM",
    "flores101": "tokenizer_spm.Flores101Tokenizer",
    "flores200": "tokenizer_spm.Flores200Tokenizer",
    "spBLEU-1K": "tokenizer_spm.spBLEU1KTokenizer",
}


class BLEUSignature(Signature):
    """`nrefs|case|eff|tok|smooth|version`."""

    def __init__(self, args: dict):
        super().__init__(args)
        self._abbr.update({"case": "c", "eff": "e", "tok": "tok", "smooth": "s"})
        smooth_str = args["smooth_method"]
        smooth_def = BLEU.SMOOTH_DEFAULTS[smooth_str]
        if smooth_def is not None:
            smooth_val = args["smooth_value"]
            if smooth_val is None:
                smooth_val = smooth_def
            smooth_str += f"[{smooth_val:.2f}]"
        self.info.update(
            {
                "case": "lc" if args["lowercase"] else "mixed",
                "eff": "yes" if args["effective_order"] else "no",
                "tok": args["tokenizer_signature"],
                "smooth": smooth_str,
            }
        )


class BLEUScore(Score):
    """BLEU with its counts, totals, precisions, brevity penalty and lengths."""

    def __init__(self, score, counts, totals, precisions, bp, sys_len, ref_len):
        super().__init__("BLEU", score)
        self.bp = bp
        self.counts = counts
        self.totals = totals
        self.sys_len = sys_len
        self.ref_len = ref_len
        self.precisions = precisions
        self.prec_str = "/".join([f"{p:.1f}" for p in self.precisions])
        self.ratio = self.sys_len / self.ref_len if self.ref_len else 0
        self._verbose = f"{self.prec_str} (BP = {self.bp:.3f} "
        self._verbose += f"ratio = {self.ratio:.3f} hyp_len = {self.sys_len:d} "
        self._verbose += f"ref_len = {self.ref_len:d})"


_PLAIN_SCORERS: dict = {}


def _plain_scorer(smooth_method, smooth_value, effective_order, max_ngram_order):
    """A BLEU scorer for `compute_bleu` (no tokenizer needed), one per configuration."""
    key = (smooth_method, smooth_value, effective_order, max_ngram_order)
    if key not in _PLAIN_SCORERS:
        _PLAIN_SCORERS[key] = _core.Scorer(
            "bleu",
            tokenize="none",
            smooth_method=smooth_method,
            smooth_value=smooth_value,
            effective_order=effective_order,
            max_ngram_order=max_ngram_order,
        )
    return _PLAIN_SCORERS[key]


def _bleu_score(scorer, correct, total, sys_len, ref_len, smooth_method, smooth_value):
    """`BLEU.compute_bleu` on integer statistics: the numbers from Rust, and the counts as
    sacreBLEU hands them back (add-k adds the smoothing value to the counts it visits)."""
    score, bp, precisions = scorer.bleu_details([float(sys_len), float(ref_len), *correct, *total])
    correct, total = list(correct), list(total)
    if smooth_method == "add-k" and any(correct):
        value = BLEU.SMOOTH_DEFAULTS["add-k"] if smooth_value is None else smooth_value
        for n in range(1, len(correct) + 1):
            if n > 1:
                correct[n - 1] += value
                total[n - 1] += value
            if total[n - 1] == 0:
                break
    return BLEUScore(score, correct, total, precisions, bp, sys_len, ref_len)


class BLEU(Metric):
    """BLEU (Papineni et al., 2002) as sacreBLEU 2.6.0 computes it."""

    SMOOTH_DEFAULTS: dict = {"none": None, "floor": 0.1, "add-k": 1, "exp": None}
    TOKENIZERS = _TOKENIZERS.keys()
    TOKENIZER_DEFAULT = "13a"
    _TOKENIZER_MAP = {"zh": "zh", "ja": "ja-mecab", "ko": "ko-mecab"}
    _SIGNATURE_TYPE = BLEUSignature
    _KIND = "bleu"

    def __init__(
        self,
        lowercase: bool = False,
        force: bool = False,
        tokenize: str | None = None,
        smooth_method: str = "exp",
        smooth_value: float | None = None,
        max_ngram_order: int = MAX_NGRAM_ORDER,
        effective_order: bool = False,
        trg_lang: str = "",
        references: Sequence[Sequence[str]] | None = None,
    ):
        super().__init__()
        self._force = force
        self.trg_lang = trg_lang
        self.lowercase = lowercase
        self.smooth_value = smooth_value
        self.smooth_method = smooth_method
        self.max_ngram_order = max_ngram_order
        self.effective_order = effective_order
        assert self.smooth_method in self.SMOOTH_DEFAULTS.keys(), (
            "Unknown smooth_method {self.smooth_method!r}"
        )
        if tokenize is None:
            best_tokenizer = self.TOKENIZER_DEFAULT
            if self.trg_lang in self._TOKENIZER_MAP:
                best_tokenizer = self._TOKENIZER_MAP[self.trg_lang]
        else:
            best_tokenizer = tokenize
            for lang, advice in (("zh", "zh"), ("ja", "ja-mecab"), ("ko", "ko-mecab")):
                if self.trg_lang == lang and best_tokenizer != advice:
                    names = {"zh": "Chinese", "ja": "Japanese", "ko": "Korean"}
                    _logger().warning(
                        f"Consider using the '{advice}' or 'spm' tokenizer for {names[lang]}."
                    )
        self._tokenize = tokenize
        self._scorer = _core.Scorer(
            "bleu",
            tokenize=best_tokenizer,
            lowercase=lowercase,
            smooth_method=smooth_method,
            smooth_value=None if smooth_value is None else float(smooth_value),
            max_ngram_order=max_ngram_order,
            effective_order=effective_order,
        )
        self.tokenizer_signature = self._scorer.tokenizer_signature
        self.tokenizer = BaseTokenizer.named(best_tokenizer)
        if references is not None:
            self._ref_cache = self._cache_references(references)

    def _init_args(self) -> dict:
        return {
            "lowercase": self.lowercase,
            "force": self._force,
            "tokenize": self._tokenize,
            "smooth_method": self.smooth_method,
            "smooth_value": self.smooth_value,
            "max_ngram_order": self.max_ngram_order,
            "effective_order": self.effective_order,
            "trg_lang": self.trg_lang,
        }

    @staticmethod
    def compute_bleu(
        correct,
        total,
        sys_len: int,
        ref_len: int,
        smooth_method: str = "none",
        smooth_value=None,
        effective_order: bool = False,
        max_ngram_order: int = MAX_NGRAM_ORDER,
    ) -> BLEUScore:
        """BLEU from its statistics (`BLEU.compute_bleu`)."""
        assert smooth_method in BLEU.SMOOTH_DEFAULTS.keys(), (
            "Unknown smooth_method {smooth_method!r}"
        )
        scorer = _plain_scorer(
            smooth_method,
            None if smooth_value is None else float(smooth_value),
            effective_order,
            max_ngram_order,
        )
        return _bleu_score(
            scorer, correct, total, sys_len, ref_len, smooth_method, smooth_value
        )

    def _compute_score_from_stats(self, stats) -> BLEUScore:
        o = self.max_ngram_order
        stats = [int(x) for x in stats]
        return _bleu_score(
            self._scorer,
            stats[2 : 2 + o],
            stats[2 + o :],
            stats[0],
            stats[1],
            self.smooth_method,
            self.smooth_value,
        )

    def sentence_score(self, hypothesis: str, references: Sequence[str]) -> BLEUScore:
        """BLEU of one hypothesis (sacreBLEU recommends `effective_order=True` here)."""
        if not self.effective_order:
            _logger().warning(
                "It is recommended to enable `effective_order` for sentence-level BLEU."
            )
        return super().sentence_score(hypothesis, references)
