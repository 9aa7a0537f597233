"""The numbered structure of a plan (extractors/outline.py)."""

from __future__ import annotations

import pytest

from khplan.extractors.clean import matching_view
from khplan.extractors.outline import build_outline

# seed 000 lines 5-19 and 108-114: "I-" roman headings, arabic, lettered items
SEED_000 = (
    "I- MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao nhận thức.\n\n2. Yêu cầu\na) Quán triệt sâu rộng.\n\n"
    "b) Công tác tổ chức.\n\nII- MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2020\na) Đối với hệ thống thư viện:\n\n"
    "V- TỔ CHỨC THỰC HIỆN\n1. Sở Văn hóa, Thể thao và Du lịch\nc) Thường xuyên kiểm tra; định kỳ báo cáo.\n"
    "Nơi nhận:\n- Như trên;\n"
)
# seed 001 lines 13-17 and 59-61: Markdown headings and bold markers
SEED_001 = "#### **I. MỤC TIÊU.**\n\n1. Mục tiêu chung: Tiếp tục đổi mới.\n\n#### 2. Mục tiêu cụ thể:\n\n- Đến năm 2025.\n"


def test_ids_levels_and_roles() -> None:
    view = matching_view(SEED_000)
    o = build_outline(view, 0)
    assert [s.id for s in o.sections] == [
        "I",
        "I.1",
        "I.2",
        "I.2.a",
        "I.2.b",
        "II",
        "II.2",
        "II.2.a",
        "V",
        "V.1",
        "V.1.c",
    ]
    assert [s.role for s in o.sections if s.level == 1] == [None, "objectives", "implementation"]
    pos = SEED_000.index("định kỳ báo cáo")
    assert o.section_id(pos) == "V.1.c"
    assert o.role_at(pos) == "implementation"
    assert o.sections[6].title == "Mục tiêu cụ thể đến năm 2020"
    # the recipients list closes the body
    assert o.body_end == SEED_000.index("Nơi nhận")


def test_markdown_headings() -> None:
    o = build_outline(matching_view(SEED_001), 0)
    assert [(s.id, s.title) for s in o.sections] == [
        ("I", "MỤC TIÊU."),
        ("I.1", "Mục tiêu chung: Tiếp tục đổi mới."),
        ("I.2", "Mục tiêu cụ thể:"),
    ]
    assert o.paragraphs[-1].kind == "bullet"


def test_continuation_lines_join() -> None:
    # seed 004 lines 89-91: a sentence broken over a blank line
    text = (
        "4. Phòng Giáo dục và Đào tạo\n\n- Chủ động tham mưu theo hướng hiện đại, tạo\n\nthuận lợi tối đa.\n"
    )
    o = build_outline(matching_view(text), 0)
    assert len(o.paragraphs) == 2
    assert text[o.paragraphs[1].start : o.paragraphs[1].end].endswith("thuận lợi tối đa.")


@pytest.mark.parametrize(
    "line",
    [
        "1.000 người tham gia",  # a number, not a heading
        "Thực hiện Quyết định số 208/QĐ-TTg",
        "2,5 triệu đồng",
    ],
)
def test_not_headings(line: str) -> None:
    assert build_outline(matching_view(line + "\n"), 0).sections == []
