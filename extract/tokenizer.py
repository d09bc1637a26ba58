"""A syllable tokenizer for Vietnamese that keeps document numbers whole.

Vietnamese writes one syllable a word-piece, separated by spaces, so a rule
tokenizer is accurate; the work is in what it must not split: "917/QĐ-UBND",
"43/2011/NĐ-CP", "36-NQ/TW", dates "10/4/2013", amounts "1.819.462". One
compiled regex finds the tokens and the whitespace between them becomes
spaCy's ``spaces`` (a single space) or its own whitespace token (anything
else), so ``doc.text`` is the input, character for character.

>>> import spacy
>>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "kg.vi_tokenizer.v1"}}})
>>> [t.text for t in nlp("Căn cứ Quyết định số 917/QĐ-UBND ngày 10/4/2013.")]
['Căn', 'cứ', 'Quyết', 'định', 'số', '917/QĐ-UBND', 'ngày', '10/4/2013', '.']
"""
from __future__ import annotations

import re
from collections.abc import Callable
from itertools import chain

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

TOKEN_RE = re.compile(
    r"\d{1,6}(?:\.\d{1,3})?[a-zđ]?(?:[-–][A-ZĐ][A-Za-zĐđ]{0,5}/[A-ZĐ][A-ZĐ0-9]{0,11}"
    r"|/(?:(?:19|20)\d\d/)?[A-ZĐ][A-Za-zĐđ&]{0,9}\d{0,2}(?:[-–.][A-ZĐ][A-Za-zĐđ&]{0,9}\d{0,2}){0,4})(?![\w/])"
    r"|\d+(?:[.,/:\-]\d+)+"
    r"|\w+(?:&\w+)*"
    r"|[^\w\s]"
)


_CACHE_MAX = 200_000


class _Chunks(dict):
    """chunk → its tokens, computed on first sight (`__missing__`), so lookups stay in C."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        toks: list[str] = []
        pos = 0
        for m in TOKEN_RE.finditer(chunk):
            if m.start() > pos:
                toks.append(chunk[pos:m.start()])  # whitespace other than a single space
            toks.append(m.group())
            pos = m.end()
        if pos < len(chunk):
            toks.append(chunk[pos:])
        value = tuple(toks) if toks else (" ",)  # "": one of several spaces in a row
        if len(self) > _CACHE_MAX:
            self.clear()
        self[chunk] = value
        return value


class _Flags(dict):
    """chunk → its tokens' ``spaces`` flags: the last token of a chunk is followed by a space."""

    def __init__(self, chunks: _Chunks) -> None:
        super().__init__()
        self.chunks = chunks

    def __missing__(self, chunk: str) -> tuple[bool, ...]:
        n = len(self.chunks[chunk])
        value = (False,) * n if chunk == "" else (False,) * (n - 1) + (True,)
        if len(self) > _CACHE_MAX:
            self.clear()
        self[chunk] = value
        return value


class SyllableTokenizer:
    """Text → Doc with document numbers, dates and amounts as single tokens.

    Splits on single spaces first and tokenizes each chunk once (a cache, as
    spaCy's own tokenizer keeps): Vietnamese repeats its syllables, so most
    chunks are looked up, not parsed. The text is kept in ``doc.user_data``
    so components need not rebuild it from tokens.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._chunks = _Chunks()
        self._flags = _Flags(self._chunks)

    def __call__(self, text: str) -> Doc:
        parts = text.split(" ")
        if parts and parts[-1] == "" and len(parts) > 1:
            parts.pop()  # the text ends with a space: the last chunk's flag says so
            ends_with_space = True
        else:
            ends_with_space = False
        words = list(chain.from_iterable(map(self._chunks.__getitem__, parts)))
        spaces = list(chain.from_iterable(map(self._flags.__getitem__, parts)))
        if words and not ends_with_space:
            spaces[-1] = False
        if text == "":
            words, spaces = [], []
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data["text"] = text
        return doc

    # spaCy serialises tokenizers; this one has no state beyond its vocab.
    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> "SyllableTokenizer":
        return self

    def to_disk(self, path: object, **kwargs: object) -> None:
        return None

    def from_disk(self, path: object, **kwargs: object) -> "SyllableTokenizer":
        return self


NAME = "kg.vi_tokenizer.v1"  # its name in spaCy's tokenizer registry


@spacy.registry.tokenizers(NAME)
def create_tokenizer() -> Callable[[spacy.language.Language], SyllableTokenizer]:
    def make(nlp: spacy.language.Language) -> SyllableTokenizer:
        return SyllableTokenizer(nlp.vocab)
    return make
