"""The metrics, laid out as ``sacrebleu.metrics``."""

from .bleu import BLEU, BLEUScore
from .chrf import CHRF, CHRFScore
from .ter import TER, TERScore

METRICS = {
    "BLEU": BLEU,
    "CHRF": CHRF,
    "TER": TER,
}

__all__ = ["BLEU", "BLEUScore", "CHRF", "CHRFScore", "TER", "TERScore", "METRICS"]
