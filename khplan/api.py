"""The public Python API: ``khplan.extract`` (one document, no Prefect)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from khplan.extractors.formats import read_bytes
from khplan.extractors.pipeline import extract_document
from khplan.extractors.reading import ReadError
from khplan.limits import DEFAULT_LIMITS, Limits
from khplan.schemas import Document, Message, Source
from khplan.version import extractor_version


def failed_document(source: Source, code: str, message: str) -> Document:
    """The document JSON of a file that could not be read: an error entry and empty lists."""
    return Document(source=source, errors=[Message(code=code, message=message)])


def extract_path(path: Path, display_path: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read and extract one file; never raises for bad input (the error is in ``errors``)."""
    shown = display_path or str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return failed_document(
                Source(path=shown, extractor=extractor_version()),
                "file_too_large",
                f"{shown}: the file is {size / 1048576:.0f} MB, over the limit of {limits.max_file_mb:.0f} MB "
                "(khplan run --max-file-mb)",
            )
        data = path.read_bytes()
    except OSError as exc:
        return failed_document(
            Source(path=shown, extractor=extractor_version()),
            "unreadable_file",
            f"{shown}: cannot be opened ({exc.strerror or exc})",
        )
    return extract_bytes(data, path.suffix, shown, limits)


def extract_bytes(data: bytes, suffix: str, shown: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Extract one file's bytes (``suffix`` as in its name); bad input gives an ``errors`` entry."""
    source = Source(
        path=shown, sha256=hashlib.sha256(data).hexdigest(), format="unknown", extractor=extractor_version()
    )
    try:
        read = read_bytes(data, suffix, max_pages=limits.max_pages)
    except ReadError as exc:
        return failed_document(source, exc.code, f"{shown}: {exc.message}")
    except MemoryError:
        return failed_document(
            source, "out_of_memory", f"{shown}: reading the file needed more memory than allowed"
        )
    except Exception as exc:  # a reader bug on one file must not stop a run
        return failed_document(
            source, "read_failed", f"{shown}: could not be read ({type(exc).__name__}: {exc})"
        )
    source = source.model_copy(update={"format": read.format})
    if read.pages is not None and read.pages > limits.max_pages:
        return failed_document(
            source.model_copy(update={"pages": read.pages}),
            "too_many_pages",
            f"{shown}: {read.pages} pages, over the limit of {limits.max_pages} (khplan run --max-pages)",
        )
    if len(read.text) > limits.max_chars:
        return failed_document(
            source.model_copy(update={"chars": len(read.text)}),
            "text_too_long",
            f"{shown}: {len(read.text):,} characters of text, over the limit of {limits.max_chars:,} "
            "(khplan run --max-chars)",
        )
    try:
        return extract_document(read, source)
    except Exception as exc:  # one bad document must not stop a run
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
    return extract_bytes(path_or_text.encode("utf-8"), ".txt", "<text>")
