"""Plain text and Markdown: bytes -> ReadDocument."""

from __future__ import annotations

import codecs

from .clean import normalize_text
from .legacy import LEGACY_WARNING, convert_legacy
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
    # Not UTF-8: a legacy font encoding (TCVN3, VNI) or Windows-1258, told apart by which
    # reading gives Vietnamese.
    converted = convert_legacy(data.decode("latin-1"))
    if converted is not None:
        return converted, "tcvn3/vni"
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        raise ReadError(
            "undecodable_text", f"the text is neither UTF-8 nor Windows-1258 ({exc.reason})"
        ) from exc


def _utf16_without_bom(data: bytes) -> bytes | None:
    """UTF-16 text saved without a byte-order mark, given a BOM; None for binary data.

    Vietnamese in UTF-16 has a zero byte in most even (big-endian) or odd (little-endian)
    positions, and almost none in the others.
    """
    head = data[:4096]
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / max(1, len(even)), odd.count(0) / max(1, len(odd))
    if zeros_odd > 0.3 and zeros_even < 0.02:
        return codecs.BOM_UTF16_LE + data
    if zeros_even > 0.3 and zeros_odd < 0.02:
        return codecs.BOM_UTF16_BE + data
    return None


def read_text(data: bytes, fmt: str = "txt") -> ReadDocument:
    if not data.strip():
        raise ReadError("empty_file", "the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ReadError("binary_file", "the file holds binary data, not text")
        data = utf16
    raw, encoding = decode_text(data)
    doc = ReadDocument(text=normalize_text(raw), format=fmt, pages=None)
    if encoding == "cp1258":
        doc.warnings.append(("legacy_encoding", "The file is not UTF-8; it was read as Windows-1258."))
    elif encoding == "tcvn3/vni":
        doc.warnings.append(("legacy_encoding", LEGACY_WARNING))
    return doc
