"""The main job as a Prefect flow: extract (batches, on supervised workers) -> link -> check -> tables.

Orchestration only. Each batch task hands its files to one worker process of a
``khplan.workers.WorkerPool`` (extraction, time and memory limits, atomic writes happen
there) and skips files whose output is current; the corpus step runs the pure linking and
checking functions over what was written. Tasks receive batches of paths and the ids of
the run's pool and progress reporter, never document text.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE

from khplan.extractors.consistency import check_consistency, corpus_view
from khplan.extractors.link import link_documents
from khplan.inputs import InputFile
from khplan.output import (
    atomic_write_text,
    cached_record,
    document_path,
    read_document,
    write_model,
    write_tables,
)
from khplan.progress import get_reporter
from khplan.report import render_report
from khplan.schemas import Consistency, Document, InputRecord
from khplan.version import extractor_version
from khplan.workers import Job, get_batches, get_paths, get_pool

REPORT_FULL_CARDS = 5000  # above this many documents the report's cards show the corpus views
BatchItem = tuple[str, str]  # (shown path, output stem): JSON-safe, as Prefect records parameters


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(batch: list[BatchItem], out: str, run_id: str) -> list[InputRecord]:
    """Extract a batch of files on one worker; files whose output is current are skipped."""
    reporter = get_reporter(run_id)
    paths = get_paths(run_id)  # the real paths, which may hold bytes that are not UTF-8
    records: list[InputRecord] = []
    jobs: list[Job] = []
    version = extractor_version()
    for shown, stem in batch:
        path = paths[stem]
        cached = cached_record(Path(out), stem, path, shown, version)
        if cached is None:
            jobs.append(Job(path, shown, stem))
            continue
        records.append(cached)
        if reporter is not None:
            reporter.advance(cached)
    records += get_pool(run_id).run_batch(jobs, reporter.advance if reporter is not None else None)
    return records


@task(name="corpus", cache_policy=NO_CACHE)
def corpus_step(out: str, stems: list[str]) -> dict[str, int]:
    """Link -> check -> report: corpus/links.json, corpus/consistency.json, report.html, tables/*.parquet."""
    out_dir = Path(out)
    # A run small enough for the report's full cards is read once and kept whole; a large
    # one keeps only what linking and checking read of each document, and is read again,
    # one document at a time, for the tables.
    whole = dict(_written(out_dir, stems)) if len(stems) <= REPORT_FULL_CARDS else None
    pairs = whole.items() if whole is not None else _written(out_dir, stems)
    docs = {stem: corpus_view(doc) for stem, doc in pairs}
    links = link_documents(docs)
    findings = Consistency(check_consistency(docs, links))
    write_model(out_dir / "corpus" / "links.json", links)
    write_model(out_dir / "corpus" / "consistency.json", findings)
    atomic_write_text(out_dir / "report.html", render_report(whole or docs, links, findings.root))
    del docs
    counts = write_tables(out_dir, whole.items() if whole is not None else _written(out_dir, stems), links)
    counts["findings"] = len(findings.root)
    return counts


def corpus_fingerprint(stems: list[str]) -> str:
    """What the corpus outputs were made from: the documents' stems and the extractor."""
    digest = hashlib.sha256(extractor_version().encode())
    for stem in sorted(stems):
        digest.update(b"\0" + stem.encode("utf-8"))
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _corpus_outputs_exist(out: Path) -> bool:
    needed = [out / "corpus" / "links.json", out / "corpus" / "consistency.json", out / "report.html"]
    needed += [out / "tables" / f"{name}.parquet" for name in ("documents", "references", "links")]
    return all(p.is_file() for p in needed)


def _written(out_dir: Path, stems: list[str]) -> Iterator[tuple[str, Document]]:
    """The run's document files that could be written (a failed write is already in the records)."""
    for stem in stems:
        try:
            yield stem, read_document(document_path(out_dir, stem))
        except (OSError, ValueError):
            continue


def make_batches(files: list[InputFile], batch_size: int, workers: int) -> list[list[BatchItem]]:
    """Batches of at most ``batch_size`` files and about 32 MB, at least four per worker when there
    are enough files, so that both cores stay busy to the end."""
    if not files:
        return []
    per_worker = max(1, -(-len(files) // (workers * 4)))
    size = max(1, min(batch_size, per_worker))
    batches: list[list[BatchItem]] = []
    current: list[BatchItem] = []
    weight = 0
    for f in files:
        try:
            nbytes = f.path.stat().st_size
        except OSError:
            nbytes = 0
        if current and (len(current) >= size or weight + nbytes > 32 * 1024 * 1024):
            batches.append(current)
            current, weight = [], 0
        current.append((f.shown, f.stem))
        weight += nbytes
    batches.append(current)
    return batches


@flow(name="khplan-run", log_prints=False, validate_parameters=False)
def run_flow(out: str, run_id: str) -> tuple[list[InputRecord], dict[str, float]]:
    """Extract every input file to ``out/documents``, then link, check and tabulate the run.

    The run's batches come from the run's registry, not as a parameter: Prefect records flow
    parameters with the flow run, and 50 000 paths are more than its API accepts.
    """
    batches = get_batches(run_id)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    futures = extract_batch.map(batches, out=unmapped(out), run_id=unmapped(run_id))
    records = [record for future in futures for record in future.result()]
    # The workers (spaCy and the rules, ~130 MB each) are done: free them before the corpus step
    # reads the run's documents, so that the two never add up.
    get_pool(run_id).close()
    timings["extract"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    stems = [stem for batch in batches for _, stem in batch]
    fingerprint = corpus_fingerprint(stems)
    marker = Path(out) / "corpus" / "inputs.sha256"
    unchanged = (
        all(r.cached for r in records) and _read(marker) == fingerprint and _corpus_outputs_exist(Path(out))
    )
    if not unchanged:
        # Same documents, same extractor: links, findings, report and tables would come out the same.
        marker.unlink(missing_ok=True)
        corpus_step(out, stems)
        atomic_write_text(marker, fingerprint + "\n")
    timings["corpus"] = round(time.perf_counter() - started, 3)
    order = {stem: i for i, stem in enumerate(stems)}
    records.sort(key=lambda r: order.get(r.stem or "", len(order)))
    return records, timings
