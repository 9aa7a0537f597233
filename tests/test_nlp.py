"""The spaCy pipeline of the content stage (extractors/nlp.py): tokenizer, BODY entities, role cues."""

from __future__ import annotations

import pytest

from khplan.extractors.clean import matching_view
from khplan.extractors.nlp import ROLES, load_nlp, parse

TOKENS: list[tuple[str, list[str]]] = [
    # Vietnamese numbers stay whole: thousands with dots, decimals with a comma (numbers.py reads them).
    ("29.000 bản sách", ["29.000", "bản", "sách"]),
    ("13,5%", ["13,5", "%"]),
    # "4/9 thư viện" (4 of 9) and dates stay one token; punctuation comes off.
    ("4/9 thư viện", ["4/9", "thư", "viện"]),
    ("ngày 04/6/2018,", ["ngày", "04/6/2018", ","]),
    ("(21/4)", ["(", "21/4", ")"]),
    # A document number is one token; a comma or full stop after it is not part of it.
    ("155/KH-UBND,", ["155/KH-UBND", ","]),
    ("06/2020/NĐ-CP.", ["06/2020/NĐ-CP", "."]),
    # Punctuation glued to words comes off ("hóa," and "2025." were single tokens before).
    ("văn hóa, thể thao", ["văn", "hóa", ",", "thể", "thao"]),
    ("đến năm 2025.", ["đến", "năm", "2025", "."]),
    ("“Ngày Sách", ["“", "Ngày", "Sách"]),
    # An abbreviated name keeps its letters; the comma between them is a token of its own.
    ("Sở VH,TT&DL", ["Sở", "VH", ",", "TT&DL"]),
    ("Sở VHTT&DL", ["Sở", "VHTT&DL"]),
    # A dot glued between capitals separates words ("TP.Cần Thơ" is "TP . Cần Thơ").
    ("TP.Cần Thơ", ["TP", ".", "Cần", "Thơ"]),
    ("UBND.", ["UBND", "."]),
    ("a) Chủ trì", ["a", ")", "Chủ", "trì"]),
    # Line breaks and runs of spaces are tokens of their own (the tokenizer has no white-space
    # exceptions, so that words after a line break are cached).
    ("Sở Y tế\nchủ trì.\n\n2.  Sở", ["Sở", "Y", "tế", "\n", "chủ", "trì", ".", "\n\n", "2", ".", " ", "Sở"]),
]


@pytest.mark.parametrize(("text", "tokens"), TOKENS)
def test_tokenizer(text: str, tokens: list[str]) -> None:
    assert [t.text for t in load_nlp().make_doc(text)] == tokens


BODIES: list[tuple[str, list[str]]] = [
    # seed 000 line 27
    (
        "- Bảo tàng thành phố tiến hành ký kết với Sở Giáo dục và Đào tạo.",
        ["Bảo tàng thành phố", "Sở Giáo dục và Đào tạo"],
    ),
    # seed 000 line 109: a gazetteer name keeps the comma inside it
    ("1. Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    # seed 000 line 140: units after a comma belong to the name
    ("8. Ủy ban nhân dân quận, huyện", ["Ủy ban nhân dân quận, huyện"]),
    # seed 004 line 107: a number and a unit word after the head
    ("7. Ủy ban nhân dân 16 phường", ["Ủy ban nhân dân 16 phường"]),
    # seed 002 line 11: an abbreviated name with a glued dot
    ("Kế hoạch số 97/KH-UBND ngày 04/6/2018 của UBND TP.Cần Thơ", ["UBND TP.Cần Thơ"]),
    # seed 000 line 90: a run of names after commas is one entity, split by the bodies stage
    (
        "- Thư viện thành phố, thư viện quận, huyện phối hợp chặt chẽ với các cơ quan.",
        ["Thư viện thành phố, thư viện quận, huyện"],
    ),
    # seed 003 line 4: a province after the unit word is part of the name
    (
        "Ngày 10/01/2023, Ủy ban nhân dân tỉnh Đắk Lắk đã ban hành Kế hoạch số 06/KH-UBND.",
        ["Ủy ban nhân dân tỉnh Đắk Lắk"],
    ),
    # a "- X: task" line of an implementation section
    ("- Sở Y tế: chỉ đạo các cơ sở y tế.", ["Sở Y tế"]),
    # a whole name by itself (bodies.json standalone_heads)
    ("Giao Công an.", ["Công an"]),
    # vbpl-200 doc_000017: a collective is a whole name too
    ("b) Các sở thực hiện hợp nhất, sáp nhập.", ["Các sở"]),
]


@pytest.mark.parametrize(("text", "names"), BODIES)
def test_body_entities(text: str, names: list[str]) -> None:
    view = matching_view(text)
    doc = parse(view)  # its digits read as 0s: a name is read back from the view by its offsets
    assert [view[e.start_char : e.end_char] for e in doc.ents if e.label_ == "BODY"] == names


NO_BODIES = [
    # a plan template of a ward's Fatherland Front committee: heads that open no name
    "4. Ban hành kế hoạch thực hiện trước ngày 30/6/2024.",
    "Phòng, chống dịch bệnh trong mùa mưa bão.",
    # after seed 001 line 19, in lower case: lower-case words open no name
    "- Đến năm 2025: thư viện huyện hoàn thiện và đảm bảo phục vụ nhân dân.",
    "Hội nghị được tổ chức vào ngày 21/4.",
]


@pytest.mark.parametrize("text", NO_BODIES)
def test_no_body_entities(text: str) -> None:
    assert [e.text for e in parse(matching_view(text)).ents] == []


CUES: list[tuple[str, list[tuple[str, str]]]] = [
    # test_bodies.py test_tasks_and_partners (after seed 000 line 117)
    ("a) Chủ trì, củng cố các Trung tâm học tập cộng đồng;", [("task", "Chủ trì")]),
    # seed 000 line 119: "phối hợp (với)" is a partner cue and a task verb; every cue is kept
    (
        "b) Phối hợp với Sở Văn hóa, Thể thao và Du lịch.",
        [("coordinate", "Phối hợp"), ("coordinate", "Phối hợp với"), ("task", "Phối hợp")],
    ),
    # seed 000 line 134 (there "tổ quốc" in lower case)
    ("6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", [("request", "Đề nghị")]),
    # made up: a duty with an adverb and a report (overlapping cues all kept)
    (
        "Các phòng có trách nhiệm thường xuyên báo cáo.",
        [
            ("adverb", "có trách nhiệm"),
            ("assign", "có trách nhiệm"),
            ("task", "có trách nhiệm"),
            ("adverb", "thường xuyên"),
            ("report", "báo cáo"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "cues"), CUES)
def test_role_cues(text: str, cues: list[tuple[str, str]]) -> None:
    doc = parse(matching_view(text))  # spans live only as long as their Doc
    assert sorted((s.label_, s.text) for s in doc.spans[ROLES]) == sorted(cues)


def test_offsets_are_the_views() -> None:
    # The bodies stage slices the text with entity offsets: they must be the view's.
    text = "V- TỔ CHỨC THỰC HIỆN\n**1. Sở Tài chính** bố trí kinh phí.\n"
    view = matching_view(text)
    doc = parse(view)
    assert len(doc.text) == len(text)
    assert [text[e.start_char : e.end_char] for e in doc.ents] == ["Sở Tài chính"]


def test_long_texts_are_parsed() -> None:
    """Text length is khplan's limit (--max-chars), not spaCy's default of 1,000,000 characters."""
    from khplan.extractors.nlp import load_nlp

    assert load_nlp().max_length >= 5_000_000


def test_vocabulary_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new number and name adds a word to spaCy's vocabulary; a worker that reads tens of
    thousands of plans must not keep them all, and a rebuilt pipeline finds the same bodies."""
    import khplan.extractors.nlp as nlp

    monkeypatch.setattr(nlp, "MAX_VOCAB", len(load_nlp().vocab) + 500)
    first = load_nlp()
    for i in range(300):
        word = "".join(chr(ord("a") + int(d)) for d in f"{i:03d}")  # a new word each time: "aab"
        parse(f"Giao Sở Tài chính chủ trì, ông Nguyễn Văn Xa{word} và bà Trần Thị Y{word} phối hợp.")
    assert load_nlp() is not first
    assert len(load_nlp().vocab) <= nlp.MAX_VOCAB + 50
    doc = parse(matching_view("Giao Sở Tài chính chủ trì."))
    assert [e.text for e in doc.ents] == ["Sở Tài chính"]


def test_numbers_and_dates_add_no_words() -> None:
    """Digits are read as 0s: a worker's thousands of distinct numbers and dates were most of the
    words its vocabulary gained over a long run."""
    parse("Kế hoạch số 1/KH-UBND ngày 1/3/2024.")
    before = len(load_nlp().vocab)
    for i in range(300):
        parse(f"Kế hoạch số {1000 + i}/KH-UBND ngày {i % 28 + 1}/{i % 12 + 1}/20{i % 30:02d}, mục {i}.{i}.")
    assert len(load_nlp().vocab) - before <= 20  # a few shapes ("0000/KH-UBND", "00/0/0000"), not 900 words
