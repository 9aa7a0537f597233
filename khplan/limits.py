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
    memory_mb: int | None = None  # None: ``default_memory_mb()``

    @property
    def memory_limit_mb(self) -> int:
        return self.memory_mb if self.memory_mb is not None else default_memory_mb()

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


# The run's own processes (khplan ~180 MB, Prefect's local server ~230 MB, two workers ~140 MB
# each) hold about 700 MB; 900 MB leaves room for reading a large file and keeps the run under
# 1 GB (the check reacts within a twentieth of a second). A LibreOffice conversion alone takes
# about 220 MB more, so where LibreOffice reads .doc files the default leaves room for two.
DEFAULT_MEMORY_MB = 900
WITH_LIBREOFFICE_MB = 1300


def default_memory_mb() -> int:
    """The run's memory limit when none is given: more where LibreOffice converts .doc files."""
    from khplan.extractors.programs import soffice_path

    return WITH_LIBREOFFICE_MB if soffice_path() else DEFAULT_MEMORY_MB


DEFAULT_LIMITS = Limits()
