"""Initiatives: named Dự án, Đề án, Chương trình, Quy hoạch, Kế hoạch, Chiến
lược and Kiến trúc, with the name boundaries of the annotation guidelines.

A name runs from its kind word to the end of its noun phrase: it stops before a
verb or clause ("được phê duyệt", "đã", "theo", "tại"), before ``; : .`` and a
parenthesised remark; quotation marks are dropped. Generic mentions ("các dự
án", "dự án thành phần", "Kế hoạch" alone) are not initiatives; a numbered plan
("Kế hoạch số 12/KH-UBND") is a reference, not an initiative.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .context import TextViews
from .normalize import squash, trie_pattern, word_start
from .records import Initiative

KINDS = ("Dự án", "Đề án", "Chương trình", "Quy hoạch", "Kế hoạch", "Chiến lược", "Kiến trúc")

_KIND_WORDS = ("dự án", "đề án", "chương trình", "quy hoạch", "qui hoạch", "kế hoạch", "chiến lược", "kiến trúc")
# Lower case, capitalised and upper case spellings (IGNORECASE would slow the scan).
_HEAD = re.compile(r"(?P<kw>" + trie_pattern([v for w in _KIND_WORDS for v in (w, w[0].upper() + w[1:], w.title(), w.upper())])
                   + r")(?![\w])")
# Words that end a name (a verb, a preposition opening an adjunct, a clause).
_STOP_WORDS = (
    "được", "đã", "đang", "hiện đang", "hiện nay", "hiện tại", "hiện có", "theo", "tại", "sẽ", "là", "nhằm", "để", "do", "bằng",
    "đến nay", "trong đó", "bao gồm", "gồm", "như sau", "cụ thể", "với các", "với những",
    "và các", "và những", "triển khai tại", "nhưng", "song", "mà", "thì", "nên", "vì", "khi", "nếu",
    "đạt", "còn", "chưa", "cần", "phải", "góp phần", "đảm bảo", "bảo đảm", "đồng thời", "này",
    "kèm theo", "ban hành kèm", "gửi", "và dự toán", "và kinh phí", "và phân bổ",
    "và giao", "và tổ chức", "và thực hiện", "và triển khai", "và đề nghị", "và báo cáo",
    "cho phù hợp", "phù hợp", "đúng", "đầy đủ", "kịp thời", "có hiệu quả", "hiệu quả", "ngay",
    "trước", "sau khi", "từ nguồn", "sử dụng", "với tổng", "tổng mức", "tổng kinh phí", "kinh phí",
    "năm qua", "vừa qua", "trên cơ sở", "làm cơ sở", "có", "không", "chủ trì", "phối hợp với", "phối hợp thực hiện",
    "thuộc", "và Quyết định", "và Nghị quyết", "và Nghị định", "và Thông tư", "và Chỉ thị",
    "và văn bản", "và Công văn", "và Kế hoạch số",
)
_STOP = re.compile(
    r"\s*(?:[;:.!?](?!\d)|\n\s*\n|\n(?=\s*[-+•]\s*\d*\s*[A-ZĐ])|\(\s*(?:sau đây|gọi tắt|kèm theo|theo|tại|ban hành|phê duyệt)|\)|[\"“”]\s*(?:[,;.]|$))"
    r"|(?<![Cc]hương)(?<!CHƯƠNG)\s+trình(?![\w])|\s+(?:và\s+|,\s*)số\s*:?\s*\d"
    r"|\s+(?:" + "|".join(re.escape(w) for w in sorted(_STOP_WORDS, key=len, reverse=True)) + r")(?![\w])",
)  # case matters: "bằng" ends a name, "Cao Bằng" does not
# After a comma the name goes on only with words that continue a plan's title.
_COMMA_GOES_ON = re.compile(
    r",\s*(?:tầm nhìn|định hướng|giai đoạn|thời kỳ|khu|cụm|đoạn|thể lệ|hiện đại hóa|hiện đại hoá|\d+[A-Za-z]\w*|\d{4}\b|[A-Z][a-z]+[A-Z]\w*)",
)
_NOT_A_PLAN = re.compile(r"\s+(?:sư|SƯ)\b")
_ACRONYM_PAREN = re.compile(r"\(\s*[A-Z0-9][A-Za-z0-9&\- ]{0,15}\)")
_GENERIC_NEXT = frozenset({
    "nay", "do", "tren", "da", "duoc", "cua", "thanh phan", "cong tac", "de ra", "cu the", "chi tiet",
    "va", "cac", "so", "nhu", "la", "tai", "theo", "trong", "nam", "von", "dau tu", "tham muu", "xem xet",
    "lap", "kiem tra", "nhiem vu", "bo tri", "phan bo",
    "hang nam", "ke hoach", "thang", "quy", "moi", "truoc", "sau", "nao",
    "gom", "bao gom", "co", "ve", "de", "dang", "se", "duoc giao", "nhu tren", "sau day", "khac",
})
_NUMBERED = re.compile(r"\s*(?:hành động\s+)?(?:số\s*:?\s*)?\d+[\w.]*\s*[/-]", re.IGNORECASE)
_PLURAL_BEFORE = re.compile(r"(?:các|những|mọi|nhiều|một số|từng|mỗi|các văn bản,?|khung|mẫu|đề cương)\s+$",
                            re.IGNORECASE)
# "các dự án: A; B; C" and "dự án: A" name their items after a colon.
_COLON = re.compile(r"[ \t]*:[ \t]*(?=\S)")
_ITEM_END = re.compile(r";|\.(?=\s)|\n\s*\n|\n(?=\s*[-+•])")
_FIRST_WORDS = re.compile(r"[ \t\n]+[^\s,;:.()]+(?:[ \t]+[^\s,;:.()]+)?")
_QUOTED = re.compile(r"\s*[\"“]([^\"“”\n]{3,250})[\"”]")
_MAX_WORDS = 45


@dataclass(slots=True)
class InitiativeHit:
    """One named mention of an initiative."""

    start: int
    end: int
    kind: str
    name: str


def _kind(word: str) -> str:
    w = squash(word)
    return next(k for k in KINDS if squash(k) == w) if w != "qui hoach" else "Quy hoạch"


def starts_with_kind(name: str) -> bool:
    """Whether `name` opens with a kind word ("Kế hoạch ...")."""
    return _HEAD.match(name) is not None


def end_of_name(views: TextViews, start: int) -> int:
    """Where a name that starts at `start` ends, by the guidelines' boundaries."""
    text = views.match
    limit = min(len(text), start + 400)
    bar = views.text.find("|", start, limit)  # a table cell ends the name (the match view made it a line break)
    if bar != -1:
        limit = bar
    pos = start
    while True:
        m = _STOP.search(text, pos, limit)
        end = m.start() if m else limit
        if m and text[m.end() - 1] == ")" and text.count("(", start, end) > text.count(")", start, end):
            opened = text.rfind("(", start, end)
            if not _ACRONYM_PAREN.match(text, opened):
                return _trim(text, start, opened)  # "(đã hoàn thành năm 2015)": a remark
            pos = m.end()  # "(BTS)": a parenthesis inside the name
            continue
        comma = text.find(",", pos, end)
        if comma == -1:
            return _trim(text, start, end)
        short = len(text[start:comma].split()) < 4
        if not (_COMMA_GOES_ON.match(text, comma) or short and not _HEAD.match(text, comma + 2)):
            return _trim(text, start, comma)
        pos = comma + 1


def _trim(text: str, start: int, end: int) -> int:
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) > _MAX_WORDS:
        end = start + words[_MAX_WORDS - 1].end()
    while end > start and text[end - 1] in " \t\n,\"“”'(-–":
        end -= 1
    # an unbalanced "(" stays out
    if text.count("(", start, end) > text.count(")", start, end):
        end = text.rfind("(", start, end)
        while end > start and text[end - 1].isspace():
            end -= 1
    return end


def clean_name(raw: str) -> str:
    """Quotes dropped, whitespace collapsed; an all-capitals title in sentence case."""
    name = re.sub(r"[\"“”]", "", raw)
    name = re.sub(r"\s+", " ", name).strip(" ,-–")
    letters = [c for c in name if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        name = name.lower()
    return name[:1].upper() + name[1:]


def find(views: TextViews, *, covered: list[tuple[int, int]] = (), stops: list[int] = ()) -> list[InitiativeHit]:
    """Named initiatives in text order. `covered` spans (numbers) are skipped; a name ends at the first of
    `stops` inside it (where the clause of a document the name cites begins)."""
    text = views.match
    stops = sorted(stops)
    heads = [m for m in _HEAD.finditer(text) if word_start(text, m.start())]
    hits: list[InitiativeHit] = []
    for m in heads:  # the explicit forms first: "dự án: A; B" and Dự án "A"
        colon = _COLON.match(text, m.end())
        if colon is not None:
            hits += _listed(views, _kind(m.group("kw")), colon.end())
            continue
        q = _QUOTED.match(text, m.end())
        if q is not None and not _PLURAL_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            kind = _kind(m.group("kw"))
            hits.append(InitiativeHit(m.start(), q.end(), kind, clean_name(kind + " " + views.text[q.start(1):q.end(1)])))
    blocked = _Spans(list(covered) + [(h.start, h.end) for h in hits])
    for m in heads:
        start = m.start()
        if blocked.contains(start):
            continue
        if _NUMBERED.match(text, m.end()) or _NOT_A_PLAN.match(text, m.end()):
            continue  # "Kế hoạch số 12/KH-UBND" is a reference; "Kiến trúc sư" a profession
        if _PLURAL_BEFORE.search(text, max(0, start - 20), start):
            continue
        first = _FIRST_WORDS.match(text, m.end())
        if first is None:
            continue
        head2 = squash(first.group(0)).split()
        if not head2 or head2[0] in _GENERIC_NEXT or " ".join(head2[:2]) in _GENERIC_NEXT:
            continue  # cheap test before the name's end is sought
        end = end_of_name(views, m.end())
        i = bisect.bisect_right(stops, m.end())
        if i < len(stops) and stops[i] < end:
            end = _trim(text, start, stops[i])
        if end <= m.end():
            continue
        words = squash(text[m.end():end]).split()
        if not words or " ".join(words[:2]) in _GENERIC_NEXT or words[0] in _GENERIC_NEXT:
            continue
        if len(words) < 2 and not words[0].isdigit():
            continue
        kw = m.group("kw")
        if kw[0].islower() and not _specific(text[m.end():end]):
            continue
        name = clean_name(_kind(kw) + views.text[m.end():end])
        hits.append(InitiativeHit(start, end, _kind(kw), name))
        blocked.add(start, end)
    hits.sort(key=lambda h: h.start)
    return hits


class _Spans:
    """Sorted spans with a fast "is this offset inside one?"."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def contains(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        # spans may nest: look back over a few that start before pos
        return any(self.spans[j][0] <= pos < self.spans[j][1] for j in range(max(0, i - 3), i + 1))

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.spans.insert(i, (start, end))


def _listed(views: TextViews, kind: str, pos: int) -> list[InitiativeHit]:
    """Items of "các dự án: A; B; C" from `pos`, each with the kind word put in front."""
    text = views.match
    out = []
    while pos < len(text):
        if not text[pos:pos + 1].isupper():
            break
        item_end = _ITEM_END.search(text, pos, min(len(text), pos + 300))
        stop = item_end.start() if item_end else min(len(text), pos + 300)
        end = min(end_of_name(views, pos), stop)
        if len(text[pos:end].split()) >= 2:
            item = views.text[pos:end]
            name = item if _HEAD.match(text, pos) else kind + " " + item
            out.append(InitiativeHit(pos, end, kind, clean_name(name)))
        if item_end is None or text[item_end.start()] != ";":
            break
        pos = item_end.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _specific(rest: str) -> bool:
    """A lower-case kind word names a specific undertaking only with a title-like tail."""
    return bool(re.search(r"\b(?:giai đoạn|thời kỳ|đến năm|năm \d{4}|quốc gia|tỉnh|thành phố|[A-ZĐ]\w*)", rest)) \
        and len(rest.split()) >= 3


def merge(hits: list[InitiativeHit], views: TextViews) -> list[Initiative]:
    """One `Initiative` per undertaking: a name that starts another is the same one, under the fullest name."""
    groups: list[list[InitiativeHit]] = []
    keys: list[list[str]] = []
    for h in sorted(hits, key=lambda h: -len(h.name)):
        k = squash(h.name).split()
        for i, other in enumerate(keys):
            if _same(k, other):
                groups[i].append(h)
                break
        else:
            groups.append([h])
            keys.append(k)
    out = []
    for g in groups:
        g.sort(key=lambda h: h.start)
        full = max(g, key=lambda h: len(h.name))
        out.append((g[0].start, Initiative(full.kind, full.name,
                                           tuple(views.mention(h.start, h.end) for h in g))))
    out.sort(key=lambda t: t[0])
    return [i for _, i in out]


def _same(short: list[str], long: list[str]) -> bool:
    """A name that starts a longer one, or whose words all recur in it, names the same undertaking."""
    if long[: len(short)] == short and (len(short) >= 4 or len(short) == len(long)):
        return True
    numbers = {w for w in long if w.isdigit()} == {w for w in short if w.isdigit()}
    return len(short) >= 5 and numbers and set(short) <= set(long) and short[0] == long[0]


def lookup(initiatives: list[Initiative]) -> dict[int, Initiative]:
    """Map each mention's start offset to its merged initiative."""
    return {m.start: i for i in initiatives for m in i.mentions}


__all__ = ["KINDS", "InitiativeHit", "find", "merge", "clean_name", "lookup", "end_of_name", "starts_with_kind"]
