"""Relation cues: the words that state a relation between two things.

Each row: (regex over the matching view, predicate, example sentence); a table
of one predicate (`IMPLEMENTS_ROWS`) leaves it out. Rows are tried in order;
`relations` decides which ends the cue joins.
"""
from __future__ import annotations

# Between an initiative (before) and a document (after): "X được phê duyệt tại Quyết định số Y".
INITIATIVE_TO_DOC: tuple[tuple[str, str, str], ...] = (
    (r"(?:đã\s+)?(?:được\s+)?(?:UBND\s+tỉnh\s+|Thủ tướng Chính phủ\s+|Chính phủ\s+)?(?:phê duyệt|phê chuẩn|ban hành|thông qua)"
     r"(?:\s+(?:tại|theo|kèm theo|bởi))?", "approvedBy",
     "Quy hoạch phát triển ứng dụng CNTT tỉnh Quảng Ninh được phê duyệt tại Quyết định số 1908/QĐ-UBND"),
    (r"(?:ban hành\s+)?kèm theo", "approvedBy", "Kế hoạch ứng dụng CNTT ban hành kèm theo Quyết định số 767/QĐ-UBND"),
    (r"(?:được\s+)?(?:triển khai|thực hiện|xây dựng|lập)?\s*(?:theo|căn cứ|trên cơ sở|thực hiện|triển khai)", "basedOn",
     "Chương trình viễn thông công ích giai đoạn 2011 - 2015 theo Quyết định số 1643/QĐ-TTg"),
)

# A document or an initiative that implements what follows: "Chương trình số 56-CTr/TU ... thực hiện Nghị
# quyết số 36-NQ/TW". After a document's date and issuer the cue opens that document's own clause: it
# states `document basedOn next` and ends the name of a plan that cites the document.
IMPLEMENTS_ROWS: tuple[tuple[str, str], ...] = (
    (r"(?:tổ chức\s+)?triển khai(?:\s+thực hiện)?",
     "Kế hoạch số 12/KH-UBND triển khai thực hiện Quyết định số 80/2014/QĐ-TTg"),
    (r"(?:tổ chức\s+)?thực hiện", "Chương trình số 56-CTr/TU thực hiện Nghị quyết số 36-NQ/TW"),
    (r"cụ thể hóa|cụ thể hoá", "Kế hoạch số 45/KH-UBND cụ thể hóa Nghị quyết số 36-NQ/TW"),
    (r"thi hành", "Thông tư số 25/2010/TT-BTTTT thi hành Nghị định số 64/2007/NĐ-CP"),
)
IMPLEMENTS = "|".join(p for p, _ in IMPLEMENTS_ROWS)

# Between a document (before) and what follows it in its own tail ("Quyết định số Y ... phê duyệt X").
DOC_TO_NEXT: tuple[tuple[str, str, str], ...] = (
    (r"(?:đã\s+)?(?:được\s+)?(?:sửa đổi,?\s*bổ sung|sửa đổi|bổ sung|điều chỉnh)\s+(?:một số điều\s+)?(?:bởi|tại|theo)",
     "amendedBy", "Nghị định số 64/2007/NĐ-CP được sửa đổi, bổ sung bởi Nghị định số 09/2013/NĐ-CP"),
    (r"(?:về\s+)?(?:việc\s+)?(?:sửa đổi,?\s*bổ sung|sửa đổi|bổ sung|điều chỉnh)", "amends",
     "Nghị định số 04/2008/NĐ-CP về việc sửa đổi, bổ sung một số điều của Nghị định số 92/2006/NĐ-CP"),
    (r"(?:về\s+)?(?:việc\s+)?thay thế", "replaces", "Quyết định số 28/2018/QĐ-TTg thay thế Quyết định số 80/2014/QĐ-TTg"),
    (r"(?:về\s+)?(?:việc\s+)?(?:bãi bỏ|hủy bỏ|huỷ bỏ)", "repeals", "Quyết định số 12/2025/QĐ-UBND bãi bỏ Quyết định số 33/2009/QĐ-UBND"),
    (r"(?:về\s+)?(?:việc\s+)?(?:ban hành|phê duyệt|phê chuẩn|công bố)", "approves",
     "Quyết định số 1755/QĐ-TTg phê duyệt Đề án Đưa Việt Nam sớm trở thành nước mạnh về CNTT và TT"),
    (r"(?:về\s+)?(?:việc\s+)?(?:quy định chi tiết(?:\s*(?:và|,)\s*(?:hướng dẫn|biện pháp)(?:\s+thi hành)?|\s+thi hành)?"
     r"|hướng dẫn thi hành|hướng dẫn|quy định)",
     "basedOn", "Nghị định số 25/2011/NĐ-CP quy định chi tiết và hướng dẫn thi hành một số điều của Luật Viễn thông"),
    (r"(?:về\s+)?(?:việc\s+)?(?:" + IMPLEMENTS + r")", "basedOn",
     "Chương trình hành động số 56-CTr/TU của Tỉnh ủy về thực hiện Nghị quyết số 36-NQ/TW của Bộ Chính trị"),
)

# A sentence about the document itself: "Quyết định này thay thế Quyết định số 80/2014/QĐ-TTg".
# "Quyết định này", "Kế hoạch này" ... and "Điều 2." open a sentence about the document itself.
SELF_MARKER_WORDS = ("Quyết định", "Nghị quyết", "Nghị định", "Thông tư", "Kế hoạch", "Chỉ thị", "Quy định", "Quy chế",
                     "Văn bản", "Công văn", "Chương trình")
SELF_CUES: tuple[tuple[str, str, str], ...] = (
    (r"thay thế", "replaces", "Quyết định này thay thế Quyết định số 80/2014/QĐ-TTg"),
    (r"bãi bỏ|hủy bỏ|huỷ bỏ|hết hiệu lực", "repeals", "Quyết định này bãi bỏ Quyết định số 33/2009/QĐ-UBND"),
    (r"sửa đổi,?\s*bổ sung|điều chỉnh", "amends", "Quyết định này sửa đổi Quyết định số 41/2022/QĐ-UBND"),
)

# Sentences that make the document rest on what they cite.
BASIS_OPENERS = (
    r"Căn cứ|Thực hiện|Triển khai|Thi hành|Theo|Trên cơ sở|Để triển khai|Để thực hiện|Nhằm triển khai|Nhằm thực hiện"
    r"|Triển khai thực hiện|Tiếp tục thực hiện|Thực hiện chỉ đạo"
)
# Sentences that name a proposer, not a legal basis ("Xét đề nghị của Sở ... tại Tờ trình số ...").
NOT_BASIS = r"Xét|Theo đề nghị|Theo đề xuất|Xét đề xuất"

# Component cues: "Dự án X thuộc Đề án Y", "dự án thành phần của Y".
PART_OF: tuple[tuple[str, str, str], ...] = (
    (r"(?:là\s+)?(?:dự án thành phần|hợp phần|tiểu dự án|nội dung)?\s*(?:thuộc|của)", "partOf",
     "Dự án Nâng cấp thiết bị và phần mềm của các cơ quan khối Đảng thuộc Đề án Xây dựng Chính quyền điện tử"),
)
