"""Supervised worker processes: extraction runs outside the flow's process, one file at a time.

Each worker is a long-lived process (it loads khplan's rules and pipelines once) that
reads a file, extracts it and writes its document JSON. The supervisor gives it one file
and watches: a file that runs past its time limit, pushes the worker past its memory
limit, or kills it outright (a crash in a C library) costs that file only — the worker is
stopped, replaced, and the file gets a document JSON saying what happened.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import queue
import shutil
import signal
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NoReturn

from khplan.limits import Limits
from khplan.proctree import TreeMemory, descendants, rss_mb, tree_rss_mb
from khplan.schemas import InputRecord, Source
from khplan.schemas.compact import share_memory


@dataclass(frozen=True, slots=True)
class Job:
    path: str
    shown: str
    stem: str


def extract_one(job: Job, out_dir: Path, limits: Limits) -> InputRecord:
    """Read, extract and write one file in this process; its record (never raises for bad input)."""
    from khplan.api import extract_path
    from khplan.output import document_path, write_model

    started, cpu_started = time.perf_counter(), time.thread_time()
    doc = extract_path(Path(job.path), job.shown, limits)
    try:
        write_model(document_path(out_dir, job.stem), doc)
    except (OSError, UnicodeError) as exc:  # a full disk; a name that cannot be written
        return InputRecord(
            path=job.shown,
            stem=job.stem,
            status="failed",
            code="write_failed",
            reason=f"{job.shown}: its result could not be written ({getattr(exc, 'strerror', None) or exc})",
        )
    failed = bool(doc.errors)
    return InputRecord(
        path=job.shown,
        stem=job.stem,
        status="failed" if failed else "ok",
        code=doc.errors[0].code if failed else None,
        reason="; ".join(e.message for e in doc.errors) if failed else None,
        seconds=round(time.perf_counter() - started, 4),
        cpu_seconds=round(time.thread_time() - cpu_started, 4),
    )


def _worker_main(conn: Connection, out: str, limits: Limits, tmp: str) -> None:
    """The worker loop: receive a job, extract, write the JSON, answer with the record.

    ``tmp`` is the worker's own temporary folder, made by its supervisor: the converters' folders
    (LibreOffice's profile and copy of the file) live there. The supervisor removes it when it
    stops the worker (mid-file too, for its time or memory); the worker removes it when it leaves
    on its own (told to, terminated, or its supervisor gone).
    """
    os.environ["TMPDIR"] = tmp  # the tools it starts (soffice, tesseract) write there too
    tempfile.tempdir = tmp

    def leave(*_: object) -> NoReturn:
        # Every file it wrote is closed and renamed into place: nothing is left to flush, and
        # tearing down the interpreter (spaCy's and the rules' objects) took 0.5 s a worker.
        shutil.rmtree(tmp, ignore_errors=True)
        os._exit(0)

    # Told to end (a Dask worker's processes going down, a user's kill): its folder goes too.
    signal.signal(signal.SIGTERM, leave)
    from khplan.api import extract_bytes

    # Load the rules and the spaCy pipeline before the first file, so that its time limit
    # counts reading it, not starting up (seconds on a busy machine).
    extract_bytes(_WARM_UP, ".txt", "warm-up")
    conn.send(READY)
    out_dir = Path(out)
    while True:
        try:
            job: Job | None = conn.recv()
        except (EOFError, KeyboardInterrupt):
            leave()  # the supervisor is gone (killed with -9): nobody else will remove the folder
        if job is None:
            conn.close()
            leave()
        conn.send(extract_one(job, out_dir, limits))


# A worker's private temp folder: "khplan-worker-<supervisor's pid>-<random>".
TMP_PREFIX = "khplan-worker-"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def sweep_stale_folders() -> list[Path]:
    """Remove the temp folders of workers whose run is gone: a run killed with -9 together with its
    workers (``kill -9`` of the process group, the kernel's OOM killer) leaves them, possibly with
    a copy of a file LibreOffice was converting. A folder of a running supervisor is never touched."""
    removed = []
    for path in Path(tempfile.gettempdir()).glob(f"{TMP_PREFIX}*"):
        owner = path.name[len(TMP_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not _running(int(owner)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


READY = "ready"
STARTUP_SECONDS = 300.0  # a worker that has not loaded its rules by then is reported as crashed
_WARM_UP = "ỦY BAN NHÂN DÂN\nSố: 1/KH-UBND\nKẾ HOẠCH\nCăn cứ Quyết định số 1/QĐ-TTg ngày 1/1/2020.\n".encode()
POLL_SECONDS = 0.05  # how often a running file's time and memory are checked
MIN_EXCESS_MB = 64  # a worker is only stopped for the run's memory if its file added at least this
# A worker that holds this much more at rest than after its first file is replaced by a fresh one
# (3 s of start-up). It grew about 3 MB per 1,000 plans (spaCy's caches, the allocator): an
# overnight run of 50,000 files would otherwise end with workers 80 MB larger than they began.
RECYCLE_GROWTH_MB = 64


class MemoryBudget:
    """The run's memory limit (``Limits.memory_limit_mb``) over its whole process tree: this process,
    Prefect's server, the workers and the tools they start.

    When the tree is over the limit, the worker whose current file added the most memory is
    stopped, if that file added at least ``MIN_EXCESS_MB``; a run whose own processes are over it
    (a huge corpus step) has no file to blame and is left alone.
    """

    def __init__(self, limit_mb: int, root: int | None = None) -> None:
        self.limit_mb = limit_mb
        self.tree = TreeMemory(root or os.getpid())
        self.members: list[Worker] = []

    def over(self) -> bool:
        return self.tree.mb() > self.limit_mb

    def to_blame(self, worker: Worker) -> bool:
        """Whether ``worker``'s file added the most memory of all workers' files, and enough.

        Also notes on the worker whether other files held much memory then too (``shared``):
        its file is then worth trying again.
        """
        excess = {w: w.excess_mb() for w in list(self.members)}
        heaviest = max(excess, key=lambda w: excess[w], default=None)
        if heaviest is not worker or excess[worker] < MIN_EXCESS_MB:
            return False
        worker.shared = any(v >= MIN_EXCESS_MB for w, v in excess.items() if w is not worker)
        return True


class Worker:
    """One supervised worker process."""

    def __init__(self, out: str, limits: Limits, budget: MemoryBudget | None = None) -> None:
        self.out = out
        self.limits = limits
        self.budget = budget
        self.base_mb = 0.0
        self.rest_mb = 0.0  # at rest after its first file
        self.ready = False
        self.shared = False  # when stopped for the run's memory: other files held much of it too
        ctx = mp.get_context("spawn")  # never fork a process that runs threads (Prefect does)
        self.tmp = tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, out, limits, self.tmp), daemon=True, name="khplan-worker"
        )
        try:
            self.process.start()
        except BaseException:
            self.conn.close()
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        finally:
            child.close()
        if budget is not None:
            budget.members.append(self)

    def _wait_ready(self) -> bool:
        try:
            return bool(self.conn.poll(STARTUP_SECONDS) and self.conn.recv() == READY)
        except (EOFError, OSError):
            return False

    def grown(self) -> bool:
        """Whether the worker at rest holds ``RECYCLE_GROWTH_MB`` more than after its first file."""
        now = rss_mb(self.process.pid or 0)
        if not self.rest_mb:
            self.rest_mb = now
        return now - self.rest_mb > RECYCLE_GROWTH_MB

    def excess_mb(self) -> float:
        """Memory the worker (and the tools it started) holds above what it held before its file."""
        pid = self.process.pid
        return tree_rss_mb(pid) - self.base_mb if pid and self.base_mb else 0.0

    def run(self, job: Job) -> InputRecord:
        """Extract one file; a time-out, memory overrun or crash is returned as a failed record."""
        if not self.ready:
            self.ready = self._wait_ready()
            if not self.ready:
                return self._lost(job, time.monotonic(), "worker_crashed", "the reader could not start")
        started = time.monotonic()
        self.base_mb = rss_mb(self.process.pid or 0)
        try:
            self.conn.send(job)
        except (OSError, ValueError):
            return self._lost(job, started, "worker_crashed", "the reader stopped unexpectedly")
        while True:
            if self.conn.poll(POLL_SECONDS):
                try:
                    record: InputRecord = self.conn.recv()
                    self.base_mb = 0.0
                    share_memory(record)  # a run holds every record until run.json is written
                    return record
                except (EOFError, OSError):
                    return self._lost(job, started, "worker_crashed", "the reader stopped unexpectedly")
            elapsed = time.monotonic() - started
            if not self.process.is_alive():
                return self._lost(job, started, "worker_crashed", "the reader stopped unexpectedly")
            if elapsed > self.limits.seconds:
                return self._lost(
                    job,
                    started,
                    "timeout",
                    f"reading took longer than {self.limits.seconds:.0f} s and was stopped (khplan run --timeout)",
                )
            if self.budget is not None:
                if self.budget.over() and self.budget.to_blame(self):
                    return self._lost(
                        job,
                        started,
                        "out_of_memory",
                        f"reading it took the run over its memory limit of {self.limits.memory_limit_mb} MB "
                        "and was stopped (khplan run --max-memory-mb)",
                    )
            elif rss_mb(self.process.pid or 0) > self.limits.memory_limit_mb:
                return self._lost(
                    job,
                    started,
                    "out_of_memory",
                    f"reading needed more than {self.limits.memory_limit_mb} MB of memory and was stopped "
                    "(khplan run --max-memory-mb)",
                )

    def _lost(self, job: Job, started: float, code: str, why: str) -> InputRecord:
        """The worker is gone or stopped: write the file's failure and mark this worker dead."""
        from khplan.api import failed_document
        from khplan.output import document_path, write_model
        from khplan.version import extractor_version

        self.stop(kill=True)
        message = f"{job.shown}: {why}"
        write_model(
            document_path(Path(self.out), job.stem),
            failed_document(
                Source(path=job.shown, sha256=_sha256(job.path), extractor=extractor_version()), code, message
            ),
        )
        return InputRecord(
            path=job.shown,
            stem=job.stem,
            status="failed",
            code=code,
            reason=message,
            seconds=round(time.monotonic() - started, 4),
        )

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self, kill: bool = False) -> None:
        self.ask_to_stop(kill)
        self.wait_stopped()

    def ask_to_stop(self, kill: bool = False) -> None:
        """Tell the worker to leave (``kill``: stop it and the tools it started at once)."""
        if self.budget is not None and self in self.budget.members:
            self.budget.members.remove(self)
        if kill:
            # The tools the worker started (soffice, tesseract) go with it: an orphan would keep
            # the memory or the time that got the worker stopped.
            for pid in reversed(descendants(self.process.pid) if self.process.pid else []):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass

    def wait_stopped(self) -> None:
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _sha256(path: str) -> str | None:
    if not os.path.isfile(path):  # a pipe or a device would block the supervisor itself
        return None
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


class WorkerPool:
    """A fixed number of workers handed out to the flow's batch tasks, replaced when they die."""

    def __init__(self, size: int, out: str, limits: Limits) -> None:
        self.out = out
        self.limits = limits
        self.budget = MemoryBudget(limits.memory_limit_mb)
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: list[Worker] = []
        self._lock = threading.Lock()
        self._early: dict[str, Future[list[InputRecord]]] = {}
        self._pending: deque[list[Job]] = deque()
        self._early_lock = threading.Lock()
        self._taken_over = False
        self._threads: list[threading.Thread] = []
        self._closed = threading.Event()
        sweep_stale_folders()
        for _ in range(size):
            self._add()

    def _new_worker(self) -> Worker:
        worker = Worker(self.out, self.limits, self.budget)
        with self._lock:
            self._all.append(worker)
        return worker

    def _add(self) -> None:
        self._idle.put(self._new_worker())

    def _replace(self, dead: Worker) -> Worker:
        with self._lock:
            if dead in self._all:
                self._all.remove(dead)
        if self._closed.is_set():  # nobody would stop a new one
            return dead
        return self._new_worker()

    def run_batch(self, jobs: list[Job], on_record: Any = None) -> list[InputRecord]:
        """Run a batch on one worker (a new one replaces it if it dies on the way). A pool closed
        meanwhile (the run is ending on an error) ends the batch after the file in hand."""
        records: list[InputRecord] = []
        worker = self._take_idle()
        if worker is None:
            return records
        try:
            for job in jobs:
                if self._closed.is_set():
                    break
                if not worker.alive:
                    worker = self._replace(worker)
                record = worker.run(job)
                if record.code == "out_of_memory" and worker.shared:
                    # Once more: the run was full because of what the other workers read too.
                    if not worker.alive:
                        worker = self._replace(worker)
                    record = worker.run(job)
                records.append(record)
                if on_record is not None:
                    on_record(record)
                if worker.alive and worker.grown():
                    worker.stop()
                    worker = self._replace(worker)
        finally:
            if not self._closed.is_set():
                if not worker.alive:
                    worker = self._replace(worker)
                self._idle.put(worker)
        return records

    def _take_idle(self) -> Worker | None:
        """A free worker; None once the pool is closed (its workers are not given back then)."""
        while True:
            try:
                return self._idle.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if self._closed.is_set():
                    return None

    def start_early(self, batches: list[list[Job]], on_record: Any = None) -> None:
        """Read ``batches`` in order on the free workers until the flow's tasks take over.

        Prefect's local server takes seconds to answer after the workers are ready; the workers
        read meanwhile. The first task to ask for its batch (``take_or_run``) ends this: no batch
        is begun early after that, and each task takes over the result of its batch if it was.
        """
        with self._early_lock:
            self._pending.extend(batches)
        for _ in range(len(self._all)):
            thread = threading.Thread(target=self._feed, args=(on_record,), daemon=True, name="khplan-early")
            self._threads.append(thread)
            thread.start()

    def _feed(self, on_record: Any) -> None:
        while True:
            with self._early_lock:
                if self._taken_over or self._closed.is_set() or not self._pending:
                    return
                jobs = self._pending.popleft()
                future: Future[list[InputRecord]] = Future()
                self._early[jobs[0].stem] = future
            try:
                future.set_result(self.run_batch(jobs, on_record))
            except BaseException as exc:  # handed to the task that takes the batch over
                future.set_exception(exc)

    def take_or_run(self, jobs: list[Job], on_record: Any = None) -> list[InputRecord]:
        """The batch's records: those of its early start (``start_early``) when it had one."""
        with self._early_lock:
            self._taken_over = True
            future = self._early.pop(jobs[0].stem, None) if jobs else None
        if future is not None:
            return future.result()
        return self.run_batch(jobs, on_record)

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            workers, self._all = self._all, []
        # All are told first, so that they leave together, not one after the other.
        for worker in workers:
            worker.ask_to_stop()
        for worker in workers:
            worker.wait_stopped()
        for thread in self._threads:  # early batches the run did not take over: it is ending
            thread.join()


# Tasks receive the run's id, not the pool or the paths: Prefect records task parameters as
# JSON, and a file name may hold bytes that are not UTF-8.
@dataclass(slots=True)
class RunState:
    """What a run's tasks share in the flow's process.

    ``paths``: real path by output stem; ``batches``: the (shown, stem) pairs to extract, in
    batches; ``stems``: every document of the run, extracted now or current from before.
    """

    pool: WorkerPool
    paths: dict[str, str]
    batches: list[list[tuple[str, str]]]
    stems: list[str]

    def jobs(self, batch: list[tuple[str, str]]) -> list[Job]:
        """A batch's (shown, stem) pairs as jobs with their real paths (maybe not UTF-8)."""
        return [Job(self.paths[stem], shown, stem) for shown, stem in batch]


_RUNS: dict[str, RunState] = {}


def register(run_id: str, state: RunState) -> None:
    _RUNS[run_id] = state


def get_run(run_id: str) -> RunState:
    return _RUNS[run_id]


def unregister(run_id: str) -> None:
    _RUNS.pop(run_id, None)
