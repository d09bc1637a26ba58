"""Agencies: issuer codes in document numbers, names, abbreviations, head nouns.

Data, with small lookups. `tests/test_tables.py` walks every row.

>>> issuer_for_code("BKHDT"), issuer_for_code("QH13")
('Bộ Kế hoạch và Đầu tư', 'Quốc hội')
>>> from extract.tables.provinces import find_province
>>> local_issuer("STTTT", find_province("Quảng Ninh"))
'Sở Thông tin và Truyền thông tỉnh Quảng Ninh'
>>> local_issuer("TU", find_province("Hà Nội"))
'Thành ủy Hà Nội'
>>> so_full_name("Sở TT&TT"), ministry_full_name("Bộ KH&CN")
('Sở Thông tin và Truyền thông', 'Bộ Khoa học và Công nghệ')
>>> expand_abbreviation("UBND"), enterprise_full_name("Viettel")
('Ủy ban nhân dân', 'Tập đoàn Công nghiệp - Viễn thông Quân đội')
>>> agency_head("Uỷ ban nhân dân tỉnh Quảng Ninh"), agency_head("Bộ Chính trị")
(('Ủy ban nhân dân', False), ('Bộ Chính trị', True))
"""
from __future__ import annotations

import re
from functools import lru_cache

from extract.normalize import fold, for_matching, squash
from extract.tables.provinces import Province, province_full_name

# (code in a number, issuer, example number or None). Codes are matched with
# case, Đ/D and "&" folded ("BKH&ĐT" = "BKHĐT" = "BKHDT"), and the legislature
# number dropped after QH ("QH13", "UBTVQH15").
CENTRAL_CODES: tuple[tuple[str, str, str | None], ...] = (
    ("TTg", "Thủ tướng Chính phủ", "1755/QĐ-TTg"),
    ("CP", "Chính phủ", "43/2011/NĐ-CP"),
    ("QH", "Quốc hội", "67/2006/QH11"),
    ("UBTVQH", "Ủy ban Thường vụ Quốc hội", "1211/2016/UBTVQH13"),
    ("VPQH", "Văn phòng Quốc hội", None),
    ("HĐBCQG", "Hội đồng Bầu cử quốc gia", None),
    # Like TTg, an office that issues documents (Lệnh công bố luật, "L-CTN").
    ("CTN", "Chủ tịch nước", None),
    ("VPCTN", "Văn phòng Chủ tịch nước", None),
    ("VPCP", "Văn phòng Chính phủ", None),
    # Party numbers "NN-XX/TW" are issued by the Ban Chấp hành Trung ương (18-NQ/TW,
    # a plenum), the Bộ Chính trị (36-NQ/TW, 52-NQ/TW, 57-NQ/TW) or the Ban Bí thư;
    # the code does not tell which. A named issuer in the text wins over this row.
    ("TW", "Ban Chấp hành Trung ương", "18-NQ/TW"),
    ("VPTW", "Văn phòng Trung ương Đảng", None),
    ("BTCTW", "Ban Tổ chức Trung ương", None),
    ("BTGTW", "Ban Tuyên giáo Trung ương", None),
    ("BDVTW", "Ban Dân vận Trung ương", None),
    ("BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương", None),  # 2025: BTGTW + BDVTW
    ("BKTTW", "Ban Kinh tế Trung ương", None),
    ("BNCTW", "Ban Nội chính Trung ương", None),
    ("BĐNTW", "Ban Đối ngoại Trung ương", None),
    ("UBKTTW", "Ủy ban Kiểm tra Trung ương", None),
    # In numbers BCT is Bộ Công Thương, never Bộ Chính trị (whose numbers end "/TW").
    ("BCT", "Bộ Công Thương", "47/2014/TT-BCT"),
    ("BCA", "Bộ Công an", "55/2021/TT-BCA"),
    ("BQP", "Bộ Quốc phòng", None),
    ("BNG", "Bộ Ngoại giao", None),
    ("BNV", "Bộ Nội vụ", "01/2011/TT-BNV"),
    ("BTP", "Bộ Tư pháp", None),
    ("BTC", "Bộ Tài chính", "19/2011/TT-BTC"),
    ("BKHĐT", "Bộ Kế hoạch và Đầu tư", "01/2021/TT-BKHĐT"),
    ("BKH", "Bộ Kế hoạch và Đầu tư", None),  # the ministry's older code
    ("BTTTT", "Bộ Thông tin và Truyền thông", "14/2013/TT-BTTTT"),
    ("BKHCN", "Bộ Khoa học và Công nghệ", None),
    ("BGDĐT", "Bộ Giáo dục và Đào tạo", "32/2018/TT-BGDĐT"),
    ("BYT", "Bộ Y tế", "54/2017/TT-BYT"),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", None),
    ("BTNMT", "Bộ Tài nguyên và Môi trường", "24/2014/TT-BTNMT"),
    ("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn", None),
    ("BNN", "Bộ Nông nghiệp và Phát triển nông thôn", None),
    ("BNNMT", "Bộ Nông nghiệp và Môi trường", None),  # from 2025-03
    ("BXD", "Bộ Xây dựng", "06/2016/TT-BXD"),
    ("BGTVT", "Bộ Giao thông vận tải", None),
    ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội", None),
    ("BDTTG", "Bộ Dân tộc và Tôn giáo", None),  # from 2025-03
    ("NHNN", "Ngân hàng Nhà nước Việt Nam", "39/2016/TT-NHNN"),
    ("TTCP", "Thanh tra Chính phủ", None),
    ("UBDT", "Ủy ban Dân tộc", None),
    ("UBQLV", "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp", None),
    ("KTNN", "Kiểm toán Nhà nước", None),
    ("TANDTC", "Tòa án nhân dân tối cao", None),
    ("HĐTP", "Hội đồng Thẩm phán Tòa án nhân dân tối cao", None),
    ("VKSNDTC", "Viện kiểm sát nhân dân tối cao", None),
    ("VKSTC", "Viện kiểm sát nhân dân tối cao", None),  # its own decisions use this
    # Provincial branches number with "BHXH" too; the text's issuer wins then.
    ("BHXH", "Bảo hiểm xã hội Việt Nam", "595/QĐ-BHXH"),
    ("TCT", "Tổng cục Thuế", None),
    ("TCHQ", "Tổng cục Hải quan", None),
    ("TCTK", "Tổng cục Thống kê", None),
    ("KBNN", "Kho bạc Nhà nước", None),
    ("UBTWMTTQVN", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None),
    ("TLĐ", "Tổng Liên đoàn Lao động Việt Nam", None),
    ("TWĐTN", "Ban Chấp hành Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", None),
    # Bodies gone before 2008, still cited.
    ("BBCVT", "Bộ Bưu chính, Viễn thông", None),
    ("BVHTT", "Bộ Văn hóa - Thông tin", None),
    ("BTS", "Bộ Thủy sản", None),
    ("BCN", "Bộ Công nghiệp", None),
    ("BTM", "Bộ Thương mại", None),
    ("BKHCNMT", "Bộ Khoa học, Công nghệ và Môi trường", None),
    ("TCBĐ", "Tổng cục Bưu điện", None),
)

# (code, issuer template, example number). The issuer takes the province from
# context: {province} is `province_full_name` ("tỉnh Quảng Ninh", "thành phố Hà
# Nội"), {name} the bare name, {committee} "Tỉnh ủy" or "Thành ủy". Numbers of
# local bodies repeat across provinces, so the examples show the format only.
# No row for a bare "BQL": Ban Quản lý dự án, khu kinh tế... cannot be told apart.
LOCAL_CODES: tuple[tuple[str, str, str], ...] = (
    ("UBND", "Ủy ban nhân dân {province}", "917/QĐ-UBND"),
    # The Chủ tịch signs, but a job title is not an agency (GUIDELINES): the issuer
    # is the Ủy ban.
    ("CTUBND", "Ủy ban nhân dân {province}", "05/QĐ-CTUBND"),
    ("VPUBND", "Văn phòng Ủy ban nhân dân {province}", "2345/VPUBND-TH"),
    ("VP", "Văn phòng Ủy ban nhân dân {province}", "2345/VP-TH"),
    ("HĐND", "Hội đồng nhân dân {province}", "12/2019/NQ-HĐND"),
    ("TTHĐND", "Thường trực Hội đồng nhân dân {province}", "45/TB-TTHĐND"),
    ("VPHĐND", "Văn phòng Hội đồng nhân dân {province}", "30/BC-VPHĐND"),
    ("ĐĐBQH", "Đoàn đại biểu Quốc hội {province}", "15/BC-ĐĐBQH"),
    ("TU", "{committee} {name}", "62-CT/TU"),
    ("VPTU", "Văn phòng {committee} {name}", "120-CV/VPTU"),
    ("BTCTU", "Ban Tổ chức {committee} {name}", "08-HD/BTCTU"),
    ("BTGTU", "Ban Tuyên giáo {committee} {name}", "45-HD/BTGTU"),
    ("BDVTU", "Ban Dân vận {committee} {name}", "10-HD/BDVTU"),
    ("BTGDVTU", "Ban Tuyên giáo và Dân vận {committee} {name}", "02-HD/BTGDVTU"),
    ("UBKTTU", "Ủy ban Kiểm tra {committee} {name}", "05-TB/UBKTTU"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam {province}", "12/MTTQ-BTT"),
    ("LĐLĐ", "Liên đoàn Lao động {province}", "20/KH-LĐLĐ"),
    ("CAT", "Công an {province}", "123/CAT-PV01"),
    ("CATP", "Công an {province}", "123/CATP-PV01"),
    ("BCHQS", "Bộ Chỉ huy Quân sự {province}", "50/KH-BCHQS"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế {province}", "88/BC-BQLKKT"),
    ("BQLKCN", "Ban Quản lý các khu công nghiệp {province}", "88/BC-BQLKCN"),
    ("BDT", "Ban Dân tộc {province}", "15/KH-BDT"),
    ("STTTT", "Sở Thông tin và Truyền thông {province}", "231/BC-STTTT"),
    ("SBCVT", "Sở Bưu chính, Viễn thông {province}", "40/BC-SBCVT"),
    ("SKHĐT", "Sở Kế hoạch và Đầu tư {province}", "150/BC-SKHĐT"),
    ("STC", "Sở Tài chính {province}", "300/STC-QLNS"),
    ("SNV", "Sở Nội vụ {province}", "75/KH-SNV"),
    ("STP", "Sở Tư pháp {province}", "60/BC-STP"),
    ("SYT", "Sở Y tế {province}", "90/KH-SYT"),
    ("SGDĐT", "Sở Giáo dục và Đào tạo {province}", "1200/SGDĐT-GDTrH"),
    ("SKHCN", "Sở Khoa học và Công nghệ {province}", "35/KH-SKHCN"),
    ("STNMT", "Sở Tài nguyên và Môi trường {province}", "410/STNMT-MT"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn {province}", "70/KH-SNNPTNT"),
    ("SNN", "Sở Nông nghiệp và Phát triển nông thôn {province}", "70/KH-SNN"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường {province}", "25/KH-SNNMT"),
    ("SXD", "Sở Xây dựng {province}", "900/SXD-QLXD"),
    ("SGTVT", "Sở Giao thông vận tải {province}", "55/KH-SGTVT"),
    ("SCT", "Sở Công Thương {province}", "45/KH-SCT"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch {province}", "80/KH-SVHTTDL"),
    # In provinces that split off a Sở Du lịch; before 2008, Sở Văn hóa - Thông tin.
    ("SVHTT", "Sở Văn hóa và Thể thao {province}", "80/KH-SVHTT"),
    ("SDL", "Sở Du lịch {province}", "30/KH-SDL"),
    ("SLĐTBXH", "Sở Lao động - Thương binh và Xã hội {province}", "95/KH-SLĐTBXH"),
    ("SNgV", "Sở Ngoại vụ {province}", "20/KH-SNgV"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo {province}", "10/KH-SDTTG"),
    ("SQHKT", "Sở Quy hoạch - Kiến trúc {province}", "500/SQHKT-QHKV"),
)

# (full name, spellings seen in texts, the Sở it became part of or None). Matched
# with accents, case, punctuation and the word "và" folded away, so "Sở TT và TT"
# = "Sở TT&TT" = "Sở TT-TT". 2025-03: the reorganisation under Nghị quyết
# 18-NQ/TW; a Sở Ngoại vụ went into the Văn phòng UBND in most provinces.
SO_NAMES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("Sở Thông tin và Truyền thông", ("Sở TT&TT", "Sở TTTT", "Sở TT và TT"),
     "Sở Khoa học và Công nghệ"),
    ("Sở Kế hoạch và Đầu tư", ("Sở KH&ĐT", "Sở KHĐT"), "Sở Tài chính"),
    ("Sở Khoa học và Công nghệ", ("Sở KH&CN", "Sở KHCN"), None),
    ("Sở Văn hóa, Thể thao và Du lịch", ("Sở VH,TT&DL", "Sở VHTTDL", "Sở VHTT&DL"), None),
    ("Sở Văn hóa và Thể thao", ("Sở VH&TT",), None),
    ("Sở Du lịch", (), None),
    ("Sở Giáo dục và Đào tạo", ("Sở GD&ĐT", "Sở GDĐT"), None),
    ("Sở Nông nghiệp và Phát triển nông thôn", ("Sở NN&PTNT", "Sở NNPTNT"),
     "Sở Nông nghiệp và Môi trường"),
    ("Sở Tài nguyên và Môi trường", ("Sở TN&MT", "Sở TNMT"), "Sở Nông nghiệp và Môi trường"),
    ("Sở Lao động - Thương binh và Xã hội", ("Sở LĐ-TB&XH", "Sở LĐTBXH", "Sở LĐTB&XH"),
     "Sở Nội vụ"),
    ("Sở Giao thông vận tải", ("Sở GTVT",), "Sở Xây dựng"),
    ("Sở Tài chính", (), None),
    ("Sở Nội vụ", (), None),
    ("Sở Tư pháp", (), None),
    ("Sở Y tế", (), None),
    ("Sở Xây dựng", (), None),
    ("Sở Công Thương", (), None),
    ("Sở Ngoại vụ", (), None),
    ("Sở Quy hoạch - Kiến trúc", ("Sở QH-KT", "Sở QHKT"), None),  # Hà Nội, Hồ Chí Minh
    ("Sở Nông nghiệp và Môi trường", ("Sở NN&MT", "Sở NNMT"), None),
    ("Sở Dân tộc và Tôn giáo", ("Sở DT&TG", "Sở DTTG"), None),
    # Before 2008.
    ("Sở Bưu chính, Viễn thông", ("Sở BCVT",), "Sở Thông tin và Truyền thông"),
    ("Sở Văn hóa - Thông tin", (), "Sở Văn hóa, Thể thao và Du lịch"),
)

# (full name, spellings seen in texts, the body it became part of or None);
# ministries and ministry-level bodies, matched like SO_NAMES.
MINISTRY_ALIASES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("Bộ Thông tin và Truyền thông", ("Bộ TT&TT", "Bộ TTTT", "Bộ TT và TT"),
     "Bộ Khoa học và Công nghệ"),
    ("Bộ Khoa học và Công nghệ", ("Bộ KH&CN", "Bộ KHCN"), None),
    ("Bộ Kế hoạch và Đầu tư", ("Bộ KH&ĐT", "Bộ KHĐT"), "Bộ Tài chính"),
    ("Bộ Văn hóa, Thể thao và Du lịch", ("Bộ VHTTDL", "Bộ VH,TT&DL", "Bộ VHTT&DL"), None),
    ("Bộ Giáo dục và Đào tạo", ("Bộ GD&ĐT", "Bộ GDĐT"), None),
    ("Bộ Nông nghiệp và Phát triển nông thôn", ("Bộ NN&PTNT", "Bộ NNPTNT"),
     "Bộ Nông nghiệp và Môi trường"),
    ("Bộ Tài nguyên và Môi trường", ("Bộ TN&MT", "Bộ TNMT"), "Bộ Nông nghiệp và Môi trường"),
    ("Bộ Lao động - Thương binh và Xã hội", ("Bộ LĐ-TB&XH", "Bộ LĐTBXH", "Bộ LĐTB&XH"),
     "Bộ Nội vụ"),
    ("Bộ Giao thông vận tải", ("Bộ GTVT",), "Bộ Xây dựng"),
    ("Bộ Nông nghiệp và Môi trường", ("Bộ NN&MT", "Bộ NNMT"), None),
    ("Bộ Dân tộc và Tôn giáo", ("Bộ DT&TG", "Bộ DTTG"), None),
    ("Bộ Quốc phòng", (), None),
    ("Bộ Công an", (), None),
    ("Bộ Ngoại giao", (), None),
    ("Bộ Nội vụ", (), None),
    ("Bộ Tư pháp", (), None),
    ("Bộ Tài chính", (), None),
    ("Bộ Công Thương", (), None),
    ("Bộ Xây dựng", (), None),
    ("Bộ Y tế", (), None),
    ("Ngân hàng Nhà nước Việt Nam", ("Ngân hàng Nhà nước", "NHNN"), None),
    ("Thanh tra Chính phủ", (), None),
    ("Văn phòng Chính phủ", ("VPCP",), None),
    ("Ủy ban Dân tộc", ("UBDT",), "Bộ Dân tộc và Tôn giáo"),
    # Before 2008 (2007: Bưu chính, Viễn thông + the press side of Văn hóa - Thông
    # tin → Thông tin và Truyền thông; Thủy sản → NN&PTNT; Công nghiệp + Thương mại
    # → Công Thương. 2002: KHCN&MT split into KH&CN and TN&MT).
    ("Bộ Bưu chính, Viễn thông", ("Bộ BCVT",), "Bộ Thông tin và Truyền thông"),
    ("Bộ Văn hóa - Thông tin", (), "Bộ Văn hóa, Thể thao và Du lịch"),
    ("Bộ Thủy sản", (), "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("Bộ Công nghiệp", (), "Bộ Công Thương"),
    ("Bộ Thương mại", (), "Bộ Công Thương"),
    ("Bộ Khoa học, Công nghệ và Môi trường", ("Bộ KHCN&MT",), "Bộ Khoa học và Công nghệ"),
)

# (abbreviation, expansion, example as written). Names of bodies keep their
# capitals; common nouns are lower case.
GENERAL_ABBREVIATIONS: tuple[tuple[str, str, str], ...] = (
    ("UBND", "Ủy ban nhân dân", "UBND tỉnh Quảng Ninh"),
    ("HĐND", "Hội đồng nhân dân", "HĐND tỉnh khóa XIII"),
    ("MTTQ", "Mặt trận Tổ quốc", "Ủy ban MTTQ tỉnh"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc", "UBMTTQ tỉnh"),
    ("BCĐ", "Ban Chỉ đạo", "BCĐ Chuyển đổi số tỉnh"),
    ("BCH", "Ban Chấp hành", "BCH Đảng bộ tỉnh"),
    ("BTV", "Ban Thường vụ", "BTV Tỉnh ủy"),
    ("UBKT", "Ủy ban Kiểm tra", "UBKT Tỉnh ủy"),
    ("TW", "Trung ương", "Ban Chấp hành TW"),
    ("BQL", "Ban Quản lý", "BQL Khu kinh tế tỉnh"),
    ("BQLDA", "Ban Quản lý dự án", "BQLDA đầu tư xây dựng tỉnh"),
    ("VP", "Văn phòng", "VP UBND tỉnh"),
    ("ĐBQH", "đại biểu Quốc hội", "Đoàn ĐBQH tỉnh"),
    ("ĐĐBQH", "Đoàn đại biểu Quốc hội", "ĐĐBQH tỉnh"),
    ("TTHCC", "Trung tâm Hành chính công", "TTHCC tỉnh"),
    ("LĐLĐ", "Liên đoàn Lao động", "LĐLĐ tỉnh"),
    ("TNCS", "Thanh niên Cộng sản", "Đoàn TNCS Hồ Chí Minh"),
    ("TAND", "Tòa án nhân dân", "TAND tỉnh"),
    ("VKSND", "Viện kiểm sát nhân dân", "VKSND tỉnh"),
    ("BHXH", "Bảo hiểm xã hội", "BHXH tỉnh"),
    ("KBNN", "Kho bạc Nhà nước", "KBNN Quảng Ninh"),
    ("NHNN", "Ngân hàng Nhà nước", "NHNN chi nhánh tỉnh"),
    ("BCHQS", "Bộ Chỉ huy Quân sự", "BCHQS tỉnh"),
    ("BĐBP", "Bộ đội Biên phòng", "Bộ Chỉ huy BĐBP tỉnh"),
    ("PT-TH", "Phát thanh - Truyền hình", "Đài PT-TH tỉnh"),
    ("PTTH", "Phát thanh - Truyền hình", "Đài PTTH tỉnh"),
    ("TT-TH", "Truyền thanh - Truyền hình", "Đài TT-TH huyện"),
    ("TP.", "thành phố", "TP. Hạ Long"),
    ("TX.", "thị xã", "TX. Quảng Yên"),
    ("CNTT", "công nghệ thông tin", "ứng dụng CNTT"),
    ("CNTT-TT", "công nghệ thông tin và truyền thông", "ngành CNTT-TT"),
    ("TT&TT", "thông tin và truyền thông", "ngành TT&TT"),
    ("TTTT", "thông tin và truyền thông", "Sở TTTT"),
    ("KH&CN", "khoa học và công nghệ", "hoạt động KH&CN"),
    ("KHCN", "khoa học và công nghệ", "Sở KHCN"),
    ("KH&ĐT", "kế hoạch và đầu tư", "Sở KH&ĐT"),
    ("GD&ĐT", "giáo dục và đào tạo", "ngành GD&ĐT"),
    ("TN&MT", "tài nguyên và môi trường", "Sở TN&MT"),
    ("NN&PTNT", "nông nghiệp và phát triển nông thôn", "Sở NN&PTNT"),
    ("LĐ-TB&XH", "lao động - thương binh và xã hội", "Sở LĐ-TB&XH"),
    ("VH,TT&DL", "văn hóa, thể thao và du lịch", "Sở VH,TT&DL"),
    ("GTVT", "giao thông vận tải", "Sở GTVT"),
    ("TTHC", "thủ tục hành chính", "giải quyết TTHC"),
    ("CCHC", "cải cách hành chính", "công tác CCHC"),
    ("CSDL", "cơ sở dữ liệu", "CSDL quốc gia về dân cư"),
    ("ATTT", "an toàn thông tin", "bảo đảm ATTT mạng"),
    ("DVC", "dịch vụ công", "cung cấp DVC"),
    ("DVCTT", "dịch vụ công trực tuyến", "DVCTT mức độ 3, 4"),
    ("CQĐT", "chính quyền điện tử", "xây dựng CQĐT"),
    ("CPĐT", "Chính phủ điện tử", "xây dựng CPĐT"),
    ("CĐS", "chuyển đổi số", "thúc đẩy CĐS"),
    ("KT-XH", "kinh tế - xã hội", "phát triển KT-XH"),
    ("NSNN", "ngân sách nhà nước", "vốn NSNN"),
    ("QLNN", "quản lý nhà nước", "công tác QLNN"),
    ("KCN", "khu công nghiệp", "KCN Cái Lân"),
    ("KKT", "khu kinh tế", "KKT Vân Đồn"),
    ("HTX", "hợp tác xã", "các HTX nông nghiệp"),
    ("DN", "doanh nghiệp", "các DN viễn thông"),
    ("CBCCVC", "cán bộ, công chức, viên chức", "đội ngũ CBCCVC"),
    ("CBCC", "cán bộ, công chức", "đội ngũ CBCC"),
    ("GPMB", "giải phóng mặt bằng", "công tác GPMB"),
    ("ĐTXD", "đầu tư xây dựng", "dự án ĐTXD"),
    ("THCS", "trung học cơ sở", "trường THCS"),
    ("THPT", "trung học phổ thông", "trường THPT"),
)

# (full name, short names and spellings seen in texts): enterprises and the
# national press organisations.
ENTERPRISES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Tập đoàn Bưu chính Viễn thông Việt Nam", ("VNPT", "Tập đoàn VNPT")),
    ("Tổng công ty Dịch vụ Viễn thông", ("VNPT VinaPhone", "VinaPhone")),
    ("Tổng công ty Truyền thông", ("VNPT-Media",)),
    ("Tổng công ty Hạ tầng mạng", ("VNPT-Net",)),
    ("Tập đoàn Công nghiệp - Viễn thông Quân đội",
     ("Viettel", "Tập đoàn Viettel", "Tập đoàn Viễn thông Quân đội")),  # renamed 2018
    ("Tổng Công ty Viễn thông Viettel", ("Viettel Telecom",)),
    ("Tổng Công ty Cổ phần Bưu chính Viettel", ("Viettel Post",)),
    ("Tổng công ty Viễn thông MobiFone", ("MobiFone", "Mobifone", "Công ty Thông tin di động")),
    ("Tổng công ty Bưu điện Việt Nam", ("VNPost", "Vietnam Post", "Bưu điện Việt Nam")),
    ("Công ty Cổ phần FPT", ("FPT", "Tập đoàn FPT")),
    ("Công ty Cổ phần Viễn thông FPT", ("FPT Telecom",)),
    ("Công ty Cổ phần Tập đoàn Công nghệ CMC", ("CMC", "Tập đoàn CMC", "Tập đoàn Công nghệ CMC")),
    ("Công ty Cổ phần Hạ tầng Viễn thông CMC", ("CMC Telecom",)),
    ("Công ty Cổ phần Viễn thông Hà Nội", ("Vietnamobile", "Hanoi Telecom")),
    ("Công ty Cổ phần Viễn thông Di động Toàn Cầu", ("Gmobile", "GTel Mobile", "Beeline")),
    ("Tổng công ty Viễn thông Toàn Cầu", ("GTel",)),
    ("Công ty Cổ phần Dịch vụ Bưu chính Viễn thông Sài Gòn", ("SPT", "Saigon Postel")),
    ("Tổng công ty Truyền thông đa phương tiện", ("VTC",)),
    ("Tổng công ty Truyền hình Cáp Việt Nam", ("VTVcab",)),
    ("Công ty TNHH Truyền hình cáp Saigontourist", ("SCTV",)),
    ("Công ty Cổ phần Nghe nhìn Toàn Cầu", ("AVG",)),
    ("Đài Truyền hình Việt Nam", ("VTV",)),
    ("Đài Tiếng nói Việt Nam", ("VOV",)),
    ("Thông tấn xã Việt Nam", ("TTXVN",)),
    ("Tập đoàn Điện lực Việt Nam", ("EVN",)),
    ("Tổng công ty Điện lực miền Bắc", ("EVNNPC",)),
    ("Tổng công ty Điện lực miền Trung", ("EVNCPC",)),
    ("Tổng công ty Điện lực miền Nam", ("EVNSPC",)),
    ("Tổng công ty Điện lực thành phố Hà Nội", ("EVNHANOI",)),
    ("Tổng công ty Điện lực Thành phố Hồ Chí Minh", ("EVNHCMC",)),
    ("Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam", ("TKV", "Vinacomin")),
    ("Tập đoàn Dầu khí Việt Nam", ("PVN", "Petrovietnam")),
    ("Tổng công ty Hàng không Việt Nam", ("Vietnam Airlines",)),
    ("Tổng công ty Đường sắt Việt Nam", ("VNR",)),
    ("Tổng công ty Đầu tư và Kinh doanh vốn nhà nước", ("SCIC",)),
    ("Ngân hàng Thương mại Cổ phần Ngoại thương Việt Nam", ("Vietcombank",)),
    ("Ngân hàng Thương mại Cổ phần Công Thương Việt Nam", ("VietinBank",)),
    ("Ngân hàng Thương mại Cổ phần Đầu tư và Phát triển Việt Nam", ("BIDV",)),
    ("Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam", ("Agribank",)),
    ("Ngân hàng Chính sách xã hội", ("NHCSXH", "VBSP")),
    ("Ngân hàng Phát triển Việt Nam", ("VDB",)),
    ("Tập đoàn Vingroup - Công ty Cổ phần", ("Vingroup", "Tập đoàn Vingroup")),
)

# (head noun, complete, example). `complete`: the head names one organisation by
# itself (a complement may still follow: "Kho bạc Nhà nước Quảng Ninh"); the others
# need one ("Sở" → "Sở Y tế tỉnh Quảng Ninh"). A head comes before every shorter
# head that is a prefix of it ("Bộ Chính trị" before "Bộ"), so the first match
# is the longest. "Thủ tướng Chính phủ" is the only job title here (GUIDELINES).
AGENCY_HEADS: tuple[tuple[str, bool, str], ...] = (
    ("Ủy ban Thường vụ Quốc hội", True, "Ủy ban Thường vụ Quốc hội"),
    ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", True,
     "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
    ("Ban Chấp hành Trung ương", True, "Ban Chấp hành Trung ương Đảng"),
    ("Bộ Chính trị", True, "Bộ Chính trị"),
    ("Ban Bí thư", True, "Ban Bí thư Trung ương Đảng"),
    ("Thủ tướng Chính phủ", True, "Thủ tướng Chính phủ"),
    ("Văn phòng Chính phủ", True, "Văn phòng Chính phủ"),
    ("Thanh tra Chính phủ", True, "Thanh tra Chính phủ"),
    ("Chính phủ", True, "Chính phủ"),
    ("Văn phòng Quốc hội", True, "Văn phòng Quốc hội"),
    ("Quốc hội", True, "Quốc hội"),
    ("Kiểm toán Nhà nước", True, "Kiểm toán Nhà nước khu vực VI"),
    ("Ngân hàng Nhà nước Việt Nam", True, "Ngân hàng Nhà nước Việt Nam"),
    ("Tòa án nhân dân tối cao", True, "Tòa án nhân dân tối cao"),
    ("Viện kiểm sát nhân dân tối cao", True, "Viện kiểm sát nhân dân tối cao"),
    ("Mặt trận Tổ quốc Việt Nam", True, "Mặt trận Tổ quốc Việt Nam"),
    ("Kho bạc Nhà nước", True, "Kho bạc Nhà nước Quảng Ninh"),
    ("Bảo hiểm xã hội Việt Nam", True, "Bảo hiểm xã hội Việt Nam"),
    ("Ủy ban Dân tộc", True, "Ủy ban Dân tộc"),
    ("Tổng Liên đoàn Lao động Việt Nam", True, "Tổng Liên đoàn Lao động Việt Nam"),
    ("Ủy ban nhân dân", False, "Ủy ban nhân dân tỉnh Quảng Ninh"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", False, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ninh"),
    ("Ủy ban Kiểm tra", False, "Ủy ban Kiểm tra Tỉnh ủy Quảng Ninh"),
    ("Ủy ban", False, "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp"),
    ("Hội đồng nhân dân", False, "Hội đồng nhân dân tỉnh Quảng Ninh"),
    ("Hội đồng", False, "Hội đồng Bầu cử quốc gia"),
    ("Hội", False, "Hội Nhà báo tỉnh Quảng Ninh"),
    ("Tỉnh ủy", False, "Tỉnh ủy Quảng Ninh"),
    ("Thành ủy", False, "Thành ủy Hạ Long"),
    ("Huyện ủy", False, "Huyện ủy Vân Đồn"),
    ("Thị ủy", False, "Thị ủy Quảng Yên"),
    ("Quận ủy", False, "Quận ủy Ba Đình"),
    ("Đảng ủy", False, "Đảng ủy Khối các cơ quan tỉnh"),
    ("Đảng bộ", False, "Đảng bộ tỉnh Quảng Ninh"),
    ("Ban Thường vụ", False, "Ban Thường vụ Tỉnh ủy Quảng Ninh"),
    ("Ban Chấp hành", False, "Ban Chấp hành Đảng bộ tỉnh"),
    ("Ban Chỉ đạo", False, "Ban Chỉ đạo Chuyển đổi số tỉnh"),
    ("Ban Quản lý", False, "Ban Quản lý Khu kinh tế tỉnh Quảng Ninh"),
    ("Ban Tuyên giáo", False, "Ban Tuyên giáo Tỉnh ủy Quảng Ninh"),
    ("Ban Tổ chức", False, "Ban Tổ chức Tỉnh ủy Quảng Ninh"),
    ("Ban Dân vận", False, "Ban Dân vận Tỉnh ủy Quảng Ninh"),
    ("Ban Dân tộc", False, "Ban Dân tộc tỉnh Quảng Ninh"),
    ("Ban", False, "Ban Pháp chế Hội đồng nhân dân tỉnh"),
    ("Bộ Chỉ huy Bộ đội Biên phòng", False, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Ninh"),
    ("Bộ Chỉ huy Quân sự", False, "Bộ Chỉ huy Quân sự tỉnh Quảng Ninh"),
    ("Bộ Tư lệnh", False, "Bộ Tư lệnh Quân khu 3"),
    ("Bộ", False, "Bộ Thông tin và Truyền thông"),
    ("Sở", False, "Sở Thông tin và Truyền thông tỉnh Quảng Ninh"),
    ("Tổng cục", False, "Tổng cục Thống kê"),
    ("Cục Thuế", False, "Cục Thuế tỉnh Quảng Ninh"),
    ("Cục", False, "Cục Tin học hóa"),
    ("Chi cục", False, "Chi cục Thuế thành phố Hạ Long"),
    ("Vụ", False, "Vụ Công nghệ thông tin"),
    ("Viện kiểm sát nhân dân", False, "Viện kiểm sát nhân dân tỉnh Quảng Ninh"),
    ("Viện", False, "Viện Chiến lược Thông tin và Truyền thông"),
    ("Tòa án nhân dân", False, "Tòa án nhân dân tỉnh Quảng Ninh"),
    ("Học viện", False, "Học viện Công nghệ Bưu chính Viễn thông"),
    ("Đại học", False, "Đại học Quốc gia Hà Nội"),
    ("Trường", False, "Trường Đại học Hạ Long"),
    ("Bệnh viện", False, "Bệnh viện Đa khoa tỉnh Quảng Ninh"),
    ("Phòng", False, "Phòng Văn hóa và Thông tin thành phố Hạ Long"),
    ("Trung tâm", False, "Trung tâm Hành chính công tỉnh Quảng Ninh"),
    ("Văn phòng", False, "Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh"),
    ("Thanh tra", False, "Thanh tra tỉnh Quảng Ninh"),
    ("Công an", False, "Công an tỉnh Quảng Ninh"),
    ("Đài Truyền thanh - Truyền hình", False, "Đài Truyền thanh - Truyền hình huyện Vân Đồn"),
    ("Đài Phát thanh và Truyền hình", False, "Đài Phát thanh và Truyền hình Hà Nội"),
    ("Đài Phát thanh - Truyền hình", False, "Đài Phát thanh - Truyền hình Thanh Hóa"),
    ("Đài", False, "Đài Truyền hình Việt Nam"),
    ("Báo", False, "Báo Quảng Ninh"),
    ("Tạp chí", False, "Tạp chí Thông tin và Truyền thông"),
    ("Nhà xuất bản", False, "Nhà xuất bản Thông tin và Truyền thông"),
    ("Bưu điện", False, "Bưu điện tỉnh Quảng Ninh"),
    ("Viễn thông", False, "Viễn thông Quảng Ninh"),
    ("Tập đoàn", False, "Tập đoàn Bưu chính Viễn thông Việt Nam"),
    ("Tổng công ty", False, "Tổng công ty Viễn thông MobiFone"),
    ("Công ty", False, "Công ty Cổ phần FPT"),
    ("Chi nhánh", False, "Chi nhánh Viettel Quảng Ninh"),
    ("Ngân hàng", False, "Ngân hàng Chính sách xã hội"),
    ("Liên đoàn", False, "Liên đoàn Lao động tỉnh Quảng Ninh"),
    ("Liên minh Hợp tác xã", False, "Liên minh Hợp tác xã tỉnh Quảng Ninh"),
    ("Đoàn đại biểu Quốc hội", False, "Đoàn đại biểu Quốc hội tỉnh Quảng Ninh"),
    ("Đoàn", False, "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Quảng Ninh"),
    ("Tỉnh đoàn", False, "Tỉnh đoàn Quảng Ninh"),
    ("Bảo hiểm xã hội", False, "Bảo hiểm xã hội tỉnh Quảng Ninh"),
)


def code_key(code: str) -> str:
    """The lookup key of an issuer code: case, Đ/D, "&" and the legislature folded.

    >>> code_key("BKH&ĐT"), code_key("UBTVQH15"), code_key("TTg")
    ('BKHDT', 'UBTVQH', 'TTG')
    """
    key = fold(code).upper().replace("&", "").replace(" ", "")
    return re.sub(r"(?<=QH)\d+$", "", key)


def _name_key(text: str) -> str:
    # Accents, case, punctuation and "và" folded: "Sở TT và TT" = "Sở TT&TT".
    return " ".join(w for w in squash(text).split() if w != "va")


@lru_cache(maxsize=None)
def _codes(local: bool) -> dict[str, str]:
    return {code_key(c): name for c, name, _ in (LOCAL_CODES if local else CENTRAL_CODES)}


@lru_cache(maxsize=None)
def _names(table: str) -> dict[str, str]:
    rows = {"so": SO_NAMES, "ministry": MINISTRY_ALIASES, "enterprise": ENTERPRISES}[table]
    return {_name_key(n): row[0] for row in rows for n in (row[0], *row[1])}


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    return {_name_key(a): full for a, full, _ in GENERAL_ABBREVIATIONS}


def issuer_for_code(code: str) -> str | None:
    """The central issuer a code in a number names: ``TTg`` → Thủ tướng Chính phủ.

    >>> issuer_for_code("UBTVQH14"), issuer_for_code("UBND")
    ('Ủy ban Thường vụ Quốc hội', None)
    """
    return _codes(False).get(code_key(code))


def local_issuer(code: str, province: Province) -> str | None:
    """The local issuer a code names, in `province`: ``UBND`` → Ủy ban nhân dân tỉnh X.

    >>> from extract.tables.provinces import find_province
    >>> local_issuer("CTUBND", find_province("Đà Nẵng")), local_issuer("TTg", find_province("Huế"))
    ('Ủy ban nhân dân thành phố Đà Nẵng', None)
    """
    template = _codes(True).get(code_key(code))
    if template is None:
        return None
    committee = "Thành ủy" if province.kind == "thành phố" else "Tỉnh ủy"
    return template.format(province=province_full_name(province), name=province.name,
                           committee=committee)


def so_full_name(text: str) -> str | None:
    """The full name of a provincial department as written: ``Sở GD&ĐT``."""
    return _names("so").get(_name_key(text))


def ministry_full_name(text: str) -> str | None:
    """The full name of a ministry as written: ``Bộ TT&TT``, ``Bộ KH và ĐT``.

    >>> ministry_full_name("BỘ KH VÀ ĐT")
    'Bộ Kế hoạch và Đầu tư'
    """
    return _names("ministry").get(_name_key(text))


def enterprise_full_name(text: str) -> str | None:
    """The full name of an enterprise or press body: ``VNPT``, ``MobiFone``."""
    return _names("enterprise").get(_name_key(text))


def expand_abbreviation(abbr: str) -> str | None:
    """The words an abbreviation stands for: ``CNTT`` → công nghệ thông tin."""
    return _abbreviations().get(_name_key(abbr))


def agency_head(name: str) -> tuple[str, bool] | None:
    """The head noun `name` starts with, and whether it is a complete name alone.

    >>> agency_head("Sở Y tế tỉnh Quảng Ninh"), agency_head("Bản đồ số")
    (('Sở', False), None)
    """
    text = for_matching(name).lower()
    for head, complete, _ in AGENCY_HEADS:
        h = head.lower()
        if text.startswith(h) and (len(text) == len(h) or not text[len(h)].isalnum()):
            return head, complete
    return None
