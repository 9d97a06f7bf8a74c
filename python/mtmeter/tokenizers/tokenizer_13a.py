"""sacreBLEU's `Tokenizer13a` (`tok:13a`)."""

from . import BaseTokenizer


class Tokenizer13a(BaseTokenizer):
    _NAME = "13a"
