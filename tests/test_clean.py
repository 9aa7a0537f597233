from __future__ import annotations

import pytest

from khplan.extractors.clean import fold, fold_same_length, matching_view, normalize_text, normalize_tones


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoá", "hóa"),
        ("Hoà Bình", "Hòa Bình"),
        ("thuỷ lợi", "thủy lợi"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("khoẻ", "khỏe"),
        ("HOÁ", "HÓA"),
        ("Thuỳ", "Thùy"),
        # unchanged: closed syllables, "qu" + y, already new style
        ("hoàn thành", "hoàn thành"),
        ("quý III", "quý III"),
        ("hóa", "hóa"),
        ("thuyết trình", "thuyết trình"),
    ],
)
def test_one_tone_style_same_length(old: str, new: str) -> None:
    assert normalize_tones(old) == new
    assert len(normalize_tones(old)) == len(old)


def test_normalize_text_repairs_spaces_and_composes() -> None:
    decomposed = "Ke\u0302\u0301 hoa\u0323ch"  # "Kế hoạch" typed with combining marks
    assert normalize_text(decomposed + "\u00a0số\u200b 5\r\n") == "Kế hoạch số 5\n"


def test_view_blanks_markdown_and_pipes_keeping_offsets() -> None:
    text = "## **KẾ HOẠCH**\nỦY BAN | CỘNG HÒA"
    view = matching_view(text)
    assert len(view) == len(text)
    assert view.split("\n")[0].strip() == "KẾ HOẠCH"
    assert view.split("\n")[1:] == ["ỦY BAN ", " CỘNG HÒA"]


def test_fold() -> None:
    assert fold("Đắk Lắk") == "dak lak"
    s = "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    assert fold_same_length(s) == "uy ban nhan dan tinh bac ninh"
    assert len(fold_same_length(s)) == len(s)


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        # vbpl.vn: a Cyrillic С in the symbol of "Thông tư số 152/2025/TT-BTC"
        ("Thông tư số 152/2025/TT-BTС Hướng dẫn kế toán", "Thông tư số 152/2025/TT-BTC Hướng dẫn kế toán"),
        ("Số hiệu152/2025/TT-BTС", "Số hiệu152/2025/TT-BTC"),
        # a PDF font that maps ư to the Latin letter oi (vbpl.vn's text of 06/VBHN-BNV)
        ("Quy định chi tiết và hƣớng dẫn thi hành", "Quy định chi tiết và hướng dẫn thi hành"),
        ("TRƢỜNG ĐẠI HỌC", "TRƯỜNG ĐẠI HỌC"),
        ("thƣ\u0301 hai", "thứ hai"),  # with a combining tone mark: composed after the repair
        ("Số: 1105\u2044KH-ĐKT", "Số: 1105/KH-ĐKT"),  # OCR's fraction slash (Lào Cai scan, 2026)
        # Cyrillic words stay Cyrillic; a Cyrillic letter with no Latin twin is no slip
        ("Hiệp định ký tại Москва", "Hiệp định ký tại Москва"),
        ("Liên bang Nga (Российская Федерация)", "Liên bang Nga (Российская Федерация)"),
        ("mã Б12", "mã Б12"),
    ],
)
def test_normalize_text_gives_back_letters_a_font_replaced(raw: str, repaired: str) -> None:
    assert normalize_text(raw) == repaired
