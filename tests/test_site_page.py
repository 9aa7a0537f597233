"""Pages of legal-document sites saved from their attribute tab ("Thuộc tính"): real pages in
``samples/site_pages`` end to end, and the attribute table's rules on real and near-miss lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import khplan
from khplan.extractors.clean import matching_view
from khplan.extractors.site_page import find_site_attributes

PAGES = Path(__file__).resolve().parents[1] / "samples" / "site_pages"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "vbpl_doc_000008.txt",
            {
                "doc_type": "VBHN",
                "number": "8376/VBHN-BTP",
                "issuer": "Bộ Tư pháp",
                "issued_date": "2025-12-18",
                "title": "Quy định chế độ báo cáo công tác thi hành pháp luật về xử lý vi phạm hành chính",
                "signer": ("Phan Chí Hiếu", "Thứ trưởng"),
            },
        ),
        (
            "vbpl_doc_000054.txt",
            {
                "doc_type": "TT",
                "number": "152/2025/TT-BTC",
                "issuer": "Bộ Tài chính",
                "issued_date": "2025-12-31",
                "title": "Hướng dẫn kế toán cho các hộ kinh doanh, cá nhân kinh doanh",
                "signer": ("Nguyễn Đức Tâm", "Thứ trưởng"),
            },
        ),
        (
            "vbpl_doc_000078.txt",
            {
                "doc_type": "VBHN",
                "number": "8632/VBHN-BTP",
                "issuer": "Bộ Tư pháp",
                "issued_date": "2025-12-26",
                "title": "Quy định biện pháp hỗ trợ, hướng dẫn người bị thiệt hại thực hiện thủ tục yêu cầu "
                "bồi thường nhà nước",
                "signer": ("Nguyễn Thanh Tú", "Thứ trưởng"),
            },
        ),
        (
            "vbpl_doc_000198.txt",
            {
                "doc_type": "NQ",
                "number": "08/2021/QH15",
                "issuer": "Quốc hội",
                "issued_date": "2021-07-23",
                "title": "Về cơ cấu tổ chức của Chính phủ nhiệm kỳ Quốc hội khóa X",
                "signer": ("Vương Đình Huệ", "Chủ tịch Quốc hội"),
            },
        ),
    ],
)
def test_a_saved_attribute_page_gives_the_documents_metadata(name: str, expected: dict[str, Any]) -> None:
    doc = khplan.extract(PAGES / name)
    info = doc.document
    got = {
        "doc_type": info.doc_type,
        "number": info.number,
        "issuer": info.issuer.name if info.issuer else None,
        "issued_date": info.issued_date,
        "title": info.title,
        "signer": (info.signer.name, info.signer.position) if info.signer else None,
    }
    assert got == expected
    assert [w.code for w in doc.warnings] == ["site_attributes"]
    assert doc.references == []  # the page names the document itself, over and over


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        # thuvienphapluat-style: labels with colons, one per line
        (
            "Số hiệu: 12/KH-UBND\nLoại văn bản: Kế hoạch\nNơi ban hành: Tỉnh Lâm Đồng\n"
            "Người ký: Nguyễn Văn A\nNgày ban hành: 02/03/2024\nNgày hiệu lực: Đã biết\n",
            {
                "number": "12/KH-UBND",
                "doc_type": "Kế hoạch",
                "issuer": "Tỉnh Lâm Đồng",
                "signer": "Nguyễn Văn A",
                "issued_date": "02/03/2024",
            },
        ),
        # a page typed without diacritics
        (
            "SO HIEU: 12/KH-UBND\nLOAI VAN BAN: Ke hoach\nNgay ban hanh: 02/03/2024\n",
            {"number": "12/KH-UBND", "doc_type": "Ke hoach", "issued_date": "02/03/2024"},
        ),
        # "--" is the site's empty cell: the field is not given
        (
            "Số hiệu08/VBHN-BCT\n | Loại văn bảnVăn bản hợp nhất\n | Ngày ký xác thực03/02/2026\n"
            " | Cơ quan ban hànhBộ Công Thương\n | \nChức danh--\n | Người ký--\n |",
            {
                "number": "08/VBHN-BCT",
                "doc_type": "Văn bản hợp nhất",
                "issued_date": "03/02/2026",
                "issuer": "Bộ Công Thương",
            },
        ),
        # a register's column headings: labels with no values
        ("STT\nSố ký hiệu\nNgày ban hành\nTrích yếu\nCơ quan ban hành\n1\n12/KH-UBND\n02/03/2024\n", None),
        # a document's own lines that open with a label's words go on in lower case
        (
            "Số hiệu của tài khoản: 3712.0.1234567\nNgày ban hành văn bản: 02/03/2024\n"
            "Loại văn bản khác: công văn\n",
            None,
        ),
        # a number label whose value is no document number (a form's serial number)
        ("Số hiệu: AB-1234\nLoại văn bản: Biểu mẫu\nNgày ban hành: 02/03/2024\n", None),
    ],
)
def test_the_attribute_table(text: str, fields: dict[str, str] | None) -> None:
    site = find_site_attributes(matching_view(text))
    got = {name: f.value for name, f in site.fields.items()} if site else None
    assert got == fields


def test_a_documents_own_header_wins_over_the_table_above_it() -> None:
    """A page that shows the table and then the document: the table fills only what the header lacks."""
    text = (
        "Số hiệu: 12/KH-UBND\nLoại văn bản: Kế hoạch\nNgày ban hành: 02/03/2024\nNgười ký: Nguyễn Văn A\n\n"
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\n"
        "Số: 12/KH-UBND\n|\nLâm Đồng, ngày 02 tháng 3 năm 2024\n\nKẾ HOẠCH\nTriển khai chuyển đổi số năm 2024\n\n"
        "Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ.\n"
    )
    doc = khplan.extract(text)
    info = doc.document
    assert (info.number, info.issued_date, info.place) == ("12/KH-UBND", "2024-03-02", "Lâm Đồng")
    assert info.issuer is not None and info.issuer.name == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert info.title == "Triển khai chuyển đổi số năm 2024"
    assert "site_attributes" not in [w.code for w in doc.warnings]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "vbpl_doc_000018.html",
            {
                "number": "131/2025/TT-BCA",
                "issued_date": "2025-12-25",
                "title": "Sửa đổi, bổ sung một số điều của Thông tư số 62/2023/TT-BCA ngày 14 tháng 11 năm 2023 "
                "của Bộ trưởng Bộ Công an quy định về tiêu chuẩn sức khỏe đặc thù và khám sức khỏe đối với "
                "lực lượng Công an nhân dân",
            },
        ),
        (
            "vbpl_doc_000048.html",
            {
                "number": "03/2026/TT-BGDVĐT",
                "issued_date": "2026-01-30",
                "title": "QUY ĐỊNH QUY TẮC ỨNG XỬ CỦA NHÀ GIÁO",
            },
        ),
    ],
)
def test_a_saved_document_page_is_read_from_the_document_not_the_sites_heading(
    name: str, expected: dict[str, str]
) -> None:
    """The site's heading and status ("Còn hiệu lực", "Ngày cập nhật") stand above the document
    in the page's main content; the text read starts at the document's own header."""
    from khplan.extractors.read_html import read_html

    data = (PAGES / name).read_bytes()
    text = read_html(data).text
    assert "Còn hiệu lực" not in text and "Ngày cập nhật" not in text
    assert text.split("\n", 1)[0].isupper()  # the issuer's line opens it
    info = khplan.extract(PAGES / name).document
    assert {"number": info.number, "issued_date": info.issued_date, "title": info.title} == expected


def test_a_table_alone_gives_the_fields() -> None:
    """No heading names the document: every field comes from the table, the number from its
    cell even when the site glues it to the label or writes more after it (vbpl.vn, 1994)."""
    text = (
        "Thuộc tính\n\nSố hiệu867/QĐ-QLTA Lỗi\n | Loại văn bảnQuyết định\n | Ngành--\n"
        " | Ngày ban hành07/10/1994\n | Cơ quan ban hànhBộ Tư pháp\n | Chức danhThứ trưởng\n"
        " | Người kýNguyễn Văn Sản\n |"
    )
    info = khplan.extract(text).document
    assert (info.doc_type, info.number, info.issued_date) == ("QĐ", "867/QĐ-QLTA", "1994-10-07")
    assert info.issuer is not None and info.issuer.name == "Bộ Tư pháp"
    assert info.signer is not None and (info.signer.name, info.signer.position) == (
        "Nguyễn Văn Sản",
        "Thứ trưởng",
    )
    assert info.title is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # vbpl.vn doc_000253 (phanbasongtoan112-art/vbpl-layout-detection), read from its HTML: the site's
        # copy of the document lost its header, so the page's heading above "THÔNG TƯ" names it
        (
            "Thông tư số 86/2025/TT-BNNMT Ban hành Quy chuẩn kỹ thuật quốc gia về chất lượng phân bón\n\n"
            "Chưa có hiệu lực\n\nNgày có hiệu lực:30/06/2026\n\nNgày cập nhật:16/04/2026\n\nTHÔNG TƯ\n\n"
            "Ban hành Quy chuẩn kỹ thuật quốc gia về chất lượng phân bón\n\n"
            "Căn cứ Luật Trồng trọt số 31/2018/QH14, được sửa đổi, bổ sung bởi Luật số 146/2025/QH15;\n",
            "86/2025/TT-BNNMT",
        ),
        # a heading naming a document of another type is a citation, not this document
        (
            "Nghị định số 12/2025/NĐ-CP\n\nTHÔNG TƯ\n\nHướng dẫn thi hành Nghị định số 12/2025/NĐ-CP\n\n"
            "Căn cứ Luật Tổ chức Chính phủ;\n",
            None,
        ),
    ],
)
def test_a_sites_heading_names_a_document_that_lost_its_number_line(text: str, number: str | None) -> None:
    doc = khplan.extract(text)
    assert doc.document.number == number
    if number:
        assert number not in {r.number for r in doc.references}  # the document itself is no reference
