"""Sentence spans of Vietnamese administrative text, as character offsets.

Reports put one paragraph on a line; legal-document sites wrap lines at ~80
characters in mid-sentence. A line break ends a sentence when the line ends
with sentence punctuation, when the next line starts a list item or a legal
formula ("Căn cứ", "Điều 2."), or when the line is short (a header line).

>>> t = "Căn cứ Luật Viễn thông;\\nCăn cứ Nghị định số 25/2011/NĐ-CP của\\nChính phủ. Xét đề nghị."
>>> [t[s:e] for s, e in split(t)]
['Căn cứ Luật Viễn thông;', 'Căn cứ Nghị định số 25/2011/NĐ-CP của\\nChính phủ.', 'Xét đề nghị.']
"""
from __future__ import annotations

import re

from .normalize import vi_re

# A line that starts one of these begins a new sentence.
_STARTERS = re.compile(
    r"[ \t]*(?:[-+•*–—]|\d{1,2}[.)]|[a-zđ][)]|[IVX]{1,5}\.|Điều \d|Căn cứ|Xét |Theo đề nghị"
    r"|QUYẾT ĐỊNH|Nơi nhận|KT\.|TM\.|CHỦ TỊCH|GIÁM ĐỐC)"
)
_END_PUNCT = ".;:!?"
# ". " inside these is not a sentence end: "TP. Hạ Long", "Th.S", "v.v."
_ABBREV = re.compile(r"(?:\b(?:TP|Tp|tp|TX|Tx|TT|ThS|TS|PGS|GS|Th|St|Số|số|Mr|Ms|v\.v|ông|bà|Ô)|\b[A-ZĐ])$")
_LONG_LINE = 60
_SENT_END = vi_re(r"[.!?](?=\s+[\"“(]?[{U}])")
# A short line that ends like this is wrapped text, not a header line.
_CONTINUES = re.compile(r"[a-zđà-ỹ,(\-–/]$")


def _ends_sentence(line: str, nxt: str) -> bool:
    """Whether the line break after `line` ends a sentence."""
    if not line.strip() or not nxt.strip() or line[-1] in _END_PUNCT:
        return True
    if _STARTERS.match(nxt):
        return True
    if nxt.lstrip()[:1].islower():  # wrapped mid-sentence
        return False
    return len(line) < _LONG_LINE and _CONTINUES.search(line) is None


def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` covering the non-blank text, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    lines = text.split("\n")
    pos = 0
    for i, line in enumerate(lines):
        line_end = pos + len(line)
        # sentence ends inside the line: ". X" with X upper case
        for m in _SENT_END.finditer(line):
            cut = pos + m.end()
            if _ABBREV.search(line[: m.start()]) or re.search(r"\d$", line[: m.start()]) and m.group() == ".":
                continue
            if cut > start:
                spans.append((start, cut))
                start = cut
        stripped = line.rstrip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        is_break = _ends_sentence(stripped, nxt)
        if is_break and line_end > start:
            spans.append((start, line_end))
            start = line_end + 1
        elif is_break:
            start = line_end + 1
        pos = line_end + 1
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
