"""Agencies: state, Party and enterprise bodies, in the fullest form the text
allows, abbreviations expanded and the province made explicit.

"UBND tỉnh" in a Quảng Ninh report is "Ủy ban nhân dân tỉnh Quảng Ninh";
"Sở TT&TT" is "Sở Thông tin và Truyền thông tỉnh Quảng Ninh". Job titles are
not agencies ("Giám đốc Sở" → the Sở), except "Thủ tướng Chính phủ".
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .context import TextViews
from .normalize import fold, squash, trie_pattern, vi_re, word_start
from .numbers import NumberParts
from .names import department, expand
from .records import Agency
from .tables import agencies as table
from .tables.provinces import Province, find_province, province_full_name

# Heads that open an organisation's name, longest first. Case matters: "Sở" is
# a department, "cơ sở" is not.
_HEADS = (
    "Ủy ban Thường vụ Quốc hội", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban nhân dân", "UBND", "Ủy ban",
    "Hội đồng nhân dân", "HĐND", "Hội đồng", "Ban Chấp hành Trung ương", "Bộ Chính trị", "Ban Bí thư",
    "Ban Thường vụ", "Thường trực", "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Thị ủy", "Đảng ủy", "Đảng bộ",
    "Thủ tướng Chính phủ", "Văn phòng Chính phủ", "Chính phủ", "Quốc hội", "Văn phòng", "Bộ Chỉ huy",
    "Bộ chỉ huy", "Bộ Tư lệnh", "Bộ", "Sở", "Tổng cục", "Chi cục", "Cục", "Vụ", "Học viện", "Viện", "Phòng", "Trung tâm",
    "Tiểu ban", "Ban", "Thanh tra", "Công an", "Đài", "Báo", "Tạp chí", "Nhà xuất bản", "Bưu điện",
    "Viễn thông", "Tập đoàn", "Tổng Công ty", "Tổng công ty", "Công ty", "Chi nhánh", "Ngân hàng",
    "Kho bạc Nhà nước", "Tổ công tác", "Liên đoàn", "Hiệp hội", "Đoàn Thanh niên", "Mặt trận Tổ quốc",
    "Tòa án nhân dân", "Viện kiểm sát nhân dân", "Bảo hiểm xã hội", "Trường", "Bệnh viện", "Hội",
)
# Names complete without a complement.
_COMPLETE = frozenset({
    "Chính phủ", "Quốc hội", "Bộ Chính trị", "Thủ tướng Chính phủ", "Ban Bí thư", "Văn phòng Chính phủ",
    "Ban Chấp hành Trung ương", "Ủy ban Thường vụ Quốc hội", "Ủy ban nhân dân", "UBND", "Hội đồng nhân dân",
    "HĐND", "Tỉnh ủy", "Thành ủy", "Kho bạc Nhà nước", "Ủy ban Mặt trận Tổ quốc Việt Nam",
})
# Provincial bodies: without a locality they belong to the province the text is about.
_LOCAL_HEADS = frozenset({
    "Ủy ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND", "Sở", "Tỉnh ủy", "Thành ủy", "Công an",
    "Bộ Chỉ huy", "Ban Thường vụ", "Thường trực", "Văn phòng", "Ban Chỉ đạo", "Ban Xúc tiến", "Bưu điện",
    "Thanh tra", "Kho bạc Nhà nước", "Đài Phát thanh", "Ban Quản lý", "Cục Thống kê", "Cục Thuế",
    "Ban Dân tộc", "Ban Tuyên giáo", "Ban Tổ chức",
})
_LOCAL_HEAD_PREFIXES = tuple(sorted(_LOCAL_HEADS))   # for str.startswith
_OFFICE_OF = re.compile(r"^(?:Văn phòng|Thanh tra|Ban Thường vụ|Thường trực)\s+")
# Words after a head that make it not an organisation ("Ban hành", "Hội nghị", "Báo cáo").
_NOT_AFTER = re.compile(
    r"\s*(?:hành|nghị|thi|thảo|cáo|hợp|thủ tục|điện tử|số\b|chí\b(?! [A-ZĐ])|chống|ngừa|luật|phận|trưởng|việc|chủ|máy|ngành|phủ điện tử|phủ số"
    r"|tộc(?! [A-ZĐ])|thể|thứ|chuyên môn|chức năng|trình|đề|tiêu|chỉ số|đầu|liên quan|văn bản|giám đốc|nhiệm|lãnh đạo|quản lý nhà nước)\b"
)
_STOP_WORDS = (
    "đã", "được", "đang", "sẽ", "có", "là", "để", "theo", "tại", "với", "cho", "đối với", "phối hợp",
    "thực hiện", "triển khai", "tham mưu", "chủ trì", "ban hành", "phê duyệt", "báo cáo", "xây dựng",
    "tổ chức", "hướng dẫn", "kiểm tra", "giao", "đề nghị", "trình", "ký", "gửi", "cấp", "năm", "ngày",
    "về", "của", "từ", "đến", "nhằm", "do", "bằng", "như", "này", "đó", "khi", "nếu", "trong việc",
    "và các", "và những", "và UBND", "và Ủy ban", "và Sở", "và Bộ", "các cơ quan", "cùng", "thuộc",
    "làm", "đi", "vào", "ra", "lên", "nay", "đều", "cũng", "còn", "mới", "quy định", "hỗ trợ",
    "thẩm định", "chỉ đạo", "tiếp nhận", "cung cấp", "nghiên cứu", "đầu tư", "tăng cường", "tiếp tục",
    "đảm bảo", "bảo đảm", "yêu cầu", "đánh giá", "công bố", "sắp xếp", "trên cơ sở", "trên địa bàn",
    "trực thuộc", "nêu", "tại văn bản", "và Kho bạc", "hoặc", "xem xét", "bố trí", "bổ sung", "chấp thuận",
    "giám sát", "kết quả", "trường hợp", "xác định", "quy chế", "duy trì", "hoàn thành", "sửa đổi", "khóa",
    "khoá", "lần thứ", "trước", "sau", "tổng hợp", "quản lý chủ", "loại", "gồm", "bao gồm", "ngay",
    "đề xuất", "tập trung", "căn cứ", "lập", "thành lập", "khẩn trương", "chịu trách nhiệm", "phải",
    "nghiêm túc", "thường xuyên", "kịp thời", "định kỳ", "hằng năm", "hàng năm", "trình bày", "tiếp",
    "ở", "được giao", "nhận", "thì", "mà", "nhưng", "không quá", "trong thời hạn", "chuyên môn", "mở", "chuyển", "tạo", "phát triển", "ứng dụng", "vận hành",
)
_STOP = re.compile(
    r"\s*(?:[;:.!?()\[\]\"“”|*]|,|\n\s*\n|–\s|-\s)"
    r"|\s+(?:" + "|".join(re.escape(w) for w in sorted(_STOP_WORDS, key=len, reverse=True)) + r")(?![\w])"
    r"|\s+số\s*\d|\s+\d{4}\b"
)
_LOCALITY = vi_re(
    r"(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|Tp\.?|huyện|Huyện|quận|Quận|thị xã|Thị xã|xã|Xã|phường|Phường"
    r"|thị trấn)(?:\s+(?P<name>(?:[{U}][\w]*)(?:\s*-\s*|\s+)?(?:[{U}][\w]*\s*){0,3}))?"
)
_MAX_WORDS = 14
_BARE_LOCALITY = re.compile(r"\s(tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|Tp\.?)$")
_SEP_BEFORE = re.compile(r"\s*(?:,|\svà)\s*$")
_PLURAL_AFTER = re.compile(r"\s+(?:các|những|mọi)\b")
_PLURAL_BEFORE = re.compile(r"(?:các|những|mọi|Các|Những)\s+$")
_CAP_NEXT = vi_re(r"\s+[{U}]")
_HAS_LOCALITY = vi_re(r"\s(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|TP\.?)\s+[{U}]", re.IGNORECASE)
@dataclass(frozen=True, slots=True)
class AgencyHit:
    """One mention of an organisation, with the canonical name it expands to."""

    start: int
    end: int
    name: str


@lru_cache(maxsize=1)
def _head_re() -> re.Pattern[str]:
    return re.compile(rf"(?P<head>{trie_pattern(_HEADS)})(?![\w])")


def _next_head(text: str, pos: int, end: int) -> re.Match[str] | None:
    """The next organisation head in text[pos:end] that starts a word."""
    for m in _head_re().finditer(text, pos, end):
        if word_start(text, m.start()):
            return m
    return None


def _province(views: TextViews) -> Province | None:
    return find_province(views.province) if views.province else None


_LOCALITY_HEADS = frozenset({
    "Ủy ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND", "Công an", "Đảng bộ", "Tỉnh ủy", "Thành ủy",
    "Huyện ủy", "Thị ủy", "Đảng ủy",
})
# Heads that take another organisation as complement: "Văn phòng UBND tỉnh", "Thanh tra Sở TT&TT".
_NESTING_HEADS = frozenset({"Văn phòng", "Thanh tra", "Ban Thường vụ", "Thường trực", "Bộ Chỉ huy", "Bộ chỉ huy"})
# A locality's name may wrap after its first word ("tỉnh Bắc\nNinh"); nothing else crosses
# a line, so a table cell's next line is not part of the name.
_LOCALITY_CHAIN = vi_re(
    r"(?:\s+(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|Tp\.?|huyện|Huyện|quận|Quận|thị xã|Thị xã|xã|Xã|phường|Phường"
    r"|thị trấn)(?:[ \t]+(?:[{U}][\w]*|\d+)(?:(?:\s*-\s*|[ \t]*\n?[ \t]*)(?:[{U}][\w]*|\d+))?"
    r"(?:(?:[ \t]*-[ \t]*|[ \t]+)(?:[{U}][\w]*|\d+)){0,2})?)+"
)
_AND_NEXT = vi_re(r"\s+và\s+(?P<w>\w+)")
# A Party committee takes its province's bare name: "Tỉnh ủy Cao Bằng", "Thành ủy Hà Nội".
_COMMITTEES = frozenset({"Tỉnh ủy", "Thành ủy"})
_BARE_NAME = vi_re(r"[ \t]+[{U}]\w*(?:(?:[ \t]*-[ \t]*|[ \t]+)[{U}]\w*){0,3}")
_NAMED_COMMITTEE = re.compile(r"^(?:Tỉnh|Thành) ủy \S")


def _bare_province(text: str, pos: int, limit: int) -> int:
    """End of a province's bare name after `pos` ("Tỉnh ủy| Cao Bằng"), or `pos`: the longest run of
    capitalised words that names a province."""
    m = _BARE_NAME.match(text, pos, limit)
    if m is None:
        return pos
    words = list(re.finditer(r"[^\s-]+", text[m.start():m.end()]))
    for w in reversed(words):
        end = m.start() + w.end()
        if find_province(text[pos:end]) is not None:
            return end
    return pos


def _localities(text: str, pos: int, limit: int) -> int:
    """End of a chain of localities after `pos` ("tỉnh Quảng Ninh", "phường X thành phố Y")."""
    m = _LOCALITY_CHAIN.match(text, pos, limit)
    return m.end() if m else pos


def _generic_end(text: str, head_end: int, limit: int) -> int:
    """End of a free-form complement ("Trung tâm Hành chính công tỉnh Quảng Ninh")."""
    pos = head_end
    while True:
        m = _STOP.search(text, pos, limit)
        end = m.start() if m else limit
        a = _AND_NEXT.search(text, pos, end)
        if a is None:
            break
        # "A và B" stays one name only when B is capitalised or repeats a word of A
        # ("Sở Nông nghiệp và Phát triển nông thôn", "các khu công nghệ cao và khu công nghiệp").
        w = a.group("w")
        another = _head_re().match(text, a.start("w")) or w in _enterprise_re()[1]
        if not another and (w[:1].isupper() or fold(w) in fold(text[head_end:a.start()]).split()):
            pos = a.end()
            continue
        end = a.start()
        break
    hm = _next_head(text, head_end, end)
    while hm is not None and not text[head_end:hm.start()].strip():
        hm = _next_head(text, hm.end(), end)
    if hm is not None:
        sep = _SEP_BEFORE.search(text[head_end:hm.start()])
        if sep is not None:
            end = head_end + sep.start()
    words = text[head_end:end].split()
    if len(words) > _MAX_WORDS:
        end = head_end + len(" ".join(words[:_MAX_WORDS])) + 1
    return end


def _parse_at(views: TextViews, start: int, head: str, head_end: int) -> tuple[str, int] | None:
    """Read one organisation's name whose head is text[start:head_end]; (name, end) or None."""
    text = views.match
    limit = min(len(text), head_end + 160)
    head_clean = " ".join(head.split())
    if _NOT_AFTER.match(text, head_end):
        return None
    if _PLURAL_AFTER.match(text, head_end):
        return None  # "UBND các huyện", "Ban Quản lý các dự án": generic
    if head_clean in _NESTING_HEADS:
        inner = _head_re().match(text, head_end + len(text[head_end:limit]) - len(text[head_end:limit].lstrip()))
        if inner is not None:
            parsed = _parse_at(views, inner.start(), inner.group("head"), inner.end())
            if parsed is not None:
                return f"{head_clean} {parsed[0]}", parsed[1]
    if head_clean in _COMPLETE and head_clean not in _LOCALITY_HEADS:
        return expand(head_clean), head_end
    if head_clean in _LOCALITY_HEADS:
        end = _localities(text, head_end, limit)
        if end == head_end and head_clean in _COMMITTEES:
            end = _bare_province(text, head_end, limit)
        return expand(head_clean + " " + " ".join(text[head_end:end].split())), end
    if head_clean in ("Sở", "Bộ"):
        rest = text[head_end:limit]
        skip = len(rest) - len(rest.lstrip())
        dep = department(head_clean, rest.lstrip())
        if dep is not None:
            full, used = dep
            pos = head_end + skip + used
            end = _localities(text, pos, limit) if head_clean == "Sở" else pos
            return expand(full + " " + " ".join(text[pos:end].split())), end
        if not _CAP_NEXT.match(text, head_end, limit):
            return None
    end = _generic_end(text, head_end, limit)
    name = expand(head_clean + " " + " ".join(text[head_end:end].split())).strip(" ,-–")
    if len(name.split()) == len(head_clean.split()):
        return None
    return name, end


def _with_province(name: str, head: str, views: TextViews) -> str:
    """Make the province explicit for provincial bodies: "Sở Tài chính" → "Sở Tài chính tỉnh Quảng Ninh"."""
    p = _province(views)
    if p is None:
        return name
    full = province_full_name(p)
    bare = _BARE_LOCALITY.search(name)
    if bare:
        kind = "thành phố" if bare.group(1).lower().startswith("tp") else bare.group(1)
        return name[: bare.start()] + " " + full if fold(kind) == fold(p.kind) else name
    if name.endswith(("Tỉnh ủy", "Thành ủy")):
        return f"{name} {p.name}"
    if _HAS_LOCALITY.search(name) or fold(p.name) in fold(name):
        return name
    inner = _OFFICE_OF.sub("", name)
    if _NAMED_COMMITTEE.match(inner):
        return name  # "Tỉnh ủy Lào Cai" in a Cao Bằng report names its own province
    if inner.startswith(_LOCAL_HEAD_PREFIXES):
        return f"{name} {full}"
    return name


def find(views: TextViews, *, covered: list[tuple[int, int]] = ()) -> list[AgencyHit]:
    """Every organisation mention, in text order; heads inside `covered` spans (document names) are skipped."""
    text = views.match
    hits: list[AgencyHit] = []
    covered_to = -1
    spans = sorted(covered)
    starts = [s for s, _ in spans]
    for m in _head_re().finditer(text):
        if m.start() < covered_to or not word_start(text, m.start()):
            continue
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and spans[i][0] <= m.start() < spans[i][1]:
            continue
        before = text[max(0, m.start() - 12):m.start()]
        if _PLURAL_BEFORE.search(before):
            continue
        head = " ".join(m.group("head").split())
        parsed = _parse_at(views, m.start(), m.group("head"), m.end())
        if parsed is None:
            continue
        name, end = parsed
        if name.endswith((" các", " những")):
            continue
        name = _with_province(name, head, views)
        hits.append(AgencyHit(m.start(), end, name))
        covered_to = end
        # "Phòng Quản lý đô thị thành phố Hạ Long, Cẩm Phả": one agency per locality
        for loc in _shared_localities(text, name, end):
            hits.append(AgencyHit(loc[0], loc[1], loc[2]))
            covered_to = loc[1]
    found_starts = [h.start for h in hits]
    found = list(hits)
    rx, names = _enterprise_re()
    for m in rx.finditer(text):
        if not word_start(text, m.start()):
            continue
        i = bisect.bisect_right(found_starts, m.start()) - 1
        if i >= 0 and found[i].start <= m.start() < found[i].end:
            continue
        if i >= 0 and _PAREN_ALIAS.fullmatch(text, found[i].end, m.start()):
            continue  # "Tập đoàn Viễn thông Quân đội (Viettel)": the short name of the same one
        branch = _BRANCH_PLACE.match(text, m.end())
        if branch and find_province(branch.group("place")):
            # "Viettel Quảng Ninh", "VNPT Cao Bằng": the enterprise's branch in a province
            hits.append(AgencyHit(m.start(), branch.end(), f"{m.group()} {' '.join(branch.group('place').split())}"))
        else:
            hits.append(AgencyHit(m.start(), m.end(), names[m.group()]))
    hits.sort(key=lambda h: h.start)
    return hits


_PAREN_ALIAS = re.compile(r"\s*\(\s*")
_BRANCH_PLACE = vi_re(r"[ \t]+(?P<place>[{U}][\w]*(?:[ \t]*-?[ \t]*[{U}][\w]*){0,3})")
_LAST_LOCALITY = vi_re(r"(?P<head>.*\s(?:thành phố|huyện|quận|thị xã|xã|phường))\s+(?:[{U}][\w]*(?:\s+[{U}][\w]*){0,2})$")
_NEXT_LOCALITY = vi_re(r",[ \t]*(?P<name>[{U}][\w]*(?:[ \t]+[{U}][\w]*){0,2})(?=[ \t]*(?:,|;|\.|và\b|[ \t][{L}]|$))")


def _shared_localities(text: str, name: str, end: int) -> list[tuple[int, int, str]]:
    """Further localities that share the head of `name`: ", Cẩm Phả, Uông Bí"."""
    m = _LAST_LOCALITY.match(name)
    if m is None:
        return []
    out = []
    pos = end
    while True:
        n = _NEXT_LOCALITY.match(text, pos)
        if n is None or _head_re().match(text, n.start("name")) or find_province(n.group("name")):
            return out
        out.append((n.start("name"), n.end("name"), f"{m.group('head')} {' '.join(n.group('name').split())}"))
        pos = n.end("name")


@lru_cache(maxsize=1)
def _enterprise_re() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every enterprise short name, and each name's full form."""
    names = {alias: full for full, aliases in table.ENTERPRISES for alias in aliases}
    return re.compile(rf"(?:{trie_pattern(list(names))})(?![\w])"), names


def merge(hits: list[AgencyHit], views: TextViews) -> list[Agency]:
    """One `Agency` per organisation, keyed by its folded name."""
    groups: dict[str, list[AgencyHit]] = {}
    for h in hits:
        groups.setdefault(squash(h.name), []).append(h)
    return [Agency(g[0].name, tuple(views.mention(h.start, h.end) for h in g)) for g in groups.values()]


_TITLES = re.compile(r"(?:Bộ trưởng|Thứ trưởng|Chủ tịch|Phó Chủ tịch|Thủ trưởng|Giám đốc|Tổng Giám đốc|Chánh Văn phòng)\s+")


def issuer_phrase(views: TextViews, pos: int) -> tuple[str | None, int]:
    """The issuer named at `pos` (after "của"/"do"): (canonical name, end) or (None, pos)."""
    text = views.match
    title = _TITLES.match(text, pos)
    at = title.end() if title else pos
    m = _head_re().match(text, at)
    if m is None:
        return None, pos
    parsed = _parse_at(views, m.start(), m.group("head"), m.end())
    if parsed is None:
        return None, pos
    name, end = parsed
    name = _with_province(name, re.sub(r"\s+", " ", m.group("head")), views)
    if title and not name.startswith(("Ủy ban", "Hội đồng")):
        name = re.sub(r"\s+", " ", title.group()) + name
    elif title and title.group().startswith("Chủ tịch"):
        pass  # "Chủ tịch UBND tỉnh" issues for the UBND
    return name, end


def issuer_from_codes(parts: NumberParts, views: TextViews) -> str | None:
    """The issuer a number's code makes certain: TTg, CP, QH13, BTTTT; UBND/HĐND/TU take the province."""
    if not parts.issuer_codes or len(parts.issuer_codes) > 1 and parts.type_code == "TTLT":
        return None
    code = parts.issuer_codes[0]
    if code == "TW":
        return None  # Bộ Chính trị, Ban Chấp hành or Ban Bí thư: the code alone does not say
    central = table.issuer_for_code(code)
    if central:
        return central
    p = _province(views)
    if p is None:
        return None
    return table.local_issuer(code, p)
