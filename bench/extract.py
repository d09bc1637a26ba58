"""Benchmark: reading, extraction and tokenization on one corpus, in one run.

    .venv/bin/python bench/extract.py [CORPUS_DIR] [--repeat N] [--pyvi-mb X] [--json]

CORPUS_DIR defaults to ``../shared/corpus/bulk`` beside this repository. Every
supported file is read (`extract.read.read_text`) and extracted
(`extract.pipeline.extract_text`; `make_nlp()` built once, one document as
warm-up), timing reading, extraction and both. Each figure is the best of
``--repeat`` passes; MB = 10^6 bytes of UTF-8 text.

Tokenizers on the same texts: ours (`make_nlp().make_doc`, cache warm from
extraction; "ours-cold" new each pass), spaCy's rule tokenizer, pyvi's
`ViTokenizer.tokenize`, spaCy's default ``vi`` (pyvi inside). All are timed on
the first texts totalling ``--pyvi-mb`` MB (pyvi is slow), the fast ones on all
texts too. There a document number (`NUMBER_RE`, `number_start`) is "kept
whole" if its `canonical` form is one token of its text's output (pyvi: one of
its space-separated words). Token counts skip whitespace. Exits 0 whatever
the numbers say; 1 only when CORPUS_DIR holds no supported file.
"""
from __future__ import annotations

import argparse
import itertools
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
SAMPLE = "Căn cứ Quyết định số 917/QĐ-UBND ngày 10/4/2013."  # a tokenizer's warm-up


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--repeat", type=int, default=1, help="passes; the best counts (default 1)")
    p.add_argument("--pyvi-mb", type=float, default=2.0, help="MB of text for pyvi (default 2.0)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    return p.parse_args(argv)


def machine_info() -> dict:
    import spacy
    with open("/proc/cpuinfo", encoding="utf-8") as f:  # Linux only, as is ru_maxrss in KiB
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "spacy": spacy.__version__}


def rss_mb() -> float:  # peak so far
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rate(texts: list[str], seconds: float, tokens: int | None = None) -> dict:
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    out = {"docs": len(texts), "mb": round(mb, 3), "seconds": round(seconds, 3),
           "mb_s": round(mb / seconds, 3), "docs_s": round(len(texts) / seconds, 1)}
    return out if tokens is None else out | {"tokens_s": round(tokens / seconds)}


def read_and_extract(paths: list[Path], repeat: int) -> tuple[list[str], dict]:
    """Read and extract every file, timing both parts and the whole; the best pass of each."""
    t = time.perf_counter()
    from extract.errors import ReadError
    from extract.pipeline import extract_text, make_nlp
    from extract.read import read_text
    make_nlp()
    load = time.perf_counter() - t
    extract_text(read_text(paths[0]), str(paths[0]))  # warm-up, not counted; fails loudly if unreadable
    best = {"read": float("inf"), "extract": float("inf"), "read+extract": float("inf")}
    for _ in range(repeat):
        texts, errors, took = [], 0, {"read": 0.0, "extract": 0.0}
        start = time.perf_counter()
        for path in paths:
            t0 = time.perf_counter()
            try:
                text = read_text(path)
            except ReadError:
                errors += 1  # counted and skipped, as `kg` does
                continue
            t1 = time.perf_counter()
            extract_text(text, str(path))
            took["extract"] += time.perf_counter() - t1
            took["read"] += t1 - t0
            texts.append(text)
        took["read+extract"] = time.perf_counter() - start
        best = {k: min(v, took[k]) for k, v in best.items()}
    return texts, {"load_s": round(load, 3), "read_errors": errors, "rss_mb": rss_mb()} | {
        k: rate(texts, v) for k, v in best.items()}


def tokenizers() -> dict[str, Callable[[], Callable]]:
    """name → a function building that tokenizer (a new one each call, except make_nlp's)."""
    import spacy
    from extract.pipeline import make_nlp

    def blank(tokenizer: str) -> Callable:
        return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": tokenizer}}}).make_doc

    return {"ours": lambda: make_nlp().make_doc,
            "ours-cold": lambda: blank("kg.vi_tokenizer.v1"),
            "spacy-rule": lambda: blank("spacy.Tokenizer.v1"),
            "spacy-vi": lambda: spacy.blank("vi").make_doc,  # the default: pyvi inside
            "pyvi": lambda: __import__("pyvi.ViTokenizer", fromlist=["_"]).ViTokenizer.tokenize}


def time_tokenizer(make: Callable[[], Callable], texts: list[str], repeat: int) -> tuple[float, int, list]:
    """Best seconds of `repeat` passes (a newly built tokenizer each), tokens, token sets per text."""
    best, n, sets = float("inf"), 0, []
    for _ in range(repeat):
        fn, secs, n, sets = make(), 0.0, 0, []
        fn(SAMPLE)
        for text in texts:  # timed per text: listing the tokens is not the tokenizer's work
            t = time.perf_counter()
            out = fn(text)
            secs += time.perf_counter() - t
            toks = out.split() if isinstance(out, str) else [tok.text for tok in out if not tok.is_space]
            n += len(toks)
            sets.append(set(toks))
        best = min(best, secs)
    return best, n, sets


def numbers_whole(texts: list[str], token_sets: list[set[str]]) -> list[int]:
    """[kept, found]: document numbers in `texts` that are one token of their text's output."""
    from extract.numbers import NUMBER_RE, canonical, number_start
    kept = found = 0
    for text, tokens in zip(texts, token_sets):
        for m in NUMBER_RE.finditer(text):
            if number_start(text, m.start()):
                found += 1
                kept += canonical(m.group()) in tokens
    return [kept, found]


def compare_tokenizers(texts: list[str], limit_mb: float, repeat: int) -> dict:
    """Each tokenizer on the subset (speed, numbers kept whole); the fast ones on all texts too."""
    sizes = itertools.accumulate(len(t.encode("utf-8")) for t in texts)  # subset: the first limit_mb MB
    subset = texts[: next((i + 1 for i, size in enumerate(sizes) if size >= limit_mb * 1e6), len(texts))]
    rows: dict[str, dict] = {}
    for name, make in tokenizers().items():
        t = time.perf_counter()
        try:
            make()  # the first build loads models (pyvi's: once for both)
        except Exception as e:  # a benchmark reports what failed and goes on
            rows[name] = {"error": f"{type(e).__name__}: {e}"}
            continue
        rows[name] = {"load_s": round(time.perf_counter() - t, 3)}
        secs, n, sets = time_tokenizer(make, subset, repeat)
        rows[name] |= {"subset": rate(subset, secs, n), "numbers_whole": numbers_whole(subset, sets)}
        if name not in ("pyvi", "spacy-vi"):
            secs, n, _ = time_tokenizer(make, texts, repeat)
            rows[name]["all"] = rate(texts, secs, n)
    for name in ("ours", "ours-cold"):
        if "subset" in rows[name] and "subset" in rows["pyvi"]:
            rows[name]["x_pyvi"] = round(rows[name]["subset"]["mb_s"] / rows["pyvi"]["subset"]["mb_s"], 1)
    return rows


def table(title: str, columns: list[str], rows: list[list[str]]):
    from rich import box
    from rich.table import Table
    t = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for i, col in enumerate(columns):
        t.add_column(col, justify="right" if i else "left")
    for row in rows:
        t.add_row(*row)
    return t


def report(res: dict) -> None:
    from rich.console import Console
    con, ex, tok, m = Console(), res["extraction"], res["tokenizers"], res["machine"]
    con.print(f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, spaCy {m['spacy']}")
    con.print(f"corpus {res['corpus']}: {ex['read']['docs']} docs, {ex['read']['mb']:.2f} MB of text, "
              f"{ex['read_errors']} unreadable; imports + make_nlp() {ex['load_s']:.2f} s")
    con.print(table(f"Reading and extraction (best of {res['repeat']})", ["stage", "s", "MB/s", "docs/s"],
                    [[k, f"{ex[k]['seconds']:.2f}", f"{ex[k]['mb_s']:.2f}", f"{ex[k]['docs_s']:.1f}"]
                     for k in ("read", "extract", "read+extract")]))
    rows, sub = [], next(r["subset"] for r in tok.values() if "subset" in r)
    for name, r in tok.items():
        s, a = r.get("subset"), r.get("all", {})
        rows.append([name, r["error"][:60]] if s is None else [
            name, f"{r['load_s']:.2f}", f"{s['mb_s']:.2f}", f"{s['tokens_s']:,}",
            f"{a['mb_s']:.2f}" if a else "-", f"{a['tokens_s']:,}" if a else "-",
            "{}/{}".format(*r["numbers_whole"])])
    title = f"Tokenizers: subset = first {sub['docs']} docs, {sub['mb']:.2f} MB; all = every doc"
    con.print(table(title, ["tokenizer", "load s", "MB/s", "tokens/s", "all MB/s", "all tok/s", "numbers"], rows))
    con.print(f"ours/pyvi speed on the subset: {tok['ours'].get('x_pyvi', '-')}x "
              f"(ours-cold: {tok['ours-cold'].get('x_pyvi', '-')}x)")
    con.print("numbers kept whole: " + ", ".join("{} {}/{}".format(n, *tok[n]["numbers_whole"])
                                                for n in ("ours", "pyvi", "spacy-rule") if "subset" in tok[n]))
    con.print(res["target"])
    con.print(f"peak RSS: {ex['rss_mb']:.0f} MB after extraction, {res['peak_rss_mb']:.0f} MB at the end")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    # Python puts bench/ first on sys.path, where "extract" is this file: use the repo's.
    sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
    from extract.read import iter_files
    paths = [p for p, err in iter_files([args.corpus]) if err is None]
    if not paths:
        sys.exit(f"no supported files under {args.corpus}")
    repeat = max(1, args.repeat)
    texts, extraction = read_and_extract(paths, repeat)
    mbps = extraction["extract"]["mb_s"]
    result = {
        "machine": machine_info(), "corpus": str(args.corpus.resolve()), "repeat": repeat,
        "extraction": extraction, "tokenizers": compare_tokenizers(texts, args.pyvi_mb, repeat),
        "target": f"target: extraction >= {TARGET_MBPS:g} MB/s in one process: "
                  f"{'PASS' if mbps >= TARGET_MBPS else 'FAIL'} ({mbps:.2f} MB/s)",
        "target_pass": mbps >= TARGET_MBPS, "peak_rss_mb": rss_mb(),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        report(result)


if __name__ == "__main__":
    main()
