"""``khplan.run``: the main job over many files, orchestrated by Prefect."""

from __future__ import annotations

import datetime as dt
import os
import platform
import time
import uuid
from importlib import metadata
from pathlib import Path

import khplan.progress as progress_mod
import khplan.workers as workers_mod
from khplan.inputs import InputFile, assign_stems, discover
from khplan.limits import DEFAULT_LIMITS, Limits
from khplan.output import cached_record, corpus_current, write_model
from khplan.progress import Reporter
from khplan.schemas import Failure, InputRecord, RunSummary
from khplan.version import extractor_version
from khplan.workers import RunState, WorkerPool


def default_prefect_home() -> Path:
    """A persistent per-user home for Prefect's local database (migrations run once, not per run)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "khplan" / "prefect"


def configure_prefect(verbose: bool = False) -> None:
    """Serverless by default: Prefect's ephemeral local API on SQLite, unless the user set PREFECT_API_URL.

    Only variables the user has not set are given a value.
    """
    defaults = {
        "PREFECT_HOME": str(default_prefect_home()),
        "PREFECT_LOGGING_LEVEL": "INFO" if verbose else "WARNING",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for dist in (
        "khplan",
        "prefect",
        "pydantic",
        "spacy",
        "pdfplumber",
        "pypdfium2",
        "python-docx",
        "pandas",
    ):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return versions


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def run(
    inputs: list[str] | list[Path] | str | Path,
    out: str | Path,
    batch_size: int = 50,
    verbose: bool = False,
    workers: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    quiet: bool = True,
) -> RunSummary:
    """Extract every input (files, folders searched recursively, globs) into ``out``.

    Writes ``out/documents/<stem>.json`` per file, ``out/corpus/*.json``,
    ``out/tables/*.parquet`` and ``out/run.json``; returns the run summary. A file
    that cannot be read is reported in its document JSON and in ``run.json``; it never
    stops the run. Documents whose JSON is current (same file, same extractor) are not
    extracted again, so a run that was stopped resumes where it was. Raises
    ``khplan.inputs.InputError`` when the inputs themselves are unusable.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]  # type: ignore[assignment]
    out_dir = Path(out)
    started_at, started = _now(), time.perf_counter()
    timings: dict[str, float] = {}
    n_workers = max(1, workers or os.cpu_count() or 1)

    t0 = time.perf_counter()
    paths, skipped = discover([str(i) for i in inputs])
    files = assign_stems(paths)
    timings["discover"] = round(time.perf_counter() - t0, 3)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "documents").mkdir(exist_ok=True)

    # Documents whose JSON is current (same file bytes, same extractor) are not extracted again.
    # Deciding that needs no Prefect: an unchanged re-run, or one resumed with nothing left to do,
    # never starts its server.
    t0 = time.perf_counter()
    version = extractor_version()
    current: dict[str, InputRecord] = {}
    for f in files:
        record = cached_record(out_dir, f.stem, f.path, f.shown, version)
        if record is not None:
            current[f.stem] = record
    todo = [f for f in files if f.stem not in current]
    stems = [f.stem for f in files]
    timings["cache_check"] = round(time.perf_counter() - t0, 3)

    reporter = Reporter(len(files), quiet=quiet)
    if todo or not corpus_current(out_dir, stems):
        new_records, flow_timings = _run_flow(
            out_dir, todo, stems, batch_size, n_workers, limits, verbose, reporter
        )
        timings.update(flow_timings)
    else:
        reporter.say(f"khplan: all {len(files)} documents are current; nothing to do")
        new_records = []
    by_stem = {**current, **{r.stem: r for r in new_records if r.stem}}
    records = [by_stem[f.stem] for f in files if f.stem in by_stem]

    inputs_list = [*records, *(InputRecord(path=s.shown, status="skipped", reason=s.reason) for s in skipped)]
    failures = [
        Failure(file=r.path, code=r.code or "failed", reason=r.reason or "")
        for r in records
        if r.status == "failed"
    ]
    summary = RunSummary(
        started=started_at,
        finished=_now(),
        seconds=round(time.perf_counter() - started, 3),
        counts={
            "inputs": len(inputs_list),
            "ok": sum(r.status == "ok" for r in records),
            "failed": len(failures),
            "skipped": len(skipped),
            "documents_written": len(records),
            "unchanged": sum(r.cached for r in records),
        },
        timings=timings,
        versions={**_versions(), "extractor": extractor_version()},
        inputs=inputs_list,
        failures=failures,
    )
    write_model(out_dir / "run.json", summary)
    return summary


def _run_flow(
    out_dir: Path,
    todo: list[InputFile],
    stems: list[str],
    batch_size: int,
    n_workers: int,
    limits: Limits,
    verbose: bool,
    reporter: Reporter,
) -> tuple[list[InputRecord], dict[str, float]]:
    """Extract ``todo`` and make the corpus outputs of ``stems`` in Prefect's flow."""
    timings: dict[str, float] = {}
    run_id = uuid.uuid4().hex
    configure_prefect(verbose)
    reporter.say(f"khplan: {len(todo)} files to read; starting Prefect and {n_workers} workers ...")
    reporter.current(len(stems) - len(todo))
    t0 = time.perf_counter()
    from khplan.flows.run import make_batches, run_flow  # Prefect reads its settings at import

    batches = make_batches(todo, batch_size, n_workers)
    pool = WorkerPool(min(n_workers, len(todo)), str(out_dir), limits)
    workers_mod.register(run_id, RunState(pool, {f.stem: str(f.path) for f in todo}, batches, stems))
    progress_mod.register(run_id, reporter)
    try:
        from prefect.task_runners import ThreadPoolTaskRunner

        flow = run_flow.with_options(task_runner=ThreadPoolTaskRunner(max_workers=n_workers))
        with reporter:
            records, flow_timings = flow(str(out_dir), run_id)
    finally:
        workers_mod.unregister(run_id)
        progress_mod.unregister(run_id)
        pool.close()
    timings["flow"] = round(time.perf_counter() - t0, 3)
    timings.update(flow_timings)
    return records, timings
