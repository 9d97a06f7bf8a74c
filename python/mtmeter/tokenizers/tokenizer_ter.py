"""sacreBLEU's `TercomTokenizer` (TER's tokenizer, `tok:tercom`)."""

from . import BaseTokenizer


class TercomTokenizer(BaseTokenizer):
    _NAME = "tercom"

    def __init__(
        self,
        normalized: bool = False,
        no_punct: bool = False,
        asian_support: bool = False,
        case_sensitive: bool = False,
    ):
        super().__init__(
            normalized=normalized,
            no_punct=no_punct,
            asian_support=asian_support,
            case_sensitive=case_sensitive,
        )
