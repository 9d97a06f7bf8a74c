"""sacreBLEU's `TokenizerZh` (`tok:zh`)."""

from . import BaseTokenizer


class TokenizerZh(BaseTokenizer):
    _NAME = "zh"
