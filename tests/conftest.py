"""Shared fixtures. `../shared` (corpus, gold, scorer) must be beside the repo:
tests that need it fail, never skip, when it is missing."""
from __future__ import annotations

from pathlib import Path

import unicodedata

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "eval" / "score.py").exists():
        pytest.fail(f"{SHARED} is missing: the corpus, gold records and scorer live there")
    return SHARED


@pytest.fixture(scope="session")
def dev_predictions(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg extract` records of the seeds and the dev corpus, as JSON Lines."""
    import json

    from extract.batch import extract_paths

    out = tmp_path_factory.mktemp("pred") / "dev.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for o in extract_paths([shared / "corpus" / "seeds", shared / "corpus" / "dev"]):
            assert o.error is None, str(o.error)
            f.write(json.dumps(o.record.to_dict(), ensure_ascii=False) + "\n")
    return out


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Encode as Windows does: base letters precomposed (ă, ơ, ư), tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        base = "".join(c for c in parts if c not in _TONES)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")


@pytest.fixture(scope="session")
def seeds_store(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by `kg build` from ../shared/corpus/seeds."""
    from kg.build import build

    folder = tmp_path_factory.mktemp("seeds") / "kg-store"
    report = build([shared / "corpus" / "seeds"], store=folder)
    assert not report.failed
    return folder


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the hand-written graph of tests/fixtures/queries.trig."""
    import pyoxigraph as ox

    from kg.store import open_store

    folder = tmp_path_factory.mktemp("fx") / "kg-store"
    db = open_store(folder)
    db.load(path=str(Path(__file__).parent / "fixtures" / "queries.trig"), format=ox.RdfFormat.TRIG)
    db.flush()
    del db
    return folder


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real server process on 127.0.0.1, started and stopped by a test."""

    def __init__(self, args: list[str], url: str, ready_path: str, env: dict[str, str] | None = None,
                 log: Path | None = None) -> None:
        import os
        import subprocess

        self.url = url
        self.log = log
        out = log.open("wb") if log else subprocess.DEVNULL
        self.process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                                        env={**os.environ, **(env or {})})
        self._wait(url + ready_path)

    def _wait(self, url: str, timeout: float = 90) -> None:
        import time
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log.read_text(errors="replace") if self.log else ""
                pytest.fail(f"server exited with {self.process.returncode}: {log[-2000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except urllib.error.HTTPError:
                return          # it answers
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"{url} did not answer within {timeout} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except Exception:  # noqa: BLE001
            self.process.kill()
            self.process.wait(5)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


class Watched:
    """A browser page whose requests and console errors are recorded."""

    def __init__(self, browser, allowed: tuple[str, ...] = ("127.0.0.1",)) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.allowed = allowed
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def foreign(self) -> list[str]:
        """Requests to anything but the allowed hosts (and data:, about:, file: URLs)."""
        import urllib.parse
        return [u for u in self.requests if not u.startswith(("data:", "about:", "file:"))
                and urllib.parse.urlsplit(u).hostname not in self.allowed]

    def close(self) -> None:
        self.context.close()
