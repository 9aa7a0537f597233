from __future__ import annotations

import pytest

from khplan.extractors.dates import blank_date, date_opening, find_dates, smudged_date

CASES = [
    ("ngày 27 tháng 01 năm 2014", (2014, 1, 27)),
    ("ngày 04/6/2018", (2018, 6, 4)),
    ("Bắc Ninh, ngày 26 tháng 5 năm 2017", (2017, 5, 26)),
    ("An Giang, ngày 26\ntháng 8 năm 2021", (2021, 8, 26)),  # dev o003: broken over two lines
    ("Cẩm Long, ngày tháng năm 2023", (2023, None, None)),  # seed 001: blank day and month
    ("Quyết Thắng, ngày    tháng    năm 2012", (2012, None, None)),  # dev o027
    ("Lào cai, Ngày 30 tháng 9 năm 2025", (2025, 9, 30)),
    ("ký ngày 03.12.2007", (2007, 12, 3)),
    ("ngày 15-11-2015", (2015, 11, 15)),
    ("ngày 19 tháng 6 tháng 2025", (2025, 6, 19)),  # dev o068: misprinted year word
    # a day and a month typed into a blank's dots (viparse-corpus 2006-quydinhkiemtra02.doc)
    ("ngày …25..tháng 01 năm 2006", (2006, 1, 25)),
    ("ngày ...05... tháng ..12.. năm 2007", (2007, 12, 5)),
    ("ngày.....tháng.....năm 2006", (2006, None, None)),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dates(text: str, expected: tuple[int, int | None, int | None]) -> None:
    d = find_dates(text)[0]
    assert (d.year, d.month, d.day) == expected


@pytest.mark.parametrize("text", ["ngày 31/02/2020", "Điều 5/2", "tỷ lệ 13/5", "năm 2020"])
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NGÀY 01 THÁNG 11 NĂM 1995 VỀ VIỆC", "1995-11-01"),  # an old title's date, after its number
        ("NGÀY 1-3-1997 VỀ", "1997-03-01"),
        ("ngày 13 tháng 5 năm 1998 Hướng dẫn", "1998-05-13"),
        ("VỀ VIỆC ... ngày 13 tháng 5 năm 1998", None),  # a date further on does not open the text
        ("1-3-1997", None),  # without "ngày"
    ],
)
def test_date_opening(text: str, expected: str | None) -> None:
    d = date_opening(text, 0)
    assert (d.iso if d else None) == expected


@pytest.mark.parametrize(
    ("line", "year"),
    [
        # a scan's handwritten day and month, read by OCR as marks (VBAI 1_4552 and 1_4409, Bộ Công an)
        ("Hà Nội, ngày Ÿ tháng/2năm 2025", 2025),
        ("Hà Nội, ngày đ{ tháng -{Đ năm 2025", 2025),
        # the ink took the "t" of "tháng" with it (thanhvu16/so_tn_mt_c3, Sở GTVT Hà Nội, 2020)
        ("Hà Nội, ngày S2háng 8 năm 2020", 2020),
        ("Kiên Giang, ngày |„9__ tháng 10 năm 2017", 2017),
        # a stroke OCR'd as "|", a line break in the matching view (ldkhoa00/QuanLyCongVan, 2023)
        ("Cần Thơ, ngày -?£ tháng \nC năm 2023", 2023),
        # a line break with more than a smudge between the words: no date line
        ("ngày 5\nKính gửi: các Sở\ntháng 3 năm 2020", None),
        # not a date line at all, or a year out of range
        ("Kính gửi: Ủy ban nhân dân tỉnh", None),
        ("ngày ... tháng ... năm 1850", None),
    ],
)
def test_smudged_date_keeps_the_year(line: str, year: int | None) -> None:
    got = smudged_date(line, 0, len(line))
    read = (got.year, got.month, got.day) if got else None
    assert read == ((year, None, None) if year else None)


@pytest.mark.parametrize(
    ("line", "blank"),
    [
        ("Hà Nội, ngày ..... tháng ..... năm .......", True),  # a draft Quyết định (Bộ Tư pháp)
        ("Lâm Đồng, ngày      tháng      năm 20", True),
        ("Bắc Giang, ngày … tháng … năm …", True),
        ("Hà Nội, ngày 15 tháng 5 năm 2025", False),  # a date
        ("Phú Thọ, ngày   tháng 12 năm 2011", False),  # a month and year: not blank
        ("ngày tháng năm sinh của người đề nghị", False),  # words after "năm"
    ],
)
def test_a_date_line_left_blank(line: str, blank: bool) -> None:
    found = blank_date(line, 0, len(line))
    assert (found is not None) == blank
    if found is not None:
        assert (found.year, found.month, found.day) == (None, None, None)
