"""Vietnamese numbers and the quantities a target states (extractors/numbers.py)."""

from __future__ import annotations

import pytest

from khplan.extractors.numbers import find_quantities, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("29.000", 29000),  # seed 002 line 37
        ("2.970.000", 2970000),  # seed 002 line 37
        ("13,5", 13.5),
        ("100", 100),
        ("hai", 2),
        ("mười", 10),
        ("2025,", None),
        ("abc", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


Q = tuple[float, float | None, str]
CASES: list[tuple[str, list[Q]]] = [
    # seed 002 line 37
    (
        "Năm 2019: Bổ sung 29.000 bản sách – Phục vụ 2.970.000 lượt người",
        [(29000, None, "bản sách"), (2970000, None, "lượt người")],
    ),
    # seed 001 line 21
    ("Đến năm 2030, tăng bình quân 5 - 10% mỗi năm.", [(5, 10, "%")]),
    # seed 003 line 8
    (
        "Đến năm 2030, đạt 100%, 93%, 50% và 100% các chỉ tiêu tương ứng.",
        [(100, None, "%"), (93, None, "%"), (50, None, "%"), (100, None, "%")],
    ),
    # seed 002 line 45: "4 of 9 libraries" states 4
    ("Phần đầu đến năm 2020 có 4/9 thư viện quận, huyện cung cấp dịch vụ", [(4, None, "thư viện")]),
    # seed 002 line 47
    ("phần đầu đến năm 2020 đạt tổng cộng 15.000 tài khoản điện tử.", [(15000, None, "tài khoản điện tử")]),
    ("tăng từ 10% đến 15% so với năm 2020", [(10, 15, "%")]),
    ("xây dựng ít nhất hai thư viện", [(2, None, "thư viện")]),
    ("tỷ lệ 13,5%", [(13.5, None, "%")]),
    # nothing to count: seed 004 line 107, a date, an article, a phone number
    ("7. Ủy ban nhân dân 16 phường", []),
    ("ngày 01 tháng 11 năm 2022", []),
    ("theo khoản 2 Điều 5 của Luật", []),
    ("Điện thoại: 0292.3820.123", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_quantities(text: str, expected: list[Q]) -> None:
    got = [(q.value, q.value_max, q.unit) for q in find_quantities(text)]
    assert got == expected
