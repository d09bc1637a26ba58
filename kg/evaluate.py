"""Precision, recall and F1 of extraction records against gold records.

The metric is the one of ``shared/eval/score.py`` (format v1): numbered refs by
canonical number; named refs, initiatives and agencies by folded names paired
one-to-one, best first, at a token-F1 threshold; `self` fields by equality;
relations by predicate and both ends. `tests/test_evaluate.py` checks that both
give the same figures on the dev gold.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import EvalError

SCORED = frozenset({"basedOn", "approvedBy", "replaces", "amends", "repeals", "partOf"})
PARTS = ("refs_numbered", "refs_named", "initiatives", "agencies", "relations")

# Abbreviations expanded before names are compared, on folded text.
_EXPANSIONS = (
    (r"\bubnd\b", "uy ban nhan dan"), (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bcntt\b", "cong nghe thong tin"), (r"\btt ?& ?tt\b", "thong tin va truyen thong"),
    (r"\btttt\b", "thong tin va truyen thong"), (r"\bkh ?& ?cn\b", "khoa hoc va cong nghe"),
    (r"\bkhcn\b", "khoa hoc va cong nghe"), (r"\bkh ?& ?dt\b", "ke hoach va dau tu"),
    (r"\bkhdt\b", "ke hoach va dau tu"), (r"\bvh ?,? ?tt ?& ?dl\b", "van hoa the thao va du lich"),
    (r"\bvhttdl\b", "van hoa the thao va du lich"), (r"\bgd ?& ?dt\b", "giao duc va dao tao"),
    (r"\bgddt\b", "giao duc va dao tao"), (r"\bnn ?& ?ptnt\b", "nong nghiep va phat trien nong thon"),
    (r"\btn ?& ?mt\b", "tai nguyen va moi truong"), (r"\blđtbxh\b|\bldtbxh\b", "lao dong thuong binh va xa hoi"),
    (r"\bttg\b", "thu tuong chinh phu"), (r"\bvpcp\b", "van phong chinh phu"), (r"\btp\.? ", "thanh pho "),
    (r"\bmtqg\b", "muc tieu quoc gia"),
)


def fold(text: str | None) -> str:
    """Lower case, no accents, punctuation to spaces, abbreviations expanded."""
    if not text:
        return ""
    t = unicodedata.normalize("NFC", text).replace("Ð", "Đ").lower().replace("đ", "d")
    t = "".join(c for c in unicodedata.normalize("NFD", t) if unicodedata.category(c) != "Mn")
    t = re.sub(r"\s+", " ", t.replace("&", " & "))
    for rx, full in _EXPANSIONS:
        t = re.sub(rx, full, t)
    return re.sub(r"\s+", " ", re.sub(r"[^\w&]+", " ", t)).strip()


def number_key(number: str | None) -> str:
    """Comparison form of a document number: no spaces, upper case, Đ→D."""
    if not number:
        return ""
    n = unicodedata.normalize("NFC", number).upper().replace("Ð", "Đ").replace("Đ", "D")
    n = re.sub(r"\s+", "", re.sub(r"^(SỐ|SO)\s*:?\s*", "", n))
    return n.strip(".,;:)(")


def token_f1(a: str, b: str) -> float:
    """F1 of the multiset overlap of two strings' words."""
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return 0.0
    pool: dict[str, int] = {}
    for t in tb:
        pool[t] = pool.get(t, 0) + 1
    common = 0
    for t in ta:
        if pool.get(t, 0) > 0:
            pool[t] -= 1
            common += 1
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def pair(gold: list[str], pred: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (gold index, pred index, score), greedily best first."""
    cands = sorted(((1.0 if g == p else token_f1(g, p), i, j)
                    for i, g in enumerate(gold) for j, p in enumerate(pred)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for s, i, j in cands:
        if s >= threshold and i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j, s))
    return out


@dataclass
class Tally:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Scores:
    """Everything the scorer reports."""

    parts: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in PARTS})
    by_predicate: dict[str, Tally] = field(default_factory=dict)
    kind: list[int] = field(default_factory=lambda: [0, 0])
    date: list[int] = field(default_factory=lambda: [0, 0])
    self_fields: list[int] = field(default_factory=lambda: [0, 0])
    documents: int = 0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def acc(pair_: list[int]) -> float | None:
            return round(pair_[0] / pair_[1], 4) if pair_[1] else None
        out: dict[str, Any] = {k: v.prf() for k, v in self.parts.items()}
        out["ref_kind_accuracy"] = acc(self.kind)
        out["ref_date_accuracy"] = acc(self.date)
        out["self_accuracy"] = acc(self.self_fields)
        out["relations_by_predicate"] = {k: v.prf() for k, v in sorted(self.by_predicate.items())}
        out["documents"] = self.documents
        out["notes"] = self.notes
        return out


def load(path: Path) -> dict[str, dict[str, Any]]:
    """Records by file name, from a JSON Lines file or a folder of ``.json`` files."""
    try:
        if path.is_dir():
            records = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(path.glob("*.json"))]
        else:
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise EvalError(f"{path}: cannot read records ({e})") from e
    return by_name(records)


def by_name(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Key records by their source's file name (``.md`` counted as ``.txt``)."""
    out = {}
    for rec in records:
        name = Path(str(rec.get("source", ""))).name
        if name.endswith(".md"):
            name = name[:-3] + ".txt"
        out[name] = rec
    return out


def _split_refs(rec: dict[str, Any]) -> tuple[dict[str, dict], list[dict]]:
    numbered: dict[str, dict] = {}
    named = []
    for ref in rec.get("refs") or []:
        k = number_key(ref.get("number"))
        if k:
            numbered.setdefault(k, ref)
        elif ref.get("name"):
            named.append(ref)
    return numbered, named


def _end(value: str | None) -> str:
    if not value:
        return ""
    if value == "SELF":
        return "SELF"
    value = value.strip()
    if re.search(r"\d", value) and not re.search(r"\s", value):
        return "N:" + number_key(value)
    return "T:" + fold(value)


def _ends_match(a: str, b: str) -> bool:
    if a == b:
        return True
    return a.startswith("T:") and b.startswith("T:") and token_f1(a[2:], b[2:]) >= 0.5


def _relations(rec: dict[str, Any]) -> list[tuple[str, str, str]]:
    out = [(_end(r.get("s")), r["p"], _end(r.get("o"))) for r in rec.get("relations") or []
           if r.get("p") in SCORED]
    return list(dict.fromkeys(out))


def _name(x: Any) -> str:
    return fold(x if isinstance(x, str) else (x or {}).get("name"))


def score(gold: dict[str, dict], pred: dict[str, dict], *, details: bool = False) -> Scores:
    """Score `pred` against `gold`, both keyed by file name."""
    sc = Scores(documents=len(gold))
    for name, g in sorted(gold.items()):
        p = pred.get(name) or {}
        if not p:
            sc.notes.append(f"{name}: no prediction")
        g_num, g_named = _split_refs(g)
        p_num, p_named = _split_refs(p)
        hit = set(g_num) & set(p_num)
        sc.parts["refs_numbered"].add(len(hit), len(set(p_num) - hit), len(set(g_num) - hit))
        for k in hit:
            if g_num[k].get("kind"):
                sc.kind[1] += 1
                sc.kind[0] += fold(g_num[k]["kind"]) == fold(p_num[k].get("kind"))
            if g_num[k].get("date"):
                sc.date[1] += 1
                sc.date[0] += g_num[k]["date"] == p_num[k].get("date")
        if details:
            sc.notes += [f"{name}: missed ref {g_num[k].get('number')}" for k in sorted(set(g_num) - hit)]
            sc.notes += [f"{name}: extra ref {p_num[k].get('number')}" for k in sorted(set(p_num) - hit)]
        for part, gl, pl, th in (
            ("refs_named", [_name(r) for r in g_named], [_name(r) for r in p_named], 0.5),
            ("initiatives", [_name(x) for x in g.get("initiatives") or []],
             [_name(x) for x in p.get("initiatives") or []], 0.5),
            ("agencies", [_name(x) for x in g.get("agencies") or []], [_name(x) for x in p.get("agencies") or []], 0.6),
        ):
            pairs = pair(gl, pl, th)
            sc.parts[part].add(len(pairs), len(pl) - len(pairs), len(gl) - len(pairs))
            if details:
                gi = {i for i, _, _ in pairs}
                pj = {j for _, j, _ in pairs}
                sc.notes += [f"{name}: missed {part} {x}" for i, x in enumerate(gl) if i not in gi]
                sc.notes += [f"{name}: extra {part} {x}" for j, x in enumerate(pl) if j not in pj]
        gs, ps = g.get("self") or {}, p.get("self") or {}
        for f in ("number", "kind", "date", "province"):
            if gs.get(f):
                sc.self_fields[1] += 1
                if f == "number":
                    sc.self_fields[0] += number_key(gs[f]) == number_key(ps.get(f))
                elif f == "province":
                    key = lambda v: re.sub(r"^(tinh|thanh pho) ", "", fold(v))  # noqa: E731
                    sc.self_fields[0] += key(gs[f]) == key(ps.get(f))
                else:
                    sc.self_fields[0] += fold(gs[f]) == fold(ps.get(f))
                if details and not sc.self_fields[0]:
                    pass
        gr, pr = _relations(g), _relations(p)
        used: set[int] = set()
        tp = 0
        for gs_, gp_, go_ in gr:
            for j, (ps_, pp_, po_) in enumerate(pr):
                if j not in used and gp_ == pp_ and _ends_match(gs_, ps_) and _ends_match(go_, po_):
                    used.add(j)
                    tp += 1
                    sc.by_predicate.setdefault(gp_, Tally()).add(1, 0, 0)
                    break
            else:
                sc.by_predicate.setdefault(gp_, Tally()).add(0, 0, 1)
                if details:
                    sc.notes.append(f"{name}: missed relation {gs_} {gp_} {go_}")
        for j, (ps_, pp_, po_) in enumerate(pr):
            if j not in used:
                sc.by_predicate.setdefault(pp_, Tally()).add(0, 1, 0)
                if details:
                    sc.notes.append(f"{name}: extra relation {ps_} {pp_} {po_}")
        sc.parts["relations"].add(tp, len(pr) - tp, len(gr) - tp)
    return sc
