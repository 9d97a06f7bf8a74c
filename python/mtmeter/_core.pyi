"""Type stubs of the Rust extension `mtmeter._core` (statistics and scores; the API shape is in
the Python modules)."""

from collections.abc import Sequence

_Streams = Sequence[Sequence[str | None]]

class References:
    """References digested once by the scorer that made them."""

    @property
    def nrefs(self) -> int: ...

class Scorer:
    def __init__(
        self,
        metric: str,
        *,
        tokenize: str | None = None,
        lowercase: bool = False,
        smooth_method: str = "exp",
        smooth_value: float | None = None,
        max_ngram_order: int = 4,
        effective_order: bool = False,
        char_order: int = 6,
        word_order: int = 0,
        beta: int = 2,
        whitespace: bool = False,
        eps_smoothing: bool = False,
        normalized: bool = False,
        no_punct: bool = False,
        asian_support: bool = False,
        case_sensitive: bool = False,
    ) -> None: ...
    def prepare(self, ref_streams: _Streams) -> References: ...
    def segment_rows(self, hyps: Sequence[str], refs: _Streams | References) -> tuple[list[float], int]: ...
    def corpus_row(self, hyps: Sequence[str], refs: _Streams | References) -> tuple[list[float], int]: ...
    def sentence_scores(self, hyps: Sequence[str], refs: _Streams | References) -> list[float]: ...
    def score(self, row: Sequence[float]) -> float: ...
    def bleu_details(self, row: Sequence[float]) -> tuple[float, float, list[float]]: ...
    def confidence(self, rows: Sequence[float], n_samples: int, seed: str | None) -> tuple[float, float]: ...
    @property
    def row_width(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def tokenizer_signature(self) -> str | None: ...

def paired_test(
    metrics: Sequence[tuple[Scorer, Sequence[Sequence[float]]]],
    test_type: str,
    n_samples: int,
    n_ar_confidence: int | None,
    seed: str | None,
) -> list[list[tuple[float, float | None, float | None, float | None]]]: ...
def pairwise_chrf(
    hyps: Sequence[Sequence[str]],
    refs: Sequence[Sequence[str]],
    *,
    char_order: int = 6,
    word_order: int = 0,
    beta: int = 2,
    whitespace: bool = False,
    eps_smoothing: bool = False,
) -> list[list[list[float]]]: ...
def version_field() -> str: ...
def evaluate_json(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    metrics: Sequence[str],
    *,
    tokenize: str | None = None,
    lowercase: bool = False,
    sentence_level: bool = False,
    test: str | None = None,
    samples: int | None = None,
    ar_confidence: int | None = None,
    seed: str | None = None,
    baseline: str | None = None,
    statistics: bool = False,
) -> str: ...
def analyze_json(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    *,
    tokenize: str = "13a",
    base_forms: str = "prefix4",
) -> str: ...
