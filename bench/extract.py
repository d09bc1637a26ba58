"""Benchmark: reading, extraction and tokenization on one corpus, in one run.

    .venv/bin/python bench/extract.py [CORPUS_DIR] [--repeat N] [--pyvi-mb X] [--json]

CORPUS_DIR defaults to ``../shared/corpus/bulk`` next to this repository. Every
supported file is read with `extract.read.read_text`, then run through
`extract.pipeline.extract_text` (after building `make_nlp()` once and warming
up on one document). One pass times reading, extraction and both together;
with ``--repeat N`` the best pass counts. Throughput is UTF-8 MB (10^6 bytes)
of text per second.

Tokenizers are compared on the same texts: ours (`make_nlp().make_doc`, warm
from the extraction pass, and a fresh one with a cold cache), spaCy's rule
tokenizer, pyvi (`ViTokenizer.tokenize`) and spaCy's default ``vi`` (pyvi
inside). pyvi is slow, so the pyvi-based ones run on the first documents
totalling about ``--pyvi-mb`` MB, and every tokenizer is timed on that subset
too, so ratios compare like with like. On the subset, each document number
found by `NUMBER_RE` counts as kept whole when its canonical form is one token
of the document's output (pyvi: one of its space-separated words). Token
counts leave out whitespace tokens. It exits 0: a benchmark, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bulk"
TARGET_MBPS = 2.0
RULE_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}}
OURS_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "kg.vi_tokenizer.v1"}}}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--repeat", type=int, default=1, help="passes; the best counts (default 1)")
    p.add_argument("--pyvi-mb", type=float, default=2.0, help="MB of text for pyvi (default 2.0)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    return p.parse_args(argv)


def machine_info() -> dict:
    import spacy
    cpu = platform.processor() or "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "spacy": spacy.__version__}


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def rate(texts: list[str], seconds: float) -> dict:
    return {"docs": len(texts), "mb": round(mb(texts), 3), "seconds": round(seconds, 3),
            "mb_s": round(mb(texts) / seconds, 3), "docs_s": round(len(texts) / seconds, 1)}


def read_and_extract(paths: list[Path], repeat: int) -> tuple[list[str], dict]:
    """One timed pass per repeat: read and extract each file; the best of each part."""
    from extract.pipeline import extract_text, make_nlp
    from extract.errors import ReadError
    from extract.read import read_text
    t = time.perf_counter()
    make_nlp()
    load = time.perf_counter() - t
    extract_text(read_text(paths[0]), str(paths[0]))  # warm-up, not counted
    best = {"read": float("inf"), "extract": float("inf"), "both": float("inf")}
    for _ in range(repeat):
        texts, errors, t_read, t_extract, start = [], 0, 0.0, 0.0, time.perf_counter()
        for path in paths:
            t0 = time.perf_counter()
            try:
                text = read_text(path)
            except ReadError:
                errors += 1  # counted and skipped, as `kg` does
                continue
            t1 = time.perf_counter()
            extract_text(text, str(path))
            t_extract += time.perf_counter() - t1
            t_read += t1 - t0
            texts.append(text)
        both = time.perf_counter() - start
        best = {k: min(best[k], v) for k, v in (("read", t_read), ("extract", t_extract), ("both", both))}
    return texts, {"nlp_load_s": round(load, 3), "read_errors": errors,
                   "rss_mb": rss_mb(), "read": rate(texts, best["read"]),
                   "extract": rate(texts, best["extract"]), "read+extract": rate(texts, best["both"])}


def tokenizers() -> dict[str, Callable[[], Callable]]:
    """name → a function that builds the tokenizer (a fresh cache each time, except make_nlp's)."""
    import spacy
    from extract.pipeline import make_nlp
    return {"ours": lambda: make_nlp().make_doc,
            "ours-cold": lambda: spacy.blank("vi", config=OURS_CONFIG).make_doc,
            "spacy-rule": lambda: spacy.blank("vi", config=RULE_CONFIG).make_doc,
            "spacy-vi": lambda: spacy.blank("vi").make_doc,  # pyvi inside
            "pyvi": lambda: __import__("pyvi.ViTokenizer", fromlist=["_"]).ViTokenizer.tokenize}


def tokens(output) -> list[str]:
    """Non-whitespace tokens: a Doc's, or pyvi's space-separated words."""
    return output.split() if isinstance(output, str) else [t.text for t in output if not t.is_space]


def time_tokenizer(make: Callable[[], Callable], texts: list[str], repeat: int) -> tuple[float, int, list]:
    """Best seconds over `repeat` passes, each with a newly built tokenizer; tokens; token sets."""
    best, n, sets = float("inf"), 0, []
    for _ in range(repeat):
        fn = make()
        fn("Căn cứ Quyết định số 917/QĐ-UBND ngày 10/4/2013.")  # warm-up, not counted
        secs, n, sets = 0.0, 0, []
        for text in texts:  # timed per text: counting tokens is not the tokenizer's work
            t = time.perf_counter()
            out = fn(text)
            secs += time.perf_counter() - t
            toks = tokens(out)
            n += len(toks)
            sets.append(set(toks))
        best = min(best, secs)
    return best, n, sets


def numbers_whole(texts: list[str], token_sets: list[set[str]]) -> tuple[int, int]:
    """How many document numbers in `texts` are one token of their document's output."""
    from extract.numbers import NUMBER_RE, canonical, number_start
    kept = total = 0
    for text, tokens in zip(texts, token_sets):
        for m in NUMBER_RE.finditer(text):
            if number_start(text, m.start()):
                total += 1
                kept += canonical(m.group()) in tokens
    return kept, total


def subset(texts: list[str], limit_mb: float) -> list[str]:
    out, size = [], 0
    for text in texts:
        if size >= limit_mb * 1e6:
            break
        out.append(text)
        size += len(text.encode("utf-8"))
    return out


def compare_tokenizers(texts: list[str], limit_mb: float, repeat: int) -> dict:
    """Every tokenizer on the subset (speed, numbers kept whole); the fast ones on all texts too."""
    small, rows = subset(texts, limit_mb), {}
    for name, make in tokenizers().items():
        t = time.perf_counter()
        try:
            make()  # the first build loads models (pyvi's once, for both pyvi rows)
        except Exception as e:  # a benchmark reports what failed and goes on
            rows[name] = {"error": f"{type(e).__name__}: {e}"}
            continue
        row = rows[name] = {"load_s": round(time.perf_counter() - t, 3)}
        secs, n, sets = time_tokenizer(make, small, repeat)
        row["subset"] = rate(small, secs) | {"tokens_s": round(n / secs)}
        row["numbers_whole"] = numbers_whole(small, sets)
        if name not in ("pyvi", "spacy-vi"):
            secs, n, _ = time_tokenizer(make, texts, repeat)
            row["all"] = rate(texts, secs) | {"tokens_s": round(n / secs)}
    if "subset" in rows["ours"] and "subset" in rows["pyvi"]:
        rows["ours"]["x_pyvi"] = round(rows["ours"]["subset"]["mb_s"] / rows["pyvi"]["subset"]["mb_s"], 1)
    return rows


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def table(title: str, columns: list[str], rows: list[list[str]]):
    from rich import box
    from rich.table import Table
    t = Table(*columns, title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for row in rows:
        t.add_row(*row)
    return t


def report(res: dict) -> None:
    from rich.console import Console
    con, ex, tok, m = Console(), res["extraction"], res["tokenizers"], res["machine"]
    con.print(f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, spaCy {m['spacy']}")
    con.print(f"corpus {res['corpus']}: {ex['read']['docs']} docs, {ex['read']['mb']:.2f} MB of text, "
              f"{ex['read_errors']} unreadable; import + make_nlp() {ex['nlp_load_s']:.2f} s")
    con.print(table(f"Reading and extraction (best of {res['repeat']})", ["stage", "s", "MB/s", "docs/s"],
                    [[k, f"{ex[k]['seconds']:.2f}", f"{ex[k]['mb_s']:.2f}", f"{ex[k]['docs_s']:.1f}"]
                     for k in ("read", "extract", "read+extract")]))
    rows, sub = [], next(r["subset"] for r in tok.values() if "subset" in r)
    for name, r in tok.items():
        if "error" in r:
            rows.append([name, "-", r["error"][:50]])
            continue
        s, a = r["subset"], r.get("all", {})
        rows.append([name, f"{r['load_s']:.2f}", f"{s['mb_s']:.2f}", f"{s['tokens_s']:,}",
                     f"{a['mb_s']:.2f}" if a else "-", f"{a['tokens_s']:,}" if a else "-",
                     "{}/{}".format(*r["numbers_whole"])])
    title = f"Tokenizers: subset = first {sub['docs']} docs, {sub['mb']:.2f} MB; all = every doc"
    con.print(table(title, ["tokenizer", "load s", "MB/s", "tokens/s", "all MB/s", "all tok/s", "numbers"], rows))
    con.print(f"ours/pyvi speed on the subset: {tok['ours'].get('x_pyvi', '-')}x")
    con.print("numbers kept whole: " + ", ".join(
        "{} {}/{}".format(n, *tok[n]["numbers_whole"]) for n in ("ours", "pyvi", "spacy-rule") if "subset" in tok[n]))
    con.print(res["target"])
    con.print(f"peak RSS: {ex['rss_mb']:.0f} MB after extraction, {res['peak_rss_mb']:.0f} MB at the end")


def use_repo() -> None:
    """Import `extract` from the repo, not this script: Python puts bench/ first on sys.path."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != here]
    if getattr(sys.modules.get("extract"), "__file__", None) == str(Path(__file__).resolve()):
        del sys.modules["extract"]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    use_repo()
    from extract.read import iter_files
    paths = [p for p, err in iter_files([args.corpus]) if err is None]
    if not paths:
        sys.exit(f"no readable files under {args.corpus}")
    texts, extraction = read_and_extract(paths, max(1, args.repeat))
    mbps = extraction["extract"]["mb_s"]
    result = {
        "machine": machine_info(), "corpus": str(args.corpus.resolve()), "repeat": max(1, args.repeat),
        "extraction": extraction,
        "tokenizers": compare_tokenizers(texts, args.pyvi_mb, max(1, args.repeat)),
        "target": f"target: extraction >= {TARGET_MBPS:g} MB/s in one process: "
                  f"{'PASS' if mbps >= TARGET_MBPS else 'FAIL'} ({mbps:.2f} MB/s)",
        "peak_rss_mb": rss_mb(),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        report(result)


if __name__ == "__main__":
    main()
