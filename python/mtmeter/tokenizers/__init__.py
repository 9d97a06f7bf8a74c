"""sacreBLEU's tokenizers (``sacrebleu.tokenizers``), implemented in Rust."""

from .. import _core


class BaseTokenizer:
    """A tokenizer called on one line: ``tokenizer(line) -> str``."""

    _NAME = ""

    def __init__(self, **kwargs):
        self._tok = _core.Tokenizer(self._NAME, **kwargs)

    @staticmethod
    def named(name: str) -> "BaseTokenizer":
        """The tokenizer sacreBLEU's BLEU calls `name` (`13a`, `intl`, `zh`, `char`, `none`)."""
        tok = BaseTokenizer.__new__(BaseTokenizer)
        tok._tok = _core.Tokenizer(name)
        return tok

    def signature(self) -> str:
        return self._tok.signature()

    def __call__(self, line: str) -> str:
        return self._tok(line)
