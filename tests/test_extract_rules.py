"""The extractor against the annotation rules (../shared/eval/GUIDELINES.md), on short texts.

Every table row is one short text written for this suite (in the style of the
corpus, never copied from it) and one fact GUIDELINES.md says an annotator
would record. A row the extractor does not yet meet is a strict xfail whose
reason says what it produces instead: fixing the gap turns it into an XPASS,
which fails, so the mark must then be removed.

Names are compared the way the reference scorer does (`kg.evaluate.fold`, then
token F1 >= 0.8) except where the rule under test is the exact form (name
boundaries, the province made explicit), which compare folded names exactly.
"""
from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.pipeline import extract_text
from extract.records import SELF, Record
from extract.tables import cues
from kg.evaluate import fold, number_key, token_f1


def gap(reason: str) -> pytest.MarkDecorator:
    """A known gap: the extractor does `reason` instead of what the row expects."""
    return pytest.mark.xfail(strict=True, reason=reason)


# ---------------------------------------------------------------------------
# helpers

@lru_cache(maxsize=256)
def extract(text: str) -> Record:
    return extract_text(text, "rules.txt")


def same_name(a: str | None, b: str | None, threshold: float = 0.8) -> bool:
    """Names match as the scorer pairs them: folded, token F1 at least `threshold`."""
    fa, fb = fold(a), fold(b)
    return bool(fa) and (fa == fb or token_f1(fa, fb) >= threshold)


def same_exact(a: str | None, b: str | None) -> bool:
    """Folded names equal: for rules about the exact extent of a name."""
    return bool(fold(a)) and fold(a) == fold(b)


def is_number(key: str) -> bool:
    return any(c.isdigit() for c in key) and not any(c.isspace() for c in key)


def end_matches(actual: str, expected: str) -> bool:
    """A relation end: SELF, a document number (scorer's number key) or a name."""
    if expected == SELF or actual == SELF:
        return actual == expected
    if is_number(expected):
        return number_key(actual) == number_key(expected)
    return same_name(actual, expected)


def numbered(rec: Record, number: str):
    return [r for r in rec.refs if r.number and number_key(r.number) == number_key(number)]


def summary(rec: Record) -> str:
    """What the extractor found, for assertion messages."""
    return ("\n refs: " + "; ".join(f"{r.number or r.name} [{r.kind}, {r.date}, {r.issuer}]" for r in rec.refs)
            + "\n initiatives: " + "; ".join(i.name for i in rec.initiatives)
            + "\n agencies: " + "; ".join(a.name for a in rec.agencies)
            + "\n relations: " + "; ".join(f"({r.s} {r.p} {r.o})" for r in rec.relations))


# ---------------------------------------------------------------------------
# texts shared by several rows

QN_UBND = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1500/BC-UBND
Quảng Ninh, ngày 20 tháng 9 năm 2013

BÁO CÁO
Tình hình ứng dụng công nghệ thông tin trên địa bàn tỉnh năm 2013

"""

QN_SO = """UBND TỈNH QUẢNG NINH
SỞ XÂY DỰNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 245/BC-SXD
Quảng Ninh, ngày 12 tháng 11 năm 2014

BÁO CÁO
Kết quả thực hiện công tác quản lý hạ tầng kỹ thuật năm 2014

"""

DECISION_QN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 917/QĐ-UBND
Quảng Ninh, ngày 10 tháng 4 năm 2013

QUYẾT ĐỊNH
Về việc phê duyệt Quy hoạch trạm thu phát sóng thông tin di động tỉnh Quảng Ninh đến năm 2020

ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH

Căn cứ Luật Tổ chức HĐND và UBND ngày 26 tháng 11 năm 2003;
Căn cứ Luật Công nghệ thông tin ngày 29 tháng 6 năm 2006;
Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ về ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước;
Căn cứ Thông tư số 14/2013/TT-BTTTT ngày 21/6/2013 của Bộ Thông tin và Truyền thông;
Xét đề nghị của Sở Thông tin và Truyền thông tại Tờ trình số 06/TTr-STTTT ngày 15/3/2013,

QUYẾT ĐỊNH:
Điều 1. Phê duyệt Quy hoạch trạm thu phát sóng thông tin di động tỉnh Quảng Ninh đến năm 2020.
Điều 2. Quyết định này thay thế Quyết định số 44 /2005/QĐ-UBND ngày 05/5/2005 của UBND tỉnh.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký và bãi bỏ Quyết định số 2152/QĐ-UBND ngày 20/7/2010 của UBND tỉnh.
Chánh Văn phòng UBND tỉnh, Giám đốc Sở Thông tin và Truyền thông và Thủ trưởng các sở, ban, ngành chịu trách nhiệm thi hành Quyết định này.
"""

DECISION_TTG = """THỦ TƯỚNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1605/QĐ-TTg
Hà Nội, ngày 27 tháng 8 năm 2010

QUYẾT ĐỊNH
Phê duyệt Chương trình quốc gia về ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước giai đoạn 2011 - 2015

THỦ TƯỚNG CHÍNH PHỦ

Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;
Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10 tháng 4 năm 2007 của Chính phủ được sửa đổi, bổ sung bởi Nghị định số 09/2013/NĐ-CP ngày 11 tháng 01 năm 2013 của Chính phủ;
Xét đề nghị của Bộ trưởng Bộ Thông tin và Truyền thông,

QUYẾT ĐỊNH:
Điều 1. Phê duyệt Chương trình quốc gia về ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước giai đoạn 2011 - 2015 với những nội dung chủ yếu sau.
Điều 2. Bãi bỏ Quyết định số 43/2008/QĐ-TTg ngày 24/3/2008 của Thủ tướng Chính phủ.
"""

PLAN_HN = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 312/KH-UBND
Hà Nội, ngày 24 tháng 11 năm 2025

KẾ HOẠCH
Phát triển hạ tầng số thành phố Hà Nội giai đoạn 2026 - 2030

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ủy ban nhân dân Thành phố ban hành Kế hoạch như sau.
"""

PLAN_BASIS = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 120/KH-UBND
Quảng Ninh, ngày 05 tháng 9 năm 2014

KẾ HOẠCH
Triển khai thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị

Nhằm cụ thể hóa Nghị quyết, Ủy ban nhân dân tỉnh xây dựng Kế hoạch với các nội dung sau.
"""

CIRCULAR_BTTTT = """BỘ THÔNG TIN VÀ TRUYỀN THÔNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 14/2013/TT-BTTTT
Hà Nội, ngày 21 tháng 6 năm 2013

THÔNG TƯ
Hướng dẫn việc lập, phê duyệt và tổ chức thực hiện quy hoạch hạ tầng kỹ thuật viễn thông thụ động tại địa phương

Căn cứ Luật Viễn thông ngày 23 tháng 11 năm 2009;
Căn cứ Nghị định số 25/2011/NĐ-CP ngày 06/4/2011 của Chính phủ quy định chi tiết và hướng dẫn thi hành một số điều của Luật Viễn thông;
"""

DECISION_PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 3390/QĐ-UBND
Quảng Ninh, ngày 20 tháng 12 năm 2013

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch năm 2014

ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH

Căn cứ Quyết định số 1605/QĐ-TTg ngày 27/8/2010 và Quyết định số 1755/QĐ-TTg ngày 22/9/2010 của Thủ tướng Chính phủ;
Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông tại Tờ trình số 112/TTr-STTTT ngày 05/12/2013,

QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước tỉnh Quảng Ninh năm 2014.
Điều 2. Ban hành kèm theo Quyết định này Quy chế quản lý, vận hành Trung tâm dữ liệu tỉnh Quảng Ninh.
"""

BARE_QN = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH\n\n"

# A plan named after a programme that itself implements a resolution.
PLAN_IN_NAME = ("Sở đã tham mưu Kế hoạch triển khai Chương trình hành động số 56-CTr/TU của Tỉnh ủy Cao Bằng thực hiện "
                "Nghị quyết số 36-NQ/TW của Bộ Chính trị về phát triển công nghệ thông tin.")

# ---------------------------------------------------------------------------
# 1. numbered refs: number, kind, date, issuer

NUMBERED = [
    # the number's variants
    pytest.param("Thực hiện Quyết định số 44 /2005/QĐ-UBND ngày 05/5/2005 của Ủy ban nhân dân tỉnh Quảng Ninh, "
                 "Sở đã rà soát toàn bộ các điểm phát sóng.", "44/2005/QĐ-UBND", {}, id="space-inside-number"),
    pytest.param("Thực hiện Quyết định số 1132/QĐ-\nTTg ngày 21/9/2022 của Thủ tướng Chính phủ, tỉnh đã "
                 "xây dựng kế hoạch chi tiết.", "1132/QĐ-TTg", {"kind": "Quyết định"}, id="number-across-line"),
    pytest.param("Việc quản lý đầu tư được thực hiện theo quy định tại Nghị định số 64/2007/NĐ-CP.",
                 "64/2007/NĐ-CP", {"kind": "Nghị định"}, id="trailing-period"),
    pytest.param("Triển khai Nghị quyết số 36a/NQ-CP ngày 14/10/2015 của Chính phủ về Chính phủ điện tử, các sở đã "
                 "cung cấp dịch vụ công trực tuyến mức độ 3.", "36a/NQ-CP", {"date": "2015-10-14"}, id="letter-suffix"),
    pytest.param("Các thủ tục hành chính được cắt giảm theo Nghị quyết số 66.7/2025/NQ-CP ngày 15/11/2025 "
                 "của Chính phủ.", "66.7/2025/NQ-CP", {"kind": "Nghị quyết"}, id="dotted-number"),
    pytest.param("Ủy ban nhân dân tỉnh đã ban hành Quyết định số 654 ngày 30/5/2022 về việc giao chỉ tiêu "
                 "chuyển đổi số cho các địa phương.", "654", {"kind": "Quyết định", "date": "2022-05-30"},
                 id="bare-number"),
    pytest.param("Thực hiện Công văn số: 1913/UBND-VX ngày 12/8/2013 của Ủy ban nhân dân tỉnh Quảng Ninh về việc "
                 "rà soát hạ tầng viễn thông, Sở đã tổng hợp số liệu.", "1913/UBND-VX", {"kind": "Công văn"},
                 id="so-colon-prefix"),
    pytest.param("Căn cứ Nghị định số 43/2011/N\u00d0-CP ngày 13/6/2011 của Chính phủ quy định về việc cung cấp "
                 "thông tin và dịch vụ công trực tuyến;", "43/2011/NĐ-CP", {"kind": "Nghị định"}, id="eth-for-dyet"),
    pytest.param("Thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị về đẩy mạnh ứng dụng, phát triển "
                 "công nghệ thông tin, tỉnh đã ban hành nhiều cơ chế đặc thù.", "36-NQ/TW",
                 {"kind": "Nghị quyết", "date": "2014-07-01", "issuer": "Bộ Chính trị"}, id="party-resolution"),
    pytest.param(QN_UBND + "Thực hiện Chương trình số 56-CTr/TU ngày 20/02/2015 của Tỉnh ủy, các sở đã xây dựng "
                 "kế hoạch hành động.", "56-CTr/TU", {"kind": "Chương trình"}, id="party-programme"),
    pytest.param("Thực hiện Chương trình hành động số 56-CTr/TU ngày 20/02/2015 của Tỉnh ủy, các sở đã xây dựng kế "
                 "hoạch.", "56-CTr/TU", {"kind": "Chương trình", "date": "2015-02-20"}, id="action-programme"),
    pytest.param("Theo văn bản số 1913/UBND-VX ngày 12/8/2013, các huyện rà soát lại vị trí cột ăng ten.",
                 "1913/UBND-VX", {"kind": "Công văn"}, id="official-letter"),
    pytest.param("Các trạm gốc phải đáp ứng TCVN 14423:2025 về an toàn bức xạ.", "TCVN14423:2025",
                 {"kind": "Tiêu chuẩn"}, id="standard-TCVN"),
    pytest.param("Cột ăng ten phải đáp ứng QCVN 32:2020/BTTTT về chống sét cho trạm viễn thông.",
                 "QCVN32:2020/BTTTT", {"kind": "Quy chuẩn"}, id="regulation-QCVN"),
    pytest.param("Thực hiện Thông tư liên tịch số 183/2010/TTLT-BTC-BNN ngày 15/11/2010, Sở Tài chính đã hướng "
                 "dẫn các huyện.", "183/2010/TTLT-BTC-BNN", {"date": "2010-11-15"}, id="joint-circular"),
    # kind: the word before, else the code
    pytest.param("Sở đã tổng hợp kết quả tại văn bản số 231/BC-STTTT ngày 20/9/2013 gửi Ủy ban nhân dân tỉnh.",
                 "231/BC-STTTT", {"kind": "Báo cáo"}, id="kind-from-code-BC"),
    pytest.param("Việc lập quy hoạch hạ tầng viễn thông thụ động thực hiện theo 14/2013/TT-BTTTT.",
                 "14/2013/TT-BTTTT", {"kind": "Thông tư"}, id="kind-from-code-TT"),
    pytest.param("Các đơn vị thực hiện theo Hướng dẫn số 05/HD-STTTT ngày 08/01/2014 của Sở Thông tin và "
                 "Truyền thông.", "05/HD-STTTT", {"kind": "Hướng dẫn"}, id="kind-from-word-HD"),
    pytest.param("Thực hiện Kế hoạch số 56/KH-UBND ngày 20/3/2014 của UBND tỉnh, các đơn vị đã triển khai "
                 "đồng bộ.", "56/KH-UBND", {"kind": "Kế hoạch"}, id="kind-from-word-KH"),
    # dates, three forms
    pytest.param("Thực hiện Quyết định số 917/QĐ-UBND ngày 10/4/2013 của UBND tỉnh, Sở đã công bố quy hoạch.",
                 "917/QĐ-UBND", {"date": "2013-04-10"}, id="date-slashes"),
    pytest.param("Thực hiện Quyết định số 917/QĐ-UBND ngày 10 tháng 4 năm 2013 của UBND tỉnh, Sở đã công bố "
                 "quy hoạch.", "917/QĐ-UBND", {"date": "2013-04-10"}, id="date-words"),
    pytest.param("Theo Quyết định số 2152/QĐ-UBND ngày 29.10.2010 của UBND tỉnh, các doanh nghiệp phải dùng chung "
                 "hạ tầng.", "2152/QĐ-UBND", {"date": "2010-10-29"}, id="date-dots"),
    # issuer: stated next to the reference
    pytest.param("Sở đã triển khai Quyết định số 654 ngày 30/5/2022 của Bộ Thông tin và Truyền thông về danh mục "
                 "dịch vụ.", "654", {"issuer": "Bộ Thông tin và Truyền thông"}, id="issuer-cua"),
    pytest.param("Quyết định số 654 ngày 30/5/2022 do Ủy ban nhân dân tỉnh Quảng Ninh ban hành đã được phổ biến "
                 "tới các huyện.", "654", {"issuer": "Ủy ban nhân dân tỉnh Quảng Ninh"}, id="issuer-do-ban-hanh"),
    # issuer: made certain by the number's code
    pytest.param("Tỉnh tiếp tục thực hiện Quyết định số 1605/QĐ-TTg ngày 27/8/2010 phê duyệt chương trình quốc gia.",
                 "1605/QĐ-TTg", {"issuer": "Thủ tướng Chính phủ"}, id="issuer-code-TTg"),
    pytest.param("Các cơ quan nhà nước cung cấp thông tin trên trang thông tin điện tử theo Nghị định số "
                 "43/2011/NĐ-CP ngày 13/6/2011.", "43/2011/NĐ-CP", {"issuer": "Chính phủ"}, id="issuer-code-CP"),
    pytest.param("Việc ban hành văn bản quy phạm pháp luật tuân thủ Luật số 80/2015/QH13 ngày 22/6/2015.",
                 "80/2015/QH13", {"issuer": "Quốc hội", "kind": "Luật"}, id="issuer-code-QH13"),
    pytest.param("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22 tháng 6 năm 2015;",
                 "80/2015/QH13", {"kind": "Luật", "date": "2015-06-22"}, id="law-name-then-number"),
    pytest.param("Các doanh nghiệp viễn thông lập hồ sơ theo Thông tư số 14/2013/TT-BTTTT ngày 21/6/2013.",
                 "14/2013/TT-BTTTT", {"issuer": "Bộ Thông tin và Truyền thông"}, id="issuer-code-BTTTT"),
    pytest.param(QN_UBND + "Theo văn bản số 1913/UBND-VX ngày 12/8/2013, các huyện rà soát lại vị trí cột ăng ten.",
                 "1913/UBND-VX", {"issuer": "Ủy ban nhân dân tỉnh Quảng Ninh"}, id="issuer-code-UBND-province"),
    pytest.param(BARE_QN + "Theo văn bản số 1913/UBND-VX ngày 12/8/2013, các huyện rà soát lại vị trí cột ăng ten.",
                 "1913/UBND-VX", {"issuer": "Ủy ban nhân dân tỉnh Quảng Ninh"}, id="issuer-code-UBND-bare-header"),
    pytest.param(QN_SO + "Thực hiện Chương trình số 56-CTr/TU ngày 20/02/2015, Sở đã rà soát các công trình.",
                 "56-CTr/TU", {"issuer": "Tỉnh ủy Quảng Ninh"}, id="issuer-code-TU-province"),
    pytest.param(QN_SO + "Sở đã tham khảo Chương trình số 02-CTr/TU ngày 10/3/2016 của Tỉnh ủy Lào Cai về phát triển "
                 "công nghệ thông tin.", "02-CTr/TU", {"issuer": "Tỉnh ủy Lào Cai"},
                 id="issuer-tinh-uy-named-province"),
]


@pytest.mark.parametrize("text,number,fields", NUMBERED)
def test_numbered_ref(text, number, fields):
    rec = extract(text)
    found = numbered(rec, number)
    assert found, f"no ref {number}" + summary(rec)
    ref = found[0]
    assert ref.number == number, f"not canonical: {ref.number!r}"
    for key, want in fields.items():
        got = getattr(ref, key)
        ok = same_exact(got, want) if key == "issuer" else got == want
        assert ok, f"{key}: {got!r}, expected {want!r}"


REF_COUNTS = [
    pytest.param(DECISION_QN, "917/QĐ-UBND", 0, id="own-number-not-a-ref"),
    pytest.param(PLAN_HN, "312/KH-UBND", 0, id="own-plan-number-not-a-ref"),
    pytest.param("Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ; các cơ quan thực hiện đúng "
                 "Nghị định 43/2011/NĐ-CP. Việc cung cấp thông tin theo Nghị định số 43/2011/N\u00d0-CP được "
                 "kiểm tra hằng năm.", "43/2011/NĐ-CP", 1, id="one-entry-per-document"),
    pytest.param("Trong năm, Sở đã nhận Quyết định Số: 917/QĐ-UBND ngày 10/4/2013 của UBND tỉnh và "
                 "tổ chức triển khai.", "917/QĐ-UBND", 1, id="so-colon-in-body-is-a-ref"),
]


@pytest.mark.parametrize("text,number,count", REF_COUNTS)
def test_numbered_ref_count(text, number, count):
    rec = extract(text)
    assert len(numbered(rec, number)) == count, summary(rec)


# ---------------------------------------------------------------------------
# 2. named refs

NAMED = [
    pytest.param("Căn cứ Luật Công nghệ thông tin ngày 29 tháng 6 năm 2006;", "Luật Công nghệ thông tin",
                 {"kind": "Luật", "date": "2006-06-29"}, id="law-with-date"),
    pytest.param("Căn cứ Luật Viễn thông ngày 23 tháng 11 năm 2009;", "Luật Viễn thông",
                 {"date": "2009-11-23"}, id="law-telecom"),
    pytest.param("Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015;", "Bộ luật Dân sự",
                 {"date": "2015-11-24"}, id="civil-code"),
    pytest.param("Thực hiện Nghị quyết Trung ương 9, khóa XI, các cấp ủy đảng trong tỉnh đã quán triệt tới "
                 "cán bộ, đảng viên.", "Nghị quyết Trung ương 9, khóa XI", {"kind": "Nghị quyết"},
                 id="party-plenum-resolution"),
    pytest.param("Ban hành kèm theo Quyết định này Quy chế quản lý, vận hành Trung tâm dữ liệu tỉnh Quảng Ninh.",
                 "Quy chế quản lý, vận hành Trung tâm dữ liệu tỉnh Quảng Ninh", {"kind": "Quy chế"},
                 id="named-quy-che"),
]


@pytest.mark.parametrize("text,name,fields", NAMED)
def test_named_ref(text, name, fields):
    rec = extract(text)
    found = [r for r in rec.refs if r.number is None and same_name(r.name, name)]
    assert found, f"no named ref {name!r}" + summary(rec)
    ref = found[0]
    assert "ngày" not in (ref.name or ""), f"date kept in the name: {ref.name!r}"
    for key, want in fields.items():
        assert getattr(ref, key) == want, f"{key}: {getattr(ref, key)!r}, expected {want!r}"


NOT_REFS = [
    pytest.param("Quyết định này có hiệu lực thi hành kể từ ngày ký.", id="quyet-dinh-nay"),
    pytest.param("Đề nghị các cơ quan, đơn vị nghiêm túc thực hiện văn bản nêu trên.", id="van-ban-neu-tren"),
    pytest.param("Sở sẽ tham mưu Ủy ban nhân dân tỉnh ban hành Quyết định để triển khai trong quý IV.",
                 id="kind-without-number-or-name"),
    pytest.param("Các đơn vị thực hiện nghiêm Quy chế Ủy ban nhân dân tỉnh đã ban hành.", id="quy-che-only-described"),
]


@pytest.mark.parametrize("text", NOT_REFS)
def test_not_a_ref(text):
    rec = extract(text)
    assert not rec.refs, summary(rec)


# ---------------------------------------------------------------------------
# 3. self: the document's own identity from its header

SELF_FIELDS = [
    pytest.param(DECISION_QN, "number", "917/QĐ-UBND", id="qn-number"),
    pytest.param(DECISION_QN, "kind", "Quyết định", id="qn-kind"),
    pytest.param(DECISION_QN, "date", "2013-04-10", id="qn-date"),
    pytest.param(DECISION_QN, "province", "Quảng Ninh", id="qn-province"),
    pytest.param(DECISION_QN, "issuer", "Ủy ban nhân dân tỉnh Quảng Ninh", id="qn-issuer"),
    pytest.param(DECISION_TTG, "number", "1605/QĐ-TTg", id="ttg-number"),
    pytest.param(DECISION_TTG, "kind", "Quyết định", id="ttg-kind"),
    pytest.param(DECISION_TTG, "date", "2010-08-27", id="ttg-date"),
    pytest.param(DECISION_TTG, "province", None, id="ttg-province-central"),
    pytest.param(DECISION_TTG, "issuer", "Thủ tướng Chính phủ", id="ttg-issuer"),
    pytest.param(PLAN_HN, "number", "312/KH-UBND", id="hn-number"),
    pytest.param(PLAN_HN, "kind", "Kế hoạch", id="hn-kind"),
    pytest.param(PLAN_HN, "date", "2025-11-24", id="hn-date"),
    pytest.param(PLAN_HN, "province", "Hà Nội", id="hn-province"),
    pytest.param(PLAN_HN, "issuer", "Ủy ban nhân dân thành phố Hà Nội", id="hn-issuer"),
    pytest.param(CIRCULAR_BTTTT, "kind", "Thông tư", id="bttttt-kind"),
    pytest.param(CIRCULAR_BTTTT, "province", None, id="btttt-province-central"),
    pytest.param(CIRCULAR_BTTTT, "issuer", "Bộ Thông tin và Truyền thông", id="btttt-issuer"),
]


@pytest.mark.parametrize("text,field,want", SELF_FIELDS)
def test_self(text, field, want):
    got = getattr(extract(text).self, field)
    ok = same_exact(got, want) if field == "issuer" and want else got == want
    assert ok, f"self.{field}: {got!r}, expected {want!r}"


# ---------------------------------------------------------------------------
# 4. initiatives

INITIATIVE_NAMES = [
    # where the name stops (exact, folded)
    pytest.param("Quy hoạch phát triển viễn thông tỉnh Quảng Ninh đến năm 2020 được phê duyệt tại Quyết định số "
                 "1234/QĐ-UBND ngày 25/6/2012 của UBND tỉnh.",
                 "Quy hoạch phát triển viễn thông tỉnh Quảng Ninh đến năm 2020", True, id="stop-duoc-phe-duyet"),
    pytest.param("Dự án Xây dựng hệ thống thông tin quản lý đất đai tỉnh Quảng Ninh đã hoàn thành giai đoạn 1.",
                 "Dự án Xây dựng hệ thống thông tin quản lý đất đai tỉnh Quảng Ninh", True, id="stop-da"),
    pytest.param("Sở tiếp tục triển khai Đề án Chuyển đổi số tỉnh Quảng Ninh theo lộ trình đã được Ban Thường vụ "
                 "Tỉnh ủy thông qua.", "Đề án Chuyển đổi số tỉnh Quảng Ninh", True, id="stop-theo"),
    pytest.param("Việc thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới tại các xã vùng cao còn "
                 "chậm.", "Chương trình mục tiêu quốc gia xây dựng nông thôn mới", True, id="stop-tai"),
    pytest.param("Năm 2014, tỉnh hoàn thành Dự án Xây dựng cổng thông tin điện tử tỉnh Quảng Ninh; đưa vào vận "
                 "hành 20 dịch vụ công trực tuyến.", "Dự án Xây dựng cổng thông tin điện tử tỉnh Quảng Ninh", True,
                 id="stop-semicolon"),
    pytest.param("Sau hai năm thực hiện Đề án Xây dựng chính quyền điện tử tỉnh Quảng Ninh, 100% cơ quan nhà nước "
                 "đã kết nối mạng diện rộng.", "Đề án Xây dựng chính quyền điện tử tỉnh Quảng Ninh", True,
                 id="stop-comma-clause"),
    pytest.param("Chiến lược phát triển thông tin quốc gia đến năm 2025 đang được các bộ, ngành triển khai.",
                 "Chiến lược phát triển thông tin quốc gia đến năm 2025", True, id="stop-dang"),
    pytest.param('Sở đang xây dựng Đề án "Phát triển thành phố thông minh tỉnh Quảng Ninh giai đoạn 2020-2025" để '
                 "trình Ủy ban nhân dân tỉnh.", "Đề án Phát triển thành phố thông minh tỉnh Quảng Ninh giai đoạn "
                 "2020-2025", True, id="straight-quotes-dropped"),
    pytest.param("Ủy ban nhân dân tỉnh giao Sở chủ trì Đề án \u201cXây dựng Kiến trúc Chính quyền điện tử tỉnh "
                 "Quảng Ninh\u201d trong năm 2015.", "Đề án Xây dựng Kiến trúc Chính quyền điện tử tỉnh Quảng Ninh",
                 True, id="curly-quotes-dropped"),
    pytest.param("Dự án Xây dựng Trung tâm dữ liệu tỉnh Quảng Ninh (đã hoàn thành năm 2015) được đánh giá cao.",
                 "Dự án Xây dựng Trung tâm dữ liệu tỉnh Quảng Ninh", True, id="stop-parenthesised-remark"),
    pytest.param("Quy hoạch trạm thu phát sóng thông tin di động tỉnh Quảng Ninh (BTS) đã được công bố rộng rãi.",
                 "Quy hoạch trạm thu phát sóng thông tin di động tỉnh Quảng Ninh (BTS)", True,
                 id="keeps-parenthesised-acronym"),
    pytest.param(PLAN_IN_NAME, "Kế hoạch triển khai Chương trình hành động số 56-CTr/TU của Tỉnh ủy Cao Bằng", True,
                 id="stop-at-cited-document-clause"),
    pytest.param("Các huyện xây dựng Kế hoạch thực hiện Chỉ thị số 62-CT/TU ngày 22/6/2015 của Ban Thường vụ Tỉnh ủy "
                 "về triển khai Nghị quyết số 36-NQ/TW trong năm 2016.",
                 "Kế hoạch thực hiện Chỉ thị số 62-CT/TU ngày 22/6/2015 của Ban Thường vụ Tỉnh ủy", True,
                 id="stop-at-cited-document-ve-trien-khai"),
    pytest.param("Ủy ban nhân dân tỉnh ban hành Chương trình hành động của Ủy ban nhân dân tỉnh thực hiện Nghị quyết "
                 "số 36-NQ/TW trong tháng 9.",
                 "Chương trình hành động của Ủy ban nhân dân tỉnh thực hiện Nghị quyết số 36-NQ/TW", False,
                 id="implements-cue-of-the-plan-itself-stays"),
    # "các dự án: A; B; C" gives one initiative each, the kind word in front
    pytest.param("Năm 2014, tỉnh triển khai các dự án: Xây dựng Trung tâm dữ liệu tỉnh; Nâng cấp mạng diện rộng "
                 "của tỉnh; Triển khai phần mềm quản lý văn bản và điều hành.",
                 "Dự án Xây dựng Trung tâm dữ liệu tỉnh", False, id="list-item-1"),
    pytest.param("Năm 2014, tỉnh triển khai các dự án: Xây dựng Trung tâm dữ liệu tỉnh; Nâng cấp mạng diện rộng "
                 "của tỉnh; Triển khai phần mềm quản lý văn bản và điều hành.",
                 "Dự án Nâng cấp mạng diện rộng của tỉnh", False, id="list-item-2"),
    pytest.param("Năm 2014, tỉnh triển khai các dự án: Xây dựng Trung tâm dữ liệu tỉnh; Nâng cấp mạng diện rộng "
                 "của tỉnh; Triển khai phần mềm quản lý văn bản và điều hành.",
                 "Dự án Triển khai phần mềm quản lý văn bản và điều hành", False, id="list-item-3"),
    # a Markdown table cell ends the name
    pytest.param("| Nhiệm vụ | Đơn vị | Tiến độ |\n|---|---|---|\n| Dự án Nâng cấp Cổng thông tin điện tử tỉnh | "
                 "Sở TT&TT | Hoàn thành |\n", "Dự án Nâng cấp Cổng thông tin điện tử tỉnh", True, id="table-cell"),
    # an own plan's title names its work
    pytest.param(PLAN_HN, "Kế hoạch phát triển hạ tầng số thành phố Hà Nội giai đoạn 2026 - 2030", False,
                 id="plan-title"),
]


@pytest.mark.parametrize("text,name,exact", INITIATIVE_NAMES)
def test_initiative(text, name, exact):
    rec = extract(text)
    match = same_exact if exact else same_name
    found = [i for i in rec.initiatives if match(i.name, name)]
    assert found, f"no initiative {name!r}" + summary(rec)
    ini = found[0]
    assert ini.name.split()[:2] == name.split()[:2] or fold(ini.name).startswith(fold(" ".join(name.split()[:2]))), \
        f"name does not start with the kind word: {ini.name!r}"
    assert not set(ini.name) & set('"\u201c\u201d'), f"quotes kept: {ini.name!r}"


NOT_INITIATIVES = [
    pytest.param("Các dự án đầu tư công nghệ thông tin năm 2013 đều hoàn thành đúng tiến độ.", id="cac-du-an"),
    pytest.param("Tỉnh đã phân chia thành năm dự án thành phần để triển khai.", id="du-an-thanh-phan"),
    pytest.param("Các đơn vị xây dựng Kế hoạch và gửi về Sở Thông tin và Truyền thông trước ngày 15/12/2013.",
                 id="ke-hoach-alone"),
    pytest.param("Sở đã hoàn thành chương trình công tác năm 2013 của Ủy ban nhân dân tỉnh.",
                 id="chuong-trinh-cong-tac"),
    pytest.param("Thực hiện Kế hoạch số 56/KH-UBND ngày 20/3/2014 của UBND tỉnh, các đơn vị đã triển khai "
                 "đồng bộ.", id="numbered-plan-is-a-ref"),
    pytest.param(PLAN_BASIS, id="plan-title-only-implements"),
]


INITIATIVE_SPELLING = [
    pytest.param(PLAN_HN, "Hà Nội", id="plan-title-keeps-proper-noun"),
    pytest.param(DECISION_QN, "Quảng Ninh", id="approved-title-keeps-proper-noun"),
]


@pytest.mark.parametrize("text,words", INITIATIVE_SPELLING)
def test_initiative_keeps_spelling(text, words):
    """The name is the text's own words: a proper noun keeps its capitals."""
    rec = extract(text)
    assert rec.initiatives, summary(rec)
    assert all(words in i.name for i in rec.initiatives), summary(rec)


@pytest.mark.parametrize("text", NOT_INITIATIVES)
def test_not_an_initiative(text):
    rec = extract(text)
    assert not rec.initiatives, summary(rec)


VARIANTS = [
    pytest.param("Đề án Xây dựng chính quyền điện tử tỉnh Quảng Ninh giai đoạn 2016 - 2020 được triển khai từ "
                 "năm 2016. Sau hai năm thực hiện Đề án xây dựng chính quyền điện tử tỉnh, 100% cơ quan đã kết nối.",
                 "Đề án Xây dựng chính quyền điện tử tỉnh Quảng Ninh giai đoạn 2016 - 2020", id="two-wordings"),
    pytest.param("Quy hoạch phát triển viễn thông tỉnh Quảng Ninh đến năm 2020 đã được công bố. Các doanh nghiệp "
                 "lắp đặt trạm theo đúng Quy hoạch phát triển viễn thông tỉnh.",
                 "Quy hoạch phát triển viễn thông tỉnh Quảng Ninh đến năm 2020", id="short-second-mention"),
]


@pytest.mark.parametrize("text,fullest", VARIANTS)
def test_initiative_variants_merged(text, fullest):
    rec = extract(text)
    close = [i for i in rec.initiatives if same_name(i.name, fullest, 0.5)]
    assert len(close) == 1, summary(rec)
    assert same_exact(close[0].name, fullest), f"not the fullest name: {close[0].name!r}"


# ---------------------------------------------------------------------------
# 5. agencies

AGENCIES = [
    pytest.param(QN_SO + "Sở đã báo cáo UBND tỉnh kết quả rà soát các công trình hạ tầng.",
                 "Ủy ban nhân dân tỉnh Quảng Ninh", "UBND tỉnh", id="ubnd-tinh-province"),
    pytest.param(QN_SO + "Sở phối hợp với Sở TT&TT thẩm định thiết kế cột ăng ten.",
                 "Sở Thông tin và Truyền thông tỉnh Quảng Ninh", "Sở TT&TT", id="so-tttt-province"),
    pytest.param(QN_SO + "Sở đã làm việc với Sở KH&ĐT về nguồn vốn đầu tư.",
                 "Sở Kế hoạch và Đầu tư tỉnh Quảng Ninh", "Sở KH&ĐT", id="so-khdt-province"),
    pytest.param(QN_SO + "Nội dung này đã được báo cáo HĐND tỉnh tại kỳ họp thứ 15.",
                 "Hội đồng nhân dân tỉnh Quảng Ninh", "HĐND tỉnh", id="hdnd-tinh-province"),
    pytest.param(QN_SO + "Sở đã xin ý kiến Bộ TT&TT về quy chuẩn kỹ thuật.",
                 "Bộ Thông tin và Truyền thông", "Bộ TT&TT", id="bo-tttt"),
    pytest.param(QN_SO + "Thủ tướng Chính phủ đã phê duyệt chủ trương đầu tư hạ tầng cáp quang.",
                 "Thủ tướng Chính phủ", "Thủ tướng Chính phủ", id="thu-tuong-is-agency"),
    pytest.param(QN_SO + "Giám đốc Sở Thông tin và Truyền thông đã chủ trì cuộc họp liên ngành.",
                 "Sở Thông tin và Truyền thông tỉnh Quảng Ninh", "Sở Thông tin và Truyền thông",
                 id="giam-doc-so-gives-so"),
    pytest.param(QN_SO + "Nội dung này đã được Ban Thường vụ Tỉnh ủy cho ý kiến.",
                 "Ban Thường vụ Tỉnh ủy Quảng Ninh", "Ban Thường vụ Tỉnh ủy", id="ban-thuong-vu-tinh-uy"),
    pytest.param(QN_SO + "Sở đã phối hợp với Phòng Quản lý đô thị thành phố Hạ Long, Cẩm Phả kiểm tra hiện trường.",
                 "Phòng Quản lý đô thị thành phố Hạ Long", "Phòng Quản lý đô thị", id="shared-head-1"),
    pytest.param(QN_SO + "Sở đã phối hợp với Phòng Quản lý đô thị thành phố Hạ Long, Cẩm Phả kiểm tra hiện trường.",
                 "Phòng Quản lý đô thị thành phố Cẩm Phả", "Cẩm Phả", id="shared-head-2"),
    pytest.param(QN_SO + "Viễn thông Quảng Ninh và Viettel Quảng Ninh đã dùng chung 120 cột ăng ten.",
                 "Viettel Quảng Ninh", "Viettel Quảng Ninh", id="enterprise"),
    pytest.param(QN_SO + "Sở đang phối hợp với Công an tỉnh và Báo Quảng Ninh tuyên truyền.",
                 "Công an tỉnh Quảng Ninh", "Công an tỉnh", id="cong-an-tinh-province"),
    pytest.param(QN_SO + "Sở VH,TT&DL và Sở GD&ĐT đã gửi báo cáo.",
                 "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ninh", "Sở VH,TT&DL", id="so-vhttdl-province"),
    pytest.param(QN_SO + "UBND huyện Vân Đồn đã cấp phép xây dựng 45 trạm BTS.",
                 "Ủy ban nhân dân huyện Vân Đồn", "UBND huyện Vân Đồn", id="ubnd-huyen"),
    pytest.param(QN_SO + "Đoàn công tác của Tỉnh ủy Lào Cai đã thăm Trung tâm điều hành thông minh.",
                 "Tỉnh ủy Lào Cai", "Tỉnh ủy Lào Cai", id="tinh-uy-named-province"),
]


@pytest.mark.parametrize("text,name,surface", AGENCIES)
def test_agency(text, name, surface):
    rec = extract(text)
    body = text.rfind(surface)
    found = [a for a in rec.agencies if same_exact(a.name, name)]
    assert found, f"no agency {name!r}" + summary(rec)
    spans = [(m.start, m.end) for a in found for m in a.mentions]
    assert any(s <= body < e or body <= s < body + len(surface) for s, e in spans), \
        f"{name!r} found, but not at {surface!r} in the body: mentions {[m.text for a in found for m in a.mentions]}"


NOT_AGENCIES = [
    pytest.param(QN_SO + "Giám đốc Sở Thông tin và Truyền thông đã chủ trì cuộc họp liên ngành.", "Giám đốc",
                 id="job-title-giam-doc"),
    pytest.param(QN_SO + "Chủ tịch UBND tỉnh đã ký ban hành quy chế phối hợp.", "Chủ tịch", id="job-title-chu-tich"),
    pytest.param(QN_SO + "Sở đã lấy ý kiến Bộ trưởng Bộ Thông tin và Truyền thông.", "Bộ trưởng",
                 id="job-title-bo-truong"),
    pytest.param(QN_SO + "Sở đã phối hợp với các sở, ban, ngành rà soát số liệu.", "sở, ban, ngành",
                 id="generic-so-ban-nganh"),
    pytest.param(QN_SO + "UBND các huyện, thị xã, thành phố báo cáo kết quả trước ngày 20/12/2014.",
                 "các huyện", id="generic-cac-huyen"),
    pytest.param(QN_SO + "Đoàn công tác của Tỉnh ủy Lào Cai đã thăm Trung tâm điều hành thông minh.",
                 "Tỉnh ủy Quảng Ninh", id="tinh-uy-named-province-not-the-reports"),
    pytest.param("Dự án Xây dựng Trung tâm dữ liệu tỉnh Quảng Ninh đã hoàn thành giai đoạn 1.", "Trung tâm dữ liệu",
                 id="facility-in-project-name",
                 marks=gap("agency 'Trung tâm dữ liệu tỉnh Quảng Ninh': the facility a project builds is taken "
                           "for an organisation")),
]


AGENCY_ONCE = [
    pytest.param(QN_SO + "Sở đã ký kết thỏa thuận với Tập đoàn Viễn thông Quân đội (Viettel) về dùng chung hạ tầng.",
                 "Tập đoàn Viễn thông Quân đội", id="viettel-with-abbreviation"),
    pytest.param("Sở TT&TT tỉnh Quảng Ninh đã phối hợp với các doanh nghiệp. Sở Thông tin và Truyền thông cũng đã "
                 "báo cáo UBND tỉnh Quảng Ninh.", "Sở Thông tin và Truyền thông tỉnh Quảng Ninh",
                 id="so-tttt-two-forms"),
]


@pytest.mark.parametrize("text,name", AGENCY_ONCE)
def test_agency_once(text, name):
    rec = extract(text)
    close = [a.name for a in rec.agencies if same_name(a.name, name, 0.6)]
    assert len(close) == 1, summary(rec)


@pytest.mark.parametrize("text,forbidden", NOT_AGENCIES)
def test_not_an_agency(text, forbidden):
    rec = extract(text)
    bad = [a.name for a in rec.agencies if fold(forbidden) in fold(a.name)]
    assert not bad, summary(rec)


# ---------------------------------------------------------------------------
# 6. relations, with their evidence

RELATIONS = [
    pytest.param(DECISION_QN, SELF, "basedOn", "64/2007/NĐ-CP", id="can-cu-numbered"),
    pytest.param(DECISION_QN, SELF, "basedOn", "Luật Công nghệ thông tin", id="can-cu-named"),
    pytest.param(DECISION_QN, SELF, "basedOn", "14/2013/TT-BTTTT", id="can-cu-circular"),
    pytest.param(DECISION_QN, SELF, "replaces", "44/2005/QĐ-UBND", id="replaces"),
    pytest.param("Quyết định này bãi bỏ Quyết định số 2152/QĐ-UBND ngày 20/7/2010 của UBND tỉnh.", SELF, "repeals",
                 "2152/QĐ-UBND", id="repeals-quyet-dinh-nay-bai-bo"),
    pytest.param(DECISION_QN, SELF, "repeals", "2152/QĐ-UBND", id="repeals-co-hieu-luc-va-bai-bo"),
    pytest.param(DECISION_TTG, SELF, "repeals", "43/2008/QĐ-TTg", id="repeals-bai-bo-article"),
    pytest.param(DECISION_QN, "Quy hoạch trạm thu phát sóng thông tin di động tỉnh Quảng Ninh đến năm 2020",
                 "approvedBy", SELF, id="title-phe-duyet-quy-hoach"),
    pytest.param(DECISION_TTG, "Chương trình quốc gia về ứng dụng công nghệ thông tin trong hoạt động của cơ quan "
                 "nhà nước giai đoạn 2011 - 2015", "approvedBy", SELF, id="title-phe-duyet-chuong-trinh"),
    pytest.param(PLAN_HN, "Kế hoạch phát triển hạ tầng số thành phố Hà Nội giai đoạn 2026 - 2030", "approvedBy",
                 SELF, id="plan-title-approved-by-self"),
    pytest.param(PLAN_BASIS, SELF, "basedOn", "36-NQ/TW", id="plan-title-trien-khai"),
    pytest.param("Quy hoạch phát triển viễn thông tỉnh Quảng Ninh đến năm 2020 được phê duyệt tại Quyết định số "
                 "1234/QĐ-UBND ngày 25/6/2012 của UBND tỉnh.",
                 "Quy hoạch phát triển viễn thông tỉnh Quảng Ninh đến năm 2020", "approvedBy", "1234/QĐ-UBND",
                 id="approved-at"),
    pytest.param("Kế hoạch ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước tỉnh Quảng Ninh năm 2014 "
                 "ban hành kèm theo Quyết định số 3390/QĐ-UBND ngày 20/12/2013 của UBND tỉnh.",
                 "Kế hoạch ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước tỉnh Quảng Ninh năm 2014",
                 "approvedBy", "3390/QĐ-UBND", id="ban-hanh-kem-theo"),
    pytest.param(DECISION_PLAN, "Kế hoạch ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước tỉnh "
                 "Quảng Ninh năm 2014", "approvedBy", SELF, id="dieu-1-ban-hanh-kem-theo"),
    pytest.param(DECISION_PLAN, SELF, "basedOn", "1755/QĐ-TTg", id="can-cu-two-documents"),
    pytest.param("Thực hiện Quyết định số 1605/QĐ-TTg ngày 27/8/2010 của Thủ tướng Chính phủ phê duyệt Chương "
                 "trình quốc gia về ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước giai đoạn "
                 "2011 - 2015, tỉnh đã đầu tư hạ tầng.", "Chương trình quốc gia về ứng dụng công nghệ thông tin "
                 "trong hoạt động của cơ quan nhà nước giai đoạn 2011 - 2015", "approvedBy", "1605/QĐ-TTg",
                 id="decision-phe-duyet-initiative"),
    pytest.param("Thực hiện Kế hoạch số 56/KH-UBND ngày 20/3/2014 của UBND tỉnh về ứng dụng công nghệ thông tin "
                 "trong hoạt động của cơ quan nhà nước năm 2014, Sở đã triển khai.",
                 "Kế hoạch ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước năm 2014", "approvedBy",
                 "56/KH-UBND", id="numbered-plan-subject"),
    pytest.param(DECISION_TTG, "09/2013/NĐ-CP", "amends", "64/2007/NĐ-CP", id="duoc-sua-doi-boi"),
    pytest.param(DECISION_TTG, SELF, "basedOn", "09/2013/NĐ-CP", id="duoc-sua-doi-boi-basis"),
    pytest.param("Căn cứ Nghị định số 09/2013/NĐ-CP ngày 11/01/2013 của Chính phủ sửa đổi, bổ sung một số điều "
                 "của Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ;",
                 "09/2013/NĐ-CP", "amends", "64/2007/NĐ-CP", id="sua-doi-bo-sung"),
    pytest.param("Quyết định số 679/QĐ-UBND ngày 15/3/2016 của UBND tỉnh điều chỉnh Quy hoạch phát triển viễn "
                 "thông tỉnh Quảng Ninh đến năm 2020.", "679/QĐ-UBND", "amends",
                 "Quy hoạch phát triển viễn thông tỉnh Quảng Ninh đến năm 2020", id="dieu-chinh-initiative"),
    pytest.param(CIRCULAR_BTTTT, "25/2011/NĐ-CP", "basedOn", "Luật Viễn thông", id="quy-dinh-chi-tiet-luat"),
    pytest.param("Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ hướng dẫn thi hành Luật Công "
                 "nghệ thông tin về ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước;",
                 "64/2007/NĐ-CP", "basedOn", "Luật Công nghệ thông tin", id="huong-dan-thi-hanh-luat"),
    pytest.param("Dự án Xây dựng cơ sở dữ liệu dân cư tỉnh Quảng Ninh thuộc Đề án Xây dựng chính quyền điện tử "
                 "tỉnh Quảng Ninh.", "Dự án Xây dựng cơ sở dữ liệu dân cư tỉnh Quảng Ninh", "partOf",
                 "Đề án Xây dựng chính quyền điện tử tỉnh Quảng Ninh", id="thuoc-de-an"),
    pytest.param("Dự án Nâng cấp mạng diện rộng của tỉnh là dự án thành phần của Đề án Xây dựng chính quyền điện "
                 "tử tỉnh Quảng Ninh.", "Dự án Nâng cấp mạng diện rộng của tỉnh", "partOf",
                 "Đề án Xây dựng chính quyền điện tử tỉnh Quảng Ninh", id="du-an-thanh-phan-cua"),
    pytest.param("Dự án Xây dựng cổng dịch vụ công trực tuyến tỉnh Quảng Ninh được triển khai theo Quyết định số "
                 "1605/QĐ-TTg ngày 27/8/2010 của Thủ tướng Chính phủ.",
                 "Dự án Xây dựng cổng dịch vụ công trực tuyến tỉnh Quảng Ninh", "basedOn", "1605/QĐ-TTg",
                 id="initiative-trien-khai-theo"),
    # a document that implements another: "<ref> [ngày ...] [của ...] [về] thực hiện <ref>"
    pytest.param("Chương trình hành động số 56-CTr/TU ngày 06/5/2015 của Tỉnh ủy về thực hiện Nghị quyết số "
                 "36-NQ/TW ngày 01/7/2014 của Bộ Chính trị đã được quán triệt tới các chi bộ.",
                 "56-CTr/TU", "basedOn", "36-NQ/TW", id="doc-ve-thuc-hien-doc"),
    pytest.param("Tỉnh đã quán triệt Chương trình số 56-CTr/TU của Tỉnh ủy Cao Bằng thực hiện Nghị quyết số 36-NQ/TW "
                 "tới các chi bộ.", "56-CTr/TU", "basedOn", "36-NQ/TW", id="doc-thuc-hien-doc-named-province"),
    pytest.param("Kế hoạch số 12/KH-UBND ngày 15/01/2016 của UBND tỉnh triển khai thực hiện Nghị định số "
                 "43/2011/NĐ-CP đã hoàn thành trong quý I.", "12/KH-UBND", "basedOn", "43/2011/NĐ-CP",
                 id="doc-trien-khai-thuc-hien-doc"),
    pytest.param("Nghị quyết số 05/2015/NQ-HĐND của HĐND tỉnh cụ thể hóa Nghị quyết số 36a/NQ-CP về Chính phủ "
                 "điện tử.", "05/2015/NQ-HĐND", "basedOn", "36a/NQ-CP", id="doc-cu-the-hoa-doc"),
    pytest.param(PLAN_IN_NAME, "56-CTr/TU", "basedOn", "36-NQ/TW", id="doc-in-plan-name-thuc-hien-doc"),
    pytest.param(PLAN_IN_NAME, "Kế hoạch triển khai Chương trình hành động số 56-CTr/TU của Tỉnh ủy Cao Bằng",
                 "basedOn", "56-CTr/TU", id="plan-based-on-the-document-it-names"),
    # "quy định chi tiết (thi hành / và biện pháp thi hành / và hướng dẫn) X"
    pytest.param("Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ quy định chi tiết thi hành Luật Công "
                 "nghệ thông tin về cung cấp thông tin trên trang thông tin điện tử;", "43/2011/NĐ-CP", "basedOn",
                 "Luật Công nghệ thông tin", id="quy-dinh-chi-tiet-thi-hanh"),
    pytest.param("Nghị định số 34/2016/NĐ-CP của Chính phủ quy định chi tiết và biện pháp thi hành Luật Ban hành văn "
                 "bản quy phạm pháp luật được các sở áp dụng khi soạn thảo.", "34/2016/NĐ-CP", "basedOn",
                 "Luật Ban hành văn bản quy phạm pháp luật", id="quy-dinh-chi-tiet-va-bien-phap-thi-hanh"),
    pytest.param("Các đơn vị phân loại hệ thống theo Thông tư số 03/2017/TT-BTTTT của Bộ Thông tin và Truyền thông "
                 "quy định chi tiết và hướng dẫn Nghị định số 85/2016/NĐ-CP.", "03/2017/TT-BTTTT", "basedOn",
                 "85/2016/NĐ-CP", id="quy-dinh-chi-tiet-va-huong-dan"),
]


def _mentions(rec: Record, key: str):
    """The mentions of the ref or initiative a relation end names."""
    if key == SELF:
        return None
    for r in rec.refs:
        if r.key == key:
            return r.mentions
    for i in rec.initiatives:
        if i.name == key:
            return i.mentions
    return None


@pytest.mark.parametrize("text,s,p,o", RELATIONS)
def test_relation(text, s, p, o):
    rec = extract(text)
    found = [r for r in rec.relations if r.p == p and end_matches(r.s, s) and end_matches(r.o, o)]
    assert found, f"no ({s} {p} {o})" + summary(rec)
    rel = found[0]
    ev = rel.evidence
    assert text[ev.start:ev.end] == ev.text, "evidence offsets do not round-trip"
    assert "\nĐiều " not in ev.text.rstrip(), f"evidence spans two articles: {ev.text!r}"
    for key in (rel.s, rel.o):
        ms = _mentions(rec, key)
        if ms:  # named in the text: one of its mentions lies inside the evidence
            assert any(ev.start <= m.start and m.end <= ev.end for m in ms), \
                f"evidence {ev.text!r} does not contain a mention of {key!r} ({[m.text for m in ms]})"


NO_RELATIONS = [  # s or o None: any
    pytest.param(DECISION_QN, None, "basedOn", "06/TTr-STTTT", id="xet-de-nghi-no-basis"),
    pytest.param(DECISION_TTG, None, "basedOn", "Bộ Thông tin và Truyền thông", id="xet-de-nghi-proposer-no-basis"),
    pytest.param(DECISION_PLAN, None, "basedOn", "112/TTr-STTTT", id="theo-de-nghi-no-basis"),
    pytest.param("Ban hành kèm theo Quyết định này Quy chế quản lý, vận hành Trung tâm dữ liệu tỉnh Quảng Ninh.",
                 None, "approvedBy", None, id="quy-che-not-initiative"),
    pytest.param(DECISION_PLAN, "Quy chế quản lý, vận hành Trung tâm dữ liệu tỉnh Quảng Ninh", "approvedBy", None,
                 id="quy-che-in-decision-not-initiative"),
    pytest.param(PLAN_BASIS, None, "approvedBy", None, id="plan-title-only-implements"),
    # the plan implements the programme, the programme the resolution: no inference across the chain
    pytest.param(PLAN_IN_NAME, "Kế hoạch triển khai Chương trình hành động số 56-CTr/TU của Tỉnh ủy Cao Bằng",
                 "basedOn", "36-NQ/TW", id="plan-not-based-on-what-its-document-implements"),
]


@pytest.mark.parametrize("text,s,p,o", NO_RELATIONS)
def test_no_relation(text, s, p, o):
    rec = extract(text)
    bad = [r for r in rec.relations if r.p == p and (s is None or end_matches(r.s, s))
           and (o is None or end_matches(r.o, o))]
    assert not bad, summary(rec)


@pytest.mark.parametrize("text", [
    PLAN_IN_NAME,
    "Ủy ban nhân dân tỉnh xây dựng Kế hoạch triển khai Chương trình hành động số 56-CTr/TU ngày 06/5/2015 của "
    "Tỉnh ủy về thực hiện Nghị quyết số 36-NQ/TW trong năm 2016.",
], ids=["name-ends-at-clause", "date-issuer-ve"])
def test_only_the_programme_rests_on_the_resolution(text):
    """A plan that implements programme A, which implements resolution B: `A basedOn B` makes the chain."""
    rec = extract(text)
    on_b = {r.s for r in rec.relations if r.p == "basedOn" and end_matches(r.o, "36-NQ/TW")}
    assert on_b == {"56-CTr/TU"}, summary(rec)


def _cue_rows() -> list:
    rows = [pytest.param(ex, pred, id=f"DOC_TO_NEXT-{i}-{pred}") for i, (_, pred, ex) in enumerate(cues.DOC_TO_NEXT)]
    rows += [pytest.param(ex, "basedOn", id=f"IMPLEMENTS-{i}") for i, (_, ex) in enumerate(cues.IMPLEMENTS_ROWS)]
    return rows


# a cue's own direction -> the relation it states, and whether the first document is its object
_STATES = {"amendedBy": ("amends", True), "approves": ("approvedBy", True)}


@pytest.mark.parametrize("example,pred", _cue_rows())
def test_cue_row_example(example, pred):
    """Every row of the document-to-next cue tables states its relation in its own example."""
    rec = extract(example)
    first = min(rec.refs, key=lambda r: r.mentions[0].start).key
    p, flipped = _STATES.get(pred, (pred, False))
    found = [r for r in rec.relations if r.p == p and (r.o if flipped else r.s) == first
             and SELF not in (r.s, r.o)]
    assert found, f"no ({first} {p} ...)" + summary(rec)


def test_tto_trinh_in_xet_de_nghi_is_still_a_ref():
    rec = extract(DECISION_QN)
    assert numbered(rec, "06/TTr-STTTT"), summary(rec)
    assert numbered(rec, "06/TTr-STTTT")[0].kind == "Tờ trình"


# ---------------------------------------------------------------------------
# 7. invariants on random concatenations of the sentences above

def _pool() -> list[str]:
    texts: list[str] = []
    for table in (NUMBERED, REF_COUNTS, NAMED, NOT_REFS, INITIATIVE_NAMES, NOT_INITIATIVES, VARIANTS, AGENCIES,
                  AGENCY_ONCE, NOT_AGENCIES, RELATIONS, NO_RELATIONS):
        texts.extend(p.values[0] for p in table)
    pieces = set()
    for t in texts:
        for line in t.split("\n"):
            if line.strip():
                pieces.add(line)
    return sorted(pieces) + [QN_UBND, DECISION_QN, "1132/QĐ-", "TTg ngày 21/9/2022", "Số: 917/QĐ-UBND"]


POOL = _pool()


def _round_trip(text: str, rec: Record) -> None:
    for r in rec.refs:
        for m in r.mentions:
            assert text[m.start:m.end] == m.text, ("ref", r.key, m)
    for i in rec.initiatives:
        for m in i.mentions:
            assert text[m.start:m.end] == m.text, ("initiative", i.name, m)
    for a in rec.agencies:
        for m in a.mentions:
            assert text[m.start:m.end] == m.text, ("agency", a.name, m)
    for rel in rec.relations:
        ev = rel.evidence
        assert text[ev.start:ev.end] == ev.text, ("evidence", rel.s, rel.p, rel.o, ev)


@st.composite
def _piece(draw) -> str:
    """A sentence of the tables, whole or cut at random places (mid-number, mid-word)."""
    text = draw(st.sampled_from(POOL))
    if draw(st.booleans()):
        return text
    i = draw(st.integers(0, len(text)))
    j = draw(st.integers(i, len(text)))
    return text[i:j]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(_piece(), min_size=1, max_size=8),
       seps=st.lists(st.sampled_from(["\n", " ", "\n\n", "\r\n", ";\n", ""]), min_size=8, max_size=8))
def test_random_concatenations_extract_and_round_trip(parts, seps):
    text = "".join(p + seps[i] for i, p in enumerate(parts))
    rec = extract_text(text, "random.txt")
    _round_trip(text, rec)
    assert all(r.s and r.o for r in rec.relations)


TABLE_TEXTS = list(dict.fromkeys(p.values[0] for p in NUMBERED + RELATIONS + AGENCIES + INITIATIVE_NAMES))


@pytest.mark.parametrize("text", TABLE_TEXTS, ids=[f"text{i}" for i in range(len(TABLE_TEXTS))])
def test_table_texts_round_trip(text):
    _round_trip(text, extract(text))
