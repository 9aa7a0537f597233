"""Which reader a file needs, from its content first and its name second."""

from __future__ import annotations

from .legacy import repair_legacy
from .read_text import read_text
from .reading import ReadDocument, ReadError

TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".text": "txt"}
KNOWN_SUFFIXES = {
    **TEXT_SUFFIXES,
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
    ".html": "html",
    ".htm": "html",
    ".rtf": "rtf",
    ".odt": "odt",
}


def sniff_format(data: bytes) -> str | None:
    """The format the bytes really are, by their magic numbers; None for plain text or unknown bytes."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "html"
    return None


_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read_bytes(data: bytes, suffix: str, max_pages: int | None = None) -> ReadDocument:
    """Bytes of one file -> ReadDocument, or a ReadError saying why not.

    ``max_pages``: a PDF with more pages is refused (``too_many_pages``) before it is read.
    """
    suffix = suffix.lower()
    if not data:
        raise ReadError("empty_file", "the file is empty (0 bytes)")
    named = KNOWN_SUFFIXES.get(suffix)
    fmt = sniff_format(data)
    if fmt == "zip":
        fmt = "odt" if named == "odt" else "docx"
    if fmt == "doc" and named in ("docx", "odt") and _ENCRYPTED_PACKAGE in data[: 1 << 20]:
        # Office keeps a password-protected .docx in an OLE container with this stream.
        raise ReadError("encrypted_docx", f"the {suffix} file is protected by a password")
    if fmt is None:
        if named in ("pdf", "docx", "doc", "odt"):
            raise ReadError(
                f"not_a_{named}", f"the file is named {suffix} but does not hold a {named.upper()} file"
            )
        if named in ("txt", "md", None):
            return read_text(data, named or "txt")
        fmt = named
    if fmt in ("txt", "md"):
        return read_text(data, fmt)
    if fmt == "pdf":
        from .read_pdf import read_pdf

        return read_pdf(data, max_pages=max_pages)
    if fmt == "docx":
        from .read_docx import read_docx

        return repair_legacy(read_docx(data))
    if fmt in ("doc", "rtf", "odt"):
        from .read_legacy import read_legacy

        return repair_legacy(read_legacy(data, fmt))
    if fmt == "html":
        from .read_html import read_html

        return repair_legacy(read_html(data))
    raise ReadError("format_not_supported", f"{fmt.upper()} files are not supported")
