"""The corpus outputs of a run: link -> check -> report -> tables, over its written documents.

Plain functions with file I/O at the edges; ``flows/run.py`` runs them as the flow's corpus task.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from khplan.extractors.consistency import check_consistency, corpus_view
from khplan.extractors.link import link_documents
from khplan.output import atomic_write_text, document_path, read_document, write_model, write_tables
from khplan.report import render_report
from khplan.schemas import Consistency, Document

REPORT_FULL_CARDS = 5000  # above this many documents the report's cards show the corpus views


def write_corpus_outputs(out_dir: Path, stems: list[str]) -> dict[str, int]:
    """corpus/links.json, corpus/consistency.json, report.html and tables/*.parquet; returns row counts."""
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


def _written(out_dir: Path, stems: list[str]) -> Iterator[tuple[str, Document]]:
    """The run's document files that could be written (a failed write is already in the records)."""
    for stem in stems:
        try:
            yield stem, read_document(document_path(out_dir, stem))
        except (OSError, ValueError):
            continue
