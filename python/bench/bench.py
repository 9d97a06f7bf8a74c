"""Speed of mtmeter against sacreBLEU, bleuscore and fastchrf: one process, the same inputs,
numbers checked equal before any time is printed.

    MTMETER_SHARED=/path/to/shared python bench/bench.py   (needs: pip install sacrebleu==2.6.0 bleuscore fastchrf)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import mtmeter


def read(p: Path) -> list[str]:
    return p.read_text(encoding="utf-8").split("\n")[:-1]


def best_of(fn, repeat: int):
    """(result, best wall time of `repeat` runs)."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return out, best


def line(label: str, ours: float, theirs: float, target: float) -> None:
    ratio = theirs / ours
    ok = "ok" if ratio >= target else "BELOW TARGET"
    print(f"{label:58s} mtmeter {ours * 1e3:9.1f} ms  other {theirs * 1e3:9.1f} ms  {ratio:7.1f}x  (target {target:g}x: {ok})")


def main() -> None:
    shared = Path(os.environ.get("MTMETER_SHARED", Path(__file__).resolve().parents[3] / "shared"))
    root = shared / "corpora" / "wmt22.en-de"
    refs = [read(p) for p in sorted((root / "references").iterdir())]
    systems = [read(p) for p in sorted((root / "systems").iterdir())]
    n_seg = sum(len(s) for s in systems)
    print(f"wmt22.en-de: {len(systems)} systems x {len(refs[0])} segments, {len(refs)} references")

    import sacrebleu

    # 1. Corpus BLEU, 9 systems, 2 references, against sacreBLEU's corpus_score.
    mt, sb = mtmeter.BLEU(), sacrebleu.BLEU()
    ours, t_mt = best_of(lambda: [mt.corpus_score(s, refs).score for s in systems], 5)
    theirs, t_sb = best_of(lambda: [sb.corpus_score(s, refs).score for s in systems], 1)
    assert all(abs(a - b) < 1e-9 for a, b in zip(ours, theirs, strict=True)), (ours, theirs)
    line("corpus BLEU, 9 systems, 2 refs vs sacreBLEU corpus_score", t_mt, t_sb, 50)

    # 2. Corpus BLEU on one reference against bleuscore (its numbers are fractions).
    try:
        import bleuscore
    except ImportError:
        print("bleuscore not installed: skipped")
    else:
        one = [refs[0]]
        ours, t_mt = best_of(lambda: [mt.corpus_score(s, one).score for s in systems], 5)
        pairs = [[[r] for r in refs[0]] for _ in systems]
        theirs, t_bs = best_of(
            lambda: [100 * bleuscore.compute(predictions=s, references=p, max_order=4)["bleu"] for s, p in zip(systems, pairs)], 3
        )
        assert all(abs(a - b) < 1e-9 for a, b in zip(ours, theirs, strict=True)), (ours, theirs)
        line("corpus BLEU, 9 systems, 1 ref vs bleuscore", t_mt, t_bs, 5)

    # 3. Sentence chrF of every segment of every system (one reference).
    cm, cs = mtmeter.CHRF(), sacrebleu.CHRF()
    ref0 = [refs[0]]
    ours, t_mt = best_of(lambda: [x for s in systems for x in cm.sentence_scores(s, ref0)], 3)
    theirs, t_sb = best_of(lambda: [cs.sentence_score(h, [r]).score for s in systems for h, r in zip(s, refs[0])], 1)
    assert all(abs(a - b) < 1e-9 for a, b in zip(ours, theirs, strict=True))
    line(f"sentence chrF, {n_seg} segments vs sacreBLEU sentence_score", t_mt, t_sb, 30)
    try:
        import fastchrf
    except ImportError:
        print("fastchrf not installed: skipped")
    else:
        groups = [[[h] for h in s] for s in systems]
        rgroups = [[r] for r in refs[0]]
        theirs, t_fc = best_of(lambda: [m[0][0] for g in groups for m in fastchrf.pairwise_chrf(g, rgroups)], 3)
        worst = max(abs(a - b) for a, b in zip(ours, theirs, strict=True))
        assert worst < 1e-9, worst
        line(f"sentence chrF, {n_seg} segments vs fastchrf pairwise_chrf", t_mt, t_fc, 2)

    # 4. Import time (a fresh interpreter each time; the best of 5).
    def import_time() -> float:
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import mtmeter"], capture_output=True, text=True).stderr
        last = [l for l in out.splitlines() if l.rstrip().endswith("| mtmeter")][-1]
        return int(last.split("|")[1]) / 1e6

    t_imp = min(import_time() for _ in range(5))
    print(f"{'import mtmeter (cumulative, -X importtime)':58s} {t_imp * 1e3:9.1f} ms  (target < 50 ms: {'ok' if t_imp < 0.05 else 'ABOVE TARGET'})")


if __name__ == "__main__":
    main()
