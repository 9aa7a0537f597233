"""Supervised workers: a file that hangs, crashes its reader or is over a limit costs that file only."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest

from khplan.api import extract_path
from khplan.limits import Limits
from khplan.output import cached_record, document_path
from khplan.version import extractor_version
from khplan.workers import Job, Worker, WorkerPool

from .conftest import SAMPLES

SEED = SAMPLES / "seeds" / "002_21bd684ebe220878.txt"


def test_pool_extracts_and_writes(tmp_path: Path) -> None:
    pool = WorkerPool(1, str(tmp_path), Limits())
    try:
        records = pool.run_batch([Job(str(SEED), "seed.txt", "seed")])
    finally:
        pool.close()
    assert [(r.status, r.stem) for r in records] == [("ok", "seed")]
    doc = json.loads(document_path(tmp_path, "seed").read_text(encoding="utf-8"))
    assert doc["document"]["number"] == "155/KH-TVTP"


def _wait_for_documents(out: Path, count: int) -> None:
    deadline = time.monotonic() + 120
    while len(list((out / "documents").glob("*.json"))) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_batches_read_before_the_tasks_start_are_taken_over_by_them(tmp_path: Path) -> None:
    seeds = sorted((SAMPLES / "seeds").glob("*.txt"))[:3]
    first = [Job(str(seeds[0]), "a.txt", "a"), Job(str(seeds[1]), "b.txt", "b")]
    second = [Job(str(seeds[2]), "c.txt", "c")]
    seen: list[str] = []
    pool = WorkerPool(1, str(tmp_path), Limits())
    try:
        pool.start_early([first, second], lambda record: seen.append(record.stem))
        _wait_for_documents(tmp_path, 3)  # the server is slow: both batches are read meanwhile
        early, later = pool.take_or_run(first), pool.take_or_run(second)
    finally:
        pool.close()
    assert [r.stem for r in early] == ["a", "b"] and [r.stem for r in later] == ["c"]
    assert seen == ["a", "b", "c"]  # every file was reported as it was read, once
    for stem, seed in zip("abc", seeds, strict=True):
        doc = json.loads(document_path(tmp_path, stem).read_text(encoding="utf-8"))
        assert doc["source"]["path"] == f"{stem}.txt"
        assert doc["document"]["number"] == extract_path(seed).document.number


def test_no_batch_is_begun_early_once_the_tasks_have_taken_over(tmp_path: Path) -> None:
    first = [Job(str(SEED), f"a{i}.txt", f"a{i}") for i in range(40)]
    second = [Job(str(SEED), "b.txt", "b")]
    seen: list[str] = []
    pool = WorkerPool(1, str(tmp_path), Limits())
    try:
        pool.start_early([first, second], lambda record: seen.append(record.stem))
        _wait_for_documents(tmp_path, 1)  # the first batch is under way
        early = pool.take_or_run(first)
        later = pool.take_or_run(second)  # its task reads it: no early start after the take-over
    finally:
        pool.close()
    assert [r.stem for r in early] == [j.stem for j in first] and [r.stem for r in later] == ["b"]
    assert seen == [j.stem for j in first]


def test_a_pool_closed_during_an_early_batch_ends_it_and_starts_no_worker(tmp_path: Path) -> None:
    jobs = [Job(str(SEED), f"{i}.txt", str(i)) for i in range(200)]
    temp = Path(tempfile.gettempdir())
    before = {p.name for p in temp.glob("khplan-worker-*")}
    pool = WorkerPool(1, str(tmp_path), Limits())
    pool.start_early([jobs])
    _wait_for_documents(tmp_path, 1)
    pool.close()  # the run is ending on an error before its tasks took the batch over
    assert all(not thread.is_alive() for thread in pool._threads)
    assert pool._all == []
    written = list((tmp_path / "documents").glob("*.json"))
    assert 0 < len(written) < len(jobs)
    assert not {p.name for p in temp.glob("khplan-worker-*")} - before


def test_a_batch_waiting_for_a_worker_ends_when_the_pool_is_closed(tmp_path: Path) -> None:
    busy = [Job(str(SEED), f"a{i}.txt", f"a{i}") for i in range(200)]
    pool = WorkerPool(1, str(tmp_path), Limits())
    results: dict[str, list[str]] = {}

    def run(name: str, jobs: list[Job]) -> None:
        results[name] = [r.stem or "" for r in pool.run_batch(jobs)]

    first = threading.Thread(target=run, args=("busy", busy))
    first.start()
    _wait_for_documents(tmp_path, 1)  # the one worker is taken
    waiting = threading.Thread(target=run, args=("waiting", [Job(str(SEED), "b.txt", "b")]))
    waiting.start()
    closing = threading.Thread(target=pool.close)
    closing.start()
    for thread in (closing, first, waiting):
        thread.join(timeout=60)
        assert not thread.is_alive()
    assert results["waiting"] == [] and 0 < len(results["busy"]) < len(busy)


def test_a_worker_that_has_grown_is_replaced_between_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import khplan.workers as workers

    monkeypatch.setattr(workers, "RECYCLE_GROWTH_MB", -1)  # every worker counts as grown
    pool = WorkerPool(1, str(tmp_path), Limits())
    pids = []
    try:
        for i in range(3):
            pool.run_batch([Job(str(SEED), f"seed{i}.txt", f"seed{i}")])
            pids += [w.process.pid for w in pool._all]
    finally:
        pool.close()
    assert len(set(pids)) == 3  # a fresh worker for each batch
    for i in range(3):
        doc = json.loads(document_path(tmp_path, f"seed{i}").read_text(encoding="utf-8"))
        assert doc["document"]["number"] == "155/KH-TVTP"


def test_a_file_over_the_time_limit_is_stopped_and_the_worker_replaced(tmp_path: Path) -> None:
    # A named pipe that nobody writes to: reading it blocks forever, like a reader stuck in C code.
    fifo = tmp_path / "stuck.txt"
    import os

    os.mkfifo(fifo)
    pool = WorkerPool(1, str(tmp_path / "out"), Limits(seconds=2))
    try:
        records = pool.run_batch([Job(str(fifo), "stuck.txt", "stuck"), Job(str(SEED), "seed.txt", "seed")])
    finally:
        pool.close()
    assert [(r.stem, r.status, r.code) for r in records] == [
        ("stuck", "failed", "timeout"),
        ("seed", "ok", None),
    ]
    doc = json.loads(document_path(tmp_path / "out", "stuck").read_text(encoding="utf-8"))
    assert doc["errors"][0]["code"] == "timeout"
    assert "longer than 2 s" in doc["errors"][0]["message"]


def test_a_worker_stopped_mid_conversion_leaves_no_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A converter killed with its worker cannot clean up its folder: the supervisor does.

    A stand-in ``soffice`` that never finishes is put first on PATH; the worker is stopped at
    the time limit while LibreOffice's folder (the file's copy, its profile) exists.
    """
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    temp = Path(tempfile.gettempdir())
    before = {p.name for p in temp.iterdir() if p.name.startswith("khplan")}
    pool = WorkerPool(1, str(tmp_path / "out"), Limits(seconds=3))
    try:
        private = Path(pool._all[0].tmp)
        assert private.parent == temp and private.is_dir()
        records = pool.run_batch([Job(str(doc), "old.doc", "old")])
    finally:
        pool.close()
    assert [(r.status, r.code) for r in records] == [("failed", "timeout")]
    assert not private.exists()
    after = {p.name for p in temp.iterdir() if p.name.startswith("khplan")}
    assert not after - before


@pytest.mark.parametrize("how", ["supervisor gone", "terminated"])
def test_a_worker_that_ends_without_its_supervisor_removes_its_temporary_folder(how: str) -> None:
    """A run killed with -9 (its workers see their pipe close) or a worker terminated with its Dask
    process: nobody else is left to remove the worker's folder, so the worker does."""
    worker = Worker(str(Path(tempfile.gettempdir())), Limits())
    private = Path(worker.tmp)
    assert worker._wait_ready()
    if how == "supervisor gone":
        worker.conn.close()
    else:
        worker.process.terminate()
    worker.process.join(timeout=30)
    assert not worker.process.is_alive()
    assert not private.exists()


def test_the_folders_of_a_run_killed_with_its_workers_are_removed_by_the_next() -> None:
    import subprocess
    import sys

    from khplan.workers import TMP_PREFIX, sweep_stale_folders

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{int(gone.stdout)}-"))
    (dead / "input.doc").write_bytes(b"a copy LibreOffice was converting")
    alive = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-"))
    try:
        removed = sweep_stale_folders()
    finally:
        shutil.rmtree(alive, ignore_errors=True)
        shutil.rmtree(dead, ignore_errors=True)
    assert dead in removed and alive not in removed


def test_a_crashed_worker_costs_one_file(tmp_path: Path) -> None:
    worker = Worker(str(tmp_path), Limits())
    try:
        worker.process.kill()
        worker.process.join()
        record = worker.run(Job(str(SEED), "seed.txt", "seed"))
    finally:
        worker.stop(kill=True)
    assert (record.status, record.code) == ("failed", "worker_crashed")
    assert json.loads(document_path(tmp_path, "seed").read_text(encoding="utf-8"))["errors"]


@pytest.mark.parametrize(
    ("limits", "code"),
    [
        (Limits(max_file_mb=0.001), "file_too_large"),
        (Limits(max_chars=100), "text_too_long"),
    ],
)
def test_limits_give_clear_errors(limits: Limits, code: str) -> None:
    doc = extract_path(SEED, "seed.txt", limits)
    assert doc.errors[0].code == code
    assert "seed.txt" in doc.errors[0].message and "khplan run --" in doc.errors[0].message


def test_current_output_is_reused_and_changed_input_is_not(tmp_path: Path) -> None:
    src = tmp_path / "plan.txt"
    shutil.copy(SEED, src)
    out = tmp_path / "out"
    pool = WorkerPool(1, str(out), Limits())
    try:
        pool.run_batch([Job(str(src), "plan.txt", "plan")])
    finally:
        pool.close()
    version = extractor_version()
    cached = cached_record(out, "plan", src, "plan.txt", version)
    assert cached is not None and cached.cached
    assert cached_record(out, "plan", src, "plan.txt", "0.0.0+other") is None
    src.write_text(src.read_text(encoding="utf-8") + "\nPhụ lục.", encoding="utf-8")
    assert cached_record(out, "plan", src, "plan.txt", version) is None


def test_the_file_that_takes_the_run_over_its_memory_is_stopped_and_the_run_goes_on(tmp_path: Path) -> None:
    from khplan.proctree import tree_rss_mb

    from .hostile.make_hostile import flate_bomb_pdf

    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(flate_bomb_pdf(512))  # a page whose content stream inflates to 512 MB
    pool = WorkerPool(1, str(tmp_path / "out"), Limits())
    try:
        assert pool.run_batch([Job(str(SEED), "seed.txt", "seed")])[0].status == "ok"  # the worker is up
        # The run (this process and its worker) may grow 150 MB more than it holds now.
        pool.budget.limit_mb = int(tree_rss_mb(os.getpid())) + 150
        records = pool.run_batch([Job(str(bomb), "bomb.pdf", "bomb"), Job(str(SEED), "seed2.txt", "seed2")])
    finally:
        pool.close()
    assert [(r.stem, r.status, r.code) for r in records] == [
        ("bomb", "failed", "out_of_memory"),
        ("seed2", "ok", None),
    ]
    doc = json.loads(document_path(tmp_path / "out", "bomb").read_text(encoding="utf-8"))
    assert "took the run over its memory limit" in doc["errors"][0]["message"]
    assert "--max-memory-mb" in doc["errors"][0]["message"]
