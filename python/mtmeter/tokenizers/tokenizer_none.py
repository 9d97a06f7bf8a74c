"""sacreBLEU's `NoneTokenizer` (`tok:none`)."""

from . import BaseTokenizer


class NoneTokenizer(BaseTokenizer):
    _NAME = "none"
