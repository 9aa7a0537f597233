"""Plain text and Markdown: bytes -> ReadDocument."""

from __future__ import annotations

import codecs

from .clean import normalize_text
from .reading import ReadDocument, ReadError


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: BOMs honoured, UTF-8 expected, Windows-1258 as the legacy fallback."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        raise ReadError(
            "undecodable_text", f"the text is neither UTF-8 nor Windows-1258 ({exc.reason})"
        ) from exc


def read_text(data: bytes, fmt: str = "txt") -> ReadDocument:
    if not data.strip():
        raise ReadError("empty_file", "the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError("binary_file", "the file holds binary data, not text")
    raw, encoding = decode_text(data)
    doc = ReadDocument(text=normalize_text(raw), format=fmt, pages=None)
    if encoding == "cp1258":
        doc.warnings.append(("legacy_encoding", "The file is not UTF-8; it was read as Windows-1258."))
    return doc
