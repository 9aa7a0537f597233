"""References: every mention of a numbered document (văn bản được viện dẫn).

Stages, eyecite-style: find every document number in the text; read around it
the type name before it ("Quyết định số"), the pinpoint before that ("khoản 2
Điều 5"), the date, issuer ("của Thủ tướng Chính phủ") and title ("về việc …")
after it; decide the role (``basis`` in the title or preamble, or in a sentence
opening with Căn cứ / Thực hiện / Triển khai; ``cited`` elsewhere); then merge
the mentions of one number, later ones filling in what the first lacked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from khplan.schemas import Reference

from .clean import collapse_spaces, normalize_tones
from .dates import find_dates
from .docnumber import canonical_number, find_number_matches, parse_number
from .gazetteer import mention_names
from .header import HeaderResult
from .names import display_case, expand_abbreviations, known_name_length


@cache
def _type_before() -> regex.Pattern[str]:
    names = "|".join(regex.escape(normalize_tones(n)) for n in mention_names())
    return regex.compile(
        rf"(?P<name>{names})\s*(?:(?:số|SỐ|Số)\s*)?[:.]?\s*$",
        regex.IGNORECASE,
    )


_PINPOINT = regex.compile(
    r"(?P<pin>(?:(?:điểm\s+[a-zđ]\b|khoản\s+\d+[a-zđ]?|tiểu mục\s+\d+(?:\.\d+)*|mục\s+(?:[IVX]+|\d+(?:\.\d+)*)\b|"
    r"Điều\s+\d+[a-zđ]?|Chương\s+(?:[IVX]+|\d+)\b|Phần\s+(?:[IVX]+|\d+|thứ\s+\p{L}+)|Phụ lục\s+(?:[IVX]+|\d+)\b)"
    r"[.)]?\s*,?\s*(?:và\s+)?)+)"
    r"(?:của\s+)?$",
    regex.IGNORECASE,
)
# "Luật Nhà ở số 27/2023/QH15": a law's name stands between its type and its number.
_NAMED_TYPE_BEFORE = regex.compile(
    r"(?P<name>Bộ luật|Luật|Pháp lệnh)\s+[^;:.()\n]{1,80}?\s+(?:số|SỐ|Số)\s*:?\s*$"
)
# "... bởi các Luật số 43/2024/QH15, số 47/2024/QH15 và số 58/2024/QH15": a list continues the type.
_FORM_BEFORE = regex.compile(r"(?i)(?:mẫu|biểu|biểu mẫu|phiếu)\s*(?:số)?\s*:?\s*$")
_LIST_CONTINUES = regex.compile(r"^\s*(?:,|và|;)?\s*(?:số|SỐ|Số)?\s*$")
_AFTER_DATE = regex.compile(r"^[\s,]*(?:(?i:ban hành|ký)\s+)?(?i:ngày)?\s*$")
_POSITION_BEFORE_BODY = regex.compile(
    r"(?:Bộ trưởng|Chủ tịch|Giám đốc|Thủ trưởng|Tổng Giám đốc|Chủ nhiệm|Trưởng ban)\s+(?=Bộ\s|Ủy ban|UBND|Sở\s|Ban\s|Văn phòng|Ngân hàng)"
)
_ISSUER_START = regex.compile(r"[\s,]*(?:của|do)\s+")
# Where an issuer's name ends: the subject ("về ..."), a verb, punctuation, or a comma
# (a comma inside a known name such as "Sở Văn hóa, Thể thao và Du lịch" is skipped first).
_ISSUER_END = regex.compile(
    r"\s+(?:về|V/v|v/v|quy định|ban hành|phê duyệt|hướng dẫn|triển khai|sửa đổi|thực hiện|tổ chức|công bố|giao|"
    r"điều chỉnh|tại|và\s+(?:các|những|Kế hoạch|Quyết định)|với|đến|trên|cho|bãi bỏ|áp dụng)(?=[\s,]|$)|[,;:()\n“\"]|"
    r"\.(?=\s|$)|\s+-\s|$"
)
_TITLE = regex.compile(
    r"^[\s,]*(?:về việc|về|V/v|v/v)\s+(?P<title>[^;\n]{3,300}?)(?=\s*(?:;|\n|\.\s|\.$|$|\(gọi))"
)


@dataclass(slots=True)
class _Mention:
    ref: Reference
    key: str


_LOOK_BACK = 200  # the widest window read before a number (type name, pinpoint) is 120 characters


def _sentence_start(view: str, pos: int) -> int:
    """Start of the paragraph (line) holding ``pos``, or of the ``_LOOK_BACK`` characters before it.

    Bounded: a text without line breaks (a 5 MB single line) must not make every mention scan
    back to the start of the text.
    """
    floor = max(0, pos - _LOOK_BACK)
    return max(view.rfind("\n", floor, pos) + 1, floor)


def _mention_at(
    text: str, view: str, m: regex.Match[str], header: HeaderResult, previous: Reference | None
) -> Reference:
    number = parse_number(m)
    line_start = _sentence_start(view, m.start())
    before = view[max(line_start, m.start() - 60) : m.start()]
    start = m.start()
    doc_type = number.type_code
    tm = _type_before().search(before)
    if tm:
        start = m.start() - len(before) + tm.start()
        named = mention_names().get(_canonical_name(tm.group("name")))
        # "Văn bản số 64/QĐ-BGTVT": a generic name yields to the code the number carries.
        if named and not (named == "CV" and number.type_code):
            doc_type = named
    if tm is None:
        law = _NAMED_TYPE_BEFORE.search(view[max(line_start, m.start() - 120) : m.start()])
        if law:
            doc_type = mention_names().get(_canonical_name(law.group("name")), doc_type)
        elif (
            previous is not None
            and previous.doc_type
            and _LIST_CONTINUES.match(view[previous.span[1] : m.start()])
        ):
            doc_type = previous.doc_type
    pinpoint = None
    pm = _PINPOINT.search(view[max(line_start, start - 80) : start])
    if pm and tm:
        pinpoint = collapse_spaces(pm.group("pin")).strip(" ,")
    end = m.end()
    issued = None
    for d in find_dates(view, end, min(len(view), end + 60)):
        if _AFTER_DATE.match(view[end : d.start]):
            issued = d
            end = d.end
        break
    issuer = None
    im = _ISSUER_START.match(view, end, min(len(view), end + 200))
    if im:
        start_issuer = im.end()
        # "của Bộ trưởng Bộ Công an": the issuing body is the ministry, not its minister.
        position = _POSITION_BEFORE_BODY.match(view, start_issuer)
        if position:
            start_issuer = position.end()
        window = view[start_issuer : start_issuer + 200]
        stop = _ISSUER_END.search(window, known_name_length(window))
        length = stop.start() if stop else len(window)
        if length >= 2:
            printed = collapse_spaces(text[start_issuer : start_issuer + length])
            issuer = display_case(expand_abbreviations(printed), text)
            end = start_issuer + length
    title = None
    tt = _TITLE.match(view[end : end + 400])
    if tt:
        title = collapse_spaces(text[end + tt.start("title") : end + tt.end("title")]).strip(" ,")
    role = "basis" if header.is_basis_position(m.start()) else "cited"
    return Reference(
        doc_type=doc_type,
        number=number.number,
        issued_date=issued.iso if issued else None,
        issuer=issuer,
        title=title,
        role=role,
        pinpoint=pinpoint,
        text=collapse_spaces(text[start:end]),
        span=(start, end),
    )


@cache
def _names_by_key() -> dict[str, str]:
    """Lower-case, one-tone-style key -> the gazetteer's type name (the longest name wins a tie)."""
    keys: dict[str, str] = {}
    for known in mention_names():
        keys.setdefault(normalize_tones(known).lower(), known)
    return keys


def _canonical_name(name: str) -> str:
    return _names_by_key().get(collapse_spaces(name).lower(), name)


def find_references(text: str, view: str, header: HeaderResult) -> list[Reference]:
    """Every numbered document the text mentions, one entry per number, in order of first mention."""
    own = canonical_number(header.info.number)
    own_span = header.own_number_span
    merged: dict[str, Reference] = {}
    previous: Reference | None = None
    for m in find_number_matches(view):
        if own_span and own_span[0] <= m.start() < own_span[1]:
            continue
        if _FORM_BEFORE.search(view, max(0, m.start() - 30), m.start()):
            continue  # "Mẫu số 01/BKNT" names a form (biểu mẫu), not a document
        ref = _mention_at(text, view, m, header, previous)
        previous = ref
        key = canonical_number(ref.number)
        if not key or key == own:
            continue
        first = merged.get(key)
        if first is None:
            merged[key] = ref
            continue
        updates: dict[str, object] = {"mentions": first.mentions + 1}
        for name in ("doc_type", "issued_date", "issuer", "title", "pinpoint"):
            if getattr(first, name) is None and getattr(ref, name) is not None:
                updates[name] = getattr(ref, name)
        if ref.role == "basis":
            updates["role"] = "basis"
        merged[key] = first.model_copy(update=updates)
    return list(merged.values())
