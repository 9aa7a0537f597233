"""HTML reader: the document body only, header table in reading order."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extractors.read_html import read_html
from extractors.reading import ReadError

FIXTURES = Path(__file__).parent / "fixtures"


def test_saved_page() -> None:
    doc = read_html((FIXTURES / "saved_page.html").read_bytes())
    assert doc.format == "html"
    assert doc.text.split("\n")[:9] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH AN GIANG",
        "|",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "|",
        "Số: 1994/QĐ-UBND",
        "|",
        "An Giang, ngày 26 tháng 8 năm 2021",
    ]


@pytest.mark.parametrize("chrome", ["Trang chủ", "Đăng nhập", "tracking", "9999", "Bản quyền", "color: red"])
def test_chrome_left_out(chrome: str) -> None:
    assert chrome not in read_html((FIXTURES / "saved_page.html").read_bytes()).text


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            b"<html><body><p>K\xe1\xba\xbf ho\xe1\xba\xa1ch</p><p>s\xe1\xbb\x91 5</p></body></html>",
            "Kế hoạch\n\nsố 5",
        ),
        (
            # Windows-1258 writes tones as combining marks: "Chỉ thị" comes back composed (NFC).
            unicodedata.normalize(
                "NFD", "<html><head><meta charset='windows-1258'></head><body>Chỉ thị</body></html>"
            ).encode("cp1258"),
            "Chỉ thị",
        ),
        # a line break is one newline, not a paragraph's end: the lines of one title stay together
        # (vbpl.vn, Nghị định 49/2026/NĐ-CP: its title is one <p> in three <br>-broken lines)
        (b"<html><body>a<br>b</body></html>", "a\nb"),
        (
            "<html><body><p><strong>Quy định chi tiết một số điều của Nghị quyết </strong><br/>"
            "<strong>số 254/2025/QH15 của Quốc hội</strong></p><p>Căn cứ Luật Tổ chức Chính phủ;</p>"
            "</body></html>".encode(),
            "Quy định chi tiết một số điều của Nghị quyết\nsố 254/2025/QH15 của Quốc hội\n\n"
            "Căn cứ Luật Tổ chức Chính phủ;",
        ),
        (b"<html><body><p>a<br><br>b</p></body></html>", "a\n\nb"),
    ],
)
def test_small_pages(html: bytes, expected: str) -> None:
    assert read_html(html).text == expected


def test_empty_page() -> None:
    with pytest.raises(ReadError) as info:
        read_html(b"<html><body><script>x()</script></body></html>")
    assert info.value.code == "empty_document"
