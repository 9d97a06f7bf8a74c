"""What sacreBLEU does not have: batch and pairwise scoring."""

from __future__ import annotations

from collections.abc import Sequence

from . import _core


def pairwise_chrf(
    hypotheses: Sequence[Sequence[str]],
    references: Sequence[Sequence[str]],
    char_order: int = 6,
    word_order: int = 0,
    beta: int = 2,
    remove_whitespace: bool = True,
    eps_smoothing: bool = False,
) -> list[list[list[float]]]:
    """Sentence chrF of every hypothesis against every reference of the same group, as in
    minimum Bayes risk decoding (fastchrf's `pairwise_chrf`): for each group ``i`` a
    ``len(hypotheses[i]) × len(references[i])`` matrix, each entry equal to
    ``sentence_chrf(h, [r]).score``."""
    return _core.pairwise_chrf(
        hypotheses,
        references,
        char_order=char_order,
        word_order=word_order,
        beta=beta,
        whitespace=not remove_whitespace,
        eps_smoothing=eps_smoothing,
    )


def _systems(systems) -> list:
    items = systems.items() if isinstance(systems, dict) else systems
    return [(str(name), lines) for name, lines in items]


def evaluate(
    systems,
    references: Sequence[Sequence[str]],
    metrics: Sequence[str] = ("bleu", "chrf", "ter"),
    *,
    tokenize: str | None = None,
    lowercase: bool = False,
    sentence_level: bool = False,
    test: str | None = None,
    samples: int | None = None,
    ar_confidence: int | None = None,
    seed: str | int | None = None,
    baseline: str | None = None,
    statistics: bool = False,
) -> dict:
    """Score every system with every metric, as ``mtmeter score --format json`` does, and
    return that document as Python objects (systems, scores, signatures, significance).

    `systems`: a dict ``{name: hypotheses}`` or a list of ``(name, hypotheses)``; `references`:
    one sequence of strings per reference; `test`: ``"paired-bs"``, ``"paired-ar"`` or
    ``"confidence"``; the first system (or `baseline`) is the baseline of paired tests.
    """
    import json

    doc = _core.evaluate_json(
        _systems(systems),
        references,
        list(metrics),
        tokenize=tokenize,
        lowercase=lowercase,
        sentence_level=sentence_level,
        test=test,
        samples=samples,
        ar_confidence=ar_confidence,
        seed=None if seed is None else str(seed),
        baseline=baseline,
        statistics=statistics,
    )
    return json.loads(doc)


def analyze(
    systems,
    references: Sequence[Sequence[str]],
    *,
    tokenize: str = "13a",
    base_forms: str = "prefix4",
) -> dict:
    """Hjerson error analysis (Popović & Ney, 2011) of every system, as
    ``mtmeter analyze --format json`` reports it: error rates per class (inflection, reordering,
    missing, extra, lexical) per system and per segment. `base_forms`: ``prefix4`` or
    ``stem:LANG`` (Snowball)."""
    import json

    return json.loads(
        _core.analyze_json(
            _systems(systems), references, tokenize=tokenize, base_forms=base_forms
        )
    )
