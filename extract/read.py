"""File → text: the text a user sees in a .txt, .md, .html, .docx or .pdf file.

`read_text` returns text already passed through `normalize.clean`, so offsets
found in it are the offsets every later stage uses. Every failure is a
`ReadError` naming the file and saying what to do; `iter_files` expands the
files and folders a user names, in a stable order.

>>> from pathlib import Path; import tempfile
>>> p = Path(tempfile.mkdtemp()) / "qd.txt"
>>> _ = p.write_bytes("Ủy ban nhân dân\\r\\n".encode("utf-16"))
>>> read_text(p)
'Ủy ban nhân dân\\n'
"""
from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from extract.errors import ReadError
from extract.normalize import clean

SUPPORTED = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_SAMPLE = 1 << 20  # bytes (or characters) looked at to guess UTF-16 or binary
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # C0 minus \t \n \f \r
_MAX_CONTROLS = 0.05  # random bytes hold ~11 % C0 controls; real text next to none
# Magic numbers, to tell the user what a "binary" file actually is.
_MAGIC = ((b"%PDF-", "a PDF; name it .pdf"), (b"PK\x03\x04", "a zip or .docx archive"),
          (b"\xd0\xcf\x11\xe0", "an old Word .doc; save it as .docx"),
          (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


class _Fail(Exception):
    """Internal: why bytes could not become text; `read_text` adds the path."""


def read_text(path: str | Path) -> str:
    """The text of a file as the user sees it, passed through `normalize.clean`.

    The reader is chosen by extension (.html/.htm, .docx, .pdf); anything else
    is read as plain text. Raises `ReadError` for every file that cannot be read.
    """
    p = Path(path)
    reader = _READERS.get(p.suffix.lower(), _decode)
    try:
        return clean(reader(_read_bytes(p)))
    except _Fail as e:
        raise ReadError(path, str(e)) from (e.__cause__ or e)


def iter_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, ReadError | None]]:
    """Expand files and folders, in the order given, into ``(file, error)`` pairs.

    A file is yielded as given, whatever its extension. A folder is walked
    recursively for files with a `SUPPORTED` extension, sorted by path, skipping
    hidden names (starting with "."). A missing path, or a subfolder that cannot
    be listed, is yielded with a `ReadError` so the caller can report it and go on.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for given in paths:
        root = Path(given)
        if root.is_dir():
            yield from _walk(root)
        elif root.exists():
            yield root, None
        else:
            yield root, ReadError(given, "no such file or directory")


def _walk(root: Path) -> list[tuple[Path, ReadError | None]]:
    found: list[tuple[Path, ReadError | None]] = []
    failed: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=failed.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            (Path(folder, f), None) for f in files
            if not f.startswith(".") and os.path.splitext(f)[1].lower() in SUPPORTED
        )
    for e in failed:
        cause = f"cannot list this folder ({e.strerror or e}); check its permissions"
        found.append((Path(e.filename), ReadError(e.filename, cause)))
    return sorted(found, key=lambda pair: pair[0])


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as e:
        raise _Fail("no such file or directory") from e
    except (IsADirectoryError, PermissionError) as e:
        if path.is_dir():
            raise _Fail("is a directory, not a file; use iter_files to walk folders") from e
        raise _Fail("permission denied; check that you may read this file") from e
    except OSError as e:
        raise _Fail(f"cannot read the file ({e.strerror or e})") from e


# --- plain text --------------------------------------------------------------

def _decode(data: bytes, declared: str | None = None) -> str:
    """BOM, then a declared charset, then UTF-16 by NUL pattern, UTF-8, Windows-1258."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _unicode(data[len(bom):], encoding)
    if declared:
        try:
            return _not_binary(data.decode(declared), data)
        except UnicodeDecodeError:
            pass  # the page lies about its charset: guess as if it said nothing
    encoding = _utf16_by_nuls(data)
    if encoding:
        return _unicode(data, encoding)
    if b"\x00" in data:
        raise _binary(data)
    _not_binary(data[:_SAMPLE].decode("latin-1"), data)  # latin-1: one character per byte
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            return data[: e.start].decode("utf-8")  # cut mid-character: drop the stub
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as e:
        where = f"byte 0x{data[e.start]:02x} at offset {e.start}"
        raise _Fail(f"not UTF-8, UTF-16 or Windows-1258 text ({where}); re-save it as UTF-8") from e


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-heavy text puts NULs at every other byte."""
    sample = data[:_SAMPLE]
    half = len(sample) // 2 or 1
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _unicode(data: bytes, encoding: str) -> str:
    try:
        return _not_binary(data.decode(encoding), data)
    except UnicodeDecodeError as e:
        cause = f"not valid {encoding.upper()} text ({e.reason} at byte {e.start})"
        raise _Fail(cause + "; re-save it as UTF-8") from e


def _not_binary(text: str, data: bytes) -> str:
    """`text`, unless it holds NULs or many C0 controls other than \\t \\n \\f \\r."""
    sample = text[:_SAMPLE]
    if "\x00" in sample or len(_CONTROLS.findall(sample)) > _MAX_CONTROLS * len(sample):
        raise _binary(data)
    return text


def _binary(data: bytes) -> _Fail:
    kind = next((what for magic, what in _MAGIC if data.startswith(magic)), None)
    return _Fail("binary file, not text" + (f" (looks like {kind})" if kind else ""))


# --- HTML --------------------------------------------------------------------

_DROP = frozenset("script style noscript template svg head iframe object".split())
_PARAGRAPH = frozenset("p h1 h2 h3 h4 h5 h6 table blockquote pre ul ol dl hr".split())
_BLOCK = _PARAGRAPH | frozenset(
    "address article aside caption center dd details dialog div dt fieldset figcaption "
    "figure footer form header legend li main nav section summary tbody thead tfoot tr "
    "br".split()
)
_CELLS = frozenset(("td", "th"))
_LINE, _PARA = "\x1e", "\x1d"  # break markers; `\s` matches them, so text cannot hold them
_BREAKS = re.compile(r"[ \x1d\x1e]*[\x1d\x1e][ \x1d\x1e]*")


def _html(data: bytes) -> str:
    import lxml.etree
    import lxml.html

    found = _META_CHARSET.search(data[:4096])
    text = _XML_DECL.sub("", _decode(data, _charset(found.group(1)) if found else None))
    if not text.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.LxmlError, ValueError) as e:
        raise _Fail(f"cannot parse the HTML ({e})") from e
    return _html_text(root)


def _charset(name: bytes) -> str | None:
    """A declared charset as a Python codec, browser-style; None if unusable."""
    try:
        codec = codecs.lookup(name.decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return None  # a page that can declare it in ASCII is not UTF-16
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def _html_text(root: Any) -> str:
    """Visible text: blocks on their own lines, table cells joined by " | "."""
    out: list[str] = []
    cell = pre = 0  # open cells (blocks in a cell are spaces: a row stays one line), open <pre>
    stack: list[tuple[Any, bool]] = [(root, False)]  # explicit stack: deep pages do not recurse
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""  # "" for comments and PIs
        if closing:
            cell -= tag in _CELLS
            pre -= tag == "pre"
            if tag in _BLOCK:
                out.append(" " if cell else _PARA if tag in _PARAGRAPH else _LINE)
        elif tag and tag not in _DROP:
            if tag in _BLOCK:
                out.append(" " if cell else _PARA if tag in _PARAGRAPH else _LINE)
            if tag in _CELLS:
                prev = el.getprevious()
                out.append(" | " if prev is not None and prev.tag in _CELLS else " ")
                cell += 1
            pre += tag == "pre"
            out.append(_html_chunk(el.text, pre > 0))
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))
            continue
        out.append(_html_chunk(el.tail, pre > 0))
    text = _BREAKS.sub(lambda m: "\n\n" if _PARA in m.group() else "\n", "".join(out))
    return re.sub(r" {2,}", " ", text).strip()


def _html_chunk(text: str | None, in_pre: bool) -> str:
    if in_pre:  # <pre> keeps its line breaks
        return re.sub(r"[^\S\n]+", " ", text or "").replace("\n", _LINE)
    return re.sub(r"\s+", " ", text or "")


# --- DOCX --------------------------------------------------------------------

def _docx(data: bytes) -> str:
    import docx
    import lxml.etree
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError) as e:
        cause = "not a zip archive; an old .doc? save it as .docx"
        raise _Fail(f"not a valid .docx file ({cause})") from e
    except (KeyError, ValueError, EOFError, NotImplementedError, zlib.error,
            lxml.etree.LxmlError) as e:
        raise _Fail(f"not a valid .docx file ({e.args[0] if e.args else e})") from e
    except (AttributeError, TypeError) as e:  # python-docx walking malformed package XML
        raise _Fail("not a valid .docx file (malformed package XML)") from e
    return "\n".join(_docx_lines(document.element.body, document))


def _docx_lines(body: Any, parent: Any) -> Iterator[str]:
    """Paragraphs and tables in body order; a table row is one line of cells."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent).text
        elif child.tag == qn("w:tbl"):
            for row in Table(child, parent).rows:
                cells, seen = [], None
                for c in row.cells:
                    if c._tc is not seen:  # a merged cell repeats across its span
                        cells.append(" ".join(c.text.split()))
                        seen = c._tc
                yield " | ".join(cells)
        elif child.tag == qn("w:sdt"):  # content control: its content is body-level
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_lines(content, parent)


# --- PDF ---------------------------------------------------------------------

def _pdf(data: bytes) -> str:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    # pypdf raises more than its own errors on malformed files.
    broken = (PyPdfError, ValueError, KeyError, IndexError, TypeError, zlib.error)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Fail("PDF is password-protected; remove the password and try again")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (DependencyError, FileNotDecryptedError) as e:
        raise _Fail(f"cannot decrypt the PDF ({e})") from e
    except broken as e:
        raise _Fail(f"not a valid PDF ({e})") from e
    if not pages:
        raise _Fail("PDF has no pages")
    texts = [t.rstrip() for t in pages if t.strip()]
    if not texts:
        raise _Fail("PDF has no text layer (scanned image?); run OCR first")
    return "\n\n".join(texts)


_READERS: dict[str, Callable[[bytes], str]] = {
    ".html": _html, ".htm": _html, ".docx": _docx, ".pdf": _pdf,
}
