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

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

TOKEN_RE = re.compile(
    r"\d{1,6}(?:\.\d{1,3})?[a-zđ]?(?:[-–][A-ZĐ][A-Za-zĐđ]{0,5}/[A-ZĐ][A-ZĐ0-9]{0,11}"
    r"|/(?:(?:19|20)\d\d/)?[A-ZĐ][A-Za-zĐđ&]{0,9}\d{0,2}(?:[-–][A-ZĐ][A-Za-zĐđ&]{0,9}\d{0,2}){0,4})(?![\w/])"
    r"|\d+(?:[.,/:\-]\d+)+"
    r"|\w+(?:&\w+)*"
    r"|[^\w\s]"
)


_CACHE_MAX = 200_000


class SyllableTokenizer:
    """Text → Doc with document numbers, dates and amounts as single tokens.

    Splits on single spaces first and tokenizes each chunk once (a cache, as
    spaCy's own tokenizer keeps): Vietnamese repeats its syllables, so most
    chunks are looked up, not parsed. The text is kept in ``doc.user_data``
    so components need not rebuild it from tokens.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._cache: dict[str, list[str]] = {}

    def _chunk(self, chunk: str) -> list[str]:
        toks = self._cache.get(chunk)
        if toks is None:
            toks = []
            pos = 0
            for m in TOKEN_RE.finditer(chunk):
                if m.start() > pos:
                    toks.append(chunk[pos:m.start()])  # whitespace other than a single space
                toks.append(m.group())
                pos = m.end()
            if pos < len(chunk):
                toks.append(chunk[pos:])
            if len(self._cache) > _CACHE_MAX:
                self._cache.clear()
            self._cache[chunk] = toks
        return toks

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        parts = text.split(" ")
        last = len(parts) - 1
        for i, part in enumerate(parts):
            if part:
                toks = self._chunk(part)
                words.extend(toks)
                spaces.extend([False] * (len(toks) - 1))
                spaces.append(i < last)
            elif i < last:
                words.append(" ")  # one of several spaces in a row
                spaces.append(False)
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


@spacy.registry.tokenizers("kg.vi_tokenizer.v1")
def create_tokenizer() -> Callable[[spacy.language.Language], SyllableTokenizer]:
    def make(nlp: spacy.language.Language) -> SyllableTokenizer:
        return SyllableTokenizer(nlp.vocab)
    return make
