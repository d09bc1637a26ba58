"""The three aligned views of one text that every finder reads.

`text` is what the user sees; `match` (old/new tone placement and ``Ð``
unified) and `folded()` (lower case, no accents) have the same length, so an
offset found in any of them is an offset in `text`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .normalize import fold, for_matching
from .records import Mention



@dataclass(slots=True)
class TextViews:
    """A text and its same-length matching views, plus what the header told us."""

    text: str
    match: str = field(init=False)
    province: str | None = None          # "Quảng Ninh"
    province_full: str | None = None     # "tỉnh Quảng Ninh"

    def __post_init__(self) -> None:
        # Markdown emphasis and table pipes from legal-document sites carry no
        # words: blank them (same length) so they never split a phrase.
        self.match = for_matching(self.text).replace("*", " ").replace("|", "\n").replace("#", " ").replace("\t", " ")

    def folded(self, start: int = 0, end: int | None = None) -> str:
        """``fold`` of ``match[start:end]``: computed for the window asked, not the whole text."""
        return fold(self.match[start:end])

    def mention(self, start: int, end: int) -> Mention:
        """The `Mention` of ``text[start:end]``, trimmed of surrounding space."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Mention(start, end, self.text[start:end])
