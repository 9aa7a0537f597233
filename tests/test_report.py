"""The HTML report, checked by content: self-contained, the tree, findings, Vietnamese text intact."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import khplan
from khplan.extractors.consistency import check_consistency
from khplan.extractors.link import link_documents
from khplan.report import link_tree, render_report
from khplan.schemas import Document, Message, RunSummary, Source

SEEDS = Path("/work/shared/eval/seeds")
P000, P002 = "000_df269efa2740bc28", "002_21bd684ebe220878"


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    if not (SEEDS / "docs").is_dir():
        pytest.skip("shared seeds not available")
    docs = {p.stem: khplan.extract(p) for p in sorted((SEEDS / "docs").glob("*.txt"))}
    docs["zz_broken"] = Document(
        source=Source(path="samples/hỏng.pdf", format="pdf"),
        errors=[Message(code="unreadable_file", message="samples/hỏng.pdf: cannot be opened")],
    )
    return docs


@pytest.fixture(scope="module")
def page(seeds: dict[str, Document]) -> str:
    links = link_documents(seeds)
    run = RunSummary(started="2024-05-01T08:00:00", finished="2024-05-01T08:00:05", seconds=5.0, counts={})
    return render_report(seeds, links, check_consistency(seeds, links), run)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_self_contained_utf8_vietnamese(page: str) -> None:
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in page
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", page)  # nothing fetched from elsewhere
    assert "<script" not in page and "<link " not in page
    text = text_of(page)
    # Vietnamese exactly as extracted, diacritics intact (NFC).
    assert "Ủy ban nhân dân thành phố Cần Thơ" in text
    assert "Thư viện thành phố Cần Thơ" in text
    assert "Đẩy mạnh các hoạt động học tập suốt đời" in text


def test_tree_puts_002_under_000_under_208(page: str, seeds: dict[str, Document]) -> None:
    trees = {t.key: t for t in link_tree(seeds, link_documents(seeds))}
    external = trees["ext:208/QDTTG"]
    assert [c.key for c in external.children] == [P000]
    assert [c.key for c in external.children[0].children] == [P002]
    assert external.children[0].children[0].match == "title"
    # In the page, 002 is nested inside 000's list item, which is inside 208/QĐ-TTg's.
    tree_html = page[page.index('id="tree"') : page.index('id="findings"')]
    i208 = tree_html.index("208/QĐ-TTg (not in this run)")
    i000 = tree_html.index(f"· {P000}", i208)
    i002 = tree_html.index(f"· {P002}", i000)
    assert "</li>" not in tree_html[i000:i002]  # 000 item is still open
    assert "97/KH-UBND (number inferred)" in text_of(tree_html)


def test_findings_grouped_by_kind(page: str) -> None:
    findings_html = page[page.index('id="findings"') : page.index('id="documents"')]
    text = text_of(findings_html)
    assert "Parent document not in the run" in text
    assert "155/KH-TVTP (002_21bd684ebe220878) implements 1929/KH-SVHTTDL, which is not in this run." in text
    assert "Kế hoạch số 1929/KH-SVHTTDL ngày 13/6/2019 của Sở Văn hóa, Thể thao và Du lịch" in text


def test_cards_and_failures(page: str) -> None:
    assert f'id="doc-{P000}"' in page and f'id="doc-{P002}"' in page
    card = page[page.index(f'id="doc-{P000}"') : page.index('id="doc-001_')]
    text = text_of(card)
    assert "97/KH-UBND" in text and "inferred from" in text
    assert "Quyết định số 208/QĐ-TTg ngày 27 tháng 01 năm 2014 của Thủ tướng Chính phủ" in text
    failures = text_of(page[page.index('id="failures"') :])
    assert "zz_broken" in failures and "unreadable_file" in failures and "samples/hỏng.pdf" in failures
    assert "2024-05-01T08:00:00" in page


def test_markup_in_document_text_is_escaped() -> None:
    doc = Document(source=Source(path="<script>alert(1)</script>.txt"))
    doc.document.title = 'Kế hoạch <b>"đặc biệt"</b> & khác'
    links = link_documents({"x": doc})
    page = render_report({"x": doc}, links, [])
    assert "<script>alert" not in page
    assert "&lt;b&gt;" in page and "&amp; khác" in page
    assert "No findings." in page


def test_large_runs_show_cards_only_for_what_needs_a_look(
    seeds: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    import khplan.report as report

    monkeypatch.setattr(report, "MAX_ALL_CARDS", 2)
    links = link_documents(seeds)
    page = render_report(seeds, links, check_consistency(seeds, links))
    shown = set(re.findall(r'id="doc-([^"]+)"', page))
    # 002 links to 000 inside the run: both keep their cards, as does the failed file; the
    # three others are summarised
    assert shown == {"000_df269efa2740bc28", "002_21bd684ebe220878", "zz_broken"}
    assert "3 documents are not shown as cards" in page


def test_very_large_runs_cap_cards_findings_and_tree(
    seeds: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    import khplan.report as report

    monkeypatch.setattr(report, "MAX_ALL_CARDS", 2)
    monkeypatch.setattr(report, "MAX_CARDS", 2)
    monkeypatch.setattr(report, "MAX_FINDINGS_PER_KIND", 1)
    monkeypatch.setattr(report, "MAX_TREE_NODES", 2)
    links = link_documents(seeds)
    findings = check_consistency(seeds, links)
    read: list[str] = []

    def full(stem: str) -> Document:
        read.append(stem)
        return seeds[stem]

    page = render_report(seeds, links, findings, full=full)
    shown = set(re.findall(r'id="doc-([^"]+)"', page))
    # Three documents deserve a card; the failed file comes first, then the lowest stem.
    assert shown == {"zz_broken", P000}
    assert sorted(read) == sorted(shown)  # only the cards' whole documents are read
    assert "4 documents are not shown as cards" in page
    unresolved = sum(f.kind == "unresolved_parent" for f in findings)
    assert unresolved > 1
    assert f"… and {unresolved - 1} more of this kind" in text_of(page)
    tree = page[page.index('id="tree"') : page.index('id="findings"')]
    assert tree.count("<li") == 2 and "more entries of the tree" in tree


def test_a_cut_tree_keeps_display_order_and_counts_the_rest(seeds: dict[str, Document]) -> None:
    from khplan.report import TreeNode, link_tree_within

    def keys(trees: list[TreeNode]) -> list[str]:
        return [k for t in trees for k in (t.key, *keys(t.children))]

    links = link_documents(seeds)
    whole, none_hidden = link_tree_within(seeds, links, None)
    assert none_hidden == 0 and len(keys(whole)) > 4
    for budget in (1, 3, 4):
        cut, hidden = link_tree_within(seeds, links, budget)
        assert keys(cut) == keys(whole)[:budget]
        assert hidden == len(keys(whole)) - budget
