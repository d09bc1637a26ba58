"""Sentence spans: wrapped lines joined, list items and legal formulas split."""
from extract.sentences import split


def spans(text):
    return [text[s:e] for s, e in split(text)]


def test_can_cu_lines_are_sentences():
    t = "Căn cứ Luật Viễn thông;\nCăn cứ Nghị định số 25/2011/NĐ-CP;\nXét đề nghị của Sở."
    assert spans(t) == ["Căn cứ Luật Viễn thông;", "Căn cứ Nghị định số 25/2011/NĐ-CP;", "Xét đề nghị của Sở."]


def test_wrapped_lines_join():
    t = ("Triển khai thực hiện Nghị\nquyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học,\n"
         "công nghệ. UBND ban hành Kế hoạch.")
    assert spans(t)[0].startswith("Triển khai") and spans(t)[0].endswith("công nghệ.")
    assert spans(t)[1] == "UBND ban hành Kế hoạch."


def test_abbreviation_is_not_an_end():
    t = "Trung tâm Hành chính công của TP. Hạ Long đã đi vào hoạt động. Tiếp theo."
    assert spans(t) == ["Trung tâm Hành chính công của TP. Hạ Long đã đi vào hoạt động.", "Tiếp theo."]


def test_spans_are_offsets():
    t = "  Một câu.\n\n- Mục hai;\n- Mục ba."
    for s, e in split(t):
        assert t[s:e] == t[s:e].strip()
