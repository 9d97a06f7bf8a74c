"""sacreBLEU's `TokenizerV14International` (`tok:intl`)."""

from . import BaseTokenizer


class TokenizerV14International(BaseTokenizer):
    _NAME = "intl"
