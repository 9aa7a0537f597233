"""``khplan.run``: the main job over many files, orchestrated by Prefect."""

from __future__ import annotations

import datetime as dt
import os
import platform
import time
import uuid
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import khplan.dask_runner as dask_mod
import khplan.local_server as local_server
import khplan.progress as progress_mod
import khplan.workers as workers_mod
from khplan.inputs import InputFile, assign_stems, discover, make_batches
from khplan.limits import DEFAULT_LIMITS, Limits
from khplan.output import cached_record, corpus_current, write_model
from khplan.prefect_db import check_database, database_path, prepare_home
from khplan.progress import Reporter
from khplan.schemas import Failure, InputRecord, RunSummary
from khplan.version import extractor_version
from khplan.workers import RunState, WorkerPool

RUNNERS = ("local", "dask")


class RunnerError(Exception):
    """The chosen runner cannot be used here (``--runner dask`` without the dask extra)."""


def default_prefect_home() -> Path:
    """A persistent per-user home for Prefect's local database (migrations run once, not per run)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "khplan" / "prefect"


def configure_prefect(verbose: bool = False, say: Callable[[str], None] = lambda _: None) -> None:
    """Serverless by default: Prefect's ephemeral local API on SQLite, unless the user set PREFECT_API_URL.

    Only variables the user has not set are given a value. Checks Prefect's folder and local
    database before Prefect starts (``khplan.prefect_db``): raises ``PrefectHomeError`` with what to
    do when they cannot be used.
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
    home = Path(os.environ["PREFECT_HOME"])
    prepare_home(home)
    db = database_path()
    if db is not None:
        check_database(db, home, say)


def _startup_timeout() -> float:
    try:
        return float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") or 120)
    except ValueError:
        return 120.0


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
    batch_size: int = 250,
    verbose: bool = False,
    workers: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    quiet: bool = True,
    runner: str = "local",
    dask_address: str | None = None,
) -> RunSummary:
    """Extract every input (files, folders searched recursively, globs) into ``out``.

    Writes ``out/documents/<stem>.json`` per file, ``out/corpus/*.json``,
    ``out/tables/*.parquet`` and ``out/run.json``; returns the run summary. A file
    that cannot be read is reported in its document JSON and in ``run.json``; it never
    stops the run. Documents whose JSON is current (same file, same extractor) are not
    extracted again, so a run that was stopped resumes where it was. Raises
    ``khplan.inputs.InputError`` when the inputs themselves are unusable.

    ``runner``: "local" (khplan's supervised worker processes, one per core) or "dask" (the
    extract tasks on a Dask cluster: a new local one, or the scheduler at ``dask_address``;
    needs ``pip install 'khplan[dask]'``, else ``RunnerError``).
    """
    if dask_address and runner == "local":
        runner = "dask"
    if runner not in RUNNERS:
        raise RunnerError(f"unknown runner {runner!r} (choose from {', '.join(RUNNERS)})")
    if runner == "dask" and (missing := dask_mod.missing_modules()):
        raise RunnerError(
            f"--runner dask needs {' and '.join(missing)}, which are not installed: {dask_mod.INSTALL_HINT}"
        )
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
            out_dir, todo, stems, batch_size, n_workers, limits, verbose, reporter, runner, dask_address
        )
        timings.update(flow_timings)
    else:
        reporter.say(f"khplan: all {len(files)} documents are current; nothing to do")
        new_records = []
    by_stem = {**current, **{r.stem: r for r in new_records if r.stem}}
    # Every input is accounted for: one the flow did not report on (it should not happen) is a failure.
    records = [
        by_stem.get(f.stem)
        or InputRecord(
            path=f.shown,
            stem=f.stem,
            status="failed",
            code="not_processed",
            reason=f"{f.shown}: the run ended without a result for this file; run again",
        )
        for f in files
    ]

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
    runner: str = "local",
    dask_address: str | None = None,
) -> tuple[list[InputRecord], dict[str, float]]:
    """Extract ``todo`` and make the corpus outputs of ``stems`` in Prefect's flow."""
    timings: dict[str, float] = {}
    run_id = uuid.uuid4().hex
    # The corpus step writes the tables with pyarrow, whose own allocator (mimalloc) keeps what it
    # freed: 14 MB more at the peak of 10,000 documents than the C allocator. Read at first use.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    configure_prefect(verbose, reporter.say)
    server = local_server.start_local_server()  # starts while Prefect is imported and the workers load
    if runner == "dask":
        where = (
            f"the Dask scheduler at {dask_address}"
            if dask_address
            else f"a local Dask cluster of {n_workers} workers"
        )
        reporter.say(f"khplan: {len(todo)} files to read; starting Prefect and {where} ...")
    else:
        reporter.say(f"khplan: {len(todo)} files to read; starting Prefect and {n_workers} workers ...")
    reporter.current(len(stems) - len(todo))
    t0 = time.perf_counter()
    batches = make_batches(todo, batch_size, n_workers)
    if runner == "dask":
        with local_server.using(server, _startup_timeout()):
            records, flow_timings = _run_dask_flow(
                out_dir, todo, stems, batches, n_workers, limits, reporter, dask_address, run_id, verbose
            )
        return records, {"flow": round(time.perf_counter() - t0, 3), **flow_timings}
    # The workers load their rules while Prefect is imported and its server starts, and read their
    # batches until the server answers and the flow's tasks take over (seconds a run would otherwise wait).
    pool = WorkerPool(min(n_workers, len(todo)), str(out_dir), limits)
    try:
        state = RunState(pool, {f.stem: str(f.path) for f in todo}, batches, stems)
        pool.start_early([state.jobs(batch) for batch in batches], reporter.advance)
        workers_mod.register(run_id, state)
        progress_mod.register(run_id, reporter)
        from prefect.task_runners import ThreadPoolTaskRunner

        from khplan.flows.run import run_flow  # Prefect reads its settings at import

        flow = run_flow.with_options(task_runner=ThreadPoolTaskRunner(max_workers=n_workers))
        with local_server.using(server, _startup_timeout()), reporter:
            records, flow_timings = flow(str(out_dir), run_id)
    finally:
        workers_mod.unregister(run_id)
        progress_mod.unregister(run_id)
        pool.close()
    timings["flow"] = round(time.perf_counter() - t0, 3)
    timings.update(flow_timings)
    return records, timings


def _run_dask_flow(
    out_dir: Path,
    todo: list[InputFile],
    stems: list[str],
    batches: list[list[tuple[str, str]]],
    n_workers: int,
    limits: Limits,
    reporter: Reporter,
    dask_address: str | None,
    run_id: str,
    verbose: bool = False,
) -> tuple[list[InputRecord], dict[str, float]]:
    """The flow with ``--runner dask``: extract tasks on Dask workers, the rest as usual; returns
    the new records and the flow's timings."""
    # Before Dask is imported, and inherited by the local cluster's worker processes.
    for key, value in dask_mod.dask_environment(verbose).items():
        os.environ.setdefault(key, value)
    import dask

    from khplan.flows.run import run_flow

    # Dask workers may run elsewhere (another working folder): they get absolute paths.
    out_abs = str(out_dir.absolute())
    paths = {f.stem: str(f.path) for f in todo}
    dask_mod.register(run_id, dask_mod.DaskRun(dask_mod.dask_batches(batches, paths), stems, limits))
    progress_mod.register(run_id, reporter)
    try:
        task_runner = dask_mod.make_task_runner(dask_address, min(n_workers, max(1, len(batches))))
        flow = run_flow.with_options(task_runner=task_runner)
        with dask.config.set(dask_mod.dask_config(verbose)), reporter:
            records, flow_timings = flow(out_abs, run_id, "dask")
    finally:
        dask_mod.unregister(run_id)
        progress_mod.unregister(run_id)
    return records, flow_timings
