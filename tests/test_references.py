"""References: real phrases from the seeds and dev openings (source in each case's comment)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import khplan
from khplan.extractors.clean import matching_view
from khplan.extractors.header import extract_header
from khplan.extractors.references import find_references
from khplan.schemas import Reference

from .conftest import EVAL, gold_cases


def refs(text: str) -> list[Reference]:
    view = matching_view(text)
    return find_references(text, view, extract_header(text, view))


CASES: list[tuple[str, dict[str, Any]]] = [
    (
        # seed 000
        "Thực hiện Quyết định số 208/QĐ-TTg ngày 27 tháng 01 năm 2014 của Thủ tướng Chính phủ về việc phê duyệt "
        "Đề án “Đẩy mạnh các hoạt động học tập suốt đời”;",
        {
            "doc_type": "QĐ",
            "number": "208/QĐ-TTg",
            "issued_date": "2014-01-27",
            "issuer": "Thủ tướng Chính phủ",
            "title": "phê duyệt Đề án “Đẩy mạnh các hoạt động học tập suốt đời”",
        },
    ),
    (
        # seed 002: abbreviated issuer with a glued dot
        "Căn cứ Kế hoạch số 97/KH-UBND ngày 04/6/2018 của UBND TP.Cần Thơ về thực hiện Đề án.",
        {
            "doc_type": "KH",
            "number": "97/KH-UBND",
            "issued_date": "2018-06-04",
            "issuer": "Ủy ban nhân dân thành phố Cần Thơ",
            "title": "thực hiện Đề án",
        },
    ),
    (
        # seed 002: a comma inside the issuer's name
        "Thực hiện Kế hoạch số 1929/KH-SVHTTDL ngày 13/6/2019 của Sở Văn hóa, Thể thao và Du lịch về việc triển khai",
        {
            "number": "1929/KH-SVHTTDL",
            "issued_date": "2019-06-13",
            "issuer": "Sở Văn hóa, Thể thao và Du lịch",
        },
    ),
    (
        # seed 001: no "số", a relative issuer
        "Thực hiện Kế hoạch 43/KH-UBND ngày 22/02/2023 của UBND huyện về triển khai thực hiện Chương trình",
        {"number": "43/KH-UBND", "issued_date": "2023-02-22", "issuer": "Ủy ban nhân dân huyện"},
    ),
    (
        # seed 000: a pinpoint before the reference
        "Thực hiện theo điểm a, khoản 2, mục II của Kế hoạch số 60/KH-UBND ngày 29 tháng 3 năm 2018 của Ủy ban nhân "
        "dân thành phố phát triển văn hóa đọc",
        {"number": "60/KH-UBND", "pinpoint": "điểm a, khoản 2, mục II", "issued_date": "2018-03-29"},
    ),
    (
        # dev o017: a công văn
        "Thực hiện Công văn số 2928/LĐTBXH-BVCSTE ngày 12/8/2014 của Bộ Lao động, Thương binh và Xã hội",
        {"doc_type": "CV", "number": "2928/LĐTBXH-BVCSTE", "issued_date": "2014-08-12"},
    ),
    (
        # dev o012: Party resolution numbering
        "Nghị quyết số 05-NQ/TU ngày 17 tháng 6 năm 2021 của Ban Chấp hành Đảng bộ tỉnh",
        {"doc_type": "NQ", "number": "05-NQ/TU", "issued_date": "2021-06-17"},
    ),
    (
        # dev o036: no date
        "Căn cứ Quyết định số 1819/QĐ-TTg của Thủ tướng Chính phủ phê duyệt Chương trình quốc gia",
        {"doc_type": "QĐ", "number": "1819/QĐ-TTg", "issued_date": None, "issuer": "Thủ tướng Chính phủ"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[e["number"] for _, e in CASES])
def test_reference_fields(text: str, expected: dict[str, Any]) -> None:
    found = refs(text)
    assert len(found) == 1
    got = found[0].model_dump()
    assert {k: got[k] for k in expected} == expected
    assert text[got["span"][0] : got["span"][1]].startswith(got["text"][:10])


def test_mentions_of_one_number_are_merged_and_enriched() -> None:
    text = (
        "KẾ HOẠCH\n\nTriển khai Chỉ thị số 20/CT-TTg\n\nThực hiện Chỉ thị số 20/CT-TTg ngày 01 tháng 11 năm 2022 "
        "của Thủ tướng Chính phủ;\n\nI. MỤC ĐÍCH\n\n- Thực hiện có hiệu quả Chỉ thị số 20/CT-TTg.\n"
    )
    found = refs(text)
    assert [(r.number, r.issued_date, r.role, r.mentions) for r in found] == [
        ("20/CT-TTg", "2022-11-01", "basis", 3)
    ]


def test_roles_basis_in_preamble_cited_in_body() -> None:
    text = (
        "KẾ HOẠCH\n\nThực hiện nhiệm vụ năm 2023\n\nCăn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;\n\n"
        "I. NỘI DUNG\n\n1. Thực hiện theo Kế hoạch số 60/KH-UBND ngày 29/3/2018 của Ủy ban nhân dân thành phố.\n"
    )
    assert [(r.number, r.role) for r in refs(text)] == [("30/2020/NĐ-CP", "basis"), ("60/KH-UBND", "cited")]


def test_basis_section_counts_as_preamble() -> None:
    # dev o058: "I. CĂN CỨ PHÁP LÝ XÂY DỰNG KẾ HOẠCH" lists the legal basis as a section
    text = (
        "KẾ HOẠCH\n\nTRIỂN KHAI THỰC HIỆN ĐỀ ÁN\n\nI. CĂN CỨ PHÁP LÝ XÂY DỰNG KẾ HOẠCH\n\n- Luật Dược số 105/2016/QH13;\n\n"
        "II. MỤC TIÊU\n\n- Theo Thông tư số 52/2017/TT-BYT.\n"
    )
    assert [(r.number, r.role) for r in refs(text)] == [
        ("105/2016/QH13", "basis"),
        ("52/2017/TT-BYT", "cited"),
    ]


def test_own_number_is_not_a_reference() -> None:
    text = "Số: 155/KH-UBND\n\nBắc Ninh, ngày 26 tháng 5 năm 2017\n\nKẾ HOẠCH\n\nTiêu đề\n\nKế hoạch số 155/KH-UBND nêu trên."
    assert refs(text) == []


sys.path.insert(0, str(EVAL))
GOLD = [(p, g) for p, g in gold_cases("seeds") + gold_cases("dev") if "references" in g]


@pytest.mark.skipif(not GOLD, reason="the shared evaluation sets are not beside this clone")
@pytest.mark.parametrize(("path", "gold"), GOLD, ids=[p.stem for p, _ in GOLD])
def test_gold_references(path: Path, gold: dict[str, Any]) -> None:
    """Numbers, roles and dates of every gold reference; no extra numbers."""
    from score import canon_number  # type: ignore[import-not-found]

    got = {canon_number(r.number): r for r in khplan.extract(path).references}
    want = {canon_number(r["number"]): r for r in gold["references"]}
    assert set(got) == set(want)
    for key, r in want.items():
        assert got[key].role == r["role"], r["number"]
        if r.get("issued_date"):
            assert got[key].issued_date == r["issued_date"], r["number"]


TYPE_AND_ISSUER_CASES: list[tuple[str, list[tuple[str, str | None, str | None]]]] = [
    # vbpl-200 doc_000019: a law's name between type and number, then a list of numbers
    (
        "Căn cứ Luật Đất đai số 31/2024/QH15 được sửa đổi, bổ sung một số điều bởi các Luật số 43/2024/QH15, "
        "số 47/2024/QH15 và số 58/2024/QH15;",
        [
            ("31/2024/QH15", "L", None),
            ("43/2024/QH15", "L", None),
            ("47/2024/QH15", "L", None),
            ("58/2024/QH15", "L", None),
        ],
    ),
    # vbpl-200 doc_000016: a code (bộ luật) is a law
    (
        "Căn cứ Bộ luật Lao động số 45/2019/QH14;",
        [("45/2019/QH14", "L", None)],
    ),
    # vbpl-200: "của Bộ trưởng Bộ Công an": the issuer is the ministry
    (
        "Thông tư số 62/2023/TT-BCA ngày 14 tháng 11 năm 2023 của Bộ trưởng Bộ Công an quy định về tiêu chuẩn",
        [("62/2023/TT-BCA", "TT", "Bộ Công an")],
    ),
    (
        "Thông tư số 09/2016/TT-BVHTTDL ngày 14/10/2016 của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch quy định",
        [("09/2016/TT-BVHTTDL", "TT", "Bộ Văn hóa, Thể thao và Du lịch")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TYPE_AND_ISSUER_CASES)
def test_types_and_issuers(text: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert [(r.number, r.doc_type, r.issuer) for r in refs(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Báo cáo theo Mẫu số 01/BKNT ban hành kèm theo",  # a form (biểu mẫu), vbpl-200
        "lập Phiếu số 02a-SDKP/ĐVDT gửi Kho bạc",
        "in accordance with the Law No. 2005/Pursuant to",  # English text: a word, not a code
        "Điểm số 02/\nII. NỘI DUNG",  # a number cut by a line break is no number
    ],
)
def test_no_reference(text: str) -> None:
    assert refs(text) == []
