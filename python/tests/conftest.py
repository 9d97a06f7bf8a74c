"""Shared fixtures: the real test sets in $MTMETER_SHARED/corpora and the real sacreBLEU."""

import os
from pathlib import Path

import pytest


def _shared() -> Path | None:
    env = os.environ.get("MTMETER_SHARED")
    root = Path(env) if env else Path(__file__).resolve().parents[3] / "shared"
    corpora = root / "corpora"
    return corpora if corpora.is_dir() else None


def read_lines(path: Path) -> list[str]:
    """Lines as sacreBLEU's command line reads them (split on newlines only)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class TestSet:
    def __init__(self, path: Path):
        self.name = path.name
        self.references = [read_lines(p) for p in sorted((path / "references").iterdir())]
        self.systems = {p.stem: read_lines(p) for p in sorted((path / "systems").iterdir())}

    def first(self, k: int = 1) -> list[tuple[str, list[str]]]:
        return list(self.systems.items())[:k]


CORPORA = _shared()
CORPUS_NAMES = sorted(p.name for p in CORPORA.iterdir() if p.is_dir()) if CORPORA else []
_cache: dict[str, TestSet] = {}


def corpus(name: str) -> TestSet:
    if name not in _cache:
        _cache[name] = TestSet(CORPORA / name)
    return _cache[name]


def require_shared():
    if CORPORA is None:
        if os.environ.get("MTMETER_REQUIRE_SHARED") == "1":
            pytest.fail("MTMETER_REQUIRE_SHARED=1 but $MTMETER_SHARED/corpora is missing")
        pytest.skip("no shared corpora (set MTMETER_SHARED)")
