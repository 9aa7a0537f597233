"""Deadlines from real plan sentences (extractors/deadlines.py)."""

from __future__ import annotations

import pytest

from khplan.extractors.clean import matching_view
from khplan.extractors.content import extract_content
from khplan.extractors.header import HeaderResult
from khplan.schemas import Deadline, DocumentInfo


def deadlines_of(text: str, title_span: tuple[int, int] | None = None) -> list[Deadline]:
    body = title_span[1] if title_span else 0
    header = HeaderResult(info=DocumentInfo(), title_span=title_span, body_start=body, preamble_end=body)
    return extract_content(text, matching_view(text), header)[1]


K = tuple[str, int | None, int | None, int | None, str | None]


def keys(items: list[Deadline]) -> list[K]:
    out: list[K] = []
    for d in items:
        k = (d.kind, d.year, d.month, d.day, d.recurrence)
        if k not in out:
            out.append(k)
    return out


CASES: list[tuple[str, list[K]]] = [
    # seed 000 line 152: two report dates, both every year
    (
        "VI- CHẾ ĐỘ BÁO CÁO\nCác sở, ban, ngành thành phố có liên quan và Ủy ban nhân dân quận, huyện báo cáo "
        "kết quả triển khai thực hiện Kế hoạch này về Sở Văn hóa, Thể thao và Du lịch định kỳ 6 tháng "
        "(trước ngày 10 tháng 6) và năm (trước ngày 30 tháng 11) hằng năm để tổng hợp.\n",
        [("report", None, 6, 10, "annual"), ("report", None, 11, 30, "annual")],
    ),
    # seed 000 line 114: half-yearly and yearly reports, no date
    (
        "c) Thường xuyên kiểm tra, đánh giá tình hình triển khai; định kỳ 06 tháng, năm báo cáo kết quả "
        "thực hiện về Ủy ban nhân dân thành phố.\n",
        [("report", None, None, None, "semiannual"), ("report", None, None, None, "annual")],
    ),
    # seed 000 line 121
    (
        "c) Kiểm tra, đánh giá; định kỳ gửi báo cáo về Sở Văn hóa, Thể thao và Du lịch để tổng hợp.\n",
        [("report", None, None, None, None)],
    ),
    # seed 004 line 105
    (
        "- Báo cáo công tác triển khai và kết quả thực hiện về Ủy ban nhân dân quận (qua Phòng Văn hóa và "
        "Thông tin quận để tổng hợp) trước ngày 30 tháng 10 hàng năm.\n",
        [("report", None, 10, 30, "annual")],
    ),
    # seed 004 line 85: "theo quy định", no date
    (
        "- Tham mưu Ủy ban nhân dân quận tổng hợp báo cáo kết quả công tác triển khai thực hiện gửi về "
        "Sở Văn hóa và Thể thao theo quy định.\n",
        [("report", None, None, None, None)],
    ),
    # seed 001 line 29: named days every year
    (
        "- Tổ chức các hoạt động gắn với Ngày Sách và Văn hóa đọc Việt Nam - ngày 21 tháng 4, Ngày Quốc tế "
        "bảo tàng (ngày 18 tháng 5) và các ngày lễ.\n",
        [("event", None, 4, 21, "annual"), ("event", None, 5, 18, "annual")],
    ),
    # seed 000 line 92: a span of days gives its first
    (
        "- Tổ chức các hoạt động nhân Ngày Sách Việt Nam (từ ngày 19 đến ngày 23 tháng 4) định kỳ hằng năm.\n",
        [("event", None, 4, 19, "annual")],
    ),
    # seed 002 line 53: a once-only event in a given year
    (
        "+ Tổ chức thi thuyết trình về sách chào mừng “Ngày sách Việt Nam” lần thứ 7 - năm 2020.\n",
        [("event", 2020, None, None, None)],
    ),
    # seed 001 line 65: horizons of programmes, the end of a period
    (
        "- Thực hiện Chương trình số hóa Di sản văn hóa Việt Nam giai đoạn 2021 - 2030, Chương trình chuyển "
        "đổi số ngành thư viện đến năm 2025.\n",
        [("horizon", 2030, None, None, None), ("horizon", 2025, None, None, None)],
    ),
    # a GitHub parser test quoting a decree ("Điều 15. Báo cáo định kỳ"): dates tied to reports
    (
        "1. Thời hạn gửi báo cáo:\na) Trước ngày 15 tháng 6 hằng năm đối với báo cáo 6 tháng;\n"
        "b) Trước ngày 15 tháng 12 hằng năm đối với báo cáo năm.\n",
        [("report", None, 6, 15, "annual"), ("report", None, 12, 15, "annual")],
    ),
    # due dates
    ("- Các đơn vị hoàn thành trước ngày 30/6/2024.\n", [("due", 2024, 6, 30, None)]),
    ("Thời gian thực hiện: Quý II/2024.\n", [("due", 2024, None, None, None)]),
    # vbpl-200 doc_000130: monthly report
    (
        "e) Hằng tháng, báo cáo cơ quan thi hành án hình sự cấp quân khu về việc quản lý.\n",
        [("report", None, None, None, "monthly")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_deadlines(text: str, expected: list[K]) -> None:
    assert keys(deadlines_of(text)) == expected


def test_title_horizon_and_spans() -> None:
    text = "KẾ HOẠCH\nTHỰC HIỆN ĐỀ ÁN ĐẾN NĂM 2020\n\nI. MỤC TIÊU\n1. Phấn đấu đến năm 2020, có thư viện.\n"
    found = deadlines_of(text, title_span=(9, 37))
    assert keys(found) == [("horizon", 2020, None, None, None)]
    assert found[0].section == "title; I.1"  # one horizon, every section that states it
    for d in found:
        assert text[d.span[0] : d.span[1]] == d.text


NONE = [
    # seed 000 line 21: the horizon of another plan the text cites
    "Thực hiện theo điểm a, khoản 2, mục II của Kế hoạch số 60/KH-UBND ngày 29 tháng 3 năm 2018 của Ủy "
    "ban nhân dân thành phố phát triển văn hóa đọc đến năm 2020, định hướng đến năm 2030.\n",
    # seed 004 line 69: a cited document's date is no deadline
    "- Triển khai kế hoạch và thực hiện các nội dung Chỉ thị số 20/CT-TTg ngày 01 tháng 11 năm 2022.\n",
    # seed 000 line 151: a heading naming the reporting rules
    "VI- CHẾ ĐỘ BÁO CÁO\n",
    # vbpl-200 doc_000191: a financial statement is not a reporting duty
    "Báo cáo tài chính mang tính pháp lý để doanh nghiệp công bố ra công chúng.\n",
    # seed 002 line 71: a budget year
    "+ Các nội dung được lồng ghép trong dự toán kinh phí hoạt động năm 2019 -2020 của đơn vị.\n",
    # a period already lived, in the part on the present situation
    "I. THỰC TRẠNG\n1. Giai đoạn 2016 - 2020, toàn tỉnh đã xây dựng 120 tủ sách cơ sở.\n",
    # seed 003 line 4: the date a plan was issued
    "Ngày 10/01/2023, Ủy ban nhân dân tỉnh Đắk Lắk đã ban hành Kế hoạch số 06/KH-UBND.\n",
]


@pytest.mark.parametrize("text", NONE)
def test_no_deadlines(text: str) -> None:
    assert deadlines_of(text) == []
