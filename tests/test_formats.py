"""read_bytes: which reader a file gets, by content first and name second."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.formats import read_bytes, sniff_format
from extractors.reading import ReadError

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = Path(__file__).parents[1].parent / "shared" / "eval" / "formats" / "docs"


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [("header_layout.pdf", "pdf"), ("header_table.docx", "docx"), ("saved_page.html", "html")],
)
def test_dispatch_fixtures(fixture: str, fmt: str) -> None:
    path = FIXTURES / fixture
    doc = read_bytes(path.read_bytes(), path.suffix)
    assert doc.format == fmt
    assert "1994/Q" in doc.text


@pytest.mark.parametrize(
    ("fixture", "suffix", "code"),
    [
        ("empty.pdf", ".pdf", "empty_file"),
        ("text_named.pdf", ".pdf", "not_a_pdf"),
        ("text_named.pdf", ".docx", "not_a_docx"),
        ("encrypted.pdf", ".pdf", "encrypted_pdf"),
        ("corrupt.pdf", ".pdf", "corrupt_pdf"),
    ],
)
def test_unreadable(fixture: str, suffix: str, code: str) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes((FIXTURES / fixture).read_bytes(), suffix)
    assert info.value.code == code


def test_content_beats_name() -> None:
    # A DOCX saved with a .pdf name is read as DOCX; a PDF named .txt as PDF.
    docx = (FIXTURES / "header_table.docx").read_bytes()
    assert read_bytes(docx, ".pdf").format == "docx"
    pdf = (FIXTURES / "header_layout.pdf").read_bytes()
    assert read_bytes(pdf, ".txt").format == "pdf"


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"%PDF-1.7", "pdf"),
        (b"PK\x03\x04", "zip"),
        (b"\xd0\xcf\x11\xe0", "doc"),
        (b"{\\rtf1", "rtf"),
        (b"<!DOCTYPE html><html>", "html"),
        (b"Ke hoach", None),
    ],
)
def test_sniff(head: bytes, fmt: str | None) -> None:
    assert sniff_format(head) == fmt


def test_every_real_file_reads() -> None:
    """Each real PDF/DOCX/DOC of the formats set reads, or fails with a ReadError naming a missing tool."""
    if not FORMATS.is_dir():
        pytest.skip(f"{FORMATS} is absent (shared/ not beside the repo)")
    for path in sorted(FORMATS.iterdir()):
        try:
            doc = read_bytes(path.read_bytes(), path.suffix)
        except ReadError as exc:
            assert exc.code in ("ocr_unavailable", "doc_reader_missing"), (path.name, exc.code)
            continue
        assert len(doc.text) > 500, path.name
        assert doc.format == path.suffix[1:], path.name


def _docx_of(lines: list[str]) -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_docx_typed_in_a_legacy_font_extracts_like_its_unicode_twin(encoding: str) -> None:
    from khplan.api import extract_bytes

    from .hostile.make_hostile import SEED_DATE, SEED_NUMBER, SEED_TEXT, encode_tcvn3, encode_vni

    encoded = (encode_tcvn3 if encoding == "tcvn3" else encode_vni)(SEED_TEXT)
    # Word keeps a .VnTime / VNI-Times run as the Windows-1252 characters of its bytes.
    doc = extract_bytes(_docx_of(encoded.decode("cp1252", errors="replace").split("\n")), ".docx", "x.docx")
    assert (doc.document.number, doc.document.issued_date) == (SEED_NUMBER, SEED_DATE)
    assert [w.code for w in doc.warnings] == ["legacy_encoding"]


def test_a_unicode_docx_with_latin_letters_is_not_converted() -> None:
    lines = ["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Số: 12/KH-UBND", "Hợp tác với Café Müller (Genève)"]
    read = read_bytes(_docx_of(lines), ".docx")
    assert read.text.split("\n")[-1] == "Hợp tác với Café Müller (Genève)"
    assert not read.warnings
