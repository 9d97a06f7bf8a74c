"""The scale-out example gives exactly the single-process scores."""

import sys
from pathlib import Path

import mtmeter
from conftest import corpus, require_shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
import scale_out  # noqa: E402


def test_multiprocessing_merge_equals_single_process():
    require_shared()
    c = corpus("wmt22.en-de")
    (_, hyps), = c.first()
    # TER is slow in sacreBLEU, not here: the whole corpus, 3 workers, uneven shards.
    merged = scale_out.scale_out(hyps, c.references, workers=3)
    for name, make in scale_out.METRICS.items():
        single = make().corpus_score(hyps, c.references)
        assert merged[name].score == single.score, name
        assert str(merged[name]) == str(single)
