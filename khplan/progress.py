"""Progress of a run: a bar on a terminal, plain log lines otherwise, nothing with --quiet."""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

from khplan.schemas import InputRecord


class Reporter:
    """Counts documents as workers finish them; safe to call from the flow's task threads."""

    def __init__(self, total: int, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.total = total
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.done = self.failed = self.cached = 0
        self._lock = threading.Lock()
        self._started: float | None = None  # when the first file read this run began
        self._last_line = 0.0
        self._bar = None
        self._task = None
        if not quiet and self.stream.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} docs/s · {task.fields[failed]} failed"),
                TimeRemainingColumn(),
                transient=True,
            )
            self._task = self._bar.add_task("extract", total=total, rate=0.0, failed=0)

    def say(self, message: str) -> None:
        """One line of status (where the run is), unless quiet."""
        if not self.quiet:
            print(message, file=self.stream, flush=True)

    def current(self, count: int) -> None:
        """``count`` documents are current from an earlier run: done, without being read again."""
        with self._lock:
            self.done += count
            self.cached += count
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, completed=self.done)

    def __enter__(self) -> Reporter:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()

    @property
    def reading_began(self) -> float | None:
        """``time.monotonic()`` when the first file read this run began; None before any was read."""
        return self._started

    def advance(self, record: InputRecord) -> None:
        with self._lock:
            self.done += 1
            self.failed += record.status == "failed"
            self.cached += record.cached
            if self._started is None:
                # The rate counts from when reading began, not from before Prefect's server started.
                self._started = time.monotonic() - (record.seconds or 0.0)
            elapsed = max(time.monotonic() - self._started, 1e-6)
            rate = (self.done - self.cached) / elapsed
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, completed=self.done, rate=rate, failed=self.failed)
            elif not self.quiet and (time.monotonic() - self._last_line > 10 or self.done == self.total):
                self._last_line = time.monotonic()
                print(
                    f"khplan: {self.done}/{self.total} documents ({rate:.1f}/s, {self.failed} failed, "
                    f"{self.cached} unchanged)",
                    file=self.stream,
                    flush=True,
                )


_REPORTERS: dict[str, Reporter] = {}


def register(run_id: str, reporter: Reporter) -> None:
    _REPORTERS[run_id] = reporter


def get_reporter(run_id: str) -> Reporter | None:
    return _REPORTERS.get(run_id)


def unregister(run_id: str) -> None:
    _REPORTERS.pop(run_id, None)
