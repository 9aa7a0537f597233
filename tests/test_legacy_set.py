"""Legacy-encoded Word 97 .doc, .rtf and PDF files (TCVN3 .VnTime/.VnTimeH, VNI-Times, and a
TCVN3 template filled in Unicode) extract like their Unicode twin.

The files in ``fixtures/legacy`` are real documents' openings typed again the way a Word 97 user
of 1995-2008 did (``fixtures/make_legacy_set.py``, which also builds the large measuring set).
A .doc is read through antiword and, where installed, through LibreOffice; an .rtf through
LibreOffice where installed, and through khplan's own RTF reader (``extractors/read_rtf.py``).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from extractors import legacy
from extractors.formats import read_bytes
from khplan.api import extract_path
from khplan.extractors import read_legacy

from .fixtures.make_legacy_set import canon_number, tcvn3, vni

LEGACY = Path(__file__).parent / "fixtures" / "legacy"
EXPECTED: dict[str, dict[str, Any]] = json.loads((LEGACY / "expected.json").read_text(encoding="utf-8"))
FILES = sorted(p for p in LEGACY.iterdir() if p.suffix in (".doc", ".rtf", ".pdf"))
HAVE_SOFFICE = read_legacy.soffice_path() is not None
HAVE_ANTIWORD = read_legacy.antiword_path() is not None


def _check(path: Path) -> None:
    name = path.name.rsplit(".", 1)[0]
    doc = extract_path(path, path.name)
    want = EXPECTED[name]
    got = (
        canon_number(doc.document.number),
        str(doc.document.issued_date) if doc.document.issued_date else None,
    )
    assert got == (canon_number(want["number"]), want["issued_date"]), path.name
    warned = [w.code for w in doc.warnings if w.code == "legacy_encoding"]
    assert warned == ([] if name.endswith(".unicode") else ["legacy_encoding"]), path.name
    assert doc.document.issuer is not None and doc.document.issuer.name.startswith("Ủy ban nhân dân"), (
        path.name
    )


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".doc"], ids=lambda p: p.name)
def test_a_legacy_doc_through_antiword(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not HAVE_ANTIWORD:
        pytest.skip("antiword is not installed (scripts/system-deps.sh)")
    monkeypatch.setattr(read_legacy, "soffice_path", lambda: None)
    _check(path)


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix in (".doc", ".rtf")], ids=lambda p: p.name)
def test_a_legacy_doc_or_rtf_through_libreoffice(path: Path) -> None:
    if not HAVE_SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed: scripts/system-deps.sh --with-libreoffice")
    _check(path)


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".rtf"], ids=lambda p: p.name)
def test_a_legacy_rtf_through_khplans_own_reader(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_legacy, "soffice_path", lambda: None)
    _check(path)


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".pdf"], ids=lambda p: p.name)
def test_a_legacy_pdf_text_layer(path: Path) -> None:
    _check(path)


# ------------------------------------------------------------------------------ the repair itself


def test_a_tcvn3_template_filled_in_unicode_is_converted_only_where_legacy() -> None:
    blocks = [
        tcvn3("UỶ BAN NHÂN DÂN", "lower"),
        tcvn3("Số: 12/QĐ-UB"),
        "|",
        "Hà Nội, ngày 5 tháng 3 năm 2004",
    ]
    blocks += ["Căn cứ Luật Tổ chức Chính phủ; Chí Linh, Trà Vinh, Bà Rịa"]
    fixed = legacy.repair_blocks(blocks)
    assert fixed is not None
    lines, encoding = fixed
    # "Sè" holds no sign of either kind: its neighbour (legacy) decides.
    assert encoding == "tcvn3" and lines[1] == "Số: 12/QĐ-UB"
    assert lines[3:] == blocks[3:]  # Unicode left alone: "Chí" is not TCVN3's "Chớ"


def test_heading_runs_typed_in_vntimeh_get_their_capitals() -> None:
    marked = legacy.HEADING_OPEN + tcvn3("Cộng hoà xã hội chủ nghĩa Việt Nam", "lower") + legacy.HEADING_CLOSE
    fixed = legacy.repair_blocks([marked, tcvn3("Độc lập - Tự do - Hạnh phúc")])
    assert fixed is not None and fixed[0] == [
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("uỷ ban nhân dân tỉnh bắc ninh", "UỶ BAN NHÂN DÂN TỈNH BẮC NINH"),  # .VnTimeH in small letters
        ("KẾ HOẠCH", "KẾ HOẠCH"),
        ("KÕ HO¹CH".replace("Õ", "ế").replace("¹", "ạ"), "KẾ HOẠCH"),  # Caps Lock: small toned letters
        ("ở nước ta Uỷ ban nhân dân", "Ở nước ta Uỷ ban nhân dân"),  # .VnTime has no capital Ở
        ("Số: 155/KH-UBND", "Số: 155/KH-UBND"),  # the symbol's capitals do not make a heading
        # .VnTimeH typed in sentence case, read without fonts (antiword; viparse-corpus
        # 2005-QDINHUUDAI522.doc): a province or "việt nam" in small letters, or a type heading alone
        ("Tỉnh an giang", "TỈNH AN GIANG"),
        ("Cộng hòa xã hội chủ nghĩa việt nam", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Bản Quy định", "BẢN QUY ĐỊNH"),
        ("Tỉnh An Giang", "Tỉnh An Giang"),
        ("Quyết định của Ủy ban nhân dân tỉnh", "Quyết định của Ủy ban nhân dân tỉnh"),
        (
            "Phạm vi điều chỉnh gồm các dự án đầu tư trên địa bàn tỉnh an giang và các vùng lân cận.\nBản Quy định",
            "Phạm vi điều chỉnh gồm các dự án đầu tư trên địa bàn tỉnh an giang và các vùng lân cận.\nBản Quy định",
        ),  # below the body's first sentence nothing is guessed
    ],
)
def test_restore_case(text: str, want: str) -> None:
    assert legacy.restore_case(text) == want


def test_vni_letters_viparse_lacks() -> None:
    assert legacy.convert(vni("Kỵ, ẳng, Ẳ"), "vni") == "Kỵ, ẳng, Ẳ"


def _docx(runs: list[tuple[str, str]], soft_hyphen_at: int | None = None) -> bytes:
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    for text, font in runs:
        p = document.add_paragraph()
        if soft_hyphen_at is not None:
            p.add_run(text[:soft_hyphen_at]).font.name = font
            p.runs[-1]._element.append(OxmlElement("w:softHyphen"))
            p.add_run(text[soft_hyphen_at:]).font.name = font
        else:
            p.add_run(text).font.name = font
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_a_unicode_docx_declaring_vntime_is_left_alone() -> None:
    # Modern files keep the old font names in their runs: the text decides, not the font.
    lines = [
        ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", ".VnTimeH"),
        ("Số: 12/KH-UBND", ".VnTime"),
        ("Café Müller", ".VnTime"),
    ]
    read = read_bytes(_docx(lines), ".docx")
    assert read.text.split("\n") == [t for t, _ in lines] and not read.warnings


def test_tcvn3_u_with_horn_kept_through_a_word_soft_hyphen() -> None:
    # TCVN3's ư is byte 0xAD, the soft-hyphen slot: LibreOffice turns it into <w:softHyphen/>.
    raw = tcvn3("Thủ tướng Chính phủ quyết định")
    at = raw.index("\u00ad")
    read = read_bytes(_docx([(raw.replace("\u00ad", ""), ".VnTime")], soft_hyphen_at=at), ".docx")
    assert read.text == "Thủ tướng Chính phủ quyết định"


def test_a_heading_font_inherited_from_a_paragraph_style() -> None:
    # A real Word 97 file (viparse-corpus 2005-QDINHUUDAI522.doc, UBND tỉnh An Giang): the issuer's
    # second line "TØnh an giang" has no font of its own; its "Heading 1" style sets .VnTimeH.
    import docx

    document = docx.Document()
    document.styles["Heading 1"].font.name = ".VnTimeH"
    first = document.add_paragraph()
    first.add_run(tcvn3("ủy ban nhân dân", "lower")).font.name = ".VnTimeH"
    document.add_paragraph(tcvn3("Tỉnh an giang"), style="Heading 1")
    document.add_paragraph(tcvn3("Long Xuyên, ngày 07 tháng 3 năm 2002")).runs[0].font.name = ".VnTime"
    buf = io.BytesIO()
    document.save(buf)
    read = read_bytes(buf.getvalue(), ".docx")
    assert read.text.split("\n")[:3] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH AN GIANG",
        "Long Xuyên, ngày 07 tháng 3 năm 2002",
    ]


def test_a_document_default_heading_font() -> None:
    # The document's default font (w:docDefaults) is .VnTimeH; one run has .VnTime of its own.
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    fonts = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    fonts.set(qn("w:ascii"), ".VnTimeH")
    document.add_paragraph(tcvn3("Tỉnh an giang"))
    document.add_paragraph(tcvn3("Thực hiện Quyết định số 12/QĐ-UBND")).runs[0].font.name = ".VnTime"
    buf = io.BytesIO()
    document.save(buf)
    read = read_bytes(buf.getvalue(), ".docx")
    assert read.text.split("\n") == ["TỈNH AN GIANG", "Thực hiện Quyết định số 12/QĐ-UBND"]
