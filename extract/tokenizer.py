"""A syllable tokenizer for Vietnamese that keeps document numbers whole.

Vietnamese writes one syllable a word-piece, separated by spaces, so a rule
tokenizer is accurate; the work is in what it must not split: "917/QĐ-UBND",
"43/2011/NĐ-CP", "36-NQ/TW", dates "10/4/2013", amounts "1.819.462". This is
spaCy's own rule tokenizer (`spacy.tokenizer.Tokenizer`, in Cython, with its
chunk cache) given four small rules instead of the `vi` defaults:

- a whole chunk that is a number is one token (``token_match``);
- a number or one punctuation mark comes off the front of a chunk (prefixes),
  one punctuation mark off its end (suffixes);
- inside a chunk, every punctuation mark but a joining "&" (``TT&TT``) is a
  token of its own, and so is a number that follows one (infixes).

A chunk is what lies between whitespace: a single space becomes the previous
token's trailing space and any other run of whitespace one token, so
``doc.text`` is the input, character for character.

>>> import spacy
>>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "kg.vi_tokenizer.v1"}}})
>>> [t.text for t in nlp("Căn cứ Quyết định số 917/QĐ-UBND ngày 10/4/2013.")]
['Căn', 'cứ', 'Quyết', 'định', 'số', '917/QĐ-UBND', 'ngày', '10/4/2013', '.']
"""
from __future__ import annotations

import re
from collections.abc import Callable

import spacy
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

# a document number ("917/QĐ-UBND", "43/2011/NĐ-CP", "36-NQ/TW", "01/1999/QĐ.UB"), then a date,
# an amount or a code ("10/4/2013", "1.819.462", "05.01.01")
NUMBER = (
    r"\d{1,6}(?:\.\d{1,3})?[a-zđ]?(?:[-–][A-ZĐ][A-Za-zĐđ]{0,5}/[A-ZĐ][A-ZĐ0-9]{0,11}"
    r"|/(?:(?:19|20)\d\d/)?[A-ZĐ][A-Za-zĐđ&]{0,9}\d{0,2}(?:[-–.][A-ZĐ][A-Za-zĐđ&]{0,9}\d{0,2}){0,4})(?![\w/])"
    r"|\d+(?:[.,/:\-]\d+)+"
)
WHOLE_RE = re.compile(rf"(?:{NUMBER})\Z")
PREFIX_RE = re.compile(rf"^(?:{NUMBER}|[^\w\s])")
SUFFIX_RE = re.compile(r"[^\w\s]$")
INFIX_RE = re.compile(rf"(?<!\w)(?:{NUMBER})|[^\w\s&]|(?<!\w)&|&(?!\w)")
CACHE_SIZE = 200_000   # chunks whose tokens are kept (spaCy's default, 10,000, leaves most names uncached)


class SyllableTokenizer:
    """Text → Doc with document numbers, dates and amounts as single tokens.

    Wraps spaCy's `Tokenizer` with our rules and keeps the text in
    ``doc.user_data`` so components need not rebuild it from tokens.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.tokenizer = Tokenizer(vocab, rules={}, prefix_search=PREFIX_RE.search, suffix_search=SUFFIX_RE.search,
                                   infix_finditer=INFIX_RE.finditer, token_match=WHOLE_RE.match,
                                   max_cache_size=CACHE_SIZE)

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data["text"] = text
        return doc

    # spaCy serialises tokenizers; the rules are code, so there is no state to save.
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
