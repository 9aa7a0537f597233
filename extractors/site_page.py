"""The attribute table of a document's page on a legal-document site (trang thuộc tính).

vbpl.vn's "Thuộc tính" tab and the like list a document's metadata as labelled cells: "Số
hiệu 152/2025/TT-BTC", "Loại văn bản Thông tư", "Ngày ban hành 31/12/2025", "Cơ quan ban hành
Bộ Tài chính", "Người ký …". Saved as text, such a page often holds no text of the document,
only this table under the site's menus ("TRANG CHỦ", "GIỚI THIỆU", …), and its heading repeats
the document's name: "Thông tư số 152/2025/TT-BTC Hướng dẫn kế toán cho …". The labels are data
(``data/site_attributes.json``). Pure: the view in, the fields and their spans out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from .clean import fold
from .docnumber import NUMBER, canonical_number, parse_number
from .gazetteer import mention_names, type_code_by_name
from .nlp import data_json

SEARCH_CHARS = 8000  # the table stands under the site's menus and heading, near the top
MIN_FIELDS = 3  # the number and two more: a register's column headings have no values


@dataclass(frozen=True, slots=True)
class SiteField:
    """One labelled value; ``start``/``end`` are its span in the view."""

    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SiteAttributes:
    """The fields of an attribute table (number, doc_type, issued_date, issuer, signer,
    position, title: the first value of each) and the table's span."""

    fields: dict[str, SiteField]
    start: int
    end: int


@cache
def _config() -> tuple[regex.Pattern[str], dict[str, str], frozenset[str]]:
    data = data_json("site_attributes.json")
    field_of: dict[str, str] = {}
    for name, labels in data["labels"].items():
        for label in labels:
            field_of[" ".join(fold(label).split())] = name
    alternatives = "|".join(
        r"[ \t]*".join("".join(_any_accent(c) for c in word) for word in label.split(" "))
        for label in sorted(field_of, key=len, reverse=True)
    )
    pattern = regex.compile(rf"[ \t]*(?P<label>{alternatives})")
    empty = frozenset(" ".join(fold(v).split()) for v in data["empty_values"])
    return pattern, field_of, empty


@cache
def _spellings() -> dict[str, str]:
    """Each letter a-z -> every letter that folds to it, in both cases ("o" -> "oòó…ôồ…ơờ…OÒ…")."""
    table: dict[str, str] = {}
    for code in range(0x41, 0x1F00):
        c = chr(code)
        f = fold(c)
        if len(f) == 1 and "a" <= f <= "z":
            table[f] = table.get(f, "") + c
    return table


def _any_accent(c: str) -> str:
    """A pattern for one folded label character that matches it with any accent and case: the
    label is found in the view itself, as folding the text first cost 0.5 ms a document."""
    spellings = _spellings().get(c)
    return f"[{spellings}]" if spellings else regex.escape(c)


def _label_ends(view: str, end: int) -> bool:
    """The label stops here: the site glues its value on ("Số hiệu152/…", "Loại văn bảnThông
    tư"), so a capital, a digit or a sign may follow it, but not a small letter ("Số hiệu của")."""
    if end >= len(view):
        return True
    c = view[end]
    return not c.isalpha() or c.isupper()


def _at_line_starts(pattern: regex.Pattern[str], view: str, limit: int) -> Iterator[regex.Match[str]]:
    """Matches of the pattern at the start of each line: tried line by line, as a search for
    "(?m)^…" with these accent classes cost 0.4 ms a document."""
    pos = 0
    while pos < limit:
        m = pattern.match(view, pos, limit)
        if m is not None:
            yield m
        found = view.find("\n", pos, limit)
        if found < 0:
            return
        pos = found + 1


def find_site_attributes(view: str) -> SiteAttributes | None:
    """The page's attribute table, or ``None`` when the text has none (most documents)."""
    limit = min(len(view), SEARCH_CHARS)
    pattern, field_of, empty = _config()
    fields: dict[str, SiteField] = {}
    labelled: list[tuple[int, int]] = []
    for m in _at_line_starts(pattern, view, limit):
        if not _label_ends(view, m.end()):
            continue
        line_end = view.find("\n", m.end(), limit)
        line_end = limit if line_end < 0 else line_end
        start = m.end()
        while start < line_end and view[start] in " \t:":
            start += 1
        end = line_end
        while end > start and view[end - 1] in " \t":
            end -= 1
        labelled.append((m.start("label"), line_end))
        value = view[start:end]
        name = field_of[" ".join(fold(m.group("label")).split())]
        if not value or " ".join(fold(value).split()) in empty or name == "other" or name in fields:
            continue
        fields[name] = SiteField(value, start, end)
    number = fields.get("number")
    if number is None or NUMBER.match(number.value) is None or len(fields) < MIN_FIELDS:
        return None
    return SiteAttributes(fields, min(s for s, _ in labelled), max(e for _, e in labelled))


def type_code(name: str) -> str | None:
    """The type code of a "Loại văn bản" value ("Thông tư" -> TT), if it is a known type."""
    return type_code_by_name().get(" ".join(name.lower().split()))


@cache
def _heading() -> regex.Pattern[str]:
    names = "|".join(regex.escape(name) for name in mention_names())
    return regex.compile(rf"(?im)^[ \t]*(?:{names})[ \t]+số[ \t]*:?[ \t]*")


def heading_title(view: str, number: str) -> tuple[int, int] | None:
    """The span of the title in the page's heading, "<type> số <number> <title>": the first
    such line naming this number, with the lines it wraps onto (they open in lower case)."""
    key = canonical_number(number)
    limit = min(len(view), SEARCH_CHARS)
    for m in _heading().finditer(view, 0, limit):
        nm = NUMBER.match(view, m.end())
        if nm is None or canonical_number(parse_number(nm).number) != key:
            continue
        start = nm.end()
        while start < limit and view[start] in " \t":
            start += 1
        end = view.find("\n", start, limit)
        end = limit if end < 0 else end
        if end <= start:
            continue
        while end < limit:
            following = view.find("\n", end + 1, limit)
            following = limit if following < 0 else following
            line = view[end + 1 : following].strip()
            if not line or not line[0].islower():
                break
            end = following
        return start, end
    return None
