"""`kg extract` and `kg eval` through the CLI runner, on good and bad input.

Bad input never crashes a batch: a one-line error naming the file and the
cause, the rest processed, a non-zero exit when anything failed.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from conftest import windows_1258
from kg.cli import main

DECISION = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 917/QĐ-UBND
Quảng Ninh, ngày 10 tháng 4 năm 2013

QUYẾT ĐỊNH
Phê duyệt Quy hoạch trạm thu phát sóng thông tin di động tỉnh Quảng Ninh

ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH

Căn cứ Luật Viễn thông ngày 23 tháng 11 năm 2009;
Căn cứ Nghị định số 25/2011/NĐ-CP ngày 06/4/2011 của Chính phủ quy định chi tiết và hướng dẫn thi hành một số điều của Luật Viễn thông;
Xét đề nghị của Sở Thông tin và Truyền thông tại Tờ trình số 06/TTr-STTTT ngày 29.3.2013,

QUYẾT ĐỊNH:
Điều 1. Phê duyệt Quy hoạch trạm thu phát sóng thông tin di động tỉnh Quảng Ninh đến năm 2020.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    p = tmp_path / "qd-917.txt"
    p.write_text(DECISION, encoding="utf-8")
    return p


def test_extract_one_file(good: Path) -> None:
    code, out, err = run("extract", str(good))
    assert code == 0, err
    (rec,) = records(out)
    assert rec["self"]["number"] == "917/QĐ-UBND"
    assert rec["self"]["province"] == "Quảng Ninh"
    numbers = {r["number"] for r in rec["refs"]}
    assert {"25/2011/NĐ-CP", "06/TTr-STTTT"} <= numbers
    rels = {(r["s"], r["p"], r["o"]) for r in rec["relations"]}
    assert ("SELF", "basedOn", "25/2011/NĐ-CP") in rels
    assert not any(o == "06/TTr-STTTT" and p == "basedOn" for _, p, o in rels)  # "Xét đề nghị" is no basis
    text = good.read_text(encoding="utf-8")
    for r in rec["relations"]:
        ev = r["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_formats(good: Path, tmp_path: Path) -> None:
    code, out, _ = run("extract", str(good), "--format", "json")
    assert code == 0 and json.loads(out)[0]["self"]["kind"] == "Quyết định"
    code, out, _ = run("extract", str(good), "--format", "table")
    assert code == 0 and "917/QĐ-UBND" in out
    target = tmp_path / "out.jsonl"
    code, out, _ = run("extract", str(good), "-o", str(target))
    assert code == 0 and out == "" and records(target.read_text(encoding="utf-8"))


def test_empty_file_gives_an_empty_record(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    code, out, err = run("extract", str(p))
    assert code == 0, err
    (rec,) = records(out)
    assert rec["refs"] == [] and rec["chars"] == 0


def test_windows_1258_file(tmp_path: Path) -> None:
    p = tmp_path / "cp1258.txt"
    p.write_bytes(windows_1258(DECISION))
    code, out, err = run("extract", str(p))
    assert code == 0, err
    (rec,) = records(out)
    assert rec["self"]["number"] == "917/QĐ-UBND"
    assert "25/2011/NĐ-CP" in {r["number"] for r in rec["refs"]}


def test_bad_files_do_not_stop_the_batch(tmp_path: Path, good: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-good.txt").write_text(DECISION, encoding="utf-8")
    (folder / "b-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "c-corrupt.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")
    d = docx.Document()
    d.add_paragraph("Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;")
    d.save(folder / "d-good.docx")
    missing = tmp_path / "nope.txt"
    code, out, err = run("extract", str(folder), str(missing))
    assert code == 1
    sources = sorted(Path(r["source"]).name for r in records(out))
    assert sources == ["a-good.txt", "d-good.docx"]
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("b-binary.txt" in e and "binary" in e for e in errors)
    assert any("c-corrupt.docx" in e and "docx" in e for e in errors)
    assert any("nope.txt" in e and "no such file" in e for e in errors)


def test_jobs_give_the_same_records_in_the_same_order(shared: Path, tmp_path: Path) -> None:
    """Worker processes change nothing but the speed; a bad file among them is still one error line."""
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not a zip")
    paths = [str(shared / "corpus" / "dev"), str(tmp_path / "bad.docx"), str(shared / "corpus" / "seeds")]
    code1, out1, err1 = run("extract", *paths, "--jobs", "1")
    code2, out2, err2 = run("extract", *paths, "--jobs", "2")
    assert code1 == code2 == 1
    assert out1 == out2 and len(records(out1)) >= 30
    errors = [[ln for ln in err.splitlines() if ln.startswith("error:")] for err in (err1, err2)]
    assert errors[0] == errors[1] and len(errors[0]) == 1 and f"{tmp_path / 'bad.docx'}: " in errors[0][0]


def test_the_pool_does_not_spin_while_results_arrive(monkeypatch) -> None:
    """The worker pool's handler wakes when a worker exits or the pool closes, not on every result in
    the pipe: the standard pool's handler loops while a result waits for the result thread, which
    waits for the GIL (79,629 rounds and 5.4 s of the parent's CPU in one 20 MB build; here, with
    the standard pool, ~110,000 rounds and ten times the time)."""
    import multiprocessing.pool
    import os

    from extract.batch import worker_pool
    rounds = []
    maintain = multiprocessing.pool.Pool._maintain_pool   # the handler thread calls Pool's, whatever the class
    monkeypatch.setattr(multiprocessing.pool.Pool, "_maintain_pool",
                        staticmethod(lambda *a: (rounds.append(1), maintain(*a))[1]))
    pool = worker_pool(2, preload=())
    try:
        sizes = []
        for data in pool.imap_unordered(os.urandom, [300_000] * 300):
            sizes.append(len(data))
            sum(range(20_000))          # the caller's own work on each result, holding the GIL
        assert sizes == [300_000] * 300
        assert len(rounds) < 30, f"the worker handler went round {len(rounds)} times for 300 results"
    finally:
        pool.close()
        pool.join()                     # close still wakes the handler, which ends the workers


def test_fifty_megabytes(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    block = DECISION + "\n\n"
    p.write_text(block * (50_000_000 // len(block.encode("utf-8")) + 1), encoding="utf-8")
    assert p.stat().st_size >= 50_000_000
    code, out, err = run("extract", str(p))
    assert code == 0, err
    (rec,) = records(out)
    assert rec["chars"] == len(p.read_text(encoding="utf-8"))
    assert "25/2011/NĐ-CP" in {r["number"] for r in rec["refs"]}


def test_eval_command(shared: Path) -> None:
    code, out, err = run("eval", "--gold", str(shared / "eval" / "gold" / "dev"),
                         str(shared / "corpus" / "seeds"), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["documents"] == len(list((shared / "eval" / "gold" / "dev").glob("*.json")))
    assert result["refs_numbered"]["tp"] > 0


def test_console_script_help() -> None:
    for args in (["--help"], ["extract", "--help"], ["eval", "--help"]):
        out = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, check=True).stdout
        assert "Usage" in out


def test_commands_that_do_not_extract_do_not_import_spacy(tmp_path: Path) -> None:
    """spaCy costs ~1.5 s to import: `kg --help`, `kg depends`, `kg stats`... answer without it.
    Only the functions that extract text import it (and the build's workers)."""
    code = ("import sys, kg.cli, kg.build, extract.batch\n"
            "assert 'spacy' not in sys.modules, sorted(m for m in sys.modules if m.startswith('spacy'))[:3]\n"
            "kg.build.build([], store=sys.argv[1])\n"
            "assert 'spacy' not in sys.modules, 'a build with nothing to extract imported spaCy'\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "kg-store")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
