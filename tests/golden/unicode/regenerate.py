#!/usr/bin/env python3
"""Code-point ranges of \\p{P}, \\p{S}, \\p{N} in the Python `regex` module that sacreBLEU's
`intl` tokenizer uses. Run with the sacreBLEU venv's Python:
    /tmp/sb/bin/python tests/golden/unicode/regenerate.py > tests/golden/unicode/python_regex_categories.json
Generated with regex 2026.11.19 (its own Unicode tables; Python's unicodedata was 14.0.0)."""
import json
import sys

import regex

out = {}
for cat in ["P", "S", "N"]:
    r = regex.compile(r"\p{%s}" % cat)
    ranges, start, prev = [], None, None
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or not r.match(chr(cp)):
            continue
        if start is None:
            start = cp
        elif cp != prev + 1:
            ranges.append([start, prev])
            start = cp
        prev = cp
    ranges.append([start, prev])
    out[cat] = ranges
json.dump(out, sys.stdout)
