"""sacreBLEU's `TokenizerChar` (`tok:char`)."""

from . import BaseTokenizer


class TokenizerChar(BaseTokenizer):
    _NAME = "char"
