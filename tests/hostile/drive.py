"""One ``khplan.runner.run`` under Prefect's test harness, in a process of its own.

``python tests/hostile/drive.py RESULT.json OUT INPUT...`` runs the inputs into ``OUT``
and writes ``{"error": null | "Type: message", "traceback": ..., "seconds": ...}`` to
``RESULT.json``. The hostile test starts it as a child so that a hang or a memory
blow-up in khplan costs the test a time-out, not the whole pytest session, and so that
the memory of the run's whole process tree can be watched from outside.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path


def drive(inputs: list[str], out: str, result: Path) -> None:
    """Run ``inputs`` into ``out`` under ``prefect_test_harness``; record the outcome in ``result``."""
    from prefect.testing.utilities import prefect_test_harness

    from khplan.runner import run

    started = time.perf_counter()
    error: str | None = None
    trace: str | None = None
    try:
        with prefect_test_harness(server_startup_timeout=120):
            run(inputs, out)
    except BaseException as exc:  # the test reports whatever stopped the run, SystemExit included
        error = f"{type(exc).__name__}: {exc}"
        trace = traceback.format_exc()
    result.write_text(
        json.dumps(
            {"error": error, "traceback": trace, "seconds": round(time.perf_counter() - started, 2)},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    drive(sys.argv[3:], sys.argv[2], Path(sys.argv[1]))
