"""extract.read: every format, every encoding, every way a file can be bad.

Fixtures are written into tmp_path by the tests themselves; nothing binary is committed.
"""
from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import ReadError
from extract.normalize import clean
from conftest import windows_1258
from extract.read import SUPPORTED, iter_files, read_text

TEXT = (
    "Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;\n"
    "Ủy ban nhân dân tỉnh Quảng Ninh ban hành Kế hoạch ứng dụng công nghệ thông tin.\n"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path




def make_pdf(pages: list[list[str] | None]) -> bytes:
    """A minimal PDF: each page shows its lines, or (None) only a filled rectangle.

    The font is a Type0 font with a ToUnicode map (code = BMP code point), so the
    text layer holds Vietnamese without embedding a font file.
    """
    used = sorted({c for lines in pages if lines for line in lines for c in line})
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(used)} beginbfchar\n" + "".join(f"<{ord(c):04X}> <{ord(c):04X}>\n" for c in used)
        + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H"
        b" /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /DW 600 /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap) + 1, cmap),
        b"<< /Type /FontDescriptor /FontName /Arial /Flags 32 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    kids = []
    for lines in pages:
        if lines is None:
            content = b"0 0 1 rg 100 100 200 200 re f"
        else:
            hexes = ("".join(f"{ord(c):04X}" for c in line) for line in lines)
            shown = "".join(f"<{h}> Tj T*\n" for h in hexes)
            content = f"BT /F1 12 Tf 72 720 Td 14 TL\n{shown}ET".encode()
        kids.append(len(objs) + 1)
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objs) + 2)
        )
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content) + 1, content))
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def raises_read_error(path: Path, *words: str) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_text(path)
    error = info.value
    assert str(error).startswith(f"{path}: ")
    assert "\n" not in str(error)
    for word in words:
        assert word in error.cause
    return error


# --- plain text: encodings --------------------------------------------------

@pytest.mark.parametrize(
    "name, encode",
    [
        ("utf-8", lambda t: t.encode("utf-8")),
        ("utf-8 BOM", lambda t: t.encode("utf-8-sig")),
        ("utf-16 LE BOM", lambda t: b"\xff\xfe" + t.encode("utf-16-le")),
        ("utf-16 BE BOM", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
        ("utf-16 LE no BOM", lambda t: t.encode("utf-16-le")),
        ("utf-16 BE no BOM", lambda t: t.encode("utf-16-be")),
        ("utf-32 LE BOM", lambda t: b"\xff\xfe\x00\x00" + t.encode("utf-32-le")),
        ("utf-32 BE BOM", lambda t: b"\x00\x00\xfe\xff" + t.encode("utf-32-be")),
        ("windows-1258", windows_1258),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
        ("nfd", lambda t: unicodedata.normalize("NFD", t).encode("utf-8")),
    ],
)
def test_encodings_give_the_same_text(tmp_path, name, encode):
    path = write(tmp_path, "ke-hoach.txt", encode(TEXT))
    assert read_text(path) == TEXT


def test_windows_1258_fixture_really_is_not_utf8():
    data = windows_1258(TEXT)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = data.decode("cp1258")  # tones arrive combining; clean composes them
    assert "\u0309" in decoded and decoded != TEXT


def test_markdown_and_unknown_extensions_read_as_text(tmp_path):
    assert read_text(write(tmp_path, "qd.md", "# " + TEXT)) == "# " + TEXT
    assert read_text(write(tmp_path, "qd.log", TEXT)) == TEXT


def test_empty_file_is_empty_text(tmp_path):
    assert read_text(write(tmp_path, "empty.txt", b"")) == ""


def test_utf8_cut_mid_character_keeps_the_rest(tmp_path):
    data = TEXT.encode("utf-8") + "Quảng".encode("utf-8")[:3]
    assert read_text(write(tmp_path, "cut.txt", data)) == TEXT + "Qu"


# --- plain text: failures ----------------------------------------------------

def test_binary_file(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    error = raises_read_error(write(tmp_path, "scan.txt", data), "binary file, not text")
    assert "PNG" in error.cause


def test_control_characters_without_nuls_are_binary(tmp_path):
    data = bytes(range(1, 32)) * 50 + b"abc"
    raises_read_error(write(tmp_path, "blob.txt", data), "binary file, not text")


def test_old_word_file_named_txt_says_what_it_is(tmp_path):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    raises_read_error(write(tmp_path, "qd.txt", data), "binary", ".doc")


def test_undecodable_bytes(tmp_path):
    data = "Quyết định ".encode("utf-8")[:-1] + b"\x81\x8d abc"  # 0x81, 0x8d: undefined in cp1258
    raises_read_error(write(tmp_path, "bad.txt", data), "not UTF-8", "re-save it as UTF-8")


def test_utf16_with_bom_but_corrupt(tmp_path):
    data = b"\xff\xfe" + "Ủy ban".encode("utf-16-le") + b"\x00\xd8A\x00"  # lone surrogate
    raises_read_error(write(tmp_path, "bad16.txt", data), "UTF-16")


def test_missing_file(tmp_path):
    raises_read_error(tmp_path / "khong-co.txt", "no such file")


def test_directory(tmp_path):
    raises_read_error(tmp_path, "directory", "iter_files")


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", TEXT)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    raises_read_error(path, "permission denied")


def test_large_file(tmp_path):
    line = "Điều 1. Phê duyệt Kế hoạch số 231/KH-UBND của Ủy ban nhân dân tỉnh Quảng Ninh.\r\n"
    count = 50_000_000 // len(line.encode("utf-8")) + 1
    path = write(tmp_path, "big.txt", line.encode("utf-8") * count)
    assert path.stat().st_size >= 50_000_000
    text = read_text(path)
    assert len(text) == (len(line) - 1) * count
    assert text.startswith("Điều 1.") and text.endswith("Quảng Ninh.\n")


# --- plain text: properties --------------------------------------------------

_PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"))
_FILES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


@_FILES
@given(text=_PRINTABLE, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_any_text_round_trips(tmp_path, text, encoding):
    path = write(tmp_path, "t.txt", text.encode(encoding))
    assert read_text(path) == clean(text)


@_FILES
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUPPORTED))
def test_any_bytes_give_text_or_read_error(tmp_path, data, suffix):
    path = write(tmp_path, "x" + suffix, data)
    try:
        text = read_text(path)
    except ReadError as e:
        assert str(e).startswith(str(path))
    else:
        assert clean(text) == text


# --- HTML ----------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Bỏ qua</title><style>p { color: red }</style>
<script>var x = "<p>không hiện</p>";</script></head>
<body>
  <!-- menu --><h1>QUYẾT ĐỊNH</h1>
  <p>Căn cứ   Nghị định số 43/2011/NĐ-CP&nbsp;ngày 13/6/2011
     của Chính phủ;</p>
  <div>Ủy ban nhân dân<br>tỉnh Quảng Ninh</div>
  <noscript>Bật JavaScript</noscript>
  <table>
    <tr><th>Số</th><th>Tên văn bản</th></tr>
    <tr><td><p>917/QĐ-UBND</p></td><td>Kế hoạch &amp; lộ trình</td></tr>
  </table>
  <svg><text>hình</text></svg>
  <ul><li>Điều 1</li><li>Điều 2</li></ul>
</body></html>"""


def test_html_text(tmp_path):
    text = read_text(write(tmp_path, "qd.html", PAGE))
    assert text == (
        "QUYẾT ĐỊNH\n\n"
        "Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;\n\n"
        "Ủy ban nhân dân\ntỉnh Quảng Ninh\n\n"
        "Số | Tên văn bản\n917/QĐ-UBND | Kế hoạch & lộ trình\n\n"
        "Điều 1\nĐiều 2"
    )
    for hidden in ("Bỏ qua", "color", "không hiện", "JavaScript", "hình", "menu"):
        assert hidden not in text


def test_html_meta_charset_windows_1258(tmp_path):
    page = '<html><head><meta charset="windows-1258"></head><body><p>%s</p></body></html>'
    path = write(tmp_path, "cu.htm", windows_1258(page % TEXT))
    assert read_text(path) == " ".join(TEXT.split())


def test_html_declared_charset_wins_over_guessing(tmp_path):
    page = b'<meta charset="windows-1258"><p>\xc3\xa1</p>'  # UTF-8 "á", but the page says 1258
    assert read_text(write(tmp_path, "x.html", page)) == "\u0102\u00a1"


def test_html_http_equiv_charset_and_xml_declaration(tmp_path):
    page = (
        '<?xml version="1.0" encoding="utf-8"?><html><head><meta http-equiv="Content-Type"'
        ' content="text/html; charset=utf-8"></head>'
        "<body><p>Ủy ban</p><pre>a\n  b</pre></body></html>"
    )
    assert read_text(write(tmp_path, "x.html", page)) == "Ủy ban\n\na\nb"


def test_html_empty_and_binary(tmp_path):
    assert read_text(write(tmp_path, "empty.html", " \n")) == ""
    raises_read_error(write(tmp_path, "img.html", b"\x89PNG\r\n\x1a\n\x00\x00"), "binary")


# --- DOCX ------------------------------------------------------------------------

def test_docx_keeps_body_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("Căn cứ Nghị định số 43/2011/NĐ-CP của Chính phủ;")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "Số", (0, 1): "Trích yếu", (1, 0): "917/QĐ-UBND",
                          (1, 1): "Kế hoạch ứng dụng CNTT"}.items():
        table.cell(r, c).text = value
    document.add_paragraph("Ủy ban nhân dân tỉnh Quảng Ninh")
    path = tmp_path / "qd.docx"
    document.save(str(path))
    assert read_text(path) == (
        "Căn cứ Nghị định số 43/2011/NĐ-CP của Chính phủ;\n"
        "Số | Trích yếu\n917/QĐ-UBND | Kế hoạch ứng dụng CNTT\n"
        "Ủy ban nhân dân tỉnh Quảng Ninh"
    )


def test_docx_merged_cell_appears_once(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Nơi nhận"
    table.cell(0, 2).text = "Chủ tịch"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert read_text(path) == "Nơi nhận | Chủ tịch"


def test_docx_not_a_zip(tmp_path):
    raises_read_error(write(tmp_path, "x.docx", os.urandom(300)), "not a valid .docx file")


def test_docx_without_document_xml(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<styles/>")
    path = write(tmp_path, "x.docx", buffer.getvalue())
    raises_read_error(path, "not a valid .docx file")


def test_docx_missing_its_main_part(tmp_path):
    document, buffer = docx.Document(), io.BytesIO()
    document.add_paragraph("Ủy ban")
    document.save(buffer)
    source, out = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            if name != "word/document.xml":
                archive.writestr(name, source.read(name))
    path = write(tmp_path, "x.docx", out.getvalue())
    raises_read_error(path, "not a valid .docx", "word/document.xml")


# --- PDF -------------------------------------------------------------------------

def test_pdf_text_layer(tmp_path):
    data = make_pdf([["Căn cứ Nghị định số 43/2011/NĐ-CP", "Ủy ban nhân dân tỉnh Quảng Ninh"],
                     None, ["Điều 1. Phê duyệt Kế hoạch"]])
    assert read_text(write(tmp_path, "qd.pdf", data)) == (
        "Căn cứ Nghị định số 43/2011/NĐ-CP\nỦy ban nhân dân tỉnh Quảng Ninh\n\n"
        "Điều 1. Phê duyệt Kế hoạch"
    )


def test_pdf_without_text_layer(tmp_path):
    path = write(tmp_path, "scan.pdf", make_pdf([None, None]))
    raises_read_error(path, "no text layer", "OCR")


def encrypted(tmp_path: Path, user_password: str) -> Path:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf([["Ủy ban nhân dân"]])))
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return path


def test_pdf_with_a_password(tmp_path):
    raises_read_error(encrypted(tmp_path, "mat-khau"), "password")


def test_pdf_encrypted_with_empty_password_reads(tmp_path):
    assert read_text(encrypted(tmp_path, "")) == "Ủy ban nhân dân"


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n" + bytes(range(256)), b"not a pdf at all"])
def test_pdf_corrupt(tmp_path, data):
    raises_read_error(write(tmp_path, "x.pdf", data), "PDF")


# --- iter_files --------------------------------------------------------------------

def test_iter_files(tmp_path):
    for name in ["b.txt", "a.html", "sub/c.docx", "sub/d.PDF", "sub/deep/e.md", "SOURCES.tsv",
                 "notes.csv", ".hidden.txt", ".git/f.txt", "sub/.cache/g.txt", "z.htm"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path, name, "x")
    loose = write(tmp_path, "SOURCES.tsv", "file\tsource\n")
    missing = tmp_path / "khong-co"
    found = list(iter_files([tmp_path, str(missing), loose]))
    rel = [p.relative_to(tmp_path).as_posix() for p, _ in found]
    assert rel == ["a.html", "b.txt", "sub/c.docx", "sub/d.PDF", "sub/deep/e.md", "z.htm",
                   "khong-co", "SOURCES.tsv"]
    assert [e is None for _, e in found] == [True] * 6 + [False, True]
    error = found[6][1]
    assert isinstance(error, ReadError) and str(error) == f"{missing}: no such file or directory"


def test_iter_files_takes_a_single_path(tmp_path):
    path = write(tmp_path, "a.txt", "x")
    assert list(iter_files(str(path))) == [(path, None)]
