#!/usr/bin/env python3
"""Compare sacreBLEU's multi-system text table with mtmeter's: every number of every cell
(score; with --confidence/--paired-*: mean, interval half-width, p-value), as printed with
the same --width, must be identical for every system and metric."""
import re
import sys

NUM = re.compile(r"-?\d+\.\d+")


def sacrebleu_rows(path):
    rows, last = {}, None
    for line in open(path, encoding="utf-8"):
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        name = cells[0].removeprefix("Baseline: ")
        if name == "System":
            continue
        numbers = [NUM.findall(c) for c in cells[1:]]
        if name:  # a system's first line
            last = re.sub(r"\.[^./]+$", "", name.rsplit("/", 1)[-1])
            rows[last] = numbers
        elif last:  # continuation line: p-values under the scores
            rows[last] = [a + b for a, b in zip(rows[last], numbers)]
    return rows


def mtmeter_rows(path, names):
    """The first row of each system: the table comes first; the per-system BLEU details and
    the legend follow it."""
    rows = {}
    for line in open(path, encoding="utf-8"):
        cells = re.split(r"\s{2,}", line.strip())
        if cells and cells[0] in names and cells[0] not in rows:
            rows[cells[0]] = [NUM.findall(c) for c in cells[1:]]
    return rows


sb = sacrebleu_rows(sys.argv[1])
ours = mtmeter_rows(sys.argv[2], set(sb))
bad = [s for s in sb if ours.get(s) != sb[s]]
count = sum(len(x) for v in sb.values() for x in v)
print(f"systems compared: {len(sb)}, numbers compared: {count}; systems identical: {len(sb) - len(bad)}")
for s in bad:
    print(f"  DIFFER {s}: sacreBLEU {sb[s]} mtmeter {ours.get(s)}")
sys.exit(1 if bad or not sb else 0)
