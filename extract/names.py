"""Names of bodies and places: the spellings of Sở and Bộ names, abbreviations,
the provinces a text names, and the issuing body of a document's header.

Data live in `tables/`; this module looks them up as `agencies` and `header` need.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .context import TextViews
from .normalize import fold, squash, vi_re
from .tables import agencies as table
from .tables.provinces import find_province, province_full_name

_PROVINCE_MENTION = vi_re(r"(?:tỉnh|thành phố|Tỉnh|Thành phố|TP\.?)\s+((?:[{U}][\w]*\s*(?:-\s*)?){1,4})")


def recase(lowered: str, original: str) -> str:
    """`lowered` with the provinces and "Việt Nam" that `original` names written properly again.

    >>> recase("kế hoạch phát triển hạ tầng số thành phố hà nội", "KẾ HOẠCH PHÁT TRIỂN HẠ TẦNG SỐ THÀNH PHỐ HÀ NỘI")
    'kế hoạch phát triển hạ tầng số thành phố Hà Nội'
    """
    out = lowered
    for m in _PROVINCE_AFTER_KIND.finditer(fold(original)):
        words = m.group(2).split()
        for n in range(min(4, len(words)), 0, -1):
            p = find_province(" ".join(words[:n]))
            if p is not None:
                start = m.start(2)
                out = out[:start] + p.name + out[start + len(p.name):] if len(p.name) == len(
                    original[start:start + len(p.name)]) else out
                break
    return re.sub(r"việt nam", "Việt Nam", out)


_PROVINCE_AFTER_KIND = re.compile(r"\b(tinh|thanh pho|tp\.?)\s+([a-z ]+)")


def province_name(text: str) -> str | None:
    """The province a place name or locality names: "Hà Nội" → "Hà Nội"; "TP. Hạ Long" → None."""
    p = find_province(text)
    return p.name if p else None


def expand(words: str) -> str:
    """Abbreviations expanded: UBND, HĐND, TP., TT&TT, ..."""
    out = words
    if _ANY_ABBREVIATION.search(out):
        for short, full in _ABBREVIATIONS:
            out = re.sub(short, full, out)
    return " ".join(out.split())


_ANY_ABBREVIATION = re.compile(r"UBND|HĐND|TP|Tp|tp\.|TTg|CNTT|BCĐ|MTTQ")
_ABBREVIATIONS = (
    (r"\bUBND\b", "Ủy ban nhân dân"),
    (r"\bHĐND\b", "Hội đồng nhân dân"),
    (r"\b(?:TP|Tp|tp)\.\s*|\b(?:TP|Tp)\s+(?=[A-ZĐ])", "thành phố "),
    (r"\bTTg\b", "Thủ tướng Chính phủ"),
    (r"\bCNTT\b", "công nghệ thông tin"),
    (r"\bBCĐ\b", "Ban Chỉ đạo"),
    (r"\bMTTQ\b", "Mặt trận Tổ quốc"),
)


def department(head: str, rest: str) -> tuple[str, int] | None:
    """A known Sở/Bộ name at the start of `rest`: (full name, characters used)."""
    key = fold(rest[:80])
    best = None
    for alias, full in _by_start(head).get(key[:3], ()):
        if key.startswith(alias) and (len(key) == len(alias) or not key[len(alias)].isalnum()):
            if best is None or len(alias) > len(best[0]):
                best = (alias, full)
    if best is None:
        return None
    return best[1], len(best[0])


@lru_cache(maxsize=4)
def _by_start(head: str) -> dict[str, list[tuple[str, str]]]:
    """Sở/Bộ spellings grouped by their first three folded characters."""
    names = so_names() if head == "Sở" else ministries() if head == "Bộ" else {}
    out: dict[str, list[tuple[str, str]]] = {}
    for alias, full in names.items():
        out.setdefault(alias[:3], []).append((alias, full))
    return out


def _after_head(rows: tuple, head: str) -> dict[str, str]:
    """Each spelling of a Sở/Bộ name without its head word, folded → the full name."""
    out = {}
    for row in rows:
        for spelling in (row[0], *row[1]):
            if spelling.startswith(head + " "):
                out[fold(spelling[len(head) + 1:])] = row[0]
    return out


@lru_cache(maxsize=1)
def so_names() -> dict[str, str]:
    return _after_head(table.SO_NAMES, "Sở")


@lru_cache(maxsize=1)
def ministries() -> dict[str, str]:
    return _after_head(table.MINISTRY_ALIASES, "Bộ")


# Heads whose complement is a locality only: "Ủy ban nhân dân phường Bãi Cháy thành phố Hạ Long".
def header_issuer(views: TextViews, start: int, end: int) -> tuple[str | None, str | None]:
    """The issuing body from the header block, and its province."""
    block = views.match[start:end]
    stop = re.search(r"CỘNG\s+H[OÒ]A|Độc lập|-{3,}|_{3,}", block)
    lines = block[: stop.start()] if stop else block
    if not lines.strip():
        # "UỶ BAN NHÂN DÂN | CỘNG HÒA ..." tables: the issuer may be on the line of the title
        lines = ""
    folded = squash(lines)
    wide = squash(views.match[start:min(len(views.match), end + 1500)])
    name, province = _central_or_local(folded)
    if name is None or province is None and name.startswith(("Ủy ban nhân dân", "Hội đồng nhân dân")):
        n2, p2 = _central_or_local(wide, search=True)
        if n2 and (name is None or n2.startswith(name)):
            name, province = n2, p2
    return name, province


_LOCAL_BODY = re.compile(
    r"(?P<body>uy ban nhan dan|hoi dong nhan dan|so (?P<so>[a-z ]+?)|tinh uy|thanh uy)\s+"
    r"(?:(?P<kind>tinh|thanh pho)\s+)?(?P<place>[a-z ]+)"
)


def is_central(name: str | None) -> bool:
    """Whether `name` is a central body (no province): Chính phủ, a ministry, Quốc hội..."""
    if not name:
        return False
    return name in _central_names() or name.startswith("Bộ ") and not name.startswith(("Bộ Chỉ huy", "Bộ đội"))


@lru_cache(maxsize=1)
def _central_names() -> list[str]:
    names = {row[1] for row in table.CENTRAL_CODES} | {row[0] for row in table.MINISTRY_ALIASES}
    return sorted(names, key=len, reverse=True)


@lru_cache(maxsize=1)
def _central_keys() -> list[tuple[str, str]]:
    return [(squash(full), full) for full in _central_names()]


def _central_or_local(folded: str, *, search: bool = False) -> tuple[str | None, str | None]:
    if not folded:
        return None, None
    if not search:
        for key, full in _central_keys():
            if folded.startswith(key):
                return full, None
    finder = _LOCAL_BODY.search if search else _LOCAL_BODY.match
    m = finder(folded)
    if m:
        words = m.group("place").split()
        for n in range(min(4, len(words)), 0, -1):
            p = find_province(" ".join(words[:n]))
            if p is not None:
                body = m.group("body")
                if body.startswith("so "):
                    dep = department("Sở", m.group("body")[3:])
                    if dep is None:
                        break
                    return f"{dep[0]} {province_full_name(p)}", p.name
                label = {"uy ban nhan dan": "Ủy ban nhân dân", "hoi dong nhan dan": "Hội đồng nhân dân"}.get(body)
                if label:
                    return f"{label} {province_full_name(p)}", p.name
                return f"{'Thành ủy' if p.kind == 'thành phố' else 'Tỉnh ủy'} {p.name}", p.name
    if not search:
        if folded.startswith("uy ban nhan dan"):
            return "Ủy ban nhân dân", None
        if folded.startswith("hoi dong nhan dan"):
            return "Hội đồng nhân dân", None
        for alias, full in ministries().items():
            if folded.startswith(alias):
                return full, None
    return None, None


def text_province(views: TextViews) -> str | None:
    """The province a text is about when its header does not say: the one named most often (twice at least)."""
    counts: Counter[str] = Counter()
    for m in _PROVINCE_MENTION.finditer(views.match):
        words = m.group(1).split()
        for n in range(min(4, len(words)), 0, -1):
            p = find_province(" ".join(words[:n]))
            if p is not None:
                counts[p.name] += 1
                break
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 2 else None
