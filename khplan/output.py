"""Writing a run's output folder: atomic JSON files and the Parquet tables."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from khplan.schemas import Document, InputRecord, Links
from khplan.version import extractor_version


def atomic_write_text(path: Path, text: str | Iterable[str]) -> None:
    """Write via a temporary file and a rename, so a killed run never leaves half a file.

    ``text`` may come in pieces (a report rendered as it is written), so it is never whole in memory.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.writelines([text] if isinstance(text, str) else text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_model(path: Path, model: BaseModel) -> None:
    atomic_write_text(path, model.model_dump_json(indent=2) + "\n")


def document_path(out: Path, stem: str) -> Path:
    return out / "documents" / f"{stem}.json"


def read_document(path: Path) -> Document:
    return Document.model_validate_json(path.read_text(encoding="utf-8"))


def table_rows(stem: str, doc: Document) -> dict[str, list[dict[str, Any]]]:
    """One document's rows for each table; every row carries the document's stem."""
    info = doc.document
    rows: dict[str, list[dict[str, Any]]] = {}
    rows["documents"] = [
        {
            "stem": stem,
            "path": doc.source.path,
            "format": doc.source.format,
            "doc_type": info.doc_type,
            "number": info.number,
            "symbol": info.symbol,
            "issuer": info.issuer.name if info.issuer else None,
            "issuer_level": info.issuer.level if info.issuer else None,
            "place": info.place,
            "issued_date": info.issued_date,
            "issued_year": info.issued_year,
            "title": info.title,
            "signer": info.signer.name if info.signer else None,
            "n_references": len(doc.references),
            "n_targets": len(doc.targets),
            "n_deadlines": len(doc.deadlines),
            "n_bodies": len(doc.bodies),
            "warnings": "; ".join(w.code for w in doc.warnings),
            "errors": "; ".join(f"{e.code}: {e.message}" for e in doc.errors),
        }
    ]
    rows["references"] = [
        {
            "stem": stem,
            **r.model_dump(exclude={"span"}),
            "start": r.span[0],
            "end": r.span[1],
            "issued_date": r.issued_date,
        }
        for r in doc.references
    ]
    rows["targets"] = [
        {"stem": stem, **t.model_dump(exclude={"span"}), "start": t.span[0], "end": t.span[1]}
        for t in doc.targets
    ]
    rows["deadlines"] = [
        {
            "stem": stem,
            **d.model_dump(exclude={"span", "responsible"}),
            "responsible": "; ".join(d.responsible),
            "start": d.span[0],
            "end": d.span[1],
        }
        for d in doc.deadlines
    ]
    rows["bodies"] = [
        {
            "stem": stem,
            "name": b.name,
            "role": b.role,
            "aliases": "; ".join(b.aliases),
            "n_tasks": len(b.tasks),
        }
        for b in doc.bodies
    ]
    return rows


_COLUMNS: dict[str, list[str]] = {
    "documents": ["stem", "path", "format", "doc_type", "number", "issuer", "issued_date", "title"],
    "references": ["stem", "doc_type", "number", "issued_date", "issuer", "title", "role", "text"],
    "targets": ["stem", "indicator", "value", "value_max", "unit", "comparator", "year", "section", "text"],
    "deadlines": ["stem", "kind", "year", "month", "day", "recurrence", "responsible", "section", "text"],
    "bodies": ["stem", "name", "role", "aliases", "n_tasks"],
    "links": ["child", "parent_number", "parent", "match", "confidence", "evidence"],
}


TABLE_CHUNK = 1000  # documents whose rows are held at once while the tables are written
_INT_COLUMNS = ("issued_year", "year", "month", "day")  # nullable: a date may lack its day
_FLOAT_COLUMNS = ("value", "value_max", "confidence")


def write_tables(out: Path, docs: Iterable[tuple[str, Document]], links: Links | None) -> dict[str, int]:
    """tables/<name>.parquet, one row per item; returns the row count of each table."""
    tables = TableWriter(out)
    for stem, doc in docs:
        tables.add(stem, doc)
    return tables.finish(links)


class TableWriter:
    """tables/<name>.parquet written as documents come: rows go out in row groups of
    ``TABLE_CHUNK`` documents, so a run of any size holds only one chunk's rows in memory.
    Nothing replaces the previous tables until ``finish``.
    """

    def __init__(self, out: Path) -> None:
        self.folder = out / "tables"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.writers: dict[str, Any] = {}
        self.counts = {name: 0 for name in _COLUMNS}
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _COLUMNS}
        self.docs = 0

    def add(self, stem: str, doc: Document) -> None:
        for name, rows in table_rows(stem, doc).items():
            self.rows[name].extend(rows)
        self.docs += 1
        if self.docs % TABLE_CHUNK == 0:
            self._flush()

    def finish(self, links: Links | None) -> dict[str, int]:
        """The links table, the last rows, and every table moved into place; the row counts."""
        try:
            if links is not None:
                self.rows["links"] = [link.model_dump() for link in links.links]
            self._flush()
        finally:
            for writer in self.writers.values():
                writer.close()
        for name in _COLUMNS:
            tmp = self.folder / f".{name}.parquet.tmp"
            if name not in self.writers:
                _empty_table(name).to_parquet(tmp, index=False)
            os.replace(tmp, self.folder / f"{name}.parquet")
        return dict(self.counts)

    def _flush(self) -> None:
        # pandas and pyarrow (about 90 MB) are imported here, not with the module: the
        # extraction workers import this module to write documents and never make a table.
        import pyarrow.parquet as pq

        for name, rows in self.rows.items():
            if not rows:
                continue
            writer = self.writers.get(name)
            table = _arrow_table(rows, writer.schema if writer is not None else None)
            if writer is None:
                writer = self.writers[name] = pq.ParquetWriter(
                    self.folder / f".{name}.parquet.tmp", table.schema
                )
            writer.write_table(table)
            self.counts[name] += len(rows)
            rows.clear()


def _arrow_table(rows: list[dict[str, Any]], schema: Any = None) -> Any:
    """One chunk of a table's rows as an Arrow table, in ``schema`` when an earlier chunk set it.

    The first chunk's schema is made firm: numbers and dates get their types, and a column with
    no value in it yet is text, so that later chunks with values fit.
    """
    import pandas as pd
    import pyarrow as pa

    frame = pd.DataFrame(rows)
    for col in _FLOAT_COLUMNS:
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    if "issued_date" in frame.columns:
        # One vectorised parse per chunk: per-value pd.to_datetime cost seconds at 10 000 documents.
        parsed = pd.to_datetime(frame["issued_date"], errors="coerce", format="ISO8601")
        frame["issued_date"] = parsed.dt.date.astype(object).where(parsed.notna(), None)
    for col in _INT_COLUMNS:
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if schema is None:
        fields = []
        for field in table.schema:
            if field.name == "issued_date":
                field = field.with_type(pa.date32())
            elif pa.types.is_null(field.type) or pa.types.is_string(field.type):
                field = field.with_type(pa.large_string())
            fields.append(field)
        schema = pa.schema(fields, metadata=table.schema.metadata)
    return table.select(schema.names).cast(schema)


def _empty_table(name: str) -> Any:
    import pandas as pd

    return pd.DataFrame(columns=_COLUMNS[name])


def cached_record(out: Path, stem: str, path: Path, shown: str, extractor: str) -> InputRecord | None:
    """The record of a document whose JSON is current (same file bytes, same extractor), else None.

    Failed documents are never reused: a missing tool may have been installed since.
    """
    target = document_path(out, stem)
    try:
        with open(target, encoding="utf-8") as fh:
            head = json.load(fh)
        with open(path, "rb") as fh:
            sha = hashlib.file_digest(fh, "sha256").hexdigest()
    except (OSError, ValueError):
        return None
    source = head.get("source") or {}
    if head.get("errors") or source.get("sha256") != sha or source.get("extractor") != extractor:
        return None
    return InputRecord(path=shown, stem=stem, status="ok", seconds=0.0, cached=True)


CORPUS_MARKER = Path("corpus") / "inputs.sha256"


def corpus_fingerprint(stems: Iterable[str]) -> str:
    """What the corpus outputs were made from: the documents' stems and the extractor."""
    digest = hashlib.sha256(extractor_version().encode())
    for stem in sorted(stems):
        digest.update(b"\0" + stem.encode("utf-8"))
    return digest.hexdigest()


def corpus_current(out: Path, stems: Iterable[str]) -> bool:
    """Whether links, findings, report and tables were made from exactly these documents (whose
    JSON files are current) by this extractor: then making them again would give the same files."""
    needed = [out / "corpus" / "links.json", out / "corpus" / "consistency.json", out / "report.html"]
    needed += [out / "tables" / f"{name}.parquet" for name in ("documents", "references", "links")]
    try:
        marker = (out / CORPUS_MARKER).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return marker == corpus_fingerprint(stems) and all(p.is_file() for p in needed)
