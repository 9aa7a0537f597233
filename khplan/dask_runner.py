"""``khplan run --runner dask``: the extract tasks run on a Dask cluster (prefect-dask).

The default runner keeps a pool of supervised worker processes in the flow's own
process. With Dask, Prefect's tasks run in Dask worker processes, where that pool does
not exist; so each Dask worker process keeps its own supervised extraction process
(``khplan.workers.Worker``: khplan's rules and spaCy loaded once, reused by every batch the
Dask worker runs). The per-file time and memory limits are enforced from outside it
exactly as with the default runner, the same atomic writes give the same document JSON,
and a file that stalls or crashes it gets the same failure record.

When a Dask worker may not start processes of its own (``dask worker`` makes daemonic
workers unless ``DASK_DISTRIBUTED__WORKER__DAEMON=False``), files are extracted in the
Dask worker itself: the file-size, page and character limits still hold, but the time
limit cannot stop a file and the memory limit is Dask's own (its nanny restarts a worker
over ``--memory-limit``).

Everything here but :func:`make_task_runner` is imported by Dask workers, and needs
neither prefect-dask nor distributed.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khplan.limits import Limits
from khplan.schemas import InputRecord
from khplan.workers import Job, Worker, extract_one

if TYPE_CHECKING:
    from prefect_dask.task_runners import DaskTaskRunner

INSTALL_HINT = "pip install 'khplan[dask]'"

# One batch item as a Dask task receives it: (the file's path as the hex of its bytes, the path
# as shown in outputs, the output stem). A file name may hold bytes that are not UTF-8; hex of
# os.fsencode() survives any serialiser (pickle, JSON, msgpack) and os.fsdecode() gives the very
# same path back on the worker.
DaskItem = tuple[str, str, str]

log = logging.getLogger("khplan.dask")


def missing_modules() -> list[str]:
    """The modules ``--runner dask`` needs that are not installed (found without importing them:
    Prefect must not be imported before khplan has configured it)."""
    return [name for name in ("prefect_dask", "distributed") if importlib.util.find_spec(name) is None]


def encode_path(path: str | Path) -> str:
    """An absolute path as plain ASCII text (hex of its bytes): Dask workers may run elsewhere."""
    return os.fsencode(os.path.abspath(path)).hex()


def decode_path(code: str) -> str:
    return os.fsdecode(bytes.fromhex(code))


def dask_batches(batches: list[list[tuple[str, str]]], paths: dict[str, str]) -> list[list[DaskItem]]:
    """The flow's (shown, stem) batches with each file's real path attached, encoded."""
    return [[(encode_path(paths[stem]), shown, stem) for shown, stem in batch] for batch in batches]


@dataclass(frozen=True, slots=True)
class DaskRun:
    """What a Dask run's flow needs, kept in the flow's process (see ``khplan.workers.RunState``):
    the batches to send, every stem of the run (for the corpus step) and the limits."""

    batches: list[list[DaskItem]]
    stems: list[str]
    limits: Limits


_RUNS: dict[str, DaskRun] = {}


def register(run_id: str, run: DaskRun) -> None:
    _RUNS[run_id] = run


def get_dask_run(run_id: str) -> DaskRun:
    return _RUNS[run_id]


def unregister(run_id: str) -> None:
    _RUNS.pop(run_id, None)


def make_task_runner(address: str | None, n_workers: int) -> DaskTaskRunner:
    """Prefect's Dask task runner: on the scheduler at ``address``, or on a new local cluster of
    ``n_workers`` single-threaded worker processes (like the default runner's workers)."""
    from prefect_dask.task_runners import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={
            "n_workers": n_workers,
            "threads_per_worker": 1,
            "processes": True,
            "host": "127.0.0.1",  # the scheduler listens on this machine only
            "dashboard_address": None,  # no web dashboard (and no port taken for it)
        },
    )


def dask_config(verbose: bool = False) -> dict[str, Any]:
    """Dask settings for a local cluster: workers may start khplan's supervised extraction process
    (Dask makes them daemonic by default, and a daemonic process may have no children), and
    Dask's own log lines below warnings (errors, unless ``verbose``) stay out of khplan's output."""
    level = "warning" if verbose else "error"
    logging.getLogger("distributed").setLevel(level.upper())  # when Dask was imported already
    return {"distributed.worker.daemon": False, "logging": {"distributed": level}}


def dask_environment(verbose: bool = False) -> dict[str, str]:
    """The same as environment variables, read by Dask when it is imported (here and in the local
    cluster's worker processes)."""
    return {
        "DASK_DISTRIBUTED__WORKER__DAEMON": "False",
        "DASK_LOGGING__DISTRIBUTED": "warning" if verbose else "error",
    }


# ---- inside a Dask worker process ---------------------------------------------------------------

_lock = threading.Lock()
_idle: dict[tuple[str, Limits], list[Worker]] = {}
_in_process_noted = False


def _take(out: str, limits: Limits) -> Worker | None:
    """An idle supervised extraction process of this Dask worker, or a new one; None when this
    process may not start one (a daemonic Dask worker)."""
    with _lock:
        idle = _idle.setdefault((out, limits), [])
        while idle:
            worker = idle.pop()
            if worker.alive:
                return worker
    try:
        return Worker(out, limits)
    except AssertionError:  # multiprocessing: "daemonic processes are not allowed to have children"
        return None


def _give_back(out: str, limits: Limits, worker: Worker) -> None:
    with _lock:
        _idle.setdefault((out, limits), []).append(worker)


def stop_extraction_processes() -> int:
    """Stop this Dask worker's extraction processes (their spaCy and rules, ~130 MB each), as the
    default runner frees its workers before the corpus step. Returns how many were stopped."""
    with _lock:
        workers = [w for idle in _idle.values() for w in idle]
        _idle.clear()
    for worker in workers:
        worker.stop()
    return len(workers)


def extract_batch_here(batch: list[DaskItem], out: str, limits: Limits) -> list[InputRecord]:
    """Extract a batch in this (Dask worker) process's supervised extraction process, which
    outlives the batch; a file that kills it or runs over a limit costs that file only."""
    global _in_process_noted
    jobs = [Job(decode_path(code), shown, stem) for code, shown, stem in batch]
    records: list[InputRecord] = []
    worker = _take(out, limits)
    if worker is None:
        if not _in_process_noted:
            _in_process_noted = True
            log.warning(
                "khplan: this Dask worker is daemonic and cannot start a supervised extraction process; "
                "files are read in the worker itself, without the time limit "
                "(start workers with DASK_DISTRIBUTED__WORKER__DAEMON=False)"
            )
        return [extract_one(job, Path(out), limits) for job in jobs]
    try:
        for job in jobs:
            if not worker.alive:
                worker = Worker(out, limits)
            records.append(worker.run(job))
    finally:
        if worker.alive:
            _give_back(out, limits, worker)
    return records
