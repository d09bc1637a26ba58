"""Files in, records out: read, extract, and report each failure without stopping.

>>> outcomes = list(extract_paths(["/no/such/file.txt"]))
>>> outcomes[0].error.cause
'no such file or directory'
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ExtractError, ReadError
from .chunks import CHUNK_CHARS
from .read import iter_files, read_text
from .records import Record


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input file: its record, or the error that stopped it."""

    path: Path
    record: Record | None = None
    error: ExtractError | None = None
    size: int = 0


def extract_file(path: str | Path, *, source: str | None = None) -> Record:
    """Read and extract one file. Raises `ReadError` when it cannot be read."""
    from .pipeline import extract_text
    text = read_text(path)
    return extract_text(text, source or str(path))


def extract_paths(paths: Iterable[str | Path], *, batch_size: int = 32, jobs: int = 1) -> Iterator[Outcome]:
    """Every file under `paths`, in order; a bad file yields an error outcome and the batch goes on.

    Files are read `batch_size` at a time and their texts go through `nlp.pipe`
    together; a text too long for one Doc is extracted in pieces on its own. With
    `jobs` > 1, batches run in that many worker processes, outcomes still in order.
    """
    if jobs > 1:
        files = list(iter_files(paths))
        batches = list(_batches(files, min(batch_size, 8)))
        jobs = min(jobs, len(batches) // 2)       # a worker costs a pipeline load (~1 s): not for a few files
    else:
        batches = _batches(iter_files(paths), batch_size)
    if jobs <= 1:
        for batch in batches:
            yield from _extract_batch(batch)
        return
    with worker_pool(jobs) as pool:
        for outcomes in pool.imap(_extract_batch, batches):
            yield from outcomes


def worker_pool(jobs: int, *, preload: Iterable[str] = ("spacy",)) -> Any:
    """A `multiprocessing` pool of `jobs` workers, forked by a fork server that has imported the
    libraries in `preload` once: a fresh interpreter spends ~1.8 s of CPU importing spaCy alone, and
    little more for the pipeline. Our own modules are imported by each worker, after it has taken
    this process's sys.path (Python 3.11's fork server imports its preloads before it applies
    that path, so a preloaded `kg` could be another copy than the caller's).

    Where there is no fork server (Windows), each worker is a fresh interpreter (``spawn``). Never
    a fork of this process, whose store and progress display run threads.
    """
    import multiprocessing as mp
    if "forkserver" not in mp.get_all_start_methods():
        ctx = mp.get_context("spawn")
    else:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
    return _pool_class()(jobs, initializer=_worker_start, initargs=(dict(os.environ),), context=ctx)


@cache
def _pool_class() -> type:
    """`multiprocessing.pool.Pool`, but its worker handler wakes when a worker exits or the pool's
    state changes, not whenever a result waits in the result pipe. (Imported here: ~40 ms that
    commands without workers skip.)

    Since Python 3.8 (bpo-35493) the handler also waits on the reader of the results' pipe. That
    reader is readable from the moment a worker starts writing a result until the result thread has
    read all of it, so for the ~100 KB graphs of `kg build` the handler re-checks every worker in a
    loop, holding the GIL. At 20 MB (1,012 files, 2 jobs) it went round 79,629 times and took 5.4 s
    of the parent's CPU; the build took 30.8 s with it and 24.9 s without. Workers that exit
    still wake it (their sentinels), and so do close and terminate (the change notifier)."""
    from multiprocessing.pool import Pool

    class _Pool(Pool):
        def _get_sentinels(self) -> list[Any]:
            return [self._change_notifier._reader]

    return _Pool


def stop_fork_server() -> None:
    """Stop the fork server of `worker_pool`, if one runs, and wait for it. Its workers are its
    children, not this process's: once it has been waited for, ``RUSAGE_CHILDREN`` (CPU time, peak
    RSS) covers them too (the benchmarks read it). The next `worker_pool` starts a new one."""
    from multiprocessing import forkserver
    server = getattr(forkserver, "_forkserver", None)
    if server is not None and getattr(server, "_forkserver_pid", None) is not None:
        server._stop()


def _worker_start(env: dict[str, str]) -> None:
    """Each worker's first step. It takes the caller's environment (`KG_BASE`...) as it is now, not
    as it was when the fork server started (multiprocessing passes the folder and sys.path itself).
    And at exit it skips the interpreter's teardown, which frees the heap object by object (~1 s
    with a pipeline and a corpus's strings) while the caller waits: a pool worker exits only after
    its task loop has sent every result and flushed its streams."""
    import atexit
    os.environ.clear()
    os.environ.update(env)
    atexit.register(os._exit, 0)


def default_jobs() -> int:
    """Every core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _batches(files: Iterable[tuple[Path, ExtractError | None]], size: int) -> Iterator[list[tuple[Path, ExtractError | None]]]:
    batch: list[tuple[Path, ExtractError | None]] = []
    for item in files:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extract_batch(batch: list[tuple[Path, ExtractError | None]]) -> list[Outcome]:
    pending: list[tuple[Path, str | None, ExtractError | None]] = []
    for path, error in batch:
        if error is None:
            try:
                pending.append((path, read_text(path), None))
            except ReadError as e:
                pending.append((path, None, e))
        else:
            pending.append((path, None, error))
    return list(_run(pending))


def _run(pending: list[tuple[Path, str | None, ExtractError | None]]) -> Iterator[Outcome]:
    from .pipeline import extract_text   # spaCy: imported where text is extracted, not by every `kg` command
    small = [(text, str(path)) for path, text, _ in pending if text is not None and len(text) <= CHUNK_CHARS]
    records = _safe_pipe(small)
    for path, text, error in pending:
        if error is not None:
            yield Outcome(path, error=error)
            continue
        assert text is not None
        record = records.pop(str(path)) if len(text) <= CHUNK_CHARS and str(path) in records else None
        if record is None:
            try:
                record = extract_text(text, str(path))
            except _BUGS as e:
                # A bug of ours on strange input must not cost the user the rest of the batch.
                yield Outcome(path, error=ExtractError(f"{path}: extraction failed ({type(e).__name__}: {e})"))
                continue
        yield Outcome(path, record=record, size=len(text.encode("utf-8")))


_BUGS = (ValueError, IndexError, KeyError, AttributeError, TypeError, RecursionError)


def _safe_pipe(items: list[tuple[str, str]]) -> dict[str, Record]:
    """Records of `items` by source via `nlp.pipe`; on a failure, none (each file is retried alone)."""
    from .pipeline import extract_texts
    try:
        return {r.source: r for r in extract_texts(items)}
    except _BUGS:
        return {}
