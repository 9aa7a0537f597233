"""Cross-level findings: built parent/child pairs with exactly the expected findings, and the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

import khplan
from khplan.extractors.consistency import body_means, check_consistency, indicator_similarity, orders_subplan
from khplan.extractors.link import link_documents
from khplan.schemas import (
    Body,
    Deadline,
    Document,
    DocumentInfo,
    Finding,
    Issuer,
    Reference,
    Source,
    Target,
    Task,
)

SEEDS = Path("/work/shared/eval/seeds")
TITLE = "Triển khai thực hiện Chương trình đẩy mạnh các hoạt động phục vụ học tập suốt đời đến năm 2030"
RATE = "tỷ lệ thư viện công cộng cấp xã có cung cấp dịch vụ phục vụ việc học tập suốt đời"


def target(indicator: str, value: float, year: int, unit: str = "%", comparator: str | None = None) -> Target:
    text = f"Đến năm {year}, {indicator} đạt {value}{unit}"
    return Target(
        indicator=indicator,
        value=value,
        unit=unit,
        year=year,
        comparator=comparator,  # type: ignore[arg-type]
        text=text,
        span=(0, len(text)),
    )


def report(month: int, day: int, responsible: list[str] | None = None) -> Deadline:
    text = f"báo cáo kết quả thực hiện trước ngày {day} tháng {month} hằng năm"
    return Deadline(
        kind="report",
        month=month,
        day=day,
        recurrence="annual",
        responsible=responsible or [],
        text=text,
        span=(0, len(text)),
    )


def doc(
    number: str,
    issuer: str,
    date: str,
    *,
    refs: list[Reference] | None = None,
    targets: list[Target] | None = None,
    deadlines: list[Deadline] | None = None,
    bodies: list[Body] | None = None,
) -> Document:
    return Document(
        source=Source(path=f"{number}.txt"),
        document=DocumentInfo(
            doc_type="KH",
            number=number,
            issuer=Issuer(name=issuer),
            issued_date=date,
            issued_year=int(date[:4]),
            title=TITLE,
        ),
        references=refs or [],
        targets=targets or [],
        deadlines=deadlines or [],
        bodies=bodies or [],
    )


def cites(number: str, issuer: str, date: str) -> Reference:
    text = f"Kế hoạch số {number} ngày {date} của {issuer}"
    return Reference(
        doc_type="KH",
        number=number,
        issued_date=date,
        issuer=issuer,
        role="basis",
        text=text,
        span=(0, len(text)),
    )


PROVINCE = "Ủy ban nhân dân tỉnh Đắk Lắk"
DISTRICT = "Ủy ban nhân dân huyện Krông Pắc"


def pair(
    parent_kw: dict[str, object], child_kw: dict[str, object], child_date: str = "2023-02-01"
) -> list[Finding]:
    parent = doc("06/KH-UBND", PROVINCE, "2023-01-10", **parent_kw)  # type: ignore[arg-type]
    child = doc(
        "20/KH-UBND",
        DISTRICT,
        child_date,
        refs=[cites("06/KH-UBND", "UBND tỉnh Đắk Lắk", "2023-01-10")],
        **child_kw,  # type: ignore[arg-type]
    )
    docs = {"parent": parent, "child": child}
    return check_consistency(docs, link_documents(docs))


def test_weaker_target_and_later_report_date_give_exactly_those_two_findings() -> None:
    findings = pair(
        {"targets": [target(RATE, 50, 2030)], "deadlines": [report(11, 30, ["Ủy ban nhân dân các huyện"])]},
        {"targets": [target(RATE, 30, 2030)], "deadlines": [report(12, 15)]},
    )
    assert sorted(f.kind for f in findings) == ["deadline_after_parent", "target_below_parent"]
    below = next(f for f in findings if f.kind == "target_below_parent")
    assert (below.child, below.parent) == ("child", "parent")
    assert below.evidence["similarity"] == 1.0
    assert below.evidence["child_value"] == 30 and below.evidence["parent_value"] == 50
    assert "30%" in below.message and "50%" in below.message
    late = next(f for f in findings if f.kind == "deadline_after_parent")
    assert late.evidence["days_late"] == 15
    assert "30 tháng 11" in str(late.evidence["parent_deadline"])


@pytest.mark.parametrize(
    ("parent_targets", "child_targets"),
    [
        ([target(RATE, 50, 2030)], [target(RATE, 50, 2030)]),  # equal
        ([target(RATE, 50, 2030)], [target(RATE, 60, 2030)]),  # stronger
        ([target(RATE, 50, 2030)], [target(RATE, 30, 2025)]),  # another year
        ([target(RATE, 50, 2030)], [target(RATE.replace("cấp xã", "cấp huyện"), 30, 2030)]),  # another level
        ([target(RATE, 50, 2030)], [target(RATE, 30, 2030, unit="thư viện")]),  # another unit
        ([target(RATE, 10, 2030, comparator="increase")], [target(RATE, 5, 2030)]),  # a rise vs a share
        (
            [target("số vụ tai nạn giao thông", 100, 2030, "vụ", "at_most")],
            [target("số vụ tai nạn giao thông", 90, 2030, "vụ", "at_most")],
        ),  # a lower ceiling is stronger
        ([target("số lượt khách tham quan bảo tàng", 50, 2030)], [target(RATE, 30, 2030)]),  # unrelated
    ],
)
def test_targets_that_are_not_weaker_give_no_finding(
    parent_targets: list[Target], child_targets: list[Target]
) -> None:
    assert pair({"targets": parent_targets}, {"targets": child_targets}) == []


def test_higher_ceiling_is_weaker() -> None:
    findings = pair(
        {"targets": [target("số vụ tai nạn giao thông", 100, 2030, "vụ", "at_most")]},
        {"targets": [target("số vụ tai nạn giao thông", 120, 2030, "vụ", "at_most")]},
    )
    assert [f.kind for f in findings] == ["target_below_parent"]


@pytest.mark.parametrize(
    ("parent_deadlines", "child_deadlines"),
    [
        ([report(11, 30)], [report(11, 20)]),  # earlier
        ([report(11, 30)], [report(11, 30)]),  # same day
        ([report(11, 30, ["Sở Tài chính"])], [report(12, 15)]),  # the parent's date is for another body
        ([report(6, 10), report(11, 30)], [report(6, 5), report(11, 25)]),  # twice a year, both in time
        ([report(11, 30)], []),
    ],
)
def test_report_dates_in_time_give_no_finding(
    parent_deadlines: list[Deadline], child_deadlines: list[Deadline]
) -> None:
    assert pair({"deadlines": parent_deadlines}, {"deadlines": child_deadlines}) == []


def test_each_late_report_date_is_paired_with_the_nearest_parent_date() -> None:
    findings = pair(
        {"deadlines": [report(6, 10), report(11, 30)]}, {"deadlines": [report(6, 15), report(11, 25)]}
    )
    assert [(f.kind, f.evidence["days_late"]) for f in findings] == [("deadline_after_parent", 5)]


def test_child_dated_before_parent() -> None:
    findings = pair({}, {}, child_date="2022-12-20")
    assert [f.kind for f in findings] == ["date_order"]
    assert findings[0].evidence["parent_date"] == "2023-01-10"


def test_date_order_uses_the_cited_date_when_the_parent_prints_none() -> None:
    # The parent's copy prints its number but no date; the child cites it as of 2023-01-10.
    parent = doc("06/KH-UBND", PROVINCE, "2023-01-10")
    parent = parent.model_copy(
        update={"document": parent.document.model_copy(update={"issued_date": None, "issued_year": None})}
    )
    child = doc(
        "20/KH-UBND", DISTRICT, "2022-12-20", refs=[cites("06/KH-UBND", "UBND tỉnh Đắk Lắk", "2023-01-10")]
    )
    docs = {"parent": parent, "child": child}
    findings = check_consistency(docs, link_documents(docs))
    assert [(f.kind, f.evidence["parent_date_source"]) for f in findings] == [
        ("date_order", "cited by the child")
    ]


def test_unresolved_parent_is_info() -> None:
    child = doc(
        "20/KH-UBND", DISTRICT, "2023-02-01", refs=[cites("06/KH-UBND", "UBND tỉnh Đắk Lắk", "2023-01-10")]
    )
    docs = {"child": child}
    findings = check_consistency(docs, link_documents(docs))
    assert [(f.kind, f.severity, f.child, f.parent) for f in findings] == [
        ("unresolved_parent", "info", "child", None)
    ]
    assert "06/KH-UBND" in findings[0].message
    assert findings[0].evidence["reference"].startswith("Kế hoạch số 06/KH-UBND")  # type: ignore[union-attr]


ORDER = "Xây dựng kế hoạch triển khai thực hiện Kế hoạch này trên địa bàn"


def test_missing_subplan_when_the_ordered_body_has_no_plan_in_the_run() -> None:
    parent = doc(
        "06/KH-UBND",
        PROVINCE,
        "2023-01-10",
        bodies=[
            Body(
                name="Ủy ban nhân dân các huyện, thị xã, thành phố",
                role="responsible",
                tasks=[Task(text=ORDER)],
            ),
            Body(name="Sở Tài chính", role="responsible", tasks=[Task(text="Bố trí kinh phí thực hiện")]),
        ],
    )
    docs = {"parent": parent}
    findings = check_consistency(docs, link_documents(docs))
    assert [(f.kind, f.parent, f.evidence["body"]) for f in findings] == [
        ("missing_subplan", "parent", "Ủy ban nhân dân các huyện, thị xã, thành phố")
    ]
    assert findings[0].evidence["tasks"] == [ORDER]
    # With a district plan implementing it in the run, nothing is missing.
    child = doc(
        "20/KH-UBND", DISTRICT, "2023-02-01", refs=[cites("06/KH-UBND", "UBND tỉnh Đắk Lắk", "2023-01-10")]
    )
    docs = {"parent": parent, "child": child}
    assert check_consistency(docs, link_documents(docs)) == []


def test_no_subplan_finding_for_the_issuer_itself_or_for_advising() -> None:
    parent = doc(
        "06/KH-UBND",
        PROVINCE,
        "2023-01-10",
        bodies=[
            Body(
                name="Sở Văn hóa, Thể thao và Du lịch",
                role="responsible",
                tasks=[Task(text="Tham mưu Ủy ban nhân dân tỉnh xây dựng kế hoạch triển khai")],
            ),
            Body(name="Ủy ban nhân dân tỉnh Đắk Lắk", role="mentioned", tasks=[Task(text=ORDER)]),
        ],
    )
    docs = {"parent": parent}
    assert check_consistency(docs, link_documents(docs)) == []


def test_language_helpers() -> None:
    assert orders_subplan("Ban hành kế hoạch thực hiện các nội dung Chỉ thị số 20/CT-TTg")
    assert not orders_subplan("Triển khai kế hoạch và thực hiện các nội dung Chỉ thị")
    assert not orders_subplan("Tham gia xây dựng kế hoạch hằng năm đào tạo nguồn nhân lực")
    assert orders_subplan("Chủ trì xây dựng và triển khai kế hoạch hằng năm đào tạo nguồn nhân lực")
    assert indicator_similarity(RATE, RATE.replace("cấp xã", "cấp huyện")) == 0.0
    assert body_means(
        "Ủy ban nhân dân quận, huyện", "Ủy ban nhân dân huyện Phong Điền", "Ủy ban nhân dân thành phố Cần Thơ"
    )
    assert not body_means("Ủy ban nhân dân các xã", "Ủy ban nhân dân huyện Phong Điền", PROVINCE)


def test_seed_findings_name_every_parent_outside_the_run() -> None:
    if not (SEEDS / "docs").is_dir():
        pytest.skip("shared seeds not available")
    docs = {p.stem: khplan.extract(p) for p in sorted((SEEDS / "docs").glob("*.txt"))}
    findings = check_consistency(docs, link_documents(docs))
    assert {f.kind for f in findings} <= {
        "unresolved_parent",
        "missing_subplan",
        "target_below_parent",
        "deadline_after_parent",
    }
    assert sorted(
        (f.child, f.evidence["parent_number"]) for f in findings if f.kind == "unresolved_parent"
    ) == [
        ("000_df269efa2740bc28", "208/QĐ-TTg"),
        ("001_7ff05f254cf0cfda", "43/KH-UBND"),
        ("002_21bd684ebe220878", "1929/KH-SVHTTDL"),
        ("003_d3db287065cba9ae", "1520/QĐ-Ttg"),
        ("004_1be724741e9b3dec", "20/CT-TTg"),
        ("004_1be724741e9b3dec", "4361/KH-UBND"),
    ]
    assert not [f for f in findings if f.kind == "date_order"]  # 002 (2019) is after 97/KH-UBND (2018)


def test_corpus_view_gives_the_same_links_and_findings() -> None:
    """The flow links and checks slim views of the documents; the result must not change."""
    from khplan.extractors.consistency import corpus_view

    seeds = sorted((Path(__file__).resolve().parents[1] / "samples" / "seeds").glob("*.txt"))
    docs = {p.stem: khplan.extract(p) for p in seeds}
    views = {s: corpus_view(d) for s, d in docs.items()}
    links = link_documents(docs)
    assert link_documents(views) == links
    assert check_consistency(views, links) == check_consistency(docs, links)
