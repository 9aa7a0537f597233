"""The main job as a Prefect flow: extract (batches, on supervised workers) -> link -> check -> tables.

Orchestration only. ``khplan.runner`` has already set aside the files whose output is
current; each batch task hands the rest to one worker process of a
``khplan.workers.WorkerPool`` (extraction, time and memory limits, atomic writes happen
there); the corpus step runs the pure linking and checking functions over every document
of the run. Tasks receive batches of paths and the run's id, never document text.
"""

from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE

from khplan.corpus import write_corpus_outputs
from khplan.dask_runner import DaskItem, extract_batch_here, get_dask_run, stop_extraction_processes
from khplan.inputs import BatchItem
from khplan.limits import Limits
from khplan.output import CORPUS_MARKER, atomic_write_text, corpus_current, corpus_fingerprint
from khplan.progress import get_reporter
from khplan.schemas import InputRecord
from khplan.workers import get_run


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(batch: list[BatchItem], run_id: str) -> list[InputRecord]:
    """Extract a batch of files on one worker."""
    reporter = get_reporter(run_id)
    state = get_run(run_id)
    return state.pool.take_or_run(state.jobs(batch), reporter.advance if reporter is not None else None)


@task(name="extract-batch-dask", cache_policy=NO_CACHE)
def extract_batch_dask(batch: list[DaskItem], out: str, limits: Limits) -> list[InputRecord]:
    """Extract a batch inside a Dask worker process (``--runner dask``), on that process's own
    supervised extraction process; paths travel as the hex of their bytes."""
    return extract_batch_here(batch, out, limits)


@task(name="corpus", cache_policy=NO_CACHE)
def corpus_step(out: str, stems: list[str]) -> dict[str, int]:
    """Link -> check -> report -> tables over every document of the run."""
    return write_corpus_outputs(Path(out), stems)


def _extract_on_dask(run_id: str, out: str) -> list[InputRecord]:
    """The Dask runner's extract step: batches go to the Dask workers; the reporter (in this
    process) counts each batch's records as it comes back."""
    from prefect.context import FlowRunContext
    from prefect.futures import as_completed

    state = get_dask_run(run_id)
    reporter = get_reporter(run_id)
    futures = extract_batch_dask.map(state.batches, out=unmapped(out), limits=unmapped(state.limits))
    records: list[InputRecord] = []
    for future in as_completed(list(futures)):
        batch_records = future.result()
        records += batch_records
        if reporter is not None:
            for record in batch_records:
                reporter.advance(record)
    # Free the Dask workers' extraction processes before the corpus step, as the default runner does.
    context = FlowRunContext.get()
    client = getattr(context.task_runner, "client", None) if context is not None else None
    if client is not None:
        client.run(stop_extraction_processes)
    # Records in input order, as the default runner gives them.
    order = {stem: i for i, stem in enumerate(state.stems)}
    return sorted(records, key=lambda r: order.get(r.stem or "", len(order)))


@flow(name="khplan-run", log_prints=False, validate_parameters=False)
def run_flow(out: str, run_id: str, runner: str = "local") -> tuple[list[InputRecord], dict[str, float]]:
    """Extract the run's files that are not current to ``out/documents``, then link, check and
    tabulate every document of the run (unless those outputs are current too).

    The run's batches come from the run's registry, not as a parameter: Prefect records flow
    parameters with the flow run, and 50 000 paths are more than its API accepts. ``runner``:
    "local" (khplan's supervised worker pool in this process) or "dask" (``--runner dask``).
    """
    timings: dict[str, float] = {}
    started = time.monotonic()
    if runner == "dask":
        records = _extract_on_dask(run_id, out)
        stems = get_dask_run(run_id).stems
    else:
        state = get_run(run_id)
        futures = extract_batch.map(state.batches, run_id=unmapped(run_id))
        records = [record for future in futures for record in future.result()]
        # The workers (spaCy and the rules, ~130 MB each) are done: free them before the corpus
        # step reads the run's documents, so that the two never add up.
        state.pool.close()
        stems = state.stems
    # From when the first file was begun: the workers may have read batches before the flow began.
    reporter = get_reporter(run_id)
    began = reporter.reading_began if reporter is not None else None
    timings["extract"] = round(time.monotonic() - (started if began is None else min(began, started)), 3)
    started = time.monotonic()
    if records or not corpus_current(Path(out), stems):
        marker = Path(out) / CORPUS_MARKER
        marker.unlink(missing_ok=True)
        corpus_step(out, stems)
        atomic_write_text(marker, corpus_fingerprint(stems) + "\n")
    timings["corpus"] = round(time.monotonic() - started, 3)
    return records, timings
