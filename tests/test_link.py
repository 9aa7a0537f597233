"""The corpus linker: the five seeds against their gold links, and small built pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import khplan
from khplan.extractors.docnumber import canonical_number
from khplan.extractors.link import document_groups, identity_key, issuer_agreement, link_documents
from khplan.schemas import Document, DocumentInfo, Issuer, Links, Message, Reference, Source

SEEDS = Path("/work/shared/eval/seeds")


def make_doc(
    number: str | None,
    issuer: str,
    date: str | None,
    title: str,
    *,
    refs: list[Reference] | None = None,
    level: str | None = None,
    path: str = "x.txt",
    secondary: bool = False,
) -> Document:
    year = int(date[:4]) if date else None
    return Document(
        source=Source(path=path),
        document=DocumentInfo(
            doc_type="KH" if number is None or "/KH" in number else number.split("/")[-1].split("-")[0],
            number=number,
            issuer=Issuer(name=issuer, level=level),  # type: ignore[arg-type]
            issued_date=date,
            issued_year=year,
            title=title,
        ),
        references=refs or [],
        warnings=[Message(code="secondary_source", message="news article")] if secondary else [],
    )


def basis(number: str, issuer: str | None, date: str | None, title: str | None = None) -> Reference:
    text = f"Kế hoạch số {number}" + (f" ngày {date}" if date else "") + (f" của {issuer}" if issuer else "")
    return Reference(
        doc_type=number.split("/")[-1].split("-")[0],
        number=number,
        issued_date=date,
        issuer=issuer,
        title=title,
        role="basis",
        text=text,
        span=(0, len(text)),
    )


def edges(links: Links) -> set[tuple[str, str | None]]:
    return {(link.child, link.parent or canonical_number(link.parent_number)) for link in links.links}


# --- the seeds -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_links() -> tuple[dict[str, Document], Links]:
    if not (SEEDS / "docs").is_dir():
        pytest.skip("shared seeds not available")
    docs = {p.stem: khplan.extract(p) for p in sorted((SEEDS / "docs").glob("*.txt"))}
    return docs, link_documents(docs)


def test_seed_links_match_gold(seed_links: tuple[dict[str, Document], Links]) -> None:
    _, links = seed_links
    gold = json.loads((SEEDS / "gold" / "links.json").read_text(encoding="utf-8"))
    gold_edges = {
        (e["child"], e.get("parent") or canonical_number(e["parent_number"])) for e in gold["links"]
    }
    assert edges(links) == gold_edges
    assert len(links.links) == len(gold["links"])  # one link per basis reference, none doubled


def test_seed_000_is_inferred_as_97_kh_ubnd(seed_links: tuple[dict[str, Document], Links]) -> None:
    _, links = seed_links
    by_stem = {d.stem: d for d in links.documents}
    d000 = by_stem["000_df269efa2740bc28"]
    assert d000.number is None
    assert d000.inferred_number == "97/KH-UBND"
    assert d000.inferred_from == "002_21bd684ebe220878"
    link = next(x for x in links.links if x.parent == "000_df269efa2740bc28")
    assert link.child == "002_21bd684ebe220878"
    assert link.match == "title"
    assert 0.8 <= link.confidence <= 1.0
    assert "97/KH-UBND" in link.evidence
    assert all(d.inferred_number is None for d in links.documents if d.stem != "000_df269efa2740bc28")


def test_seed_links_quote_the_citing_sentence_when_texts_are_given() -> None:
    if not (SEEDS / "docs").is_dir():
        pytest.skip("shared seeds not available")
    from khplan.extractors.read_text import read_text

    path = SEEDS / "docs" / "001_7ff05f254cf0cfda.txt"
    stem = path.stem
    links = link_documents({stem: khplan.extract(path)}, {stem: read_text(path.read_bytes(), "txt").text})
    assert links.links[0].evidence.startswith("Thực hiện Kế hoạch 43/KH-UBND ngày 22/02/2023 của UBND huyện")


# --- built pairs -----------------------------------------------------------------------------------------

TITLE = "Triển khai thực hiện Chương trình phát triển văn hóa đọc trong cộng đồng đến năm 2030"


def test_number_match_tolerates_spelling_of_the_number() -> None:
    parent = make_doc(
        "1520/QĐ-TTg", "Thủ tướng Chính phủ", "2022-12-09", "Phê duyệt Chương trình", level="central"
    )
    child = make_doc(
        "06/KH-UBND",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
        "2023-01-10",
        TITLE,
        refs=[basis("1520/QD-Ttg", "Thủ tướng Chính phủ", "2022-12-09")],
    )
    links = link_documents({"p": parent, "c": child})
    assert [(x.child, x.parent, x.match) for x in links.links] == [("c", "p", "number")]
    assert links.links[0].confidence == pytest.approx(1.0)


def test_same_number_of_another_province_is_not_a_match() -> None:
    parent = make_doc("378/QĐ-UBND", "Ủy ban nhân dân tỉnh Bắc Giang", "2022-03-01", "Ban hành Kế hoạch")
    child = make_doc(
        "12/KH-UBND",
        "Ủy ban nhân dân huyện Tiên Du",
        "2022-04-01",
        TITLE,
        refs=[basis("378/QĐ-UBND", "UBND tỉnh Bắc Ninh", "2022-03-01")],
    )
    links = link_documents({"p": parent, "c": child})
    assert links.links[0].parent is None
    assert links.links[0].match is None


def test_same_number_of_another_year_is_not_a_match() -> None:
    parent = make_doc("45/KH-UBND", "Ủy ban nhân dân tỉnh Bắc Ninh", "2021-03-01", TITLE)
    child = make_doc(
        "12/KH-UBND",
        "Ủy ban nhân dân huyện Tiên Du",
        "2022-04-01",
        TITLE,
        refs=[basis("45/KH-UBND", "UBND tỉnh Bắc Ninh", "2022-03-01")],
    )
    assert link_documents({"p": parent, "c": child}).links[0].parent is None


def test_relative_issuer_means_the_communes_district() -> None:
    district = make_doc(None, "Ủy ban nhân dân huyện Cẩm Thủy", "2023-02-22", TITLE)
    province = make_doc(None, "Ủy ban nhân dân tỉnh Thanh Hóa", "2023-02-22", TITLE)
    child = make_doc(
        None,
        "Ủy ban nhân dân xã Cẩm Long",
        "2023-03-15",
        TITLE,
        refs=[basis("43/KH-UBND", "Ủy ban nhân dân huyện", "2023-02-22", TITLE)],
    )
    links = link_documents({"district": district, "province": province, "commune": child})
    assert [(x.parent, x.match) for x in links.links] == [("district", "title")]
    inferred = {d.stem: d.inferred_number for d in links.documents}
    assert inferred == {"commune": None, "district": "43/KH-UBND", "province": None}


def test_own_unit_read_from_the_citing_document() -> None:
    assert (
        issuer_agreement("UBND thành phố", "Ủy ban nhân dân thành phố Cần Thơ", "Thư viện thành phố Cần Thơ")
        == 1
    )
    assert (
        issuer_agreement("UBND thành phố", "Ủy ban nhân dân thành phố Hà Nội", "Thư viện thành phố Cần Thơ")
        == 0
    )
    assert (
        issuer_agreement("UBND huyện", "Ủy ban nhân dân tỉnh Thanh Hóa", "Ủy ban nhân dân xã Cẩm Long") == 0
    )
    assert issuer_agreement("HĐND tỉnh Bắc Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh") == 0


def test_misprinted_citation_resolved_by_issuer_date_title_with_lower_confidence() -> None:
    parent = make_doc("378/KH-UBND", "Ủy ban nhân dân tỉnh Bắc Ninh", "2022-03-01", TITLE)
    child = make_doc(
        "12/KH-UBND",
        "Ủy ban nhân dân huyện Tiên Du",
        "2022-04-01",
        TITLE + " trên địa bàn huyện",
        refs=[basis("387/KH-UBND", "UBND tỉnh Bắc Ninh", "2022-03-01", TITLE)],
    )
    links = link_documents({"p": parent, "c": child})
    assert (links.links[0].parent, links.links[0].match) == ("p", "issuer_date_title")
    assert links.links[0].confidence <= 0.75
    assert links.links[0].parent_number == "387/KH-UBND"  # as referenced
    assert all(d.inferred_number is None for d in links.documents)


def test_unrelated_plan_of_the_same_issuer_and_year_is_not_a_title_match() -> None:
    other = make_doc(None, "Ủy ban nhân dân tỉnh Bắc Ninh", None, "Phòng, chống thiên tai năm 2022")
    child = make_doc(
        "12/KH-UBND",
        "Ủy ban nhân dân huyện Tiên Du",
        "2022-04-01",
        TITLE,
        refs=[basis("378/KH-UBND", "UBND tỉnh Bắc Ninh", "2022-03-01", TITLE)],
    )
    assert link_documents({"o": other, "c": child}).links[0].parent is None


def test_parent_cannot_be_dated_before_what_it_cites() -> None:
    # The numberless candidate cites a document of 2022-05-01, so it cannot be the plan of 2022-03-01.
    cand = make_doc(
        None,
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        None,
        TITLE,
        refs=[basis("90/KH-UBND", "UBND tỉnh Bắc Ninh", "2022-05-01")],
    )
    child = make_doc(
        "12/KH-UBND",
        "Ủy ban nhân dân huyện Tiên Du",
        "2022-06-01",
        TITLE,
        refs=[basis("378/KH-UBND", "UBND tỉnh Bắc Ninh", "2022-03-01", TITLE)],
    )
    links = link_documents({"cand": cand, "c": child})
    assert next(x for x in links.links if x.child == "c").parent is None


def test_pdf_and_docx_of_one_plan_are_grouped_not_double_counted() -> None:
    refs = [basis("1520/QĐ-TTg", "Thủ tướng Chính phủ", "2022-12-09")]
    pdf = make_doc("06/KH-UBND", "Ủy ban nhân dân tỉnh Đắk Lắk", "2023-01-10", TITLE, refs=refs, path="a.pdf")
    docx = make_doc("06/KH-UBND", "UBND tỉnh Đắk Lắk", "2023-01-10", TITLE, refs=refs, path="a.docx")
    child = make_doc(
        "20/KH-UBND",
        "Ủy ban nhân dân huyện Krông Pắc",
        "2023-02-01",
        TITLE,
        refs=[basis("06/KH-UBND", "UBND tỉnh Đắk Lắk", "2023-01-10")],
    )
    docs = {"a_pdf": pdf, "a_docx": docx, "child": child}
    groups = document_groups(docs)
    assert groups["a_pdf"] == groups["a_docx"] == "a_docx"  # same content: the first stem represents
    assert groups["child"] == "child"
    links = link_documents(docs)
    assert sorted((x.child, x.parent_number, x.parent) for x in links.links) == [
        ("a_docx", "1520/QĐ-TTg", None),
        ("child", "06/KH-UBND", "a_docx"),
    ]
    assert identity_key(pdf) == identity_key(docx)


def test_news_article_about_a_plan_links_to_the_plan_itself() -> None:
    refs = [basis("1520/QĐ-TTg", "Thủ tướng Chính phủ", "2022-12-09")]
    news = make_doc(
        "06/KH-UBND", "Ủy ban nhân dân tỉnh Đắk Lắk", "2023-01-10", TITLE, refs=refs, secondary=True
    )
    plan = make_doc("06/KH-UBND", "Ủy ban nhân dân tỉnh Đắk Lắk", "2023-01-10", TITLE, refs=refs)
    child = make_doc(
        "20/KH-UBND",
        "Ủy ban nhân dân huyện Krông Pắc",
        "2023-02-01",
        TITLE,
        refs=[basis("06/KH-UBND", "UBND tỉnh Đắk Lắk", "2023-01-10")],
    )
    links = link_documents({"a_news": news, "b_plan": plan, "child": child})
    assert document_groups({"a_news": news, "b_plan": plan})["a_news"] == "b_plan"
    assert [x.parent for x in links.links if x.child == "child"] == ["b_plan"]
    assert [x.child for x in links.links if x.parent_number == "1520/QĐ-TTg"] == ["b_plan"]


def test_document_with_errors_is_never_a_parent() -> None:
    broken = make_doc("06/KH-UBND", "Ủy ban nhân dân tỉnh Đắk Lắk", "2023-01-10", TITLE)
    broken = broken.model_copy(update={"errors": [Message(code="unreadable_file", message="x")]})
    child = make_doc(
        "20/KH-UBND",
        "Ủy ban nhân dân huyện Krông Pắc",
        "2023-02-01",
        TITLE,
        refs=[basis("06/KH-UBND", "UBND tỉnh Đắk Lắk", "2023-01-10")],
    )
    assert link_documents({"b": broken, "c": child}).links[0].parent is None
