"""Limits that keep one bad file from stalling or sinking a run, each configurable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """What one input file may cost. A file over a limit gets a document JSON with a clear error.

    ``seconds`` and ``memory_mb`` are enforced from outside the worker process that reads
    the file (it is stopped and replaced), so they hold even inside C code. ``memory_mb`` is
    the whole run's memory (all its processes, Prefect's server and the tools the workers
    start included: ``khplan.workers.MemoryBudget``) under ``khplan run``, and one worker's
    where there is no run to measure (a Dask worker).
    """

    max_file_mb: float = 200.0
    max_pages: int = 3000
    max_chars: int = 5_000_000
    seconds: float = 180.0
    memory_mb: int = 900  # the whole run: stays under 1 GB with the time a check takes to react

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


DEFAULT_LIMITS = Limits()
