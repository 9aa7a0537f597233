"""PDF reader: header layout, e-signature widgets, running headers, OCR and broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors.ocr import _failure, fix_ocr_word, tesseract_available
from extractors.read_pdf import (
    MIN_QUALITY,
    TextLine,
    Word,
    _convert_legacy_layer,
    clean_page_lines,
    continues,
    end_title_block,
    foreign_ocr_layer,
    group_rows,
    has_widgets,
    join_paragraphs,
    not_stamped_over,
    order_header_cells,
    read_pdf,
    running_lines,
    table_rows,
    text_quality,
)
from extractors.reading import ReadError

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = Path(__file__).parents[1].parent / "shared" / "eval" / "formats" / "docs"


def real(name: str) -> bytes:
    path = FORMATS / name
    if not path.is_file():
        pytest.skip(f"shared eval file {path} is absent (shared/ not beside the repo)")
    return path.read_bytes()


def assert_in_order(text: str, *parts: str) -> None:
    """Each part occurs in ``text``, each after the previous one."""
    pos = -1
    for part in parts:
        found = text.find(part, pos + 1)
        assert found > pos, f"{part!r} missing or out of order in {text[:600]!r}"
        pos = found


# Real gazette and signed PDFs: the header comes out issuer | motto | Số | place-date, then the heading.
REAL_HEADERS = [
    (
        "congbao_chi-thi-so-21-ct-ttg-469580.pdf",
        "THỦ TƯỚNG CHÍNH PHỦ",
        "Số: 21/CT-TTg",
        "Hà Nội, ngày 20 tháng 5 năm 2026",
        "CHỈ THỊ",
    ),
    (
        "congbao_nghi-quyet-so-113-nq-cp-469448.pdf",
        "CHÍNH PHỦ",
        "Số: 113/NQ-CP",
        "Hà Nội, ngày 25 tháng 4 năm 2026",
        "NGHỊ QUYẾT",
    ),
    (
        "congbao_quyet-dinh-so-28-2021-qd-ttg-34546.pdf",
        "THỦ TƯỚNG CHÍNH PHỦ",
        "Số: 28/2021/QĐ-TTg",
        "Hà Nội, ngày 01 tháng 10 năm 2021",
        "QUYẾT ĐỊNH",
    ),
    (
        "congbot_nd55-2023-nd-cp_main.pdf",
        "CHÍNH PHỦ",
        "Số: 55/2023/NĐ-CP",
        "Hà Nội, ngày 21 tháng 7 năm 2023",
        "NGHỊ ĐỊNH",
    ),
    # E-signed: number, day, month and year are signature-widget appearances.
    (
        "lamdong_vbai_8c89f362.pdf",
        "VĂN PHÒNG CHÍNH PHỦ",
        "Số: 2003/CĐ-VPCP",
        "Hà Nội, ngày 07 tháng 10 năm 2025",
        "CÔNG ĐIỆN",
    ),
]


@pytest.mark.parametrize(("name", "issuer", "number", "date", "heading"), REAL_HEADERS)
def test_real_pdf_header_order(name: str, issuer: str, number: str, date: str, heading: str) -> None:
    doc = read_pdf(real(name))
    assert doc.format == "pdf" and not doc.ocr
    head = doc.text[:1500]
    assert_in_order(head, issuer, "|", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "|", number, "|", date, heading)


@pytest.mark.parametrize(
    ("name", "pages"),
    [
        ("congbao_quyet-dinh-so-28-2026-qd-ttg-469679.pdf", 36),
        ("congbao_quyet-dinh-so-08-2022-qd-ttg-36945.pdf", 17),
    ],
)
def test_gazette_running_headers_dropped(name: str, pages: int) -> None:
    doc = read_pdf(real(name))
    assert doc.pages == pages and len(doc.page_offsets) == pages
    assert "CÔNG BÁO/Số" not in doc.text
    assert doc.page_offsets == sorted(doc.page_offsets)


def test_signature_stamp_kept_out_of_body() -> None:
    doc = read_pdf(real("congbao_quyet-dinh-so-28-2021-qd-ttg-34546.pdf"))
    assert "Thời gian ký" not in doc.text
    stamps = [m for code, m in doc.warnings if code == "signature_stamp"]
    assert stamps and "Văn phòng Chính phủ" in stamps[0]


def test_page_numbers_dropped_and_offsets() -> None:
    doc = read_pdf(real("congbot_nd55-2023-nd-cp_main.pdf"))
    for start in doc.page_offsets[1:]:
        first_line = doc.text[start:].split("\n", 1)[0]
        assert not first_line.strip().isdigit(), first_line


def test_fixture_layout_pdf() -> None:
    doc = read_pdf((FIXTURES / "header_layout.pdf").read_bytes())
    assert doc.pages == 2 and not doc.ocr
    lines = doc.text.split("\n")
    assert lines[:9] == [
        "UY BAN NHAN DAN",
        "TINH AN GIANG",
        "|",
        "CONG HOA XA HOI CHU NGHIA VIET NAM",
        "Doc lap - Tu do - Hanh phuc",
        "|",
        "So: 1994/QD-UBND",
        "|",
        "An Giang, ngay 26 thang 8 nam 2021",
    ]
    assert "1" not in lines and "2" not in lines  # page numbers
    assert doc.text[doc.page_offsets[1] :].startswith("Dieu 2.")


@pytest.mark.parametrize(
    ("fixture", "code"),
    [("encrypted.pdf", "encrypted_pdf"), ("corrupt.pdf", "corrupt_pdf"), ("text_named.pdf", "not_a_pdf")],
)
def test_unreadable_pdfs(fixture: str, code: str) -> None:
    with pytest.raises(ReadError) as info:
        read_pdf((FIXTURES / fixture).read_bytes())
    assert info.value.code == code
    assert info.value.message


def test_image_only_pdf_ocr() -> None:
    data = (FIXTURES / "image_only.pdf").read_bytes()
    if not tesseract_available():
        with pytest.raises(ReadError) as info:
            read_pdf(data)
        assert info.value.code == "ocr_unavailable" and "tesseract-ocr-vie" in info.value.message
        pytest.skip("tesseract with the vie model is not installed (scripts/system-deps.sh)")
    doc = read_pdf(data)
    assert doc.ocr
    assert any(code == "ocr" and "confidence" in msg for code, msg in doc.warnings)
    assert "1994/QĐ-UBND" in doc.text
    assert "26 tháng 8 năm 2021" in doc.text
    assert_in_order(
        doc.text, "TỈNH AN GIANG", "|", "CỘNG HÒA", "|", "Số: 1994", "|", "An Giang, ngày", "QUYẾT ĐỊNH"
    )


def test_ocr_off_raises() -> None:
    with pytest.raises(ReadError) as info:
        read_pdf((FIXTURES / "image_only.pdf").read_bytes(), allow_ocr=False)
    assert info.value.code == "ocr_needed"


@pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed (scripts/system-deps.sh)"
)
def test_real_scan_is_ocred() -> None:
    doc = read_pdf(real("lamdong_vbai_4928ca8b.pdf"))
    assert doc.ocr
    assert "Hà Nội, ngày 15 tháng 5 năm 2025" in doc.text
    assert "QUYẾT ĐỊNH" in doc.text


@pytest.mark.parametrize(
    ("text", "good"),
    [
        ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015", True),
        ("Can cu Luat To chuc Chinh phu ngay 19 thang 6 nam 2015", True),
        ("Quy Õt ®Þnh vÒ viÖc phª duyÖt kÕ ho¹ch", False),
        ("", False),
    ],
)
def test_text_quality(text: str, good: bool) -> None:
    assert (text_quality(text) >= MIN_QUALITY) is good


# Layers as scanners write them (lines from the survey of a provincial office's PDFs),
# repeated to a page's worth of words: the check needs 40 words before it judges.
@pytest.mark.parametrize(
    ("line", "foreign"),
    [
        # OCR run without a Vietnamese model: no Vietnamese letter, digits for the letters it lost
        (
            "ceNG HoA xA ugr cuu xcuia vrET NAM Ldm D6ng, ngdy 03thang 9 nam 2025 Kinh g£ri'. Sd N6i vp tinh Lam Dang",
            True,
        ),
        # Vietnamese typed without tone marks: no digits inside words, kept
        ("Can cu Luat To chuc Chinh phu ngay 19 thang 6 nam 2015 So Noi vu tinh Lam Dong bao cao", False),
        # real Vietnamese, with the units and hours a plan writes ("15h30", "20km")
        ("Ủy ban nhân dân tỉnh Lâm Đồng họp lúc 15h30 ngày 3 tháng 9 năm 2025 tại xã cách 20km", False),
        # OCR for another language that puts its own marks on letters (a Kiên Giang scan of 2017)
        (
            "Kiên Giang,ngày 4C) tháng 10 näm 2017 QUYET DNH Ye vic thãnh lip Hi ding Sang kiên "
            "Can cir Quyt djnh st 1675/QD-UBND ngày 09 tháng 8 närn 2017 cüa Uyb an nhân dan tinh",
            True,
        ),
        # a short layer is not judged
        ("Ldm D6ng, ngdy 03thang", None),
    ],
)
def test_foreign_ocr_layer(line: str, foreign: bool | None) -> None:
    text = line if foreign is None else " ".join([line] * 8)
    assert foreign_ocr_layer(text) is bool(foreign)


def test_a_foreign_name_in_a_real_layer_is_no_foreign_ocr() -> None:
    page = " ".join(
        ["Ủy ban nhân dân tỉnh Lâm Đồng báo cáo kết quả hợp tác phát triển nông nghiệp bền vững"] * 8
    )
    assert not foreign_ocr_layer(page + " với đoàn công tác của thành phố Zürich năm 2025")


def test_a_foreign_ocr_layer_is_not_converted_as_a_legacy_font() -> None:
    # The words of a real scan's OCR layer (Sở Y tế Kiên Giang, 2017): "näm", "phñc" pass for TCVN3
    # signs one by one, but converted the page reads worse ("Kiờn", "thỏng"), so it is left alone
    # (and goes to OCR, as a foreign layer).
    layer = (
        "UBND TINH KIEN GIANG CQNG HOA XA HO! CHU NGHIA VT NAM SO Y TE Dc lp - Tr do - Hnh phñc "
        "S:3I/QD-SYT Kiên Giang,ngày 4C) tháng 10 näm 2017 QUYET DNH Ye vic thãnh lip Hi ding Sang "
        "kiên clip co' sO' näm 2017 Can cir Quyt djnh st 1675/QD-UBND ngày 09 tháng 8 närn 2017 cüa "
        "Uyb an nhân dan tinh Kiên Giang ye viêc quy dinh chtrc nãng, nhim vi, quyên htn và co câu"
    )
    words = [Word(w, 0, 1, 0, 1) for w in layer.split()]
    assert _convert_legacy_layer([[]], {0: words}) is None
    assert " ".join(w.text for w in words) == layer
    assert foreign_ocr_layer(layer)


def _ocr_line(text: str, x0: float, x1: float, top: float) -> TextLine:
    return TextLine(text, (x0, x1, top, top + 62))


# The body of a real scanned Chỉ thị (UBND tỉnh Quảng Ngãi, 2018) below its title, as OCR boxed it
# at 300 dpi: the text column runs from x 391 to 2202, a paragraph's first line is indented to 547.
_BODY = [
    _ocr_line("chính; việc tổ chức thi hành những bản án, quyết định của Tòa án về vụ án", 391, 2201, 830),
    _ocr_line("hành chính; việc theo dõi thi hành án hành chính của các cơ quan THADS đã", 390, 2202, 910),
    _ocr_line("đạt những kết quả tích cực. Tuy nhiên, vẫn còn một số trường hợp bản án,", 391, 2200, 967),
    _ocr_line("tịch Ủy ban nhân dân tỉnh yêu cầu:", 392, 1199, 1710),
]
_HEADING = _ocr_line("CHỈ THỊ", 1257, 1483, 480)
_SUBJECT = [
    _ocr_line("Về việc tăng cường công tác thi hành án hành chính", 695, 2008, 549),
    _ocr_line("trên địa bàn tỉnh Quảng Ngãi", 1007, 1734, 627),
]


@pytest.mark.parametrize(
    ("after_title", "breaks"),
    [
        # a stamp's text in the margin, left of the column ("CÔNG VĂN ĐẾN Số: …")
        ([_ocr_line("lmà|šỊ số: _", 32, 401, 700)], True),
        # the body's first paragraph: indented, running to the right edge
        ([_ocr_line("Thời gian qua, công tác thi hành án hành chính trên địa bàn", 547, 2202, 760)], True),
        # a line well below the title: the rule's and the stamp's space between them
        ([_ocr_line("quan, đơn vị: Văn phòng UBND tỉnh,", 427, 1303, 1321)], True),
        # a third centred line of the subject is the subject's
        ([_ocr_line("giai đoạn 2021 - 2025", 1100, 1640, 700)], False),
    ],
)
def test_end_title_block(after_title: list[TextLine], breaks: bool) -> None:
    lines = [_HEADING, *_SUBJECT, *after_title, *_BODY]
    ended = end_title_block(lines)
    if breaks:
        assert [ln.text for ln in ended] == [ln.text for ln in [_HEADING, *_SUBJECT]] + [""] + [
            ln.text for ln in [*after_title, *_BODY]
        ]
    else:
        assert ended == lines


def test_end_title_block_needs_a_type_heading() -> None:
    lines = [*_SUBJECT, _ocr_line("lmà|šỊ số: _", 32, 401, 700), *_BODY]
    assert end_title_block(lines) == lines


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        (["CÔNG BÁO/Số 302/Ngày 02-06-2026 70", "Điều 1."], ["Điều 1."]),
        (["20 CÔNG BÁO/Số 285 + 286/Ngày 04-4-2022", "a) x", "21"], ["a) x"]),
        (["3", "nội dung", "Ký bởi: Văn phòng Chính phủ", "Thời gian ký: 12.10.2021"], ["nội dung"]),
        (["Số: 5/KH", "2025"], ["Số: 5/KH", "2025"][:1]),
    ],
)
def test_clean_page_lines(lines: list[str], kept: list[str]) -> None:
    assert clean_page_lines(lines)[0] == kept


def test_group_rows_by_overlap() -> None:
    # "Độc" sits higher than "lập" (accent vs descender): one row all the same.
    words = [Word("lập", 40, 60, 12, 30), Word("Độc", 10, 35, 8, 26), Word("Số:", 10, 30, 50, 64)]
    rows = group_rows(words)
    assert [[w.text for w in r] for r in rows] == [["Độc", "lập"], ["Số:"]]


# OCR boxes (px, 300 dpi) of formats lamdong_vbai_2ff60396.pdf: a subject line of two lines with an
# incoming-mail stamp beside it, whose smudges tesseract read as words ("ss" 151 px high, "ĐỒ" 16 px).
_STAMPED = [
    ("V/v", 449, 575, 607), ("chuẩn", 530, 565, 607), ("bị", 651, 574, 614), ("tổ", 698, 565, 607),
    ("chức", 746, 573, 606), ("triển", 846, 564, 606), ("khai", 942, 572, 606), ("_“", 1768, 562, 689),
    ("ss", 1932, 549, 700), ("LÂM", 2077, 561, 618), ("ĐỒ", 2241, 559, 575), ("Chương", 344, 628, 671),
    ("trình", 501, 628, 661), ("MTQG", 600, 628, 680), ("phòng,", 748, 627, 671), ("chống", 887, 617, 670),
    ("ma", 1011, 637, 659), ("tuý", 1079, 626, 669), ("_-", 1771, 611, 673), ("TÙNG", 2194, 577, 622),
]  # fmt: skip


def test_a_stamps_smudges_do_not_merge_or_split_lines() -> None:
    words = [Word(t, x0, x0 + 40 * len(t), top, bottom) for t, x0, top, bottom in _STAMPED]
    rows = [" ".join(w.text for w in r if w.x0 < 1500) for r in group_rows(words)]
    assert rows == ["V/v chuẩn bị tổ chức triển khai", "Chương trình MTQG phòng, chống ma tuý"]


def test_order_header_cells() -> None:
    cells = [
        ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("TỈNH LÂM ĐỒNG", "Độc lập - Tự do - Hạnh phúc"),
        ("Số: 12/UBND-NC", "Lâm Đồng, ngày 3 tháng 8 năm 2025"),
        ("V/v triển khai", ""),
    ]
    assert order_header_cells(cells) == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",
        "|",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "|",
        "Số: 12/UBND-NC",
        "V/v triển khai",
        "|",
        "Lâm Đồng, ngày 3 tháng 8 năm 2025",
    ]


# Lines and boxes (x0, x1, top, bottom in points) as pypdfium2 gives them for the seeds rendered
# by tests/fixtures/render_seeds.py: text column 85.2-538.2, body 14 pt, first-line indent 1 cm.
SEED_MARGINS = (85.2, 538.2)


@pytest.mark.parametrize(
    ("a", "b", "joined"),
    [
        # seed 001: a justified line, its paragraph runs on at the left edge.
        (
            TextLine(
                "tháng 02 trên địa bàn xã 2 Tuần lễ hưởng ứng học tập suốt đời, Ngày Sách và",
                (85.2, 537.8, 78.6, 88.4),
            ),
            TextLine(
                "Văn hóa đọc Việt Nam - ngày 21 tháng 4, Ngày Sách và Bản quyền thế giới",
                (85.2, 538.0, 97.4, 107.0),
            ),
            True,
        ),
        # seed 001: a bracket gives the next line a taller loose box; still one paragraph.
        (
            TextLine(
                "Văn hóa đọc Việt Nam - ngày 21 tháng 4, Ngày Sách và Bản quyền thế giới",
                (85.2, 538.0, 97.4, 107.0),
            ),
            TextLine(
                "(Ngày 23 tháng 4), Ngày Quốc tế bảo tàng (ngày 18 tháng 5), Ngày Di sản văn",
                (85.2, 537.6, 115.6, 128.3),
            ),
            True,
        ),
        # seed 000: "11)" after a wrapped "tháng" is a month, not an item "a)".
        (
            TextLine(
                "định kỳ 6 tháng (trước ngày 10 tháng 6) và năm (trước ngày 30 tháng",
                (85.2, 538.1, 400.0, 409.6),
            ),
            TextLine(
                "11) hằng năm để tổng hợp, báo cáo Ủy ban nhân dân thành phố.", (85.2, 402.3, 418.5, 428.1)
            ),
            True,
        ),
        # seed 001: the paragraph's short last line; the next paragraph is indented.
        (
            TextLine("địa phương.", (85.2, 152.3, 152.6, 162.5)),
            TextLine(
                "2. Củng cố cơ sở hạ tầng, mạng lưới tại các Phòng đọc, Thư viện văn hoá;",
                (113.5, 537.3, 177.4, 188.9),
            ),
            False,
        ),
        # seed 001: a full line, then an indented new item.
        (
            TextLine(
                "trình phối hợp, liên kết giữa các xã, thị trấn, các cơ quan, đơn vị với nhau và với",
                (85.2, 537.8, 275.9, 285.4),
            ),
            TextLine(
                "- Nhân rộng các mô hình hiệu quả; đổi mới phương thức hoạt động và cung",
                (113.5, 537.7, 355.9, 368.3),
            ),
            False,
        ),
        # a list item at the left edge (no indent) opens a new line even after a full one.
        (
            TextLine(
                "khó khăn vướng mắc cho lãnh đạo Sở VHTTDL để có ý kiến chỉ đạo giải quyết",
                (85.2, 538.0, 300.0, 309.6),
            ),
            TextLine("- BGĐ Sở VHTT&DL TP.Cần Thơ;", (85.2, 260.0, 318.5, 328.1)),
            False,
        ),
        # a re-assembled header line has no box: never joined.
        (TextLine("Số: 155 /KH-TVTP"), TextLine("Cần Thơ, ngày 02 tháng 7 năm 2019"), False),
        # centred title lines (seed 002) do not start at the left edge.
        (
            TextLine(
                "Triển khai thực hiện Đề án “Đẩy mạnh các hoạt động học tập suốt đời",
                (118.0, 505.4, 150.0, 160.0),
            ),
            TextLine(
                "trong các thư viện, bảo tàng, nhà văn hóa, câu lạc bộ” đến năm 2020",
                (126.3, 497.1, 168.5, 178.5),
            ),
            False,
        ),
    ],
)
def test_continues(a: TextLine, b: TextLine, joined: bool) -> None:
    assert continues(a, b, SEED_MARGINS) is joined


def test_join_paragraphs() -> None:
    lines = [
        TextLine(
            "Thực hiện Kế hoạch số 4361/KH-UBND ngày 08 tháng 9 năm 2023 của", (113.5, 538.0, 200.0, 209.6)
        ),
        TextLine(
            "Ủy ban nhân dân Thành phố Hồ Chí Minh về việc triển khai thực hiện Chỉ thị",
            (85.2, 538.1, 218.5, 228.1),
        ),
        TextLine(
            "số 20/CT-TTg ngày 01 tháng 11 năm 2022 của Thủ tướng Chính phủ;", (85.2, 420.0, 237.0, 246.6)
        ),
        TextLine("I. MỤC ĐÍCH, YÊU CẦU", (113.5, 290.2, 261.0, 270.6)),
    ]
    assert join_paragraphs(lines, SEED_MARGINS) == [
        "Thực hiện Kế hoạch số 4361/KH-UBND ngày 08 tháng 9 năm 2023 của Ủy ban nhân dân Thành phố Hồ Chí Minh"
        " về việc triển khai thực hiện Chỉ thị số 20/CT-TTg ngày 01 tháng 11 năm 2022 của Thủ tướng Chính phủ;",
        "I. MỤC ĐÍCH, YÊU CẦU",
    ]
    assert join_paragraphs(lines, None) == [ln.text for ln in lines]


@pytest.mark.parametrize(
    ("pages", "running"),
    [
        # the rendered seeds' footer, on every page; page numbers differ only in digits.
        (
            [
                ["KẾ HOẠCH", "Văn bản điện tử - bản in từ hệ thống quản lý văn bản"],
                ["2", "- Tuyên truyền", "Văn bản điện tử - bản in từ hệ thống quản lý văn bản"],
                ["3", "4. Đẩy mạnh", "Văn bản điện tử - bản in từ hệ thống quản lý văn bản"],
            ],
            {"Văn bản điện tử - bản in từ hệ thống quản lý văn bản"},
        ),
        # a gazette header whose page and issue numbers change.
        (
            [["CÔNG BÁO/Số 302/Ngày 02-06-2026 70", "a"], ["CÔNG BÁO/Số 302/Ngày 02-06-2026 71", "b"]],
            {"CÔNG BÁO/Số #/Ngày #-#-# #"},
        ),
        # body lines repeated in the middle of pages are no running header.
        ([["x", "y", "Điều 1. Phạm vi", "z", "w"], ["x2", "y2", "Điều 1. Phạm vi", "z2", "w2"]], set()),
        # one page: nothing can repeat.
        ([["Văn bản điện tử"]], set()),
    ],
)
def test_running_lines(pages: list[list[str]], running: set[str]) -> None:
    assert running_lines(pages) == running


@pytest.mark.parametrize(
    ("source", "page", "widgets"),
    [
        ("formats:lamdong_vbai_8c89f362.pdf", 0, True),  # e-signed: number and date are /Sig widgets
        ("fixtures:seeds/002_21bd684ebe220878.pdf", 0, False),  # LibreOffice export, no form
        ("fixtures:header_layout.pdf", 0, False),
    ],
)
def test_has_widgets(source: str, page: int, widgets: bool) -> None:
    import pypdfium2 as pdfium

    where, name = source.split(":")
    data = real(name) if where == "formats" else (FIXTURES / name).read_bytes()
    pdf = pdfium.PdfDocument(data)
    try:
        assert has_widgets(pdf[page]) is widgets
    finally:
        pdf.close()


@pytest.mark.parametrize(
    ("cells", "rows"),
    [
        # congbao 893/QĐ-TTg, Phụ lục: a header row and a merged cell (None)
        (
            [["STT", "Nhiệm vụ", "Cơ quan chủ trì"], ["1", "Điều tra, đánh giá\nnhu cầu đào tạo", None]],
            [["STT", "Nhiệm vụ", "Cơ quan chủ trì"], ["1", "Điều tra, đánh giá nhu cầu đào tạo", ""]],
        ),
        # a boxed single line (a framed note) is no table
        ([["Mẫu số 01"]], None),
        ([["a", "b"], [None, None]], None),
    ],
)
def test_table_rows(cells: list[list[str | None]], rows: list[list[str]] | None) -> None:
    assert table_rows(cells) == rows


def test_ruled_tables_on_request() -> None:
    data = real("congbao_quyet-dinh-so-893-qd-ttg-469593.pdf")
    assert read_pdf(data).tables == []
    tables = read_pdf(data, tables=True).tables
    assert tables and tables[0][0][:3] == ["STT", "Nhiệm vụ", "Cơ quan chủ trì"]
    assert all(len(row) == len(tables[0][0]) for row in tables[0])


def test_a_pdf_over_the_page_limit_is_refused_before_it_is_read() -> None:
    data = (FIXTURES / "header_layout.pdf").read_bytes()
    assert read_pdf(data, max_pages=2).pages == 2
    with pytest.raises(ReadError) as err:
        read_pdf(data, max_pages=1)
    assert err.value.code == "too_many_pages"
    assert err.value.message == "2 pages, over the limit of 1 (khplan run --max-pages)"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_pdf_in_a_legacy_font_is_converted_not_ocred(encoding: str) -> None:
    from .hostile.make_hostile import SEED_LINES, encode_tcvn3, encode_vni, winansi_pdf

    encode = encode_tcvn3 if encoding == "tcvn3" else encode_vni
    # A .VnTime / VNI-Times PDF without a Unicode map: its text layer is the font's bytes, which a
    # reader takes as Windows-1252 ("Sè: 155/KH-UBND").
    data = winansi_pdf([encode(line) for line in SEED_LINES if line])
    doc = read_pdf(data, allow_ocr=False)  # no OCR needed: the text layer is repaired
    assert [code for code, _ in doc.warnings if code == "legacy_encoding"] == ["legacy_encoding"]
    assert "155/KH-UBND" in doc.text and "THÀNH PHỐ CẦN THƠ" in doc.text


@pytest.mark.parametrize(
    ("word", "fixed"),
    [
        ("2O25", "2025"),  # a year with the letter O
        ("l5", "15"),
        ("ngàyO6", "ngày 06"),  # the date word run into the day
        ("/QĐĐ-SCT", "/QĐ-SCT"),  # a doubled Đ in a Quyết định's code (Lào Cai, Phú Thọ scans)
        ("3/2025/QĐĐ-UBND", "3/2025/QĐ-UBND"),
        ("ĐĐBQH", "ĐĐBQH"),  # Đoàn đại biểu Quốc hội: a real double Đ stays
        # the Vietnamese model reads 0 and 1 as its own marked letters: a Bắc Giang number "20"
        # ("Số:2ô/…" in one word stays as it is) and an HCMC faculty's "Số : 0Í /TB - HTTT"
        ("0Í", "01"),
        ("2ô", "20"),
        ("1ơ", "10"),
        # no real digit, or a word: left alone
        ("Ô", "Ô"),
        ("ôn", "ôn"),
        ("ÍÍ", "ÍÍ"),
        ("Ð", "Đ"),
        ("QUYÉT", "QUYẾT"),
    ],
)
def test_ocr_word_repairs(word: str, fixed: str) -> None:
    assert fix_ocr_word(word) == fixed


# A draft's placeholder under a stamped e-signature field (Trangsct/skill-sct
# QD-1696-QD-UBND-uy-quyen-15-5-2026.pdf, UBND tỉnh Lào Cai): the widget's "5" is drawn over the
# printed "4" of "tháng 4"; the text layer keeps both ("tháng54"). Boxes in points, as read.
_MONTH_WIDGET = Word("5", 423.9, 433.2, 99.2, 112.2, widget=True)
STAMPED_OVER = [
    (Word("4", 425.0, 431.5, 101.0, 114.0), [_MONTH_WIDGET], False),  # the placeholder: dropped
    (Word("tháng", 392.0, 421.0, 101.0, 114.0), [_MONTH_WIDGET], True),  # a word beside it stays
    (Word("2026", 460.0, 485.0, 101.0, 114.0), [_MONTH_WIDGET], True),  # digits not under it stay
    (Word("4", 425.0, 431.5, 140.0, 153.0), [_MONTH_WIDGET], True),  # a line below stays
    (Word("4", 425.0, 431.5, 101.0, 114.0), [Word("Ký bởi", 420.0, 480.0, 99.0, 112.0, widget=True)], True),
]


@pytest.mark.parametrize(("word", "stamped", "kept"), STAMPED_OVER)
def test_digits_a_widget_is_stamped_over(word: Word, stamped: list[Word], kept: bool) -> None:
    assert (not_stamped_over([word], stamped) == [word]) is kept


@pytest.mark.parametrize(
    ("returncode", "stderr", "reason"),
    [
        # tesseract killed mid-page (a run stopped, or the OOM killer): its progress note is no reason
        (
            -9,
            "Estimating resolution as 498\nDetected 265 diacritics\n",
            "stopped by SIGKILL (killed, or out of memory)",
        ),
        # a real error after the progress notes
        (
            1,
            "Estimating resolution as 300\nError in pixReadMem: Unknown format: no pix returned\n",
            "Error in pixReadMem: Unknown format: no pix returned",
        ),
        (1, "Detected 12 diacritics\n", "exit code 1"),
    ],
)
def test_why_tesseract_failed(returncode: int, stderr: str, reason: str) -> None:
    assert _failure(returncode, stderr) == reason
