"""Targets (chỉ tiêu) from real plan sentences (extractors/targets.py).

Each case is a small body cut from a real document, with the heading above it
when the heading gives the year.
"""

from __future__ import annotations

import pytest

from khplan.extractors.clean import matching_view
from khplan.extractors.content import extract_content
from khplan.extractors.header import HeaderResult
from khplan.schemas import DocumentInfo, Target


def targets_of(text: str) -> list[Target]:
    header = HeaderResult(info=DocumentInfo())
    return extract_content(text, matching_view(text), header)[0]


T = tuple[float | None, float | None, str | None, int | None, str | None]
CASES: list[tuple[str, list[T]]] = [
    # seed 000 lines 14-25: the year comes from the heading "Mục tiêu cụ thể đến năm 2020"
    (
        "II- MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2020\nb) Đối với hệ thống bảo tàng:\n\n"
        "- Phấn đấu thu hút số lượt khách nội địa tham quan bảo tàng hằng năm tăng bình quân 10%.\n",
        [(10, None, "%", 2020, "increase")],
    ),
    # seed 000 line 33: two shares in one sentence
    (
        "2. Mục tiêu cụ thể đến năm 2020\nc) Đối với hệ thống nhà văn hóa, câu lạc bộ\n\n"
        "Thu hút 60% số dân trên địa bàn các quận và 40% số dân trên địa bàn các huyện tham gia.\n",
        [(60, None, "%", 2020, None), (40, None, "%", 2020, None)],
    ),
    # seed 001 line 21: the year of each sentence, a range
    (
        "- Đến năm 2025, số lượt người sử dụng thư viện tăng bình quân 10% mỗi năm. "
        "Đến năm 2030, tăng bình quân 5 - 10% mỗi năm.\n",
        [(10, None, "%", 2025, "increase"), (5, 10, "%", 2030, "increase")],
    ),
    # seed 003 line 8: four targets in one list
    (
        "Đến năm 2030, đạt 100%, 93%, 50% và 100% các chỉ tiêu tương ứng.\n",
        [
            (100, None, "%", 2030, None),
            (93, None, "%", 2030, None),
            (50, None, "%", 2030, None),
            (100, None, "%", 2030, None),
        ],
    ),
    # seed 002 lines 37-40: counted nouns, "Năm 2019:" and "(2019 – 2020)" as years
    (
        "2. Phát triển nguồn lực thông tin và phục vụ người đọc\n\n"
        "- Năm 2019: Bổ sung 29.000 bản sách – Phục vụ 2.970.000 lượt người\n\n"
        "- + Đẩy mạnh công tác số hóa tài liệu, trong 2 năm (2019 – 2020) số hóa 100.000 trang tài liệu.\n",
        [
            (29000, None, "bản sách", 2019, None),
            (2970000, None, "lượt người", 2019, None),
            (100000, None, "trang tài liệu", 2020, None),
        ],
    ),
    # seed 002 line 45
    (
        "+ Thư viện TP đảm bảo cung cấp dịch vụ truy cập Internet miễn phí. Phần đầu đến năm 2020 "
        "có 4/9 thư viện quận, huyện cung cấp dịch vụ truy cập Internet miễn phí.\n",
        [(4, None, "thư viện", 2020, None)],
    ),
    # seed 003 lines 16: two years, one sentence
    (
        "Đến năm 2025, phấn đấu đạt 80% và đến năm 2030, đạt 95% trung tâm văn hóa cấp tỉnh tổ chức.\n",
        [(80, None, "%", 2025, None), (95, None, "%", 2030, None)],
    ),
    # vbpl-200 doc_000022: a bare "năm 2026" gives the year
    ("Mức độ hài lòng năm 2026 đạt 90% đánh giá hài lòng trở lên.\n", [(90, None, "%", 2026, None)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_targets(text: str, expected: list[T]) -> None:
    got = [(t.value, t.value_max, t.unit, t.year, t.comparator) for t in targets_of(text)]
    assert got == expected


def test_target_span_is_its_text() -> None:
    text = "2. Mục tiêu\n- Đến năm 2025: có 100% xã; 100% thư viện có dịch vụ.\n"
    for t in targets_of(text):
        assert text[t.span[0] : t.span[1]] == t.text
        assert t.section == "2"


NOT_TARGETS = [
    # seed 003 line 12: a sub-heading summing up the targets below it
    "Phấn đấu 100% bảo tàng triển khai giáo dục lịch sử, văn hóa, khoa học, nghệ thuật vào năm 2030\n"
    "Đến năm 2025, phấn đấu đạt 70% bảo tàng.\n",
    # seed 003 line 19: a count of task groups
    "Để đạt được các mục tiêu trên, Chương trình đã đề ra 5 nhóm nhiệm vụ giải pháp, cụ thể như sau.\n",
    # seed 001 line 29
    "- Tuyên truyền các hoạt động gắn với tháng 02 trên địa bàn xã 2 Tuần lễ hưởng ứng học tập suốt đời.\n",
    # seed 004 line 107 and a recipients line
    "7. Ủy ban nhân dân 16 phường\n",
    # vbpl-200 doc_000110: shares of a budget
    "- Về giảm cung: tối thiểu 3% tổng kinh phí thực hiện Chương trình;\n",
    # vbpl-200 doc_000158: support levels
    "Hỗ trợ 50% kinh phí tổ chức lớp học.\n",
    # budget section of seed 000 style
    "IV- KINH PHÍ THỰC HIỆN\n1. Ngân sách tỉnh đảm bảo 70% kinh phí thực hiện.\n",
    # vbpl-200 doc_000011: a share that describes, not aims
    "d) Chi phí thiết bị chiếm tỷ trọng ≥ 50% trong giá trị cần thuê kiểm toán độc lập.\n",
    # a part on the present situation (Thực trạng) reports results
    "I. THỰC TRẠNG\n1. Toàn tỉnh có 85% xã có thư viện hoặc tủ sách cơ sở.\n",
    # article numbers and dates
    "Thực hiện theo khoản 2 Điều 15 Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020.\n",
]


@pytest.mark.parametrize("text", NOT_TARGETS)
def test_not_targets(text: str) -> None:
    got = [(t.value, t.text) for t in targets_of(text)]
    if text.startswith("Phấn đấu 100%"):
        assert got == [(70, "Đến năm 2025, phấn đấu đạt 70% bảo tàng.")]
    else:
        assert got == []
