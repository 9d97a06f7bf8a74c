#!/usr/bin/env python3
"""Adversarial tokenizer goldens: random strings built from the characters each sacreBLEU rule
cares about, tokenized by sacreBLEU 2.6.0's own tokenizers (and lowercased, for --lowercase).
    /tmp/sb/bin/python tests/golden/tokenizers.py > tests/golden/tokenizers.json
Deterministic (random.Random(20261125))."""
import json
import random
import sys

from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
from sacrebleu.tokenizers.tokenizer_char import TokenizerChar
from sacrebleu.tokenizers.tokenizer_intl import TokenizerV14International
from sacrebleu.tokenizers.tokenizer_none import NoneTokenizer
from sacrebleu.tokenizers.tokenizer_zh import TokenizerZh

POOL = (
    list("abcXYZ019.,-'\"&;<>()[]{}!?/:@#$%^*_+=|~`\\")
    + [" ", " ", " ", "\t", "\r", "\x0b", "\x1c", "\x1f", "\xa0", "\u2000", "\u200a", "\u2028", "\u3000", "\x85"]
    + list("éÉßİΣςÆœ")  # case mapping corner cases
    + list("中文。，、「」《》“”‘’—…€£→≈∞")  # CJK and the zh quirk range U+2001..U+2A6D
    + ["\u2000", "\u2a6d", "\u2a6e", "\u2f81", "\u2fa1", "\u2fa2", "\U00020000", "\uff0c", "\uff01"]
    + list("שלום٣٤¹²½⅓") + ["\u0301", "\U0001F600", "\u2e60", "\u20c1"]
    + ["&quot;", "&amp;", "&lt;", "&gt;", "&amp;lt;", "<skipped>", "-\n", "\n"]
)
TOKENIZERS = {"none": NoneTokenizer(), "13a": Tokenizer13a(), "intl": TokenizerV14International(),
              "char": TokenizerChar(), "zh": TokenizerZh()}

rng = random.Random(20261125)
cases = []
for i in range(3000):
    s = "".join(rng.choice(POOL) for _ in range(rng.randint(0, 24)))
    cases.append({"input": s, "lower": s.lower(), **{k: t(s) for k, t in TOKENIZERS.items()}})
json.dump({"sacrebleu": "2.6.0", "cases": cases}, sys.stdout, ensure_ascii=False, separators=(",", ":"))
