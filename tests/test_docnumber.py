"""Document numbers as printed in real headers and references (sources in comments)."""

from __future__ import annotations

import pytest

from khplan.extractors.docnumber import canonical_number, find_numbers

CASES = [
    # (printed, number, symbol, type code)
    ("Số: 155 /KH-TVTP", "155/KH-TVTP", "KH-TVTP", "KH"),  # seed 002
    ("Quyết định số 1520/QĐ-Ttg ngày 09/12/2022", "1520/QĐ-Ttg", "QĐ-Ttg", "QĐ"),  # seed 003, odd case
    ("Nghị quyết số 02-NQ/TU", "02-NQ/TU", "NQ/TU", "NQ"),  # Party numbering
    ("Tờ trình số 164/TTr- SKHCN ngày", "164/TTr-SKHCN", "TTr-SKHCN", "TTr"),  # space after the dash
    ("Công văn 2865/GDĐT –KT&KĐCL", "2865/GDĐT-KT&KĐCL", "GDĐT-KT&KĐCL", None),  # công văn: no type code
    (
        "Chỉ thị số 19/2001/CT/UB ngày 01 tháng 7 năm 2001",
        "19/2001/CT/UB",
        "CT/UB",
        "CT",
    ),  # dev o071, old form
    ("Nghị quyết số 36a/NQ-CP ngày 14/10/2015", "36a/NQ-CP", "NQ-CP", "NQ"),  # dev o036
    (
        "Pháp lệnh số 38/2001/PL-UBTVQH10 ngày 28 tháng 8",
        "38/2001/PL-UBTVQH10",
        "PL-UBTVQH10",
        "PL",
    ),  # dev o023
    ("Kế hoạch số 2616/KH-BNN-TCLN ngày 07/5/2021", "2616/KH-BNN-TCLN", "KH-BNN-TCLN", "KH"),  # dev o009
    ("Số: 1281/-UBND", "1281/-UBND", "-UBND", None),  # dev o013, type code left out
    ("Nghị quyết số 21/2022/NQ-HĐND", "21/2022/NQ-HĐND", "NQ-HĐND", "NQ"),  # dev o010
    # typed into a blank's dots (viparse-corpus 2006-quydinhkiemtra02.doc, UBND tỉnh Cà Mau)
    ("Quyết định số …05…./2006/ QĐ-UBND,", "05/2006/QĐ-UBND", "QĐ-UBND", "QĐ"),
    ("Số: ....12..../KH-UBND", "12/KH-UBND", "KH-UBND", "KH"),
    ("Số: ___7___/TB-UBND", "7/TB-UBND", "TB-UBND", "TB"),
]


@pytest.mark.parametrize(("printed", "number", "symbol", "code"), CASES)
def test_numbers(printed: str, number: str, symbol: str, code: str | None) -> None:
    found = find_numbers(printed)
    assert len(found) == 1
    assert (found[0].number, found[0].symbol, found[0].type_code) == (number, symbol, code)


@pytest.mark.parametrize(
    "text",
    [
        "tổ chức thi lần thứ 7 - năm 2020",  # a dash between a count and a year
        "có 4/9 thư viện quận, huyện",  # a fraction
        "ngày 04/6/2018",  # a date
        "giai đoạn 2021-2025",
        "Số: /KH-UBND",  # blank number
        "Số: ……../2006/QĐ-UBND",  # a blank's dots with nothing typed into them
    ],
)
def test_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_canonical_number_tolerates_case_dd_and_spaces() -> None:
    assert (
        canonical_number("1520/QĐ-Ttg") == canonical_number("1520/QD-TTG") == canonical_number("1520/QĐ TTg")
    )
    assert canonical_number(None) is None


def test_unit_code_in_brackets_is_part_of_the_number() -> None:
    # formats lamdong_vbai_1531bff6.doc: "Tờ trình số 83/TTr-CAT(PA05)"
    assert [n.number for n in find_numbers("Tờ trình số 83/TTr-CAT(PA05) ngày 20/8/2025")] == [
        "83/TTr-CAT(PA05)"
    ]
