"""The syllable tokenizer and the Doc the pipeline returns: numbers whole, text kept, spans on tokens."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.pipeline import make_nlp


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def words(nlp, text):
    return [t.text for t in nlp.make_doc(text) if not t.is_space]


@pytest.mark.parametrize("text, expected", [
    ("Căn cứ Quyết định số 917/QĐ-UBND ngày 10/4/2013.",
     ["Căn", "cứ", "Quyết", "định", "số", "917/QĐ-UBND", "ngày", "10/4/2013", "."]),
    ("(Nghị định 43/2011/NĐ-CP),", ["(", "Nghị", "định", "43/2011/NĐ-CP", ")", ","]),
    ("Nghị quyết 36-NQ/TW; Quyết định 01/1999/QĐ.UB", ["Nghị", "quyết", "36-NQ/TW", ";", "Quyết", "định",
                                                     "01/1999/QĐ.UB"]),
    ("kinh phí 1.819.462 triệu đồng", ["kinh", "phí", "1.819.462", "triệu", "đồng"]),
    ("Sở TT&TT và Sở KH-CN", ["Sở", "TT&TT", "và", "Sở", "KH", "-", "CN"]),
    ("điện thoại (028)38.295.900", ["điện", "thoại", "(", "028", ")", "38.295.900"]),
    ("từ 150-300mm, 7737.6MHz~8236.9MHz", ["từ", "150-300", "mm", ",", "7737.6", "MHz", "~", "8236.9", "MHz"]),
    ("**04/2012/NĐ-CP**", ["*", "*", "04/2012/NĐ-CP", "*", "*"]),
    ("Mã TTHC: 1.013814)", ["Mã", "TTHC", ":", "1.013814", ")"]),
    ("số917/QĐ-UBND", ["số917", "/", "QĐ", "-", "UBND"]),   # glued to a word: no number starts there
])
def test_tokens(nlp, text, expected):
    assert words(nlp, text) == expected


def test_whitespace_other_than_one_space_is_a_token(nlp):
    doc = nlp.make_doc("Điều 1.\n\nQuyết định  này\tcó hiệu lực")
    assert [t.text for t in doc] == ["Điều", "1", ".", "\n\n", "Quyết", "định", " ", "này", "\t", "có", "hiệu", "lực"]
    assert doc.text == "Điều 1.\n\nQuyết định  này\tcó hiệu lực"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăđ Ă9/0-–.,:;&()\n\t\xa0QĐUBND")), max_size=60))
def test_the_text_is_kept_character_for_character(nlp, text):
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert doc.user_data["text"] == text
    assert all(t.text for t in doc)


def test_the_cache_gives_the_same_tokens(nlp):
    text = "Quyết định 1908/QĐ-UBND, Quyết định 1908/QĐ-UBND."
    assert words(nlp, text) == words(nlp, text) == ["Quyết", "định", "1908/QĐ-UBND", ",", "Quyết", "định",
                                                    "1908/QĐ-UBND", "."]


def test_the_doc_carries_spans_on_tokens_and_sentences(nlp):
    text = ("Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;\n"
            "Sở Thông tin và Truyền thông triển khai Dự án GIS chuyên ngành Bưu chính viễn thông.")
    doc = nlp(text)
    refs = [s.text for s in doc.spans["refs"]]
    assert any("43/2011/NĐ-CP" in r for r in refs)
    assert any(s.text.startswith("Sở Thông tin và Truyền thông") for s in doc.spans["agencies"])
    assert any("Dự án GIS chuyên ngành Bưu chính viễn thông" in s.text for s in doc.spans["initiatives"])
    for group in ("refs", "agencies", "initiatives"):
        for span in doc.spans[group]:
            assert text[span.start_char:span.end_char] == span.text
    sents = [s.text for s in doc.sents]
    assert sents[0].startswith("Căn cứ") and sents[-1].startswith("Sở Thông tin")
