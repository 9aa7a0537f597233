"""Bodies and their roles from real implementation sections (extractors/bodies.py)."""

from __future__ import annotations

import pytest

from khplan.extractors.clean import matching_view
from khplan.extractors.content import extract_content
from khplan.extractors.header import HeaderResult
from khplan.schemas import Body, DocumentInfo, Issuer


def bodies_of(text: str, issuer: str | None = None) -> list[Body]:
    info = DocumentInfo(issuer=Issuer(name=issuer) if issuer else None)
    return extract_content(text, matching_view(text), HeaderResult(info=info))[2]


def roles(text: str, issuer: str | None = None) -> dict[str, str]:
    return {b.name: b.role for b in bodies_of(text, issuer) if b.role in ("responsible", "requested")}


CASES: list[tuple[str, dict[str, str]]] = [
    # seed 000 lines 108-140: one body per name; commas inside names kept
    (
        "V- TỔ CHỨC THỰC HIỆN\n1. Sở Văn hóa, Thể thao và Du lịch\na) Chủ trì, phối hợp với các cơ quan.\n\n"
        "6. Đề nghị Ủy ban Mặt trận tổ quốc Việt Nam thành phố và các đoàn thể thành phố\n"
        "Phối hợp tuyên truyền, vận động đoàn viên.\n\n"
        "7. Báo Cần Thơ, Đài Phát thanh và Truyền hình thành phố\nXây dựng chuyên mục tuyên truyền.\n\n"
        "8. Ủy ban nhân dân quận, huyện\na) Xây dựng kế hoạch lồng ghép.\n",
        {
            "Sở Văn hóa, Thể thao và Du lịch": "responsible",
            "Ủy ban Mặt trận tổ quốc Việt Nam thành phố": "requested",
            "Các đoàn thể thành phố": "requested",
            "Báo Cần Thơ": "responsible",
            "Đài Phát thanh và Truyền hình thành phố": "responsible",
            "Ủy ban nhân dân quận, huyện": "responsible",
        },
    ),
    # seed 001 line 75: a heading with its task after a colon, lower-case "đoàn xã"
    (
        "IV. TỔ CHỨC THỰC HIỆN.\n2. Đề nghị Mặt trận Tổ quốc xã, Liên đoàn Lao động xã, đoàn xã, Hội Nông dân, "
        "Hội Người cao tuổi: Phối hợp với các cơ quan có liên quan tích cực tuyên truyền.\n",
        {
            "Mặt trận Tổ quốc xã": "requested",
            "Liên đoàn Lao động xã": "requested",
            "Đoàn xã": "requested",
            "Hội Nông dân": "requested",
            "Hội Người cao tuổi": "requested",
        },
    ),
    # seed 004 lines 61-65: a subject under a "Đề nghị" heading is requested too
    (
        "IV. TỔ CHỨC THỰC HIỆN\n\n2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam quận và các tổ chức chính trị - "
        "xã hội quận\n\n- Đẩy mạnh công tác thông tin.\n\n- Quận Đoàn Gò Vấp chỉ đạo hệ thống các tổ chức đoàn "
        "trực thuộc tổ chức các hoạt động.\n\n7. Ủy ban nhân dân 16 phường\n\n- Ban hành kế hoạch.\n",
        {
            "Ủy ban Mặt trận Tổ quốc Việt Nam quận": "requested",
            "Các tổ chức chính trị - xã hội quận": "requested",
            "Quận Đoàn Gò Vấp": "requested",
            "Ủy ban nhân dân 16 phường": "responsible",
        },
    ),
    # seed 000 lines 27 and 90: subjects of task sentences outside the implementation section
    (
        "II- MỤC TIÊU\n- Bảo tàng thành phố tiến hành ký kết với Sở Giáo dục và Đào tạo chương trình phối hợp.\n"
        "- Thư viện thành phố, thư viện quận, huyện phối hợp chặt chẽ với các cơ quan, đơn vị có liên quan.\n",
        {
            "Bảo tàng thành phố": "responsible",
            "Thư viện thành phố": "responsible",
            "Thư viện quận, huyện": "responsible",
        },
    ),
    # seed 002 line 45: an abbreviated name the issuer's name begins with is the issuer
    (
        "3. Tăng cường ứng dụng CNTT\n\n+ Thư viện TP đảm bảo cung cấp dịch vụ truy cập Internet miễn phí.\n",
        {"Thư viện thành phố Cần Thơ": "responsible"},
    ),
    # a plan template of a ward's Fatherland Front committee (public GitHub repository): lower-case
    # names under the implementation heading; "Ban hành …" and "Trường hợp …" open no body
    (
        "IV. TỔ CHỨC THỰC HIỆN\n1. Ban Thường trực MTTQ phường:\n2. Các tổ chức thành viên:\n"
        "3. Ban công tác Mặt trận các khu phố:\n4. Ban hành kế hoạch thực hiện trước ngày 30/6/2024.\n"
        "5. Trường hợp có vướng mắc, báo cáo về Ủy ban nhân dân tỉnh.\n",
        {
            "Ban Thường trực Mặt trận Tổ quốc phường": "responsible",
            "Các tổ chức thành viên": "responsible",
            "Ban công tác Mặt trận các khu phố": "responsible",
        },
    ),
    # vbpl-200 doc_000109: an opening phrase and a comma before the subject, a run of names
    (
        "1. Nhiệm vụ\nCăn cứ số lượng đăng ký của các đơn vị, Bộ Quốc phòng, Bộ Công an tổ chức phân bổ số "
        "lượng căn hộ.\n",
        {"Bộ Quốc phòng": "responsible", "Bộ Công an": "responsible"},
    ),
    # vbpl-200 doc_000017: a collective name ("Các sở") before its verb
    ("1. Sắp xếp\nb) Các sở thực hiện hợp nhất, sáp nhập.\n", {"Các sở": "responsible"}),
    # a heading printed in capitals, and "- X: task" lines
    (
        "V. TỔ CHỨC THỰC HIỆN\n1. SỞ TÀI CHÍNH\nThẩm định dự toán kinh phí.\n"
        "2. Nhiệm vụ khác\n- Sở Y tế: chỉ đạo các cơ sở y tế.\n",
        {"Sở Tài chính": "responsible", "Sở Y tế": "responsible"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_bodies(text: str, expected: dict[str, str]) -> None:
    issuer = "Thư viện thành phố Cần Thơ" if "Thư viện TP" in text else None
    assert roles(text, issuer) == expected


def test_tasks_and_partners() -> None:
    # seed 000 lines 116-119
    text = (
        "V- TỔ CHỨC THỰC HIỆN\n2. Sở Giáo dục và Đào tạo\na) Chủ trì, củng cố các Trung tâm học tập cộng đồng;\n\n"
        "b) Phối hợp với Sở Văn hóa, Thể thao và Du lịch triển khai thực hiện tốt Kế hoạch này.\n"
    )
    found = {b.name: b for b in bodies_of(text)}
    assert [t.section for t in found["Sở Giáo dục và Đào tạo"].tasks] == ["V.2.a", "V.2.b"]
    assert found["Sở Văn hóa, Thể thao và Du lịch"].role == "coordinating"


def test_partners_in_a_row() -> None:
    # a run of partners after "phối hợp với", each a body of its own (after vbpl-200 doc_000026)
    text = (
        "1. Nhiệm vụ\nBộ Công Thương chủ trì, phối hợp với Bộ Tài chính, Bộ Khoa học và Công nghệ rà soát.\n"
    )
    found = {b.name: b.role for b in bodies_of(text)}
    assert found == {
        "Bộ Công Thương": "responsible",
        "Bộ Tài chính": "coordinating",
        "Bộ Khoa học và Công nghệ": "coordinating",
    }


NONE = [
    # seed 003 line 4: a past act, not a task
    "Ngày 10/01/2023, Ủy ban nhân dân tỉnh Đắk Lắk đã ban hành Kế hoạch số 06/KH-UBND.\n",
    # seed 001 line 19: a target, not a task
    "- Đến năm 2025: Thư viện huyện hoàn thiện và đảm bảo phục vụ nhân dân.\n",
    # seed 000 line 106: generic bodies budgeting ("căn cứ" is no task verb)
    "IV- KINH PHÍ THỰC HIỆN\n2. Các sở, ban, ngành thành phố có liên quan và Ủy ban nhân dân quận, huyện căn cứ "
    "chức năng, nhiệm vụ được giao, lập dự toán kinh phí thực hiện.\n",
    # seed 000 line 152: reporting bodies are annotated as mentioned
    "VI- CHẾ ĐỘ BÁO CÁO\nCác sở, ban, ngành thành phố có liên quan báo cáo kết quả triển khai.\n",
]


@pytest.mark.parametrize("text", NONE)
def test_no_responsible_bodies(text: str) -> None:
    assert roles(text) == {}
