"""DOCX reader: body in document order, header table in reading order, page headers left out."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extractors.read_docx import read_docx
from extractors.reading import ReadError

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = Path(__file__).parents[1].parent / "shared" / "eval" / "formats" / "docs"


def real(name: str) -> bytes:
    path = FORMATS / name
    if not path.is_file():
        pytest.skip(f"shared eval file {path} is absent (shared/ not beside the repo)")
    return path.read_bytes()


def test_fixture_header_table() -> None:
    doc = read_docx((FIXTURES / "header_table.docx").read_bytes())
    assert doc.format == "docx"
    assert doc.text.split("\n")[:11] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH AN GIANG",
        "|",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "|",
        "Số: 1994/QĐ-UBND",
        "|",
        "An Giang, ngày 26 tháng 8 năm 2021",
        "",
        "QUYẾT ĐỊNH",
    ]
    assert "Trang đầu" not in doc.text  # the page header is no part of the body
    assert doc.tables and doc.tables[0][1] == ["Số: 1994/QĐ-UBND", "An Giang, ngày 26 tháng 8 năm 2021"]


# Real drafts from Lâm Đồng: the number is left blank, the symbol and the month are there.
REAL = [
    ("lamdong_vbai_f14da386.docx", "ỦY BAN NHÂN DÂN", "/QĐ-UBND", "Lâm Đồng, ngày", "QUYẾT ĐỊNH"),
    (
        "lamdong_vbai_b0c9ce50.docx",
        "TỈNH LÂM ĐỒNG",
        "/UBND-NC",
        "tháng 12 năm 2025",
        "V/v tập trung thực hiện",
    ),
    (
        "lamdong_vbai_28a7f673.docx",
        "BAN CHẤP HÀNH TRUNG ƯƠNG",
        "Số: 36-HD/VPTW",
        "Hà Nội, ngày 03 tháng 4 năm 2018",
        "HƯỚNG DẪN",
    ),
]


@pytest.mark.parametrize(("name", "issuer", "number", "date", "after"), REAL)
def test_real_docx_header(name: str, issuer: str, number: str, date: str, after: str) -> None:
    text = read_docx(real(name)).text
    head = text[:1200]
    positions = [head.find(part) for part in (issuer, number, date)]
    assert all(p >= 0 for p in positions), (positions, head)
    assert positions == sorted(positions)
    assert after in text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"PK\x03\x04not really a zip", "corrupt_docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "encrypted_docx"),
    ],
)
def test_broken_docx(data: bytes, code: str) -> None:
    with pytest.raises(ReadError) as info:
        read_docx(data)
    assert info.value.code == code


def test_zip_without_document() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    with pytest.raises(ReadError) as info:
        read_docx(buf.getvalue())
    assert info.value.code == "not_a_docx"


def _docx(header_lines: list[str], body_lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = header_lines[0] if header_lines else ""
    for line in header_lines[1:]:
        header.add_paragraph(line)
    for line in body_lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# A page an OCR program saved as DOCX (ntkvang/QL_CongVan, Trường Đại học An Giang, 2016): the issuer
# and the national motto stand in the page header, a tab between the columns; the body opens with
# the number line.
_OCR_HEADER = [
    "ƯBND TỈNH AN GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨAVIỆT NAM",
    "TRƯỜNG ĐẠI HỌC AN GIANG\tĐộc lập - fự do - Hạnh phúc",
]
_OCR_BODY = [
    "Số: 2442/QĐ-ĐHAG\tAn Giang, ngày 28 tháng 11 năm 2016",
    "QUYẾT ĐỊNH",
    "Về việc ban hành “Quy định chế độ làm việc của giảng viên Trường Đại học An Giang”",
    "HIỆU TRƯỞNG TRƯỜNG ĐẠI HỌC AN GIANG",
]


def test_a_header_block_in_the_page_header_is_read() -> None:
    text = read_docx(_docx(_OCR_HEADER, _OCR_BODY)).text
    assert text.split("\n")[:6] == [
        "ƯBND TỈNH AN GIANG",
        "TRƯỜNG ĐẠI HỌC AN GIANG",
        "|",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨAVIỆT NAM",
        "Độc lập - fự do - Hạnh phúc",
        "",
    ]


@pytest.mark.parametrize(
    ("header", "body"),
    [
        # a running header, no header block: left out
        (["Trường Đại học An Giang - Quy định chế độ làm việc"], _OCR_BODY),
        # the body prints its own header block: the page header is not read
        (
            _OCR_HEADER,
            [
                "TRƯỜNG ĐẠI HỌC AN GIANG",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                *_OCR_BODY,
            ],
        ),
    ],
)
def test_a_page_header_is_otherwise_no_part_of_the_text(header: list[str], body: list[str]) -> None:
    text = read_docx(_docx(header, body)).text
    assert text.startswith(body[0].split("\t")[0])
