"""Document kinds: the words that name them and the type codes in their numbers.

Each row carries an example as seen in real texts; `tests/test_doc_types.py`
walks every row.
"""
from __future__ import annotations

# (type code in a number, kind, example number)
TYPE_CODES: tuple[tuple[str, str, str], ...] = (
    ("QĐ", "Quyết định", "917/QĐ-UBND"),
    ("NĐ", "Nghị định", "43/2011/NĐ-CP"),
    ("TTLT", "Thông tư liên tịch", "183/2010/TTLT-BTC-BNN"),
    ("TT", "Thông tư", "14/2013/TT-BTTTT"),
    ("NQ", "Nghị quyết", "36-NQ/TW"),
    ("NQLT", "Nghị quyết liên tịch", "09/2008/NQLT-CP-UBTWMTTQVN"),
    ("CT", "Chỉ thị", "62-CT/TU"),
    ("KH", "Kế hoạch", "310/KH-UBND"),
    ("CTr", "Chương trình", "56-CTr/TU"),
    ("CTHĐ", "Chương trình", "12/CTHĐ-UBND"),
    ("BC", "Báo cáo", "231/BC-STTTT"),
    ("TB", "Thông báo", "624/TB-VPCP"),
    ("TTr", "Tờ trình", "06/TTr-STTTT"),
    ("HD", "Hướng dẫn", "12/HD-STTTT"),
    ("QC", "Quy chế", "02/QC-UBND"),
    ("QyĐ", "Quy định", "08-QyĐ/TW"),
    ("QĐi", "Quy định", "102-QĐi/TW"),
    ("ĐA", "Đề án", "05/ĐA-UBND"),
    ("KL", "Kết luận", "14-KL/TW"),
    ("CĐ", "Công điện", "01/CĐ-TTg"),
    ("CV", "Công văn", "43-CV/TU"),
    ("L", "Lệnh", "05/2015/L-CTN"),
    ("PL", "Pháp lệnh", "03/2008/PL-UBTVQH12"),
    ("VBHN", "Văn bản hợp nhất", "01/VBHN-BTTTT"),
    ("GP", "Giấy phép", "15/GP-BTTTT"),
    ("GM", "Giấy mời", "20/GM-UBND"),
    ("BB", "Biên bản", "03/BB-UBND"),
    ("QH", "Luật", "80/2015/QH13"),
)

# (word before a number or a name, kind, example). Longest first matters only
# for the regex, which `refs` builds sorted by length.
KIND_WORDS: tuple[tuple[str, str, str], ...] = (
    ("Quyết định", "Quyết định", "Quyết định số 917/QĐ-UBND"),
    ("Nghị định", "Nghị định", "Nghị định số 43/2011/NĐ-CP"),
    ("Thông tư liên tịch", "Thông tư liên tịch", "Thông tư liên tịch số 183/2010/TTLT-BTC-BNN"),
    ("Thông tư", "Thông tư", "Thông tư số 14/2013/TT-BTTTT"),
    ("Nghị quyết liên tịch", "Nghị quyết liên tịch", "Nghị quyết liên tịch số 09/2008/NQLT-CP-UBTWMTTQVN"),
    ("Nghị quyết", "Nghị quyết", "Nghị quyết số 36-NQ/TW"),
    ("Chỉ thị", "Chỉ thị", "Chỉ thị số 62-CT/TU"),
    ("Kế hoạch", "Kế hoạch", "Kế hoạch số 310/KH-UBND"),
    ("Chương trình hành động", "Chương trình", "Chương trình hành động số 56-CTr/TU"),
    ("Chương trình", "Chương trình", "Chương trình số 56-CTr/TU"),
    ("Công văn", "Công văn", "Công văn số 1913/UBND-VX"),
    ("văn bản", "Công văn", "văn bản số 1913/UBND-VX"),
    ("Văn bản hợp nhất", "Văn bản hợp nhất", "Văn bản hợp nhất số 01/VBHN-BTTTT"),
    ("Báo cáo", "Báo cáo", "Báo cáo số 231/BC-STTTT"),
    ("Thông báo kết luận", "Thông báo", "Thông báo kết luận số 624/TB-VPCP"),
    ("Thông báo", "Thông báo", "Thông báo số 624/TB-VPCP"),
    ("Tờ trình", "Tờ trình", "Tờ trình số 06/TTr-STTTT"),
    ("Hướng dẫn", "Hướng dẫn", "Hướng dẫn số 12/HD-STTTT"),
    ("Quy chế", "Quy chế", "Quy chế số 02/QC-UBND"),
    ("Quy định", "Quy định", "Quy định số 08-QyĐ/TW"),
    ("Đề án", "Đề án", "Đề án số 05/ĐA-UBND"),
    ("Kết luận", "Kết luận", "Kết luận số 14-KL/TW"),
    ("Công điện", "Công điện", "Công điện số 01/CĐ-TTg"),
    ("Luật", "Luật", "Luật số 80/2015/QH13"),
    ("Bộ luật", "Bộ luật", "Bộ luật số 45/2019/QH14"),
    ("Pháp lệnh", "Pháp lệnh", "Pháp lệnh số 03/2008/PL-UBTVQH12"),
    ("Hiến pháp", "Hiến pháp", "Hiến pháp năm 2013"),
    ("Lệnh", "Lệnh", "Lệnh số 05/2015/L-CTN"),
    ("Giấy phép", "Giấy phép", "Giấy phép số 15/GP-BTTTT"),
    # abbreviations of the kind word, as typed in reports and by users
    ("QĐ", "Quyết định", "QĐ số 917/QĐ-UBND"),
    ("NĐ", "Nghị định", "NĐ 43/2011/NĐ-CP"),
    ("NQ", "Nghị quyết", "NQ 36-NQ/TW"),
    ("TT", "Thông tư", "TT 14/2013/TT-BTTTT"),
    ("CV", "Công văn", "CV số 1913/UBND-VX"),
    ("KH", "Kế hoạch", "KH số 310/KH-UBND"),
)

# Technical standards are numbered refs too: TCVN 14423:2025 → TCVN14423:2025.
STANDARD_PREFIXES: tuple[tuple[str, str, str], ...] = (
    ("TCVN", "Tiêu chuẩn", "TCVN 14423:2025"),
    ("QCVN", "Quy chuẩn", "QCVN 32:2020/BTTTT"),
)

# Kinds of the document itself as its title line writes them (upper case in headers).
TITLE_KINDS: tuple[str, ...] = (
    "Quyết định", "Nghị định", "Thông tư liên tịch", "Thông tư", "Nghị quyết", "Chỉ thị",
    "Kế hoạch", "Chương trình hành động", "Chương trình", "Công văn", "Báo cáo", "Thông báo",
    "Tờ trình", "Hướng dẫn", "Quy chế", "Quy định", "Đề án", "Kết luận", "Công điện", "Luật",
    "Pháp lệnh", "Lệnh", "Văn bản hợp nhất",
)

NORMATIVE_KINDS = frozenset({
    "Luật", "Bộ luật", "Hiến pháp", "Pháp lệnh", "Nghị định", "Thông tư", "Thông tư liên tịch",
    "Nghị quyết liên tịch", "Lệnh",
})
