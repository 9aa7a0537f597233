"""Memory of a process and its descendants, read from Linux's /proc (0 elsewhere).

Used by the worker supervisor (one worker's memory), the benchmark and the hostile-input
test (a whole run's process tree: the flow, Prefect's server and the workers).
"""

from __future__ import annotations

import os
import threading
import time
from types import TracebackType

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (0 when it is gone or /proc is absent)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE / 1048576
    except (OSError, ValueError, IndexError):
        return 0.0


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    tree: dict[int, list[int]] = {}
    try:
        entries = list(os.scandir("/proc"))
    except OSError:
        return [pid]
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += tree.get(p, [])
    return found


def tree_rss_mb(pid: int) -> float:
    """Summed resident memory of ``pid`` and its descendants, in MB."""
    return sum(rss_mb(p) for p in descendants(pid))


class PeakMemory:
    """Samples :func:`tree_rss_mb` of a process in a background thread; ``peak_mb`` is the highest."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.pid = pid
        self.every = every
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))


class TreeMemory:
    """Memory of a process tree, cheap enough to read many times a second.

    Listing a tree scans all of /proc; so the tree's processes are listed again only every
    ``rescan`` seconds (a tool a worker starts is seen within that), and in between only
    their memory is read. Safe to call from several threads.
    """

    def __init__(self, root: int, rescan: float = 0.25) -> None:
        self.root = root
        self.rescan = rescan
        self._pids: list[int] = []
        self._listed = float("-inf")
        self._lock = threading.Lock()

    def mb(self) -> float:
        with self._lock:
            now = time.monotonic()
            if now - self._listed > self.rescan:
                self._pids = descendants(self.root)
                self._listed = now
            return sum(rss_mb(p) for p in self._pids)
