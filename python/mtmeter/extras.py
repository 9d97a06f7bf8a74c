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
