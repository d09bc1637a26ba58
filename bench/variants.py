"""Corpora for bench/scale.py: the real texts of a corpus rewritten into distinct variants (new
provinces, local numbers, days and signers; years and national numbers kept), as section 1 of
bench/scale.py's docstring says."""
from __future__ import annotations

import bisect
import hashlib
import os
import random
import re
from pathlib import Path
from typing import Any, NamedTuple

SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Đào Mai Lương Triệu "
            "Lâm Tạ Chu Cao Nông").split()
MIDDLE = "Văn Thị Đức Minh Quốc Thanh Hữu Ngọc Xuân Thu".split()
GIVEN = "An Bình Cường Dũng Hải Hùng Lan Long Mai Nam Phong Quang Sơn Tâm Thắng Trung Tuấn Việt Vinh Yến".split()
OLD_TONES = list(zip("òa óa ỏa õa ọa ùy úy ủy ũy ụy òe óe".split(), "oà oá oả oã oạ uỳ uý uỷ uỹ uỵ oè oé".split()))
PREFIX_RE = re.compile(r"^(Thủ đô |Thành phố |TP\. ?|TP ?)")

Edit = NamedTuple("Edit", [("start", int), ("end", int), ("kind", str), ("value", Any)])  # kind: prov|num|day|name
Source = NamedTuple("Source", [("rel", str), ("text", str), ("edits", list), ("national", bool)])  # national: own no.


def province_pattern() -> tuple[re.Pattern[str], dict[str, tuple[int, str]]]:
    """One regex for every spelling of every 2008 province; spelling -> (province index, kind prefix)."""
    from extract.tables.provinces import PROVINCES_2008
    forms: dict[str, tuple[int, str]] = {}
    for i, p in enumerate(PROVINCES_2008):
        for name in (p.name, *p.aliases):
            spellings = {name}
            for new, old in OLD_TONES:
                spellings |= {v.replace(new, old) for v in spellings}
            for v in spellings:
                m = PREFIX_RE.match(v)
                for f in (v, v.upper()):
                    forms.setdefault(f, (i, m.group(1) if m else ""))
    alt = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)"), forms


def analyse(text: str, prov_re: re.Pattern[str], forms: dict[str, tuple[int, str]]) -> list[Edit]:
    """The spans a variant rewrites (the same for every variant), without overlaps."""
    from extract.dates import DATE_RE
    from extract.numbers import NUMBER_RE, canonical, number_start
    from kg.identity import scope_of
    edits = []
    for m in prov_re.finditer(text):
        i, prefix = forms[m.group(0)]
        if not prefix and m.group(0).upper() == "HỒ CHÍ MINH" and not re.search(
                r"(thành phố|tp\.?)\s*$", text[max(0, m.start() - 12):m.start()].lower()):
            continue  # "tư tưởng Hồ Chí Minh"
        edits.append(Edit(m.start(), m.end(), "prov", (i, prefix, m.group(0).isupper() and len(m.group(0)) > 3)))
    nums = [(m.end(), m.start("num"), m.group("num"), scope_of(canonical(m.group(0))) == "local")
            for m in NUMBER_RE.finditer(text) if number_start(text, m.start())]
    for _, start, num, local in nums:
        lead = re.match(r"\d+", num).group(0)
        if local:
            edits.append(Edit(start, start + len(lead), "num", int(lead)))
    ends = [n[0] for n in nums]
    for m in DATE_RE.finditer(text):
        k = bisect.bisect_right(ends, m.start()) - 1  # the nearest number ending before the date
        if k >= 0 and nums[k][3] and m.start() - ends[k] <= 80 and int(m.group("d")) <= 28:
            edits.append(Edit(*m.span("d"), "day", m.group("d")))
    tail = max(0, len(text) - 3000)  # the signature block
    for m in re.finditer(rf"(?m)^[ \t]*((?:{'|'.join(SURNAMES)})(?:[ \t]+[^\W\d_]+){{1,3}})[ \t]*$", text[tail:]):
        if all(w[0].isupper() and w[1:].islower() for w in m.group(1).split()):
            edits.append(Edit(tail + m.start(1), tail + m.end(1), "name", m.group(1)))
    out: list[Edit] = []
    for ed in sorted(edits):
        if not out or ed.start >= out[-1].end:
            out.append(ed)
    return out


def render(src: Source, variant: int, seed: int, ranks: dict[int, int]) -> str:
    from extract.tables.provinces import PROVINCES_2008 as provinces
    rng, perm = random.Random(f"{seed}/{variant}"), {}
    for kind in ("thành phố", "tỉnh"):  # a permutation within each kind
        idx = [i for i, p in enumerate(provinces) if p.kind == kind]
        perm |= dict(zip(idx, rng.sample(idx, len(idx))))
    base, parts, pos = (variant - 1) * len(ranks), [], 0
    for ed in src.edits:
        parts.append(src.text[pos:ed.start])
        if ed.kind == "prov":
            i, prefix, upper = ed.value
            new = (prefix.rstrip() + " " if prefix else "") + provinces[perm[i]].name
            parts.append(new.upper() if upper else new)
        elif ed.kind == "num":
            parts.append(str(10000 + (base + ranks[ed.value]) % 990000))
        elif ed.kind == "day":
            day = str((int(ed.value) - 1 + 7 * variant) % 28 + 1)
            parts.append(day.zfill(2) if ed.value.startswith("0") else day)
        else:
            r = random.Random(f"{seed}/{variant}/{ed.value}")
            parts.append(f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}")
        pos = ed.end
    return "".join(parts) + src.text[pos:]


def load_sources(corpus: Path) -> list[Source]:
    from extract.pipeline import extract_text
    from extract.read import iter_files, read_text
    from kg.graph import self_key
    prov_re, forms = province_pattern()
    out = []
    for path, err in iter_files([corpus]):
        if err is None:
            text = read_text(path)
            key = self_key(extract_text(text, str(path)).to_dict())
            out.append(Source(str(path.relative_to(corpus)), text, analyse(text, prov_re, forms),
                              key is not None and key.scope == "national"))
    return out


def number_ranks(sources: list[Source]) -> dict[int, int]:
    return {n: i for i, n in enumerate(sorted({e.value for s in sources for e in s.edits if e.kind == "num"}))}


def generate(sources: list[Source], pool: Path, max_mb: float, seed: int) -> list[tuple[Path, int]]:
    """Variant files, in order, until their UTF-8 bytes reach max_mb: [(path, bytes)]."""
    files: list[tuple[Path, int]] = []
    ranks = number_ranks(sources)
    total, seen, variant = 0, set(), 0
    while total < max_mb * 1e6:
        variant, before = variant + 1, len(files)
        for src in sources:
            if src.national and variant > 1:
                continue
            data = render(src, variant, seed, ranks).encode("utf-8")
            if (digest := hashlib.sha256(data).digest()) in seen:
                continue
            seen.add(digest)
            path = pool / f"v{variant:03d}" / Path(src.rel).with_suffix(".txt")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            files.append((path, len(data)))
            if (total := total + len(data)) >= max_mb * 1e6:
                break
        if len(files) == before:
            raise SystemExit("the variants repeat: nothing left to vary")
    return files


def corpus_of(files: list[tuple[Path, int]], pool: Path, folder: Path, mb: float) -> dict[str, Any]:
    total, n = 0, 0
    for path, size in files:
        if total >= mb * 1e6:
            break
        (folder / path.relative_to(pool)).parent.mkdir(parents=True, exist_ok=True)
        os.link(path, folder / path.relative_to(pool))
        total, n = total + size, n + 1
    return {"dir": folder, "docs": n, "mb": round(total / 1e6, 2)}


def check_variants(sources: list[Source], seed: int, n: int = 8) -> dict[str, Any]:
    from extract.pipeline import extract_text
    from kg.graph import ref_key, self_key
    picks = random.Random(seed).sample([s for s in sources if not s.national and
                                        any(e.kind == "num" for e in s.edits)], n)
    keys, same, ranks = [], 0, number_ranks(sources)
    for src in picks:
        national = []
        for v in (1, 2, 3):
            rec = extract_text(render(src, v, seed, ranks), src.rel).to_dict()
            key = self_key(rec)
            keys.append(key.path if key and key.complete else f"(incomplete) {src.rel}/{v}")
            national.append({ref_key(r["number"], r.get("date"), r.get("issuer"), rec.get("province")).path
                             for r in rec["refs"] if r.get("number") and
                             ref_key(r["number"], None, None, None).scope == "national"})
        same += national[0] == national[1] == national[2]
    return {"texts": n, "keys": len(keys), "distinct": len(set(keys)), "national_refs_same": same}
