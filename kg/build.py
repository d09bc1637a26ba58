"""`kg build`: extract, resolve identities, and load one named graph per source.

Incremental: a file whose bytes are unchanged is not extracted again (its record
is kept in the store folder); a source's graph is rewritten only when its record
or the resolution of its references changed; `prune` drops sources no longer
given. The manifest entry of a source is removed before its graph is touched
and written back after, so a build killed half-way leaves a store that opens
and a re-run that redoes exactly the unfinished sources.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from extract.errors import ExtractError, ReadError
from extract.pipeline import extract_text
from extract.read import iter_files, read_text

from . import graph as kg_graph
from . import identity
from . import store as kg_store

MANIFEST = "manifest.json"
_SAVE_EVERY = 64  # sources written between manifest saves


@dataclass
class BuildReport:
    """What a build did."""

    extracted: int = 0
    reused: int = 0
    graphs_written: int = 0
    graphs_kept: int = 0
    removed: int = 0
    triples_written: int = 0
    failed: list[str] = field(default_factory=list)


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Manifest:
    """source path → {bytes, sha256, graph, signature}; written atomically."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                self.entries = {}  # a torn manifest: everything is rebuilt, nothing is lost

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.entries, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(tmp, self.path)


def _records_dir(folder: Path) -> Path:
    d = folder / "records"
    d.mkdir(parents=True, exist_ok=True)
    return d


def build(paths: Iterable[str | Path], *, store: str | Path | None = None, rebuild: bool = False,
          prune: bool = False, on_file: Callable[[str], None] | None = None,
          on_error: Callable[[str], None] | None = None) -> BuildReport:
    """Build or update the store from the files under `paths`."""
    folder = kg_store.store_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    db = kg_store.open_store(folder)
    manifest = Manifest(folder)
    recdir = _records_dir(folder)
    report = BuildReport()
    if rebuild:
        db.clear()
        manifest.entries = {}
        manifest.save()

    # 1. records of every input: reused when the bytes did not change
    records: dict[str, dict[str, Any]] = {}
    byte_hashes: dict[str, str] = {}
    failed_keys: set[str] = set()

    def fail(key: str, error: Exception) -> None:
        failed_keys.add(key)
        report.failed.append(str(error))
        if on_error:
            on_error(str(error))

    for path, error in iter_files(paths):
        key = str(path)
        if on_file:
            on_file(key)
        if error is not None:
            fail(key, error)
            continue
        try:
            bh = _file_hash(path)
        except OSError as e:
            fail(key, ReadError(path, f"cannot read ({e.strerror or e})"))
            continue
        byte_hashes[key] = bh
        old = manifest.entries.get(key)
        cached = recdir / f"{old['sha256']}.json" if old and old.get("bytes") == bh else None
        if cached is not None and cached.exists():
            records[key] = json.loads(cached.read_text(encoding="utf-8"))
            report.reused += 1
            continue
        try:
            rec = extract_text(read_text(path), key).to_dict()
        except ExtractError as e:
            fail(key, e)
            continue
        (recdir / f"{rec['sha256']}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
        records[key] = rec
        report.extracted += 1

    # 2. identities resolved over every record the store knows (those kept from earlier builds too)
    known = dict(records)
    for key, entry in manifest.entries.items():
        kept = not prune or key in failed_keys  # pruned sources go; a failed one keeps its graph
        if key not in known and kept and (recdir / f"{entry['sha256']}.json").exists():
            known[key] = json.loads((recdir / f"{entry['sha256']}.json").read_text(encoding="utf-8"))
    resolver = kg_graph.resolver_for(known.values())

    # 3. one named graph per source, rewritten only when it would change; every source's claims
    #    feed the canonical graph (one name, kind, number and date per entity)
    now = datetime.now(timezone.utc)
    claims = kg_graph.Claims()
    for key, rec in known.items():
        if key not in records:
            kg_graph.record_graph(rec, resolver, file_name=Path(key).name, claims=claims)
    for key, rec in records.items():
        signature = resolver.signature(rec)
        old = manifest.entries.get(key)
        if old and old.get("sha256") == rec["sha256"] and old.get("signature") == signature:
            kg_graph.record_graph(rec, resolver, file_name=Path(key).name, claims=claims)
            report.graphs_kept += 1
            continue
        if old:
            # the entry goes before its graph is touched (a kill now means: redo this source)
            del manifest.entries[key]
            manifest.save()
            if old.get("graph") != identity.graph_iri(rec["sha256"]):
                kg_store.remove_graph(db, old["graph"])
        giri, g = kg_graph.record_graph(rec, resolver, file_name=Path(key).name, claims=claims, ingested_at=now)
        report.triples_written += kg_store.replace_graph(db, str(giri), g)
        manifest.entries[key] = {"bytes": byte_hashes[key], "sha256": rec["sha256"], "graph": str(giri),
                                 "signature": signature, "path": str(Path(key).resolve())}
        report.graphs_written += 1
        if report.graphs_written % _SAVE_EVERY == 0:
            manifest.save()  # a new source without an entry is simply written again by the next run
    manifest.save()

    # 4. sources no longer given
    if prune:
        # a file that failed this time keeps what it had: failing loses nothing
        for key in [k for k in manifest.entries if k not in records and k not in failed_keys]:
            entry = manifest.entries.pop(key)
            manifest.save()
            kg_store.remove_graph(db, entry["graph"])
            report.removed += 1
    ciri, cg = kg_graph.canonical_graph(claims)
    kg_store.replace_graph(db, str(ciri), cg)
    db.flush()
    if report.graphs_written or report.removed:
        db.optimize()  # compaction: a smaller store and faster reads (bench/build.py)
    return report
