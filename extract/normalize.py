"""Normalise at the door without moving offsets.

`clean` makes the text the user sees (NFC, one kind of newline, no BOM); every
offset `extract` reports indexes that text. `for_matching` and `fold` return
strings of exactly the same length, so a match found in them is a match in the
clean text at the same offsets:

>>> t = clean("Uỷ ban nhân dân tỉnh Quảng Ninh")
>>> len(for_matching(t)) == len(t) == len(fold(t))
True
>>> for_matching("Uỷ ban, hoà bình, Ðà Nẵng")
'Ủy ban, hòa bình, Đà Nẵng'
>>> fold("Nghị định 43/2011/NĐ-CP")
'nghi dinh 43/2011/nd-cp'
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Zero-width and soft characters that web pages and Word files scatter in text.
_INVISIBLE = re.compile(r"[\ufeff\u200b\u200c\u200d\u2060\u00ad]")

# Old tone placement ("hoà", "Uỷ") → new ("hòa", "Ủy"): the tone moves to the first
# vowel of an open "oa", "oe", "uy" syllable. Not after "q" ("quý" stays).
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
# (Both vowels in one class so the regex engine can skip ahead to candidates fast;
# `_move_tone` checks the pair.)
_OLD_TONE = re.compile(r"([oOuU])(?<![qQ][uU])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ])(?!\w)")
_PAIRS = {"o": "aăe", "u": "y"}


# Character classes for regexes: Vietnamese capitals and small letters. (A range
# like "À-Ỹ" would also take small letters, which sit between the capitals.)
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"


def word_start(text: str, pos: int) -> bool:
    """Whether `pos` starts a word: no letter, digit or "_" right before it.

    Patterns check this in Python rather than with a leading lookbehind, which
    would stop the regex engine from skipping ahead to candidate characters.
    """
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] == "_")


def trie_pattern(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of `words` shaped as a trie, so the engine fails fast.

    Spaces in words match any run of whitespace.

    >>> import re
    >>> p = re.compile(trie_pattern(["Sở", "Sở Tư pháp", "Bộ"]))
    >>> [m.group() for m in p.finditer("Sở Tư pháp và Bộ")]
    ['Sở Tư pháp', 'Bộ']
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [(re.escape(ch) if ch != " " else r"\s+") + build(child)
                    for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        alt = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # longest first: a word that ends here is tried after its continuations
        return f"(?:{alt})?" if ends else alt

    return build(trie)


def vi_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile `pattern` with ``{U}``/``{L}`` standing for Vietnamese capitals/small letters."""
    return re.compile(pattern.replace("{U}", UPPER).replace("{L}", LOWER), flags)


def clean(text: str) -> str:
    """The visible text: NFC, ``\\n`` newlines, no BOM or zero-width characters.

    Idempotent: ``clean(clean(t)) == clean(t)``.
    """
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def _move_tone(m: re.Match[str]) -> str:
    first, second = m.group(1), m.group(2)
    parts = unicodedata.normalize("NFD", second)
    if parts[0].lower() not in _PAIRS[first.lower()]:
        return m.group(0)
    base, tone = parts[0], "".join(c for c in parts[1:] if c in _TONES)
    return unicodedata.normalize("NFC", first + tone) + base


def for_matching(text: str) -> str:
    """Same length as `text`: ``Ð``→``Đ`` and old tone placement → new.

    Used to find things; offsets found here are offsets in `text`.
    """
    text = text.replace("Ð", "Đ").replace("ð", "đ")
    return _OLD_TONE.sub(_move_tone, text)


class _FoldTable(dict):
    """`str.translate` table built one character at a time, on first use."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        low = ch.lower()
        if len(low) != 1:
            low = ch
        if low in "đð":
            out = "d"
        else:
            base = unicodedata.normalize("NFD", low)[0]
            out = base if base.isascii() or not unicodedata.combining(base) else low
        self[code] = out
        return out


@lru_cache(maxsize=1)
def _fold_table() -> _FoldTable:
    return _FoldTable()


def fold(text: str) -> str:
    """Same length as `text`: lower case, no accents, ``đ``→``d``.

    For accent- and case-insensitive matching: ``fold("Ủy ban") == fold("UỶ BAN")``.
    """
    return text.translate(_fold_table())


_NOT_WORD = re.compile(r"[^\w]+")


def squash(text: str) -> str:
    """Fold and collapse whitespace and punctuation: a comparison key (length changes)."""
    return _squash_name(text) if len(text) <= 160 else _squash(text)


def _squash(text: str) -> str:
    return _NOT_WORD.sub(" ", fold(text)).strip()


# cached: the same names and words are compared again and again (~190 calls a document)
_squash_name = lru_cache(maxsize=1 << 16)(_squash)
