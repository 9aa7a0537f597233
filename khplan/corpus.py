"""The corpus outputs of a run: link -> check -> report -> tables, over its written documents.

Plain functions with file I/O at the edges; ``flows/run.py`` runs them as the flow's corpus task.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from khplan.extractors.consistency import check_consistency, corpus_view
from khplan.extractors.link import document_groups, forget_run, link_documents
from khplan.output import TableWriter, atomic_write_text, document_path, read_document, write_model
from khplan.report import report_chunks
from khplan.schemas import Consistency, Document


def write_corpus_outputs(out_dir: Path, stems: list[str]) -> dict[str, int]:
    """corpus/links.json, corpus/consistency.json, report.html and tables/*.parquet; returns row counts.

    Each document is read once: its table rows are written out in row groups and only what
    linking and checking read of it is kept (its corpus view); the report reads again the
    documents it shows as cards. Memory grows with the run by a view per document.
    """
    tables = TableWriter(out_dir)
    docs: dict[str, Document] = {}
    strings: dict[str, str] = {}
    for stem, doc in _written(out_dir, stems):
        tables.add(stem, doc)
        docs[stem] = corpus_view(doc, strings)
    strings.clear()
    # Which inputs are one document, worked out once for linking, checking and the report.
    groups = document_groups(docs)
    links = link_documents(docs, groups=groups)
    findings = Consistency(check_consistency(docs, links, groups))
    forget_run()
    write_model(out_dir / "corpus" / "links.json", links)
    write_model(out_dir / "corpus" / "consistency.json", findings)

    def full(stem: str) -> Document:
        try:
            return read_document(document_path(out_dir, stem))
        except (OSError, ValueError):
            return docs[stem]

    atomic_write_text(
        out_dir / "report.html", report_chunks(docs, links, findings.root, full=full, groups=groups)
    )
    docs.clear()
    counts = tables.finish(links)
    counts["findings"] = len(findings.root)
    return counts


def _written(out_dir: Path, stems: list[str]) -> Iterator[tuple[str, Document]]:
    """The run's document files that could be written (a failed write is already in the records)."""
    for stem in stems:
        try:
            yield stem, read_document(document_path(out_dir, stem))
        except (OSError, ValueError):
            continue
