"""Legacy .doc/.rtf/.odt: antiword (or LibreOffice) output made into document text."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import read_legacy as legacy
from extractors.reading import ReadError

from .fixtures.make_legacy_set import tcvn3

FORMATS = Path(__file__).parents[1].parent / "shared" / "eval" / "formats" / "docs"
HAVE_TOOL = legacy.antiword_path() is not None or legacy.soffice_path() is not None


def real(name: str) -> bytes:
    path = FORMATS / name
    if not path.is_file():
        pytest.skip(f"shared eval file {path} is absent (shared/ not beside the repo)")
    return path.read_bytes()


ANTIWORD_HEADER = """
|ỦY BAN NHÂN DÂN                 |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM     |
|TỈNH LÂM ĐỒNG                   |Độc lập - Tự do - Hạnh phúc            |
|Số:             /UBND-NC        |    Lâm Đồng, ngày   tháng 8 năm 2025 |
|V/v triển khai thực hiện Công          |                                |

      Kính gửi: Sở Nội vụ

|Nơi nhận:           |TL. CHỦ TỊCH       |
|- Như trên;         |CHÁNH VĂN PHÒNG    |
"""


def test_antiword_tables_to_text() -> None:
    text = legacy.antiword_to_text(ANTIWORD_HEADER)
    assert text.split("\n") == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",
        "|",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "|",
        "Số: /UBND-NC",
        "V/v triển khai thực hiện Công",
        "|",
        "Lâm Đồng, ngày tháng 8 năm 2025",
        "",
        "Kính gửi: Sở Nội vụ",
        "",
        "Nơi nhận:",
        "- Như trên;",
        "|",
        "TL. CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
    ]


REAL_DOC = [
    (
        "lamdong_vbai_071cc5a4.doc",
        ["BAN CHẤP HÀNH TRUNG ƯƠNG", "Số: 36-HD/VPTW", "Hà Nội, ngày 03 tháng 4 năm 2018"],
    ),
    (
        "lamdong_vbai_787764b9.doc",
        # The date cell may come before the V/v line (LibreOffice reads the header table by rows).
        ["TỈNH LÂM ĐỒNG", "Số: /UBND-NC", "tháng 8 năm 2025"],
    ),
    ("lamdong_vbai_6e8cd58e.doc", ["VĂN PHÒNG", "Số: 106/PT-NC", "PHIẾU TRÌNH", "600/KH-BCA-V01"]),
]


@pytest.mark.skipif(
    not HAVE_TOOL, reason="neither antiword nor LibreOffice is installed (scripts/system-deps.sh)"
)
@pytest.mark.parametrize(("name", "parts"), REAL_DOC)
def test_real_doc(name: str, parts: list[str]) -> None:
    doc = legacy.read_legacy(real(name), "doc")
    assert doc.format == "doc"
    # Blanks are runs of spaces whose length depends on the tool (antiword or LibreOffice).
    flat = " ".join(doc.text.split())
    positions = [flat.find(p) for p in parts]
    assert all(p >= 0 for p in positions), (positions, doc.text[:800])
    assert positions == sorted(positions)


@pytest.mark.skipif(
    not HAVE_TOOL, reason="neither antiword nor LibreOffice is installed (scripts/system-deps.sh)"
)
def test_not_a_doc() -> None:
    with pytest.raises(ReadError) as info:
        legacy.read_legacy(b"plain text named .doc", "doc")
    assert info.value.code in ("not_a_doc", "corrupt_doc")


def test_missing_tool_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "antiword_path", lambda: None)
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    for fmt, tool in (("doc", "antiword"), ("odt", "LibreOffice")):
        with pytest.raises(ReadError) as info:
            legacy.read_legacy(b"\xd0\xcf\x11\xe0", fmt)
        assert info.value.code == f"{fmt}_reader_missing"
        assert tool in info.value.message


def _rtf_escaped(text: str) -> bytes:
    """A .VnTime run's characters as an RTF file writes them: bytes above 127 as \\'hh escapes."""
    return "".join(c if ord(c) < 128 else f"\\'{c.encode('cp1252')[0]:02x}" for c in text).encode("ascii")


def test_an_rtf_needs_no_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without LibreOffice an .rtf is read by read_rtf: its header table as cells, its TCVN3 text converted."""
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    left = [tcvn3("ỦY BAN NHÂN DÂN"), tcvn3("TỈNH LÂM ĐỒNG"), tcvn3("Số: 256/2004/QĐ-UB")]
    right = [
        tcvn3("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        tcvn3("Độc lập - Tự do - Hạnh phúc"),
        tcvn3("Lâm Đồng, ngày 01 tháng 7 năm 2004"),
    ]

    def cell(lines: list[str]) -> bytes:
        return rb"\pard\intbl " + rb"\par ".join(_rtf_escaped(x) for x in lines) + rb"\cell "

    rtf = (
        rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\fcharset0 .VnTime;}}{\info{\title x}}\f0 "
        + cell(left)
        + cell(right)
        + rb"\row\pard "
        + _rtf_escaped(tcvn3("QUYẾT ĐỊNH"))
        + rb"\par "
        + _rtf_escaped(tcvn3("Về việc ban hành Chương trình cải cách hành chính"))
        + rb"\par}"
    )
    doc = legacy.read_legacy(rtf, "rtf")
    lines = doc.text.split("\n")
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "|"]
    assert "Số: 256/2004/QĐ-UB" in lines and "Lâm Đồng, ngày 01 tháng 7 năm 2004" in lines
    assert lines[-2:] == ["QUYẾT ĐỊNH", "Về việc ban hành Chương trình cải cách hành chính"]
    assert [code for code, _ in doc.warnings] == ["legacy_encoding"]
