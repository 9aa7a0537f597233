"""Real legacy-encoded documents of 1995-2008 (``samples/legacy``, provenance there): TCVN3 and
VNI-Times Word 97 .doc, .rtf and PDF files as government sites published them. Each row is the
header read by hand: type, number and issue date, ``None`` where the document prints none (a
report, a blank form, a law that states only its passage date).

A .doc is read through LibreOffice where installed, and through antiword in any case; an .rtf
through LibreOffice where installed, and through khplan's own RTF reader in any case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from khplan.api import extract_path
from khplan.extractors import read_legacy
from khplan.extractors.read_legacy import close_rtf_groups

LEGACY = Path(__file__).resolve().parents[1] / "samples" / "legacy"

# file, doc_type, number, issued_date
HEADERS: list[tuple[str, str | None, str | None, str | None]] = [
    ("2002-0112qd.doc", "QĐ", "12/2001/QĐ-BTC", "2001-03-13"),
    ("2003-02120.doc", "TT", "120/2002/TT-BTC", "2002-12-30"),
    ("2003-02144qd.doc", "QĐ", "144/2002/QĐ/BTC", "2002-11-22"),
    ("2003-A-15.rtf", "NĐ", "94/1998/NĐ-CP", "1998-11-17"),
    ("2003-A04.rtf", "TT", "99/1998/TT-BTC", "1998-07-14"),
    ("2003-A05.rtf", "TT", "13/2001/TT-BTC", "2001-03-08"),
    ("2003-A06.rtf", "TT", "08/2001/TT-BTC", "2001-01-18"),
    ("2003-A16.rtf", "TT", "172/1998/TT/BTC", "1998-12-22"),
    ("2003-A28.rtf", "TT", "40/2000/TT/BTC", "2000-05-15"),
    ("2003-A30.rtf", "TT", "117/2000/TT-BTC", "2000-12-21"),
    # "THÔNG TƯ" / "LIÊN TỊCH BỘ TÀI CHÍNH - …" / "SỐ 120/2000/TTLT-… NGÀY 25 THÁNG 12 NĂM 2000": no "của"
    ("2003-A37.rtf", "TTLT", "120/2000/TTLT-BTC-BCN-TCHQ", "2000-12-25"),
    ("2003-TT132001.doc", "TT", "13/2001/TT-BTC", "2001-03-08"),
    ("2004-0328NDCP.doc", "NĐ", "28/2003/NĐ-CP", "2003-03-31"),
    ("2004-19Z9A_Luat_hop_tac_xasuadoi.doc", "L", "18/2003/QH11", "2003-11-26"),
    ("2004-A3.rtf", "NĐ", "26/2001/NĐ-CP", "2001-06-04"),
    ("2004-A33.rtf", "TTLT", "176/1998/TTLT-BTC-BCN-TCHQ", "1998-12-25"),
    ("2004-A40.rtf", "L", None, "1998-05-20"),  # a law: no number, its passage date at the end
    ("2004-B6.doc", "QĐ", "1141-TC/QĐ/CĐKT", "1995-11-01"),
    ("2004-B8.doc", "TT", "155/1998/TT/BTC", "1998-12-08"),
    ("2004-NghiDinh114_2003.doc", "NĐ", "114/2003/NĐ-CP", "2003-10-10"),
    ("2004-NghiDinh115_2003.doc", "NĐ", "115/2003/NĐ-CP", "2003-10-10"),
    # "Nghị định của Chính phủ" / "số 116/2003/NĐ-CP ngày 10/10/2003": the date on the number's line
    ("2004-NghiDinh116_2003.doc", "NĐ", "116/2003/NĐ-CP", "2003-10-10"),
    ("2004-NghiDinh117_2003.doc", "NĐ", "117/2003/NĐ-CP", "2003-10-10"),
    ("2004-NghiDinh29_1998.doc", "NĐ", "29/1998/NĐ-CP", "1998-05-11"),
    ("2004-TT1691998.doc", "TT", "169/1998/TT-BTC", "1998-12-22"),
    # "Báo cáo" over a government report: no number of its own, though its body says that
    # "Chính phủ đã ban hành Nghị quyết số 01/2004/NQ-CP …" (no news article about that resolution)
    ("2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.pdf", "BC", None, None),
    ("2005-4_0147qd.rtf", "QĐ", "147/2004/QĐ-UB", "2004-05-31"),  # a capture cut short
    ("2005-QD-256.doc", "QĐ", "256/2004/QĐ-UB", "2004-07-01"),
    # "BẢN QUY ĐỊNH" attached to Quyết định 522/2002/QĐ.UB: no number of its own, its own date line
    ("2005-QDINHUUDAI522.doc", "QyĐ", None, "2002-03-07"),
    # "QUY ĐỊNH (Ban hành kèm theo Quyết định số …05…./2006/ QĐ-UBND, ngày …25..tháng 01 năm 2006
    # của UBND tỉnh Cà Mau)": no number or date line of its own
    ("2006-quydinhkiemtra02.doc", "QyĐ", None, None),
    ("2006-10_TTLT.rtf", "TTLT", "10/2000/TTLT/BKH-BTP-BNG-BCA", "2000-07-15"),  # "TTLT/ BKH-…"
    ("2006-16EZE_TT01.06GopvonDNNVV.pdf", "TT", "01/2006/TT-NHNN", "2006-02-20"),
    ("2006-19412_QD115.04TTg_BLTch_DNNVV.pdf", "QĐ", "115/2004/QĐ-TTg", "2004-06-25"),
    ("2006-1E499_ND109veDKKD_dacotrenmucPTDNN-V.pdf", "NĐ", "109/2004/NĐ-CP", "2004-04-02"),
    ("2007-1AF57_02-2007.pdf", None, None, None),  # a monthly statistics report
    ("2007-Quy-che-chi-tieu-noi-bo-2007.doc", "QĐ", None, None),  # "Soá : /QÑ. BQL–VP": left blank
    ("2008-23.QD-991-UBND.doc", "QĐ", "991/QĐ-UBND", "2008-05-14"),
    ("2009-download.doc", None, None, None),  # a blank form
]


def test_the_table_covers_every_sample() -> None:
    on_disk = {p.name for p in LEGACY.iterdir() if p.suffix in (".doc", ".rtf", ".pdf")}
    assert on_disk == {row[0] for row in HEADERS}


@pytest.mark.parametrize(("name", "doc_type", "number", "date"), HEADERS, ids=[r[0] for r in HEADERS])
def test_a_real_legacy_header(name: str, doc_type: str | None, number: str | None, date: str | None) -> None:
    path = LEGACY / name
    have_soffice = read_legacy.soffice_path() is not None
    if path.suffix == ".doc" and not have_soffice and read_legacy.antiword_path() is None:
        pytest.skip("neither LibreOffice nor antiword is installed: scripts/system-deps.sh")
    doc = extract_path(path, name)
    assert not doc.errors, doc.errors
    got = (doc.document.doc_type, doc.document.number, doc.document.issued_date)
    assert got == (doc_type, number, date)


LIGHT = [row for row in HEADERS if row[0].endswith((".doc", ".rtf"))]


@pytest.mark.parametrize(("name", "doc_type", "number", "date"), LIGHT, ids=[r[0] for r in LIGHT])
def test_a_real_legacy_file_without_libreoffice(
    name: str, doc_type: str | None, number: str | None, date: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The light paths, where LibreOffice is not installed. antiword runs a .doc's header table
    cells into one line ("Số: 991/QĐ-UBND Đồng Xoài, ngày 14 tháng5 năm 2008") and loses its
    capitals; read_rtf reads an .rtf's code pages by font, its text boxes and cut-short files."""
    if name.endswith(".doc") and read_legacy.antiword_path() is None:
        pytest.skip("antiword is not installed (scripts/system-deps.sh)")
    monkeypatch.setattr(read_legacy, "soffice_path", lambda: None)
    doc = extract_path(LEGACY / name, name)
    assert (doc.document.doc_type, doc.document.number, doc.document.issued_date) == (doc_type, number, date)


@pytest.mark.parametrize(
    ("rtf", "closed"),
    [
        (rb"{\rtf1{\fonttbl{\f0 Times;}}{\f0 S\'e8: 147}", rb"{\rtf1{\fonttbl{\f0 Times;}}{\f0 S\'e8: 147}}"),
        (rb"{\rtf1 \par }{\b x", rb"{\rtf1 \par }{\b x}"),
        (rb"{\rtf1 a brace \{ in text", rb"{\rtf1 a brace \{ in text}"),  # an escaped brace is text
        (rb"{\rtf1 \'7b", rb"{\rtf1 \'7b}"),  # so is one written as a hex escape
        (rb"{\rtf1 whole}", None),
    ],
)
def test_a_truncated_rtf_is_closed(rtf: bytes, closed: bytes | None) -> None:
    assert close_rtf_groups(rtf) == closed
