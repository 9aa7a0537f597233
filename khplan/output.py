"""Writing a run's output folder: atomic JSON files and the Parquet tables."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, RootModel, TypeAdapter

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
    """``model`` as indented JSON; long lists of models are written item by item (``model_json_pieces``)."""
    # One dump is three times faster for a document, whose lists are short.
    atomic_write_text(
        path,
        model_json_pieces(model) if _longest_list(model) > 1000 else model.model_dump_json(indent=2) + "\n",
    )


def _longest_list(model: BaseModel) -> int:
    values = [model.root] if isinstance(model, RootModel) else model.__dict__.values()
    return max((len(v) for v in values if isinstance(v, list)), default=0)


def model_json_pieces(model: BaseModel) -> Iterator[str]:
    """The text of ``model.model_dump_json(indent=2)`` plus a newline, in pieces: a list of models
    (a run's 30 000 links or findings) goes one item at a time, so that it is never one string of
    tens of megabytes next to the models it was made from."""
    if isinstance(model, RootModel) and isinstance(model.root, list):
        yield from _json_items(model.root, 0)
    elif isinstance(model, RootModel):
        yield model.model_dump_json(indent=2)
    else:
        for i, name in enumerate(type(model).model_fields):
            yield ("{\n" if i == 0 else ",\n") + f"  {json.dumps(name)}: "
            value = getattr(model, name)
            if isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
                yield from _json_items(value, 2)
            else:
                dumped = json.dumps(
                    model.model_dump(mode="json", include={name})[name], indent=2, ensure_ascii=False
                )
                yield dumped.replace("\n", "\n  ")
        yield "\n}" if type(model).model_fields else "{}"
    yield "\n"


# Items dumped together: a run's 30 000 links one by one took pydantic 30 000 calls.
JSON_CHUNK = 1000


@cache
def _list_adapter(kind: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[kind])  # type: ignore[valid-type]


def _json_items(items: list[Any], indent: int) -> Iterator[str]:
    if not items:
        yield "[]"
        return
    extra = " " * indent
    for start in range(0, len(items), JSON_CHUNK):
        chunk = items[start : start + JSON_CHUNK]
        kind = type(chunk[0])
        if issubclass(kind, BaseModel) and all(type(item) is kind for item in chunk):
            # "[\n  item,\n  item\n]": the items, indented for where the list stands. JSON strings
            # hold no raw newline, so every newline is the layout's.
            text = _list_adapter(kind).dump_json(chunk, indent=2).decode("utf-8")[2:-2]
        else:  # the same layout, one item at a time
            text = ",\n".join(
                "  "
                + (
                    item.model_dump_json(indent=2)
                    if isinstance(item, BaseModel)
                    else json.dumps(item, indent=2)
                ).replace("\n", "\n  ")
                for item in chunk
            )
        yield ("[\n" if start == 0 else ",\n") + extra + text.replace("\n", "\n" + extra)
    yield "\n" + extra + "]"


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
LINK_CHUNK = 5000  # links per row group of tables/links.parquet
INT_COLUMNS = ("issued_year", "year", "month", "day")  # nullable: a date may lack its day
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
            self._flush()
            if links is not None:
                for start in range(0, len(links.links), LINK_CHUNK):
                    self.rows["links"] = [
                        link.model_dump() for link in links.links[start : start + LINK_CHUNK]
                    ]
                    self._flush()
        finally:
            for writer in self.writers.values():
                writer.close()
        import pyarrow.parquet as pq

        for name in _COLUMNS:
            tmp = self.folder / f".{name}.parquet.tmp"
            if name not in self.writers:
                pq.write_table(_empty_table(name), tmp)
            os.replace(tmp, self.folder / f"{name}.parquet")
        return dict(self.counts)

    def _flush(self) -> None:
        # pyarrow (about 45 MB) is imported here, not with the module: the extraction
        # workers import this module to write documents and never make a table.
        import pyarrow.parquet as pq

        for name, rows in self.rows.items():
            if not rows:
                continue
            writer = self.writers.get(name)
            with _pandas_hidden():
                table = _arrow_table(rows, writer.schema if writer is not None else None)
            if writer is None:
                writer = self.writers[name] = pq.ParquetWriter(
                    self.folder / f".{name}.parquet.tmp", table.schema
                )
            writer.write_table(table)
            self.counts[name] += len(rows)
            rows.clear()


class _NoPandas:
    """A finder on ``sys.meta_path`` that answers "not installed" for pandas."""

    @staticmethod
    def find_spec(name: str, *_: Any) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is hidden while khplan writes its tables")


@contextmanager
def _pandas_hidden() -> Iterator[None]:
    """pandas made unimportable while pyarrow converts Python lists, unless it is imported already.

    The first time pyarrow converts a list it imports pandas, only to ask whether the list is a
    pandas object: 0.7 CPU-s and 40 MB in the process that writes a run's tables, which has no
    pandas object. Told that pandas is missing, pyarrow converts lists as lists; a later call that
    needs pandas (``to_pandas``) imports it then.
    """
    if "pandas" in sys.modules:
        yield
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)  # type: ignore[arg-type]
    try:
        yield
    finally:
        sys.meta_path.remove(finder)  # type: ignore[arg-type]


def _arrow_table(rows: list[dict[str, Any]], schema: Any = None) -> Any:
    """One chunk of a table's rows as an Arrow table, in ``schema`` when an earlier chunk set it.

    The first chunk's schema is made firm: numbers and dates get their types, and a column with
    no value in it yet is text, so that later chunks with values fit. Built with pyarrow alone:
    pandas would add about 40 MB to the process that writes the tables.
    """
    import pyarrow as pa

    columns: dict[str, Any] = {}
    for col in dict.fromkeys(key for row in rows for key in row):
        values = [row.get(col) for row in rows]
        if col in _FLOAT_COLUMNS:
            columns[col] = pa.array([_as_number(v, float) for v in values], pa.float64())
        elif col in INT_COLUMNS:
            columns[col] = pa.array([_as_number(v, int) for v in values], pa.int64())
        elif col == "issued_date":
            columns[col] = pa.array([_as_date(v) for v in values], pa.date32())
        else:
            columns[col] = pa.array(values)
    table = pa.table(columns)
    if schema is None:
        fields = []
        for field in table.schema:
            if pa.types.is_null(field.type) or pa.types.is_string(field.type):
                field = field.with_type(pa.large_string())
            fields.append(field)
        schema = pa.schema(fields)
    return table.select(schema.names).cast(schema)


def _as_number(value: Any, kind: type[float] | type[int]) -> float | int | None:
    """``value`` as a number of ``kind``, None when it is none (a date without its day)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return kind(value)
    except (TypeError, ValueError):
        return None


def _as_date(value: Any) -> dt.date | None:
    """An ISO date ("2024-03-12"); None for a missing or impossible one ("2024-02-30")."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _empty_table(name: str) -> Any:
    import pyarrow as pa

    return pa.table({col: pa.array([], pa.large_string()) for col in _COLUMNS[name]})


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
