"""The public Python API: ``khplan.extract`` (one document, no Prefect)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from khplan.extractors.formats import read_bytes
from khplan.extractors.pipeline import extract_document
from khplan.extractors.read_text import read_text
from khplan.extractors.reading import ReadError
from khplan.schemas import Document, Message, Source


def failed_document(source: Source, code: str, message: str) -> Document:
    """The document JSON of a file that could not be read: an error entry and empty lists."""
    return Document(source=source, errors=[Message(code=code, message=message)])


def extract_path(path: Path, display_path: str | None = None) -> Document:
    """Read and extract one file; never raises for bad input (the error is in ``errors``)."""
    shown = display_path or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return failed_document(
            Source(path=shown), "unreadable_file", f"{shown}: cannot be opened ({exc.strerror})"
        )
    source = Source(path=shown, sha256=hashlib.sha256(data).hexdigest(), format="unknown")
    try:
        read = read_bytes(data, path.suffix)
    except ReadError as exc:
        return failed_document(source, exc.code, f"{shown}: {exc.message}")
    source = source.model_copy(update={"format": read.format})
    try:
        return extract_document(read, source)
    except Exception as exc:
        return failed_document(
            source, "extraction_failed", f"{shown}: extraction failed ({type(exc).__name__}: {exc})"
        )


def _names_a_file(candidate: str) -> bool:
    if "\n" in candidate or len(candidate) > 4096:
        return False
    try:
        return Path(candidate).is_file()
    except OSError:  # a long line of text is no file name
        return False


def extract(path_or_text: str | Path) -> Document:
    """Extract one document.

    A ``Path``, or a string naming an existing file, is read from disk; any other
    string is taken as the document's text.
    """
    if isinstance(path_or_text, Path) or _names_a_file(path_or_text):
        return extract_path(Path(path_or_text))
    read = read_text(path_or_text.encode("utf-8"), "txt")
    data = path_or_text.encode("utf-8")
    source = Source(path="<text>", sha256=hashlib.sha256(data).hexdigest(), format="txt")
    return extract_document(read, source)
