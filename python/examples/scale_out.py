"""Score a corpus split over worker processes and merge the statistics exactly.

Each worker returns additive, picklable `mtmeter.Statistics` for its shard; `sum()` of the
shards (in corpus order) scores exactly like the whole corpus in one process. The same pattern
works for Ray tasks, Ray Data `map_batches` or Spark partitions: ship statistics, not text.

    python examples/scale_out.py REF [REF ...] -i HYP [--workers 4]
"""

from __future__ import annotations

import argparse
import multiprocessing

import mtmeter

METRICS = {"BLEU": mtmeter.BLEU, "chrF2++": lambda: mtmeter.CHRF(word_order=2), "TER": mtmeter.TER}


def shard_statistics(args):
    """One worker: statistics of one shard for every metric."""
    hyps, refs = args
    return {name: make().corpus_statistics(hyps, refs) for name, make in METRICS.items()}


def split(n: int, parts: int) -> list[tuple[int, int]]:
    step = -(-n // parts)
    return [(i, min(i + step, n)) for i in range(0, n, step)]


def scale_out(hyps: list[str], refs: list[list[str]], workers: int) -> dict[str, mtmeter.metrics.base.Score]:
    """Scores of the whole corpus computed shard by shard in `workers` processes."""
    jobs = [(hyps[a:b], [r[a:b] for r in refs]) for a, b in split(len(hyps), workers)]
    # "spawn": a forked child would inherit the parent's thread pool in a broken state.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        shards = pool.map(shard_statistics, jobs)
    return {name: sum(s[name] for s in shards).score() for name in METRICS}


def read(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")[:-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("refs", nargs="+")
    ap.add_argument("-i", "--input", required=True)
    ap.add_argument("--workers", type=int, default=4)
    a = ap.parse_args()
    hyps, refs = read(a.input), [read(r) for r in a.refs]
    merged = scale_out(hyps, refs, a.workers)
    for name, make in METRICS.items():
        single = make().corpus_score(hyps, refs)
        print(f"{merged[name]}    (single process: {single.score!r}, merged: {merged[name].score!r})")


if __name__ == "__main__":
    main()
