#!/usr/bin/env python3
"""Compare sacreBLEU's multi-system text table with mtmeter's: the first number of every cell
(the corpus score, 4 decimals) must be identical for every system and metric."""
import re
import sys


def sacrebleu_rows(path):
    rows = {}
    for line in open(path, encoding="utf-8"):
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        name = cells[0].removeprefix("Baseline: ")
        if name == "System":
            continue
        stem = re.sub(r"\.[^./]+$", "", name.rsplit("/", 1)[-1])
        rows[stem] = [re.search(r"-?\d+\.\d+", c).group(0) for c in cells[1:]]
    return rows


def mtmeter_rows(path, names):
    rows = {}
    for line in open(path, encoding="utf-8"):
        cells = re.split(r"\s{2,}", line.strip())
        if cells and cells[0] in names:
            rows[cells[0]] = [re.search(r"-?\d+\.\d+", c).group(0) for c in cells[1:]]
    return rows


sb = sacrebleu_rows(sys.argv[1])
ours = mtmeter_rows(sys.argv[2], set(sb))
bad = [s for s in sb if ours.get(s) != sb[s]]
print(f"systems compared: {len(sb)}; identical scores: {len(sb) - len(bad)}")
for s in bad:
    print(f"  DIFFER {s}: sacreBLEU {sb[s]} mtmeter {ours.get(s)}")
sys.exit(1 if bad or not sb else 0)
