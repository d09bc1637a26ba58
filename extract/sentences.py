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
# Where a clause ends inside a sentence: the end of a document's subject, a cue's reach.
CLAUSE_END = re.compile(r";|\.(?=\s)|\n\s*\n|\n(?=\s*(?:[-+•]|\d+[.)]|Căn cứ))")
_STARTER_ALT = (r"[ \t]*(?:[-+•*–—]|\d{1,2}[.)]|[a-zđ][)]|[IVX]{1,5}\.|Điều \d|Căn cứ|Xét |Theo đề nghị"
                r"|QUYẾT ĐỊNH|Nơi nhận|KT\.|TM\.|CHỦ TỊCH|GIÁM ĐỐC)")
_NOT_BREAK_NEXT = r"(?![ \t]*(?:\n|$)|" + _STARTER_ALT + r")"
# Line breaks inside a sentence; each match's "\n" is at m.start("nl"). Patterns
# start with the "\n" itself where they can, which the regex engine finds fast.
_CONTINUATIONS = (
    # the next line starts in lower case: wrapped text
    vi_re(r"(?P<nl>\n)(?<=[^\s.;:!?]\n)" + _NOT_BREAK_NEXT + r"(?=[ \t]*[{L}])"),
    # a long line that does not end a sentence
    vi_re(r"(?m)^[^\n]{" + str(_LONG_LINE - 1) + r",}[^\s.;:!?\n][ \t]*(?P<nl>\n)" + _NOT_BREAK_NEXT),
    # a line that ends like wrapped text ("của", ",", "(")
    vi_re(r"(?P<nl>\n)(?<=[{L},(\-–/]\n)" + _NOT_BREAK_NEXT),
)
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
    cuts: list[int] = []
    # sentence ends inside a line: ". X" with X a capital, not after an abbreviation or a number
    for m in _SENT_END.finditer(text):
        before = text[max(0, m.start() - 8):m.start()]
        if _ABBREV.search(before) or m.group() == "." and before[-1:].isdigit():
            continue
        cuts.append(m.end())
    # every line break ends a sentence but those a continuation pattern explains
    go_on = {m.start("nl") for rx in _CONTINUATIONS for m in rx.finditer(text)}
    cuts.extend(i for i in _newlines(text) if i not in go_on)
    cuts.sort()
    cuts.append(len(text))
    out = []
    start = 0
    for cut in cuts:
        if cut <= start:
            continue
        seg = text[start:cut]
        stripped = seg.strip()
        if stripped:
            s = start + (len(seg) - len(seg.lstrip()))
            out.append((s, s + len(stripped)))
        start = cut
    return out


def _newlines(text: str) -> list[int]:
    out = []
    i = text.find("\n")
    while i != -1:
        out.append(i)
        i = text.find("\n", i + 1)
    return out
