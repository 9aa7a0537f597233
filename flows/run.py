"""The main job as a Prefect flow: read + extract + write (in batches) -> link -> check -> tables.

Orchestration only: the work is done by ``khplan.api.extract_path`` (read and
extract one file), ``khplan.output`` (writers) and the pure corpus functions.
Tasks receive batches of paths, never document text, so that Prefect's
per-task overhead stays small next to the extraction itself.
"""

from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, task, unmapped

from khplan.api import extract_path
from khplan.extractors.consistency import check_consistency
from khplan.extractors.link import link_documents
from khplan.inputs import InputFile
from khplan.output import document_path, read_document, write_model, write_tables
from khplan.schemas import Consistency, InputRecord

BatchItem = tuple[str, str, str]  # (path, shown path, output stem)


@task(name="extract-batch")
def extract_batch(batch: list[BatchItem], out: str) -> list[InputRecord]:
    """Read, extract and write the document JSON of every file in a batch."""
    records: list[InputRecord] = []
    for path, shown, stem in batch:
        started = time.perf_counter()
        doc = extract_path(Path(path), shown)
        write_model(document_path(Path(out), stem), doc)
        failed = bool(doc.errors)
        records.append(
            InputRecord(
                path=shown,
                stem=stem,
                status="failed" if failed else "ok",
                code=doc.errors[0].code if failed else None,
                reason="; ".join(e.message for e in doc.errors) if failed else None,
                seconds=round(time.perf_counter() - started, 4),
            )
        )
    return records


@task(name="corpus")
def corpus_step(out: str, stems: list[str]) -> dict[str, int]:
    """Link -> check -> write: corpus/links.json, corpus/consistency.json and tables/*.parquet."""
    out_dir = Path(out)
    docs = {stem: read_document(document_path(out_dir, stem)) for stem in stems}
    links = link_documents(docs)
    findings = Consistency(check_consistency(docs, links))
    write_model(out_dir / "corpus" / "links.json", links)
    write_model(out_dir / "corpus" / "consistency.json", findings)
    counts = write_tables(out_dir, docs.items(), links)
    counts["findings"] = len(findings.root)
    return counts


def make_batches(files: list[InputFile], batch_size: int) -> list[list[BatchItem]]:
    items = [(str(f.path), f.shown, f.stem) for f in files]
    return [items[i : i + batch_size] for i in range(0, len(items), batch_size)]


@flow(name="khplan-run", log_prints=False, validate_parameters=False)
def run_flow(
    files: list[InputFile], out: str, batch_size: int = 50
) -> tuple[list[InputRecord], dict[str, float]]:
    """Extract every input file to ``out/documents`` and build the run's tables."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    batches = make_batches(files, batch_size)
    futures = extract_batch.map(batches, out=unmapped(out))
    records = [record for future in futures for record in future.result()]
    timings["extract"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    corpus_step(out, [f.stem for f in files])
    timings["corpus"] = round(time.perf_counter() - started, 3)
    return records, timings
