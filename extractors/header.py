"""The document's own metadata, read from its header (thể thức văn bản, Nghị định 30/2020/NĐ-CP).

A header holds, in two columns that plain text flattens into lines: the issuing
body (upper left), the national motto (upper right), ``Số: 155/KH-UBND`` and
``<place>, ngày … tháng … năm …``, then the type heading (KẾ HOẠCH) and the
title (trích yếu). The signature block and the recipients (Nơi nhận) close the
document. Each piece is found on its own, so one missing piece (a draft's blank
number, a header lost in conversion) costs only that piece; what the header
lacks is then looked for in the preamble ("Ủy ban nhân dân xã Cẩm Long ban hành
Kế hoạch …") and, for a news article about a plan, in the article's sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from khplan.schemas import DocumentInfo, Issuer, Message, Signer

from .admin_units import unit_now
from .clean import collapse_spaces, fold, fold_same_length, normalize_tones
from .dates import (
    LONG_DATE,
    SHORT_DATE,
    DateMention,
    blank_date,
    date_opening,
    date_with_extra_digit,
    find_dates,
    smudged_date,
)
from .docnumber import BLANK_NUMBER, NUMBER, UNREADABLE_NUMBER, DocNumber, parse_number, type_code_of_symbol
from .gazetteer import (
    abbreviation_key,
    agencies,
    doc_type_by_code,
    doc_type_by_heading,
    issuer_aliases,
    known_syllables,
    mention_names,
    provinces,
    syllable_phrases,
    type_code_by_name,
    type_name,
)
from .names import (
    complete_unit,
    display_case,
    expand_abbreviations,
    is_bare_unit,
    level_of,
    respell_provinces,
    split_joined_words,
    starts_with_body_head,
)
from .site_page import SiteAttributes, find_site_attributes, heading_title
from .site_page import type_code as site_type_code

HEADER_CHARS = 4000  # the header of a real document never runs longer than this
# A type's name in any case -> its code: "Luật số: 18/2003/QH11" opens a number line with one.
_TYPE_BY_LOWER_NAME = type_code_by_name()
_TYPE_NAMES = (
    r"(?i:" + "|".join(regex.escape(n) for n in sorted(_TYPE_BY_LOWER_NAME, key=len, reverse=True)) + ")"
)
# A line that ends with a type's name, the mention going on below: "… THEO QUYẾT ĐỊNH" / "SỐ 1050/…".
# Matched on that line, or on the text up to the next line's start (its line break included).
_ENDS_WITH_TYPE_NAME = regex.compile(_TYPE_NAMES + r"[ \t]*\n?[ \t]*$")
# A line that opens by citing a document: "Thông tư 38/2015/TT-BLĐTBXH ngày …", "Thông tư số 41/2019/…".
_CITING_LINE = regex.compile(r"\n[ \t]*" + _TYPE_NAMES + r"\s+(?:số\s*)?\d+/")


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str  # stripped view text

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(slots=True)
class HeaderResult:
    info: DocumentInfo
    warnings: list[Message] = field(default_factory=list)
    title_span: tuple[int, int] | None = None
    body_start: int = 0
    preamble_end: int = 0
    own_number_span: tuple[int, int] | None = None
    secondary_source: bool = False
    basis_ranges: list[tuple[int, int]] = field(default_factory=list)

    def is_basis_position(self, pos: int) -> bool:
        """Whether a mention at ``pos`` stands where a document names its legal basis."""
        return any(s <= pos < e for s, e in self.basis_ranges)


def split_lines(view: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in view.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        lines.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


_DRAFT_ONLY = regex.compile(r"(?i)dự\s*thảo")
_DRAFT_MARK = regex.compile(r"(?P<mark>(?i:dự\s*thảo))\s*(?=(?:Số|SỐ)\s*[:.]?)")
_COLUMN_GAP = regex.compile(r"\S(?P<gap>[ \t]{4,})(?=\S)")


def split_columns(lines: list[Line], view: str, limit: int) -> list[Line]:
    """Header rows typed as two columns on one line, aligned with spaces or tabs (a Word file
    without a header table, or a .doc as antiword lays it out): "ỦY BAN NHÂN DÂN      CỘNG HÒA
    XÃ HỘI ..." and "Số: 12/UBND-NC      Lâm Đồng, ngày ..." become a left and a right line.

    Only a row whose right column is the motto or the place-date line is split, so a title or a
    sentence with a wide space in it stays one line.
    """
    out: list[Line] = []
    for line in lines:
        draft = _DRAFT_MARK.match(view, line.start, line.end) if line.start < limit else None
        if draft:
            # "DỰ THẢO" set in a text box beside the number runs into it: "DỰ THẢOSố: /QĐ-UBND".
            out.append(Line(line.start, draft.end("mark"), draft.group("mark")))
            line = Line(draft.end(), line.end, view[draft.end() : line.end])
        gaps = list(_COLUMN_GAP.finditer(view, line.start, line.end)) if line.start < limit else []
        for gap in reversed(gaps):  # the column gap is the last one with a whole cell right of it
            cut = gap.span("gap")
            left, right = view[line.start : cut[0]], view[cut[1] : line.end]
            if MOTTO.match(fold(right)) or (
                find_dates(right)
                and regex.match(r"(?i)[^\d,;:]{1,40},\s*ngày", right)
                and not find_dates(left)
            ):
                out.append(Line(line.start, cut[0], left))
                out.append(Line(cut[1], line.end, right))
                break
        else:
            out.append(line)
    return out


# A rule, as typed or as OCR reads it ("¬" for a bend in a scanned line).
_DECORATION = regex.compile(r"^[\s\-–—_*=~.…¬]+$")
# A typist's or filing clerk's mark: at the end of the rule under the header ("_____ ____TV.",
# "______  D.") or alone on a line ("XV80"); never part of an issuer's name. OCR may read specks
# on the rule as such a mark ("—¬———__SS_").
_CLERK_MARK = regex.compile(
    r"^(?:[\s\-–—_=~.…¬]*[_\-–—=¬][\s\-–—_=~.…¬]*\p{Lu}{1,3}\d{0,3}\.?[\s\-–—_=~¬]*|\p{Lu}{1,4}\d{1,4}\.?)$"
)
# The Quốc hiệu or the Tiêu ngữ, on folded text: a line of the national motto.
MOTTO = regex.compile(r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam|doc\s*lap\s*[-–—]?\s*tu\s*do")
# The right-hand column: the State's motto, or for Party documents "ĐẢNG CỘNG SẢN VIỆT NAM".
_MOTTO_FULL = regex.compile(
    r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam|doc\s*lap\s*[-–—,]?\s*tu\s*do\s*[-–—,]?\s*hanh\s*phuc"
    r"|^\s*dang\s*cong\s*san\s*viet\s*nam\s*$|^\s*doan\s*tncs\s*ho\s*chi\s*minh\s*$",
    regex.MULTILINE,
)
# "So:" of a text typed without diacritics only with its colon: "So" alone is a word ("So sánh").
_NUMBER_LABEL = regex.compile(
    r"(?:(?<!\p{L})|(?<=(?i:dự\s*thảo)))(?:(?:Số|SỐ|số|Só|Sô|Sé)\s*[:.]?|(?:So|SO)\s*:)\s*"
)
_PLACE_DATE = regex.compile(r"(?P<place>[^\n,]{0,60}?)\s*,\s*(?=(?i:ngày)|\d{1,2}\s*[/.\-])")
_PREAMBLE_START = regex.compile(
    r"^(?:[-–—+•_*]\s*)?(?:Căn cứ|Thực hiện|Xét|Theo|Trên cơ sở|Để|Nhằm|K[íi]nh\s+g[ửu]i|Sau khi|Qua|Ngày\s+\d|"
    r"Triển khai\s+(?:Quyết định|Kế hoạch|Chỉ thị|Nghị quyết|Công văn|Văn bản|Thông tư))",
)
_ENACTING = regex.compile(
    r"^(?:(?:chu tich|pho chu tich|bo truong|thu truong|giam doc|thu tuong|chanh van phong|"
    r"tong cuc truong|cuc truong)\s+)?"
    r"(?:uy ban nhan dan|hoi dong nhan dan|chinh phu|thu tuong chinh phu|ban thuong vu|ban chap hanh|"
    r"bo\s|so\s|chu tich|bo truong|giam doc|hieu truong|vien truong)"
)
_SECTION_START = regex.compile(
    r"^(?:(?:[IVX]{1,4})\s*[.\-–:)]|(?i:điều)\s+1\b|(?i:phần)\s+(?:I|1|thứ nhất)\b|(?i:quyết định)\s*:|(?i:nghị quyết)\s*:|"
    r"(?i:chỉ thị)\s*:|1\.\s+\p{Lu})"
)
_AUTHORITY = regex.compile(r"^(TM|KT|TL|TUQ|Q|PP)\s*[./]\s*", regex.IGNORECASE)
_POSITION = regex.compile(
    r"(?i)^(?:phó\s+)?(?:chủ tịch|giám đốc|bộ trưởng|thứ trưởng|thủ tướng|chánh văn phòng|trưởng phòng|"
    r"trưởng ban|bí thư|cục trưởng|tổng cục trưởng|viện trưởng|hiệu trưởng|chánh thanh tra|trưởng đoàn|"
    r"chủ nhiệm|tổng giám đốc|phó trưởng phòng|trưởng|phó trưởng ban)(?:\s|$)"
)
_PERSON = regex.compile(r"^\p{Lu}[\p{Ll}\p{Lu}]*(?:\s+\p{Lu}[\p{Ll}\p{Lu}]*){1,5}$")
_CITATION_AFTER = regex.compile(r"\s*,?\s*(?:ngày|của|do|được)\b", regex.IGNORECASE)
_BARE_DATE_LINE = regex.compile(
    r"(?i)ngày\s*\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm\s*|[/.\-]\s*\d{1,2}\s*[/.\-]\s*)\d{4}\s*\.?"
)
_SUBJECT_FIELD = regex.compile(r"(?im)^[\s\d.]*(?:trích yếu(?: nội dung)?|vấn đề trình)\s*:\s*")
# Compiled once: these run on every line of every document, and the regex module's own cache
# lookup cost more than the matching (7 % of extraction time).
_BULLET = regex.compile(r"^[-–+•]")
_RECIPIENTS = regex.compile(r"(?i)nơi nhận\s*:?")
_ARCHIVED = regex.compile(r"(?i)lưu")
_ADDRESSEES = regex.compile(r"(?i)k[íi]nh\s+g[ửu]i")  # OCR may drop a mark: "Kinh gửi"
_NOT_A_TO_Z = regex.compile(r"[^a-z]")
_DIGIT = regex.compile(r"\d")
_WORD = regex.compile(r"\p{L}{3,}")
# A công văn's subject line, sometimes printed inside quotation marks ("“V/v giới thiệu …”").
_VV = regex.compile(r"^[\"“”«‘']?\s*(?:V/v|V/V|v/v|Về việc|VỀ VIỆC)\s*[:.]?\s*")
_VV_SCANNED = regex.compile(r"ve\s+viec\s")  # on folded text
# "V/v" as OCR reads it off a scan: "VA tham gia …", "V/y …", "V1v …" (a lower-case word follows).
_VV_MISREAD = regex.compile(r"^(?:V\s*[/|lI1]\s*[vyVY]|VA)[:.]?\s+(?=\p{Ll})")
# "Về việc" opening a subject, as OCR misreads its first word: "và việc", "vê việc", "\ việc".
_VE_VIEC_MISREAD = regex.compile(r"^(?:[\\|/]|[Vv](?:à|ê|ẻ|è|e|ế|ể|ề)?)\s*(?=việc\s)")
_ENCLOSING_QUOTES = {"“": "”", "”": "”", '"': '"', "«": "»", "‘": "’", "'": "'"}


def _key(text: str) -> str:
    return _NOT_A_TO_Z.sub("", fold(text))


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


_SPECK = regex.compile(r"(?=[^\d]*$)[^\p{L}]*\p{L}?[^\p{L}]*")
_ROMAN = regex.compile(r"[IVXivx]+[.)]?")


def _without_specks(text: str) -> str:
    """A scanned line without the specks a stamp or a fold leaves beside it ("_.S GIÁY MỜI"):
    tokens of at most one letter and no digit, Roman numerals kept."""
    return " ".join(t for t in text.split() if _ROMAN.fullmatch(t) or not _SPECK.fullmatch(t))


# The text of a Giấy mời names who invites and to what: "Ủy ban nhân dân tỉnh tổ chức buổi làm việc …",
# "Sở Nội vụ trân trọng kính mời …", "Kính mời …". A subject line (trích yếu) names only the event.
_KINH_MOI = regex.compile(r"(?i)(?:trân trọng\s+)?kính mời[\s:]")
_INVITING = regex.compile(r"(?i)[^,.;:]{0,80}?\s(?:tổ chức|trân trọng kính mời|kính mời|triệu tập)\s")
_EVENT = regex.compile(r"(?i)hội\s+(?:nghị|thảo|thi|diễn|chợ|trại|khỏe)\b")


def _invites(text: str) -> bool:
    """Whether a Giấy mời's first paragraph is its invitation sentence rather than a subject line."""
    if _is_upper(text):
        return False
    if _KINH_MOI.match(text):
        return True
    return bool(starts_with_body_head(text) and not _EVENT.match(text) and _INVITING.match(text))


def _heading_index(lines: list[Line], limit: int) -> tuple[int, str] | None:
    """The type heading line (KẾ HOẠCH, QUYẾT ĐỊNH ...): its index and type code. In capitals, or
    in any case when it is the text's first line ("Báo cáo" over a government report's title)."""
    headings = {k.replace(" ", ""): t.code for k, t in doc_type_by_heading().items()}
    first = next((i for i, ln in enumerate(lines) if not ln.blank), None)
    for i, line in enumerate(lines):
        if line.start > limit:
            break
        if line.blank or not (i == first or _is_upper(line.text)):
            continue
        code = headings.get(_key(line.text)) or headings.get(_key(_without_specks(line.text)))
        if code:
            return i, code
    return None


def _continues_a_mention(above: str, number_line: str) -> bool:
    """Whether a "SỐ …" line without a colon goes on from a mention that ``above`` (the line or
    text before it) ends with: "ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH" / "SỐ 1050/QĐ-SCT" names a body
    after the Quyết định that set it up, and is no number line."""
    return ":" not in number_line and _ENDS_WITH_TYPE_NAME.search(above) is not None


def _find_number(
    view: str, end: int, relaxed: bool = False
) -> tuple[DocNumber | None, str | None, tuple[int, int] | None]:
    """The document's own 'Số: …' line: its number, or only the symbol when the number is blank.

    ``relaxed`` also takes a title line such as a web page's "Văn bản hợp nhất số 05/VBHN-BCT
    Thông tư ..." (a type name, "số", the number, then no "ngày"/"của" as a citation would have).
    """
    for label in _NUMBER_LABEL.finditer(view, 0, end):
        # "Số" must open its line or cell: "Phần Số ..." in a title is no number line.
        line_start = view.rfind("\n", 0, label.start()) + 1
        before = view[line_start : label.start()].strip(" |*#")
        if _DRAFT_ONLY.fullmatch(before):
            before = ""  # "DỰ THẢOSố: /QĐ-UBND": the draft's stamp, not text of the line
        # "Luật số: 121/2025/QH15", "Nghị quyết số: 115/2025/UBTVQH15": a type name may open the line.
        if before and (
            before.lower() not in _TYPE_BY_LOWER_NAME or (":" not in label.group(0) and not relaxed)
        ):
            continue
        if _continues_a_mention(view[max(0, line_start - 60) : line_start], label.group(0)):
            continue
        m = NUMBER.match(view, label.end())
        cited = m is not None and ":" not in label.group(0) and _CITATION_AFTER.match(view, m.end())
        if cited and (before or label.group(0).startswith("số")):
            # "số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ": a citation wrapped onto a new line
            continue
        if m:
            return parse_number(m), None, (m.start(), m.end())
        # "Số: 3 49/C04-P6", "Só+2⁄⁄2/SNNMT-TCCB": the number line itself, its digits unreadable
        # (handwritten on a scan, OCR'd apart). The document's number is not anywhere further down:
        # stop here. Without the colon, some digit must stand in what was OCR'd.
        unreadable = UNREADABLE_NUMBER.match(view, label.end()) if not before else None
        if (
            unreadable
            and ":" not in label.group(0)
            and (
                not _DIGIT.search(view, label.end(), unreadable.start("sym"))
                # "Số hiệu8376 /VBHN-BTP" (a web page's "number" field): a word, not OCR'd digits
                or _WORD.search(view, label.end(), unreadable.start("sym"))
            )
        ):
            unreadable = None
        blank = BLANK_NUMBER.match(view, label.end()) or unreadable
        if blank:
            return None, regex.sub(r"\s+", "", blank.group("sym")), (blank.start(), blank.end())
    return None, None, None


@dataclass(frozen=True, slots=True)
class _TitledNumber:
    """An old title that carries the document's number and date (1990s-2000s)."""

    code: str  # type code of the title's type word
    start: int  # where the title's type word stands
    number: DocNumber
    date: DateMention
    subject_start: int  # where the subject ("về việc …", "Hướng dẫn …") begins


@cache
def _title_opening() -> tuple[regex.Pattern[str], dict[str, str]]:
    """The opening of an old title, read on the folded view, and its type names (folded) -> codes."""
    codes = {
        fold(name): code for name, code in mention_names().items() if not fold(name).startswith("van ban")
    }
    alternation = "|".join(
        r"\s+".join(map(regex.escape, key.split())) for key in sorted(codes, key=len, reverse=True)
    )
    pattern = regex.compile(
        # "QUYẾT ĐỊNH CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH SỐ 1141-TC/QĐ/CĐKT NGÀY …", "Thông tư của Bộ Tài chính Số …",
        # "THÔNG TƯ LIÊN TỊCH BỘ TÀI CHÍNH - … SỐ 120/2000/TTLT-… NGÀY …": the type word opens a line, then
        # the issuer (mostly after "của"), then "số" and the number.
        # A Công báo page names the document it prints (or goes on printing) the same way, with no
        # issuer between: "Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018".
        rf"(?m)^[ \t*#]*(?P<type>{alternation})\s+(?:(?P<of>cua\s+)?(?P<between>(?:[^.;:()]|\.(?=\S)){{2,200}}?)\s+)?"
        r"so\s*[:.]?\s*(?=\d)"
    )
    return pattern, codes


_GAP = regex.compile(r"[\s,.:;\-–]+")


def _after_gap(view: str, pos: int) -> int:
    """``pos`` moved past spaces and punctuation (between a title's number, date and subject)."""
    m = _GAP.match(view, pos)
    return m.end() if m else pos


def _titled_number(view: str, lines: list[Line], start: int, limit: int) -> _TitledNumber | None:
    """The number and date an old title prints after its type and issuer, when the document has no
    "Số:" line: "NGHỊ ĐỊNH CỦA CHÍNH PHỦ SỐ 12/CP NGÀY 1-3-1997 VỀ …", "CHỈ THỊ / CỦA THỦ TƯỚNG CHÍNH PHỦ
    SỐ 16/2001/CT-TTG / NGÀY 21 THÁNG 6 NĂM 2001 VỀ VIỆC …". Looked for from ``start`` (the heading,
    when there is one) up to the preamble, so a citation in the body ("Quyết định của … số …") is not taken.
    """
    pattern, codes = _title_opening()
    end = limit
    for line in lines:
        if line.start >= end:
            break
        if line.start >= start and (_PREAMBLE_START.match(line.text) or _SECTION_START.match(line.text)):
            end = line.start
            break
    folded = fold_same_length(view[:end])
    for m in pattern.finditer(folded, start, end):
        nm = NUMBER.match(view, m.end())
        if nm is None:
            continue
        date = date_opening(view, _after_gap(view, nm.end()))
        if date is None:
            continue
        code = codes[" ".join(m.group("type").split())]
        number = parse_number(nm)
        if m.group("of") is None:
            # Without "của", the number must be of the type ("KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 12/NQ-TU
            # NGÀY …" cites another), and only an issuer's name may stand between the type and "số";
            # with nothing between, the line must name the document printed under its issuer.
            if number.type_code != code:
                continue
            if m.group("between") is None:
                if not _names_the_document(view, m.start(), date.end):
                    continue
            elif not starts_with_body_head(view[m.start("between") : m.end("between")].strip()):
                continue
        return _TitledNumber(code, m.start("type"), number, date, _after_gap(view, date.end))
    return None


# The next line of a joint body's symbol: its issuers' codes joined by hyphens, and nothing else.
_SYMBOL_LINE = regex.compile(
    r"[ \t|]*-?(?P<codes>\p{Lu}[\p{Lu}\d&]*(?:-\p{Lu}[\p{Lu}\d&]*)+)-?[ \t|]*(?=\n|$)"
)


def _symbol_continued(view: str, end: int) -> tuple[int, int] | None:
    """Where the rest of a symbol broken after a hyphen stands on the next line, when the number's
    own line ends at ``end``: only codes joined by hyphens, never a line of words."""
    line_end = view.find("\n", end)
    if line_end < 0 or view[end:line_end].strip(" \t|-"):
        return None
    m = _SYMBOL_LINE.match(view, line_end + 1)
    return (m.start("codes"), m.end("codes")) if m else None


def _names_the_document(view: str, start: int, date_end: int) -> bool:
    """Whether "<Type> số N ngày D" at ``start`` names the document printed under its issuer, as a
    Công báo page does ("BỘ TÀI CHÍNH" / "Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018"),
    rather than opening a sentence that cites it: the line above is the issuer in capitals, and
    the date ends the line."""
    line_end = view.find("\n", date_end)
    if view[date_end : line_end if line_end >= 0 else len(view)].strip(" .,;"):
        return False
    line_start = view.rfind("\n", 0, start) + 1
    above = view[:line_start].rstrip().rpartition("\n")[2].strip(" |")  # blank lines skipped
    return bool(above) and _is_upper(above) and starts_with_body_head(above) is not None


def _date_after_number(view: str, pos: int) -> DateMention | None:
    """The date that follows a number on its own line ("… số 116/2003/NĐ-CP ngày 10/10/2003")."""
    line_end = view.find("\n", pos)
    date = date_opening(view, _after_gap(view, pos))
    return date if date is not None and (line_end < 0 or date.start < line_end) else None


def _after_number_cell(view: str, start: int, end: int) -> int:
    """Where a line's text goes on after its "Số: …" cell, when the two header cells were run into
    one line with a single space ("Số: 991/QĐ-UBND Đồng Xoài, ngày 14 tháng 5 năm 2008", as
    antiword prints a header table); ``start`` when the line opens with no number."""
    label = _NUMBER_LABEL.match(view, start, end)
    if label is None:
        return start
    number = (
        NUMBER.match(view, label.end(), end)
        or BLANK_NUMBER.match(view, label.end(), end)
        or UNREADABLE_NUMBER.match(view, label.end(), end)  # "Sóđd /TBSYT _ . Kiên Giang, ngày …" (OCR)
    )
    return number.end() if number is not None else start


def _type_named_on_number_line(view: str, number_start: int) -> str | None:
    """The type code when the number line opens with a type's name: "Luật số: 18/2003/QH11",
    "Nghị quyết số: 115/2025/UBTVQH15"."""
    line_start = view.rfind("\n", 0, number_start) + 1
    before = regex.sub(r"(?i)\s*số\s*[:.]?\s*$", "", view[line_start:number_start]).strip(" |*#")
    return _TYPE_BY_LOWER_NAME.get(before.lower()) if before else None


def _place_date(
    lines: list[Line], view: str, end: int
) -> tuple[str | None, DateMention | None, int | None, bool]:
    """'Cần Thơ, ngày 02 tháng 7 năm 2019' -> place, date, the line index, and whether the year was
    printed with a digit too many ('năm 20264') and read as its first four."""
    for i, line in enumerate(lines):
        if line.start > end:
            break
        if line.blank:
            continue
        dates = [d for d in find_dates(view, line.start, min(len(view), line.end + 40)) if d.start < line.end]
        extra_digit = False
        if not dates:
            # A year with a digit too many, or a day and month OCR read as marks: such a date must
            # close the line, the rest of which is read as a date line.
            for fallback, extra in (
                (date_with_extra_digit, True),
                (smudged_date, False),
                (blank_date, False),
            ):
                # A smudged date may run on past a pipe OCR read from the ink (a line break here).
                reach = min(len(view), line.end + 40) if fallback is smudged_date else line.end
                odd = fallback(view, line.start, reach)
                if odd is not None and odd.start < line.end and not view[odd.end : line.end].strip(" .*"):
                    dates, extra_digit = [odd], extra
                    break
            else:
                continue
        d = dates[0]
        prefix = view[_after_number_cell(view, line.start, d.start) : d.start]
        # Marks OCR reads from a rule or a speck may open the line (": Bắc Giang, ngày", "— Bắc Giang").
        pm = regex.fullmatch(r"\s*(?:[^\w\s]+\s*)?(?P<place>[^,:;]{0,60}?)\s*,\s*", prefix)
        lead_date = regex.fullmatch(r"\s*", prefix) and regex.match(r"(?i)ngày", view[d.start :])
        if not pm and not lead_date:
            # A province's name whose comma OCR lost ("Hà Nội ngày 15 tháng 8 năm 2020").
            pm = regex.fullmatch(r"\s*(?P<place>\p{L}[\p{L} ]{1,30}?)\s*", prefix)
            if pm is None or not _is_province(pm.group("place")):
                continue
        place = _EDGE_SPECKS.sub("", pm.group("place")) if pm else ""
        if lead_date and not place:
            # The place alone on a line above, the number cell OCR'd between ("Hà Nội," / "Số: 6
            # /GM-QLTTHN" / "ngày 03 tháng 8 năm 2020").
            place = _province_line_above(lines, i) or ""
        # A place broken over two lines ("Bình\nĐịnh, ngày ..."): join the fragment above.
        if pm and i > 0:
            prev = lines[i - 1]
            if (
                prev.text
                and len(prev.text.split()) <= 4
                and not regex.search(r"[\d:]", prev.text)
                and not MOTTO.search(fold(prev.text))
                and not _DECORATION.match(prev.text)
                and prev.text[0].isupper()
                and (len(place.split()) <= 2)
                and (i < 2 or lines[i - 2].blank)
            ):
                place = f"{prev.text} {place}"
            elif place and not _is_province(place):
                place = _province_broken_above(lines, i, place) or place
        place = collapse_spaces(place)
        if place and (len(place.split()) > 6 or not place[0].isupper()):
            continue
        return place or None, d, i, extra_digit
    return None, None, None, False


def _is_province(name: str) -> bool:
    """Whether ``name`` is a province's name, marks, case and spacing aside."""
    return " ".join(fold(name).split()) in provinces()


def _province_line_above(lines: list[Line], i: int) -> str | None:
    """A province's name alone on one of the few lines above line ``i``, closed by a comma."""
    for prev in [ln for ln in lines[:i] if not ln.blank][-4:]:
        m = regex.fullmatch(r"\s*(?P<place>\p{L}[\p{L} ]{1,30}?)\s*,\s*", prev.text)
        if m and _is_province(m.group("place")):
            return m.group("place")
    return None


def _province_broken_above(lines: list[Line], i: int, place: str) -> str | None:
    """A province's name whose first word OCR put a few lines above its date line ("Bắc" / "Số:
    10/TTr-HĐ" / "Giang, ngày …"): taken only when the two make a province the gazetteer knows."""
    above = [ln for ln in lines[:i] if not ln.blank][-4:]
    for prev in reversed(above):
        fragment = prev.text.strip(" |")
        joined = f"{fragment} {place}"
        if 1 <= len(fragment.split()) <= 2 and _is_province(joined):
            return joined
    return None


def motto_spans(view: str, end: int) -> list[tuple[int, int]]:
    """Where the national motto (Quốc hiệu, Tiêu ngữ) stands, however its lines were broken."""
    folded = fold_same_length(view[:end])
    return [(m.start(), m.end()) for m in _MOTTO_FULL.finditer(folded)]


def _issuer_lines(lines: list[Line], stop: int, mottos: list[tuple[int, int]], view: str) -> list[str]:
    """The issuer block: upper-case lines above the first header anchor, motto excluded; a line whose
    PDF text lost its spaces ("SỞVĂNHÓA,THỂTHAOVÀDULỊCH") gets them back, the document's own words
    helping to choose where."""
    block: list[str] = []
    context = view[:_CONTEXT_CHARS]
    for line in lines[:stop]:
        if line.blank or _DECORATION.match(line.text) or _CLERK_MARK.match(line.text):
            continue
        motto = next((s for s, e in mottos if s <= line.start < e or s < line.end <= e), None)
        if motto is not None:
            # "QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": the two cells of the header's first
            # row run into one line; the issuer is what stands before the motto.
            before = view[line.start : motto].strip(" |")
            if motto <= line.start or not before or not _is_upper(before):
                continue
            line = Line(line.start, line.start + len(before), before)
        elif (cut := _garbled_motto_at(line.text)) is not None:
            # OCR read across both columns and misspelt the motto ("UBND TỈNH BẮC GIANG CỘNG HDÀ XÃ
            # HỘI #HỦ NGHĨA VIỆT NAM", "SỞ THÔNG TIN & TRUYỀN THÔNG Độc lập - Tụ lo - Hanh phúc").
            before = line.text[:cut].strip(" |")
            if not before:
                continue
            line = Line(line.start, line.start + cut, before)
        label = _NUMBER_LABEL.match(line.text)
        if label is not None and block and _continues_a_mention(block[-1], line.text):
            pass  # the body's name goes on
        elif label is not None or LONG_DATE.search(line.text) or SHORT_DATE.search(line.text):
            continue
        if _DRAFT_ONLY.fullmatch(line.text):
            continue  # the "DỰ THẢO" stamp of a draft
        if not _is_upper(line.text):
            continue
        if (section := _GAZETTE_SECTION.match(fold_same_length(line.text))) is not None:
            # A Công báo section's label over the text: "VĂN BẢN HỢP NHẤT - BỘ LAO ĐỘNG - …"
            rest = line.text[section.end() :].strip()
            if not rest:
                continue
            line = Line(line.end - len(rest), line.end, rest)
        folded = fold(line.text)
        if _QUOC_HIEU.match(folded) or _is_motto_piece(folded):
            continue  # the motto broken over lines by OCR ("CỘNG HÒA XÃ HỘI CHỦ" / "NGHĨA VIỆT Nsẻ")
        text = _EDGE_SPECKS.sub("", line.text)  # a scan's specks and dots: "`...CÔNG AN TỈNH", "BỘ CÔNG AN."
        if text:
            # a hyphen closing the line joins the next body to this one (a joint document): kept
            joins = " -" if regex.search(r"\s[-–]\s*$", line.text) else ""
            block.append(split_joined_words(text, context) + joins)
    return block


# The Công báo prints its parts' names above the texts they hold (Nghị định 34/2016/NĐ-CP, Điều 94):
# "PHẦN I. VĂN BẢN QUY PHẠM PHÁP LUẬT", "VĂN BẢN PHÁP LUẬT KHÁC", and over a consolidated text
# "VĂN BẢN HỢP NHẤT - <the body that made it>". None is the issuer; the last names it.
_GAZETTE_SECTION = regex.compile(
    r"^\s*(?:phan\s+[ivx]+\s*[.:]?\s*)?van\s*ban\s+(?:quy\s*pham\s+phap\s*luat|phap\s*luat\s+khac|hop\s*nhat)"
    r"\s*(?:[-–:]\s*|$)"
)

# The motto with a few letters misread (fuzzy: at most 4 edits), on folded text of the same length.
_GARBLED_MOTTO = regex.compile(
    r"(?e)(?:cong hoa xa hoi chu nghia viet nam){e<=4}|(?:doc lap - tu do - hanh phuc){e<=4}"
)


def _garbled_motto_at(text: str) -> int | None:
    """Where a misspelt motto begins in a header line, if one stands in it."""
    if len(text) < 20:
        return None  # shorter than either phrase less its edits: no fuzzy search needed
    m = _GARBLED_MOTTO.search(fold_same_length(text))
    return m.start() if m else None


_QUOC_HIEU = regex.compile(r"\s*cong\s*hoa\s*xa\s*hoi")
# Words of the Quốc hiệu. OCR may break it into lines of its words in another order ("CỘNG HÒA
# XÃ CHỦ" / "HỘI NGHĨA VIỆT NAM"); a line of these words only, with "chủ nghĩa" among them, is
# a piece of the motto, never a body ("Hội …").
_QUOC_HIEU_WORDS = frozenset("cong hoa xa hoi chu nghia viet nam".split())


def _is_motto_piece(folded: str) -> bool:
    words = folded.split()
    return len(words) >= 2 and set(words) <= _QUOC_HIEU_WORDS and bool({"chu", "nghia"} & set(words))


def _number_label_line(lines: list[Line], limit: int) -> int | None:
    """The header's "Số:" line, read or not: the issuer block stands above it."""
    for i, line in enumerate(lines):
        if line.start > limit:
            break
        if _NUMBER_LABEL.match(line.text) and regex.search(r"[/\d]", line.text):
            return i
    return None


_EDGE_SPECKS = regex.compile(r"^[^\p{L}\d(]+|[^\p{L}\d)]+$")


_CONTEXT_CHARS = 30000  # of the text, whose words help to put back a header line's lost spaces


# "SƠ Y TE", "SƠ GIAOTHÔNG VẬN TÁI": OCR's reading of "SỞ" in a header's capitals (no name in an
# issuer block opens with the word "SƠ").
_SO_MISREAD = regex.compile(r"^SƠ(?=\s+\p{Lu})")
# A department of a people's committee, printed under it: never a joint issuer with it.
_DEPARTMENT_HEADS = frozenset({"Sở", "Phòng", "Văn phòng", "Thanh tra", "Ban"})


def _group_bodies(block: list[str]) -> list[str]:
    """Issuer lines -> bodies: a line opening with a body head starts a new body."""
    bodies: list[str] = []
    for text in block:
        text = _SO_MISREAD.sub("SỞ", text)
        if (
            bodies
            and bodies[-1].endswith("-")
            and fold(bodies[-1]).startswith(("uy ban nhan dan", "ubnd"))
            and starts_with_body_head(text) in _DEPARTMENT_HEADS
        ):
            # "UBND TỈNH KIÊN GIANG -" / "SỞ Y TẾ": a speck of the rule OCR'd after the committee.
            bodies[-1] = bodies[-1].rstrip(" -")
            bodies.append(text)
        elif bodies and bodies[-1].endswith("-"):
            # "TÒA ÁN NHÂN DÂN TỐI CAO -" / "BỘ CÔNG AN - …": the bodies of a joint document (liên tịch)
            bodies[-1] = f"{bodies[-1]} {text}"
        elif starts_with_body_head(text) or not bodies:
            # "HỘI" / "ĐỒNG NHÂN DÂN": a head word alone that the next line completes is one body.
            if bodies and fold(bodies[-1]) in ("hoi", "uy", "uy ban", "ban", "uy ban nhan", "hoi dong"):
                bodies[-1] = f"{bodies[-1]} {text}"
            else:
                bodies.append(text)
        else:
            bodies[-1] = f"{bodies[-1]} {text}"
    return [collapse_spaces(b) for b in bodies]


_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")


def _words(text: str) -> list[str]:
    return [w for w in _NON_WORD.split(fold(text)) if w]


def _marked_words(text: str) -> list[str]:
    """The words of ``text`` in small letters, marks kept: "SỞ Y TÉ" and "Sở Y tế" differ."""
    return [w for w in _NON_WORD.split(normalize_tones(text.lower())) if w]


def _respelled_in_body(printed: str, text: str, start: int, min_letters: int = 12) -> str | None:
    """The issuer as the text after the header spells it, when the header's words came out broken
    or run together (OCR of a stamped header, PDF extraction: "TRUY ÈN HÌNH", "BANCHỈ ĐẠO") and the
    body names the issuer with the same letters ("Báo và Phát thanh, Truyền hình thống nhất cử …")
    in words the gazetteers know better. None otherwise. Fewer letters than ``min_letters`` could
    be found in the body by chance."""
    words = _words(printed)
    letters = "".join(words)
    if len(words) < 2 or len(letters) < min_letters:
        return None
    unknown = _unknown_syllables(printed)
    if not unknown:  # every word is a known one: nothing for the body to mend
        return None
    gap = r"[^\p{L}\p{N}\n]{0,3}"
    pattern = regex.compile(
        r"(?<![\p{L}\p{N}])" + gap.join(regex.escape(c) for c in letters) + r"(?![\p{L}\p{N}])"
    )
    found = pattern.search(fold_same_length(text[start : start + 20_000]))
    if found is None:
        return None
    spelled = text[start + found.start() : start + found.end()]
    if _marked_words(spelled) == _marked_words(printed) or _unknown_syllables(spelled) >= unknown:
        return None  # the same words, or the body's spelling is no better ("BộLao động")
    return collapse_spaces(spelled)


# A run of one to four letters printed twice over: OCR of bold print that the scan doubled.
_DOUBLED_RUN = regex.compile(r"(\p{L}{1,4}?)\1", regex.IGNORECASE)
_MARKED_LETTER = regex.compile(r"[^\x00-\x7FĐđ]")


def _undoubled(printed: str) -> str | None:
    """``printed`` with the letters OCR read twice taken once, in the words no gazetteer knows
    ("SỞ YYTTẾ", "SỞ YTYTẺ" -> "SỞ YTẾ", "SỞ YTẺ"), and a word read twice once ("SỞ XÂY XÂY
    DỰNG"), for the body to respell; None when nothing is doubled. Vietnamese spells no syllable
    with a letter or a run of letters twice over, and no body's name repeats a word."""
    known = known_syllables()

    def mend(m: regex.Match[str]) -> str:
        word = m.group(0)
        if normalize_tones(word.lower()) in known or not _MARKED_LETTER.search(word):
            return word  # a known word, or an abbreviation ("TTTT", "UBKKTW": no marked vowel)
        return _DOUBLED_RUN.sub(r"\1", word)

    mended = _once(regex.sub(r"\p{L}+", mend, printed))
    return mended if mended != printed else None


def _once(name: str) -> str:
    """``name`` with a run of one to three words read twice in a row taken once, marks aside
    ("SỞ XÂY XÂY DỰNG", "SỞ Y TẾ Y TÉ")."""
    words = name.split()
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            run = words[i : i + n]
            if len(run) == n and [fold(w) for w in run] == [fold(w) for w in words[i + n : i + 2 * n]]:
                del words[i + n : i + 2 * n]
                break
        else:
            i += 1
    return " ".join(words)


def _unknown_syllables(name: str) -> int:
    """How many of the words of ``name`` no gazetteer name has: a word broken ("TRUY ÈN") or run
    together ("BANCHỈ") by OCR or extraction is one."""
    known = known_syllables()
    return sum(w not in known for phrase in syllable_phrases(name) for w in phrase)


def _head_only(text: str) -> str | None:
    """The body head when ``text`` is nothing but that head ('VĂN PHÒNG'), else None."""
    head = starts_with_body_head(text)
    return head if head and len(collapse_spaces(text)) == len(head) else None


def _repair_head(name: str) -> str:
    """A first letter lost in conversion ('Y BAN NHÂN DÂN') is put back."""
    f = fold(name)
    if f.startswith("y ban nhan dan"):
        return ("Ủ" if name[:1].isupper() else "ủ") + name
    return name


# Công báo's note that a document goes on from (or in) another issue: "(Tiếp theo Công báo số 201 + 202)".
_GAZETTE_NOTE = regex.compile(r"^\(\s*(?:Tiếp theo|Xem tiếp)\s+Công báo", regex.IGNORECASE)
# An attached text's note under its title ("(Ban hành kèm theo Quyết định số 522/2002/QĐ-UB …)")
# names the document it belongs to; it is a reference, not the rest of the title.
_ATTACHMENT_NOTE = regex.compile(r"^\(\s*(?:Ban hành\s+)?(?:kèm\s+)?theo\s", regex.IGNORECASE)


# A title may open with words that also open a preamble: "KẾ HOẠCH" / "Thực hiện Quyết định số 123/
# QĐ-TTg …", "NGHỊ ĐỊNH" / "Thực hiện thí điểm quản lý lao động, …".
_TITLE_OR_PREAMBLE = regex.compile(r"^(?:Thực hiện|Triển khai)\s")
_SENTENCE_END = regex.compile(r"[.:;,]\s*$|(?i:như sau)")


def _subject_opening_like_a_preamble(lines: list[Line], start: int) -> bool:
    """Whether the paragraph at ``start``, opening like a preamble ("Thực hiện …"), is a subject:
    a few lines that end without a sentence's stop, before a blank line, a rule, a section, a
    preamble or the note of a consolidated text. A preamble ends in "như sau:", ";" or "."."""
    if not _TITLE_OR_PREAMBLE.match(lines[start].text):
        return False
    last = None
    for i in range(start, min(len(lines), start + 5)):
        line = lines[i]
        if line.blank or _DECORATION.match(line.text):
            break
        if i > start and (
            _PREAMBLE_START.match(line.text)
            or _SECTION_START.match(line.text)
            or _CITING_LINE.match("\n" + line.text)
        ):
            break
        if _SENTENCE_END.search(line.text):
            return False
        last = i
    else:
        return False  # five lines and no end: a paragraph of the body
    return last is not None


def _title(lines: list[Line], start: int) -> tuple[int, int] | None:
    """Lines of the title from ``start``: a run of capitals, or one mixed-case paragraph."""
    first = None
    last = None
    upper = None
    for i in range(start, min(len(lines), start + 14)):
        line = lines[i]
        if line.blank:
            if first is not None and not upper:
                break
            continue
        if _DECORATION.match(line.text):
            if first is not None:
                break
            continue
        f = fold_same_length(line.text)
        if first is not None:
            if _PREAMBLE_START.match(line.text) or _SECTION_START.match(line.text):
                break
            if _GAZETTE_NOTE.match(line.text) or _ATTACHMENT_NOTE.match(line.text):
                break
            if regex.match(r"(khoa|ky hop)\s", f):
                break
            if upper and (not _is_upper(line.text) or _ENACTING.match(f)):
                break
            if (
                not upper
                and _is_upper(line.text)
                and (_ENACTING.match(f) or starts_with_body_head(line.text))
            ):
                # The enacting authority in capitals (THỦ TƯỚNG CHÍNH PHỦ) right under a mixed-case
                # title, with no blank or rule between them (OCR and PDF text drop the rule).
                break
        elif (
            _PREAMBLE_START.match(line.text)
            and not _VV.match(line.text)
            and not _subject_opening_like_a_preamble(lines, i)
        ):
            return None
        if first is None:
            first = i
            upper = _is_upper(line.text)
        last = i
    if first is None or last is None:
        return None
    return lines[first].start, lines[last].end


def _subject_span(lines: list[Line], view: str, start: int) -> tuple[int, int] | None:
    """An old title's subject, from ``start`` (after its number and date) to the end of the title."""
    k = next((i for i, ln in enumerate(lines) if ln.end > start), None)
    if k is None:
        return None
    if lines[k].start < start:  # the subject begins inside a line: read from there
        lines = [*lines[:k], Line(start, lines[k].end, view[start : lines[k].end]), *lines[k + 1 :]]
    span = _title(lines, k)
    return (max(start, span[0]), span[1]) if span else None


def _title_text(text: str, span: tuple[int, int]) -> str:
    raw = text[span[0] : span[1]]
    raw = regex.sub(r"\*\*|__|^#+\s*|\|", " ", raw, flags=regex.MULTILINE)
    # A stamp or a fold OCR'd into the lines can join the addressees onto the subject's line:
    # "… Khu dân cư văn hoá V2 2Š 4, 3 Kính gửi Các Sở, …". No subject says "Kính gửi".
    raw = raw[: m.start()] if (m := _ADDRESSEES.search(raw)) is not None and m.start() > 0 else raw
    title = _unquoted(collapse_spaces(raw).strip(" .:;"))
    # "V/v" is a công văn's label for its subject, not part of it; "Về việc" is printed wording and stays.
    # A speck OCR'd before the label ("'V/v bảo cáo …") goes with it.
    title = _unquoted(_VV_MISREAD.sub("", regex.sub(r"^[\s'`´‘’.,_~\-–—]*[Vv]/[Vv]\s*[:.]?\s*", "", title)))
    if len(_TITLE_WORD.findall(title)) < 2:
        return ""  # "TT .", specks of a scan under a Giấy mời's heading: no subject is one word
    return _VE_VIEC_MISREAD.sub("Về ", title)


_TITLE_WORD = regex.compile(r"\p{L}{2,}")


def _unquoted(title: str) -> str:
    """A subject printed inside quotation marks ("“V/v giới thiệu … giúp việc”") without them; quotes
    that do not enclose the whole of it ("“Cử …” và “Báo cáo …”") stay."""
    close = _ENCLOSING_QUOTES.get(title[:1])
    if close is None or len(title) < 3 or not title.endswith(close):
        return title
    inner = title[1:-1]
    if any(q in inner for q in (title[0], close)):
        return title
    return inner.strip(" .:;")


_PREAMBLE_SUBJECT = regex.compile(
    r"(?P<body>(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Thư viện|Bảo tàng|Sở|Phòng|Ban|Trung tâm|"
    r"Ủy ban|Bộ|Văn phòng|Trường|Đảng ủy|Ban Thường vụ)(?:[^.;:\n()]|\.(?=\S)){0,70}?)\s+"
    r"(?:đã\s+|sẽ\s+)?(?:ban hành|xây dựng|tổ chức xây dựng|triển khai xây dựng|lập)\s+"
    r"(?i:(?P<type>kế hoạch|chương trình|quyết định|đề án|phương án|hướng dẫn|chỉ thị))"
)


def _preamble_issuer(view: str, start: int, end: int) -> tuple[str, regex.Match[str]] | None:
    for m in _PREAMBLE_SUBJECT.finditer(view, start, end):
        body = collapse_spaces(m.group("body"))
        return body, m
    return None


_SIGNATURE_TAIL_LINES = 60


def _signer(lines: list[Line], text: str) -> tuple[Signer | None, list[str]]:
    """Signature block and recipients, read from the last lines; or, where annexes or forms
    follow the signature (a Thông tư's "Phụ lục", a Công báo issue going on with its forms), from
    around the first complete block (authority, position, a person's name) below the header."""
    found = _signature_in(lines[-_SIGNATURE_TAIL_LINES:], text)
    if found[0] is not None or len(lines) <= _SIGNATURE_TAIL_LINES:
        return found
    for i, line in enumerate(lines[:-_SIGNATURE_TAIL_LINES]):
        am = _AUTHORITY.match(line.text)
        if am is not None:
            if not _is_upper(line.text[am.end() :] or "X"):
                continue
        elif not (_POSITION.match(line.text) and _is_upper(line.text)):
            continue
        window = lines[max(0, i - 30) : i + 8]
        signer, recipients = _signature_in(window, text)
        if signer is not None and signer.name is not None and signer.position is not None:
            return signer, recipients
    return found


def _signature_in(window: list[Line], text: str) -> tuple[Signer | None, list[str]]:
    tail = [ln for ln in window if not ln.blank]
    recipients: list[str] = []
    authority = position = name = None
    for idx, line in enumerate(tail):
        if _RECIPIENTS.match(line.text):
            for nxt in tail[idx + 1 :]:
                t = nxt.text
                if not _BULLET.match(t):
                    if recipients:
                        break
                    continue
                item = text[nxt.start : nxt.end].lstrip("-–+• ").rstrip(" ;.,")
                recipients.append(collapse_spaces(item))
                if _ARCHIVED.match(item):
                    break
    for idx, line in enumerate(tail):
        am = _AUTHORITY.match(line.text)
        if am and _is_upper(line.text[am.end() :] or "X"):
            code = am.group(1).upper()
            authority = code + "." if code in ("TM", "KT", "TL", "TUQ", "Q") else None
            continue
        if _POSITION.match(line.text) and _is_upper(line.text):
            position = display_case(line.text)
            for nxt in tail[idx + 1 : idx + 6]:
                candidate = text[nxt.start : nxt.end].strip(" *")
                if _PERSON.match(candidate) and not _is_upper(candidate):
                    name = candidate
                    break
    if not (authority or position or name):
        return None, recipients
    return Signer(name=name, position=position, authority=authority), recipients


_NEWS = regex.compile(
    r"(?P<issuer>(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Bộ|Sở|Thủ tướng Chính phủ|Chính phủ)"
    r"(?:[^.;:\n()]|\.(?=\S)){0,60}?)\s+(?:đã\s+|vừa\s+)?(?:ban hành|ký ban hành)\s+"
    r"(?P<type>Kế hoạch|Quyết định|Chỉ thị|Chương trình|Nghị quyết|Đề án)\s+số\s+"
)


def _secondary_source(view: str) -> tuple[DocNumber, str, str, DateMention | None, int] | None:
    """A news article about a plan: 'Ngày 10/01/2023, UBND tỉnh X đã ban hành Kế hoạch số 06/KH-UBND'."""
    m = _NEWS.search(view, 0, min(len(view), 6000))
    if not m:
        return None
    nm = NUMBER.match(view, m.end())
    if not nm:
        return None
    number = parse_number(nm)
    sentence_start = max(view.rfind("\n", 0, m.start()), view.rfind(". ", 0, m.start())) + 1
    date = None
    for d in find_dates(view, sentence_start, min(len(view), nm.end() + 40)):
        date = d
        break
    code = mention_names().get(m.group("type").capitalize(), number.type_code or "")
    return number, collapse_spaces(m.group("issuer")), code, date, m.start()


def extract_header(text: str, view: str) -> HeaderResult:
    """Metadata of the document from its header, preamble and signature.

    A consolidated text (văn bản hợp nhất) opens with the header of the text it consolidates;
    its own number, issuer, date and signer stand in the authentication block
    ("XÁC THỰC VĂN BẢN HỢP NHẤT") after the last article, and are read there.
    """
    result = _extract_header(text, view)
    site = find_site_attributes(view)
    if site is not None:
        _take_site_attributes(result, site, text, view)
    block = _consolidation_block(view)
    if block is None:
        if _CONSOLIDATION_OPENING.search(view, 0, min(len(view), HEADER_CHARS)) is not None:
            _consolidated_without_block(result, text, view)
        return result
    start, end, mark = block
    # The mark's words are no part of the issuer, whose column they stand in ("… VÀ XÃ HỘI" /
    # "XÁC THỰC VĂN BẢN HỢP NHẤT" / "Số: …"): blanked, the offsets unchanged.
    blank = " " * (mark[1] - mark[0])
    window_text = text[start : mark[0]] + blank + text[mark[1] : end]
    window_view = view[start : mark[0]] + blank + view[mark[1] : end]
    own = _extract_header(window_text, window_view)
    if own.info.symbol is None or "VBHN" not in own.info.symbol.upper():
        return result
    info = result.info
    info.doc_type = "VBHN"
    info.doc_type_name = type_name("VBHN")
    info.number, info.symbol = own.info.number, own.info.symbol
    info.issuer = own.info.issuer or info.issuer
    info.place, info.issued_date, info.issued_year = (
        own.info.place,
        own.info.issued_date,
        own.info.issued_year,
    )
    info.signer = own.info.signer or info.signer
    if own.own_number_span is not None:
        result.own_number_span = (own.own_number_span[0] + start, own.own_number_span[1] + start)
    _end_title_at_consolidation_note(result, text, view)
    result.warnings = [w for w in result.warnings if w.code not in _HEADER_FIELD_WARNINGS]
    result.warnings += [w for w in own.warnings if w.code in _HEADER_FIELD_WARNINGS]
    return result


def _end_title_at_consolidation_note(result: HeaderResult, text: str, view: str) -> None:
    """A consolidated text's subject runs on into the note of what it consolidates, with no blank
    line between: "… chứng chỉ kỹ năng nghề quốc gia" / "Thông tư 38/2015/TT-BLĐTBXH ngày …, được
    sửa đổi bởi:"."""
    if result.title_span is None:
        return
    cited = _CITING_LINE.search(view, *result.title_span)
    if cited is not None:
        result.title_span = (result.title_span[0], cited.start())
        result.info.title = _title_text(text, result.title_span) or None


def _consolidated_without_block(result: HeaderResult, text: str, view: str) -> None:
    """A consolidated text whose authentication block is not in the file: a Công báo issue that
    goes on in the next ("Xem tiếp Công báo số …"). Its opening note tells what it is; its own
    number, date and signer stand in the block, so none of the opening's is taken for them."""
    info = result.info
    info.doc_type = "VBHN"
    info.doc_type_name = type_name("VBHN")
    if info.symbol is not None and "VBHN" not in info.symbol.upper():
        info.number = info.symbol = None
        result.own_number_span = None
    _end_title_at_consolidation_note(result, text, view)
    result.warnings.append(
        Message(
            code="consolidation_block_missing",
            message="A consolidated text (văn bản hợp nhất) whose authentication block (“XÁC THỰC VĂN "
            "BẢN HỢP NHẤT”, with its number, date and signer) is not in the file.",
        )
    )


def _take_site_attributes(result: HeaderResult, site: SiteAttributes, text: str, view: str) -> None:
    """A legal-document site's attribute table (see ``site_page``). A page saved from its
    "Thuộc tính" tab has no header of its own: the table's values are the document's, and its
    title is the page's heading. Above a document's own header, it only fills what that lacks."""
    own_header = bool(motto_spans(view, min(len(view), HEADER_CHARS)))
    info, fields = result.info, site.fields

    def take(current: object) -> bool:
        return not own_header or current is None

    filled: set[str] = set()
    # Matched in the cell's value, not the view: the site glues it to its label ("Số hiệu152/…").
    number_cell = fields["number"]
    number_match = NUMBER.match(number_cell.value)
    number = parse_number(number_match) if number_match is not None else None
    if number is not None and take(info.number):
        info.number, info.symbol = number.number, number.symbol
        result.own_number_span = (number_cell.start + number.start, number_cell.start + number.end)
        filled.update({"number_missing", "number_blank"})
    if "doc_type" in fields and take(info.doc_type) and (code := site_type_code(fields["doc_type"].value)):
        info.doc_type, info.doc_type_name = code, type_name(code)
    if "issued_date" in fields and take(info.issued_date):
        field_ = fields["issued_date"]
        date = next(iter(find_dates(view, field_.start, field_.end)), None)
        if date is not None and date.iso:
            info.issued_date, info.issued_year = date.iso, date.year
            filled.add("date_incomplete")
    if "issuer" in fields and take(info.issuer):
        field_ = fields["issuer"]
        info.issuer = _issuer(text[field_.start : field_.end], text, view, site.end, info.place, info)
        filled.add("issuer_missing")
    if "signer" in fields and take(info.signer):
        position = fields.get("position")
        info.signer = Signer(
            name=text[fields["signer"].start : fields["signer"].end],
            position=text[position.start : position.end].rstrip(" .") if position else None,
        )
    if take(info.title):
        span = (fields["title"].start, fields["title"].end) if "title" in fields else None
        if span is None and number is not None:
            # the parsed number: a site may write more in the cell ("867/QĐ-QLTA Lỗi")
            span = heading_title(view, number.number)
        if span is not None:
            result.title_span = span
            info.title = _title_text(text, span) or None
    result.warnings = [w for w in result.warnings if w.code not in filled]
    if not own_header:
        result.warnings.append(
            Message(
                code="site_attributes",
                message="Read from the attribute table of a legal-document site's page (Số hiệu, Loại "
                "văn bản, Ngày ban hành, …): the text has no header of the document's own.",
            )
        )


# Warnings about the number, date and issuer: those of the authentication block replace the
# opening header's in a consolidated text.
_HEADER_FIELD_WARNINGS = frozenset(
    {"number_missing", "number_blank", "issuer_missing", "date_incomplete", "date_year_extra_digit"}
)
# The opening note of a consolidated text (Pháp lệnh hợp nhất văn bản quy phạm pháp luật, Điều 7):
# "Nghị định số 15/2019/NĐ-CP ngày …, có hiệu lực kể từ ngày …, được sửa đổi, bổ sung bởi:".
_CONSOLIDATION_OPENING = regex.compile(
    r"(?im),\s*được\s+(?:sửa\s+đổi(?:\s*,\s*bổ\s+sung)?|bổ\s+sung)(?:\s+một\s+số\s+điều)?\s+bởi\s*:\s*$"
)
_CONSOLIDATION_MARK = regex.compile(r"xac\s*(?:thuc|nhan)\s+van\s*ban\s+hop\s*nhat")
_HOP_NHAT = regex.compile(r"hợp\s*nhất")
_HAS_WORD = regex.compile(r"[\p{L}\d]")
_BLOCK_LINES_ABOVE = 6  # the issuer (two lines at most), "Số:", a rule
_BLOCK_LINES_BELOW = 10  # the place-date line, the signer's authority, position and name


def _consolidation_block(view: str) -> tuple[int, int, tuple[int, int]] | None:
    """The span of the authentication block of a consolidated text, a few lines around its
    "XÁC THỰC VĂN BẢN HỢP NHẤT" (the last one: the opening may quote the words), and the span
    of those words."""
    if _HOP_NHAT.search(view.lower()) is None:
        return None  # folding the whole text for every document cost 0.45 ms a plan
    folded = fold_same_length(view)
    marks = list(_CONSOLIDATION_MARK.finditer(folded))
    if not marks:
        return None
    mark = marks[-1]
    start, seen = mark.start(), 0
    while start > 0 and seen < _BLOCK_LINES_ABOVE:
        found = view.rfind("\n", 0, start - 1)
        line_start = found + 1 if found >= 0 else 0
        line = view[line_start : start - 1]
        words = _HAS_WORD.search(line) is not None  # blank lines, rules and stray dots do not count
        if words and not (_is_upper(line) or _NUMBER_LABEL.match(line.strip())):
            break  # the last article or a footnote: the block is the issuer and "Số:" only
        seen += words
        start = line_start
    end, seen = mark.end(), 0
    while end < len(view) and seen < _BLOCK_LINES_BELOW:
        found = view.find("\n", end + 1)
        line_end = found if found >= 0 else len(view)
        seen += _HAS_WORD.search(view, end + 1, line_end) is not None
        end = line_end
    return start, end, (mark.start(), mark.end())


def _extract_header(text: str, view: str) -> HeaderResult:
    limit = min(len(view), HEADER_CHARS)
    lines = split_columns(split_lines(view), view, limit)
    info = DocumentInfo()
    result = HeaderResult(info=info)
    warnings = result.warnings

    # The header (number line, type heading) stands above the addressees and the preamble ("Kính
    # gửi", "Thực hiện …"): a "số …" further down is a citation, even when the header's own number
    # is unreadable, and a heading further down opens an attachment (a Giấy mời's CHƯƠNG TRÌNH).
    preamble = next(
        (
            ln.start
            for ln in lines
            if ln.start < limit
            and _PREAMBLE_START.match(ln.text)
            and not _VV.match(ln.text)
            and not _BARE_DATE_LINE.fullmatch(ln.text)  # "Ngày 15 tháng 5 năm 2025": the header's date
        ),
        limit,
    )
    heading = _heading_index(lines, preamble)
    heading_start = lines[heading[0]].start if heading else limit
    number, blank_symbol, number_span = _find_number(view, min(heading_start if heading else limit, preamble))
    titled = None
    if number is None and blank_symbol is None:
        # No "Số:" line: an old title may print the number and the date ("… CỦA CHÍNH PHỦ SỐ 12/CP NGÀY …").
        titled = _titled_number(view, lines, heading_start if heading else 0, min(limit, 1500))
        if titled and heading and titled.start != heading_start:
            titled = None  # under a heading, only the heading's own line opens such a title
        if titled:
            number, number_span = titled.number, (titled.number.start, titled.number.end)
    if number is None and blank_symbol is None and heading is None:
        # Above the addressees and the preamble still: a scan's attachment (the incoming letter a
        # công văn answers, "Số: 422/ RHMTW" on page 2) has a number line of its own.
        number, blank_symbol, number_span = _find_number(view, min(limit, 1500, preamble), relaxed=True)
    elif number is None and blank_symbol is None and heading is not None:
        # A saved web page of a document with no "Số:" line: the site's heading above the
        # document's own names it ("Thông tư số 86/2025/TT-BNNMT Ban hành …" over "THÔNG TƯ"),
        # taken when its number is of the heading's type.
        on_page, _, on_page_span = _find_number(view, min(heading_start, preamble), relaxed=True)
        if on_page is not None and on_page.type_code == heading[1]:
            number, number_span = on_page, on_page_span
    place, date, date_line, extra_digit = _place_date(
        lines, view, heading_start if heading else min(limit, 1500)
    )
    if titled and (date_line is None or lines[date_line].start > titled.start):
        # The title's own date; a "…, ngày" line found below the title belongs to the body.
        place, date, date_line, extra_digit = None, titled.date, None, False
    if extra_digit:
        warnings.append(
            Message(
                code="date_year_extra_digit",
                message="The year on the date line has five digits (a digit hidden in the text layer); "
                "its first four were read as the year.",
            )
        )

    if number:
        info.number, info.symbol = number.number, number.symbol
        result.own_number_span = number_span
        if number_span is not None and (rest := _symbol_continued(view, number_span[1])) is not None:
            # "Số: 01/2022/TTLT-VKSNDTC" / "TANDTC-BCA-BQP-BLĐTBXH": a joint symbol broken over lines
            codes = text[rest[0] : rest[1]]
            info.number = f"{info.number}-{codes}"
            info.symbol = f"{info.symbol}-{codes}" if info.symbol else None
            result.own_number_span = (number_span[0], rest[1])
    elif blank_symbol is not None:
        info.symbol = blank_symbol
        result.own_number_span = number_span
        warnings.append(
            Message(
                code="number_blank",
                message="The number line has no number that could be read (left blank, or handwritten on a scan).",
            )
        )

    info.place = place
    if date is None and number_span is not None:
        # An old title's number line carries the date after the number, with no place-date line:
        # "Nghị định của Chính phủ / số 116/2003/NĐ-CP ngày 10/10/2003".
        date = _date_after_number(view, number_span[1])
    if date is None:
        date = _adoption_date(view)
    if date:
        info.issued_year = date.year
        info.issued_date = date.iso
        if date.iso is None:
            warnings.append(
                Message(code="date_incomplete", message="The date line leaves the day or the month blank.")
            )

    # Title: after the heading; without one, a "V/v ..." line (công văn) in the header.
    title_span = None
    vv_line: int | None = None  # the "V/v ..." line: a công văn's trích yếu
    if heading:
        title_span = _title(lines, heading[0] + 1)
        if (
            heading[1] == "GM"
            and title_span
            and _invites(_without_specks(view[title_span[0] : title_span[1]]))
        ):
            title_span = None  # a Giấy mời with no trích yếu: its text opens under the heading
    else:
        in_header = True  # above the addressees and the preamble
        for i, line in enumerate(lines):
            if line.start > limit:
                break
            in_header = in_header and not _PREAMBLE_START.match(line.text)
            # OCR garbles the tones of "Về việc" ("vẻ việc"): above the addressees, any spelling counts.
            if _VV.match(line.text) or (
                in_header and (_VV_SCANNED.match(fold(line.text)) or _VV_MISREAD.match(line.text))
            ):
                title_span = _title(lines, i)
                vv_line = i
                break
        if vv_line is None:
            # No heading (lost in conversion, or a Giấy mời headed "MỜI HỌP …"): the run of capitals
            # under the number and date lines. (Not a for-else: the loop also ends at the header's
            # limit, and a document longer than that had no fallback.)
            after = max(
                (i for i in (date_line, _line_index(lines, number_span)) if i is not None), default=None
            )
            if after is not None:
                nxt = next((ln for ln in lines[after + 1 :] if not ln.blank), None)
                if nxt is not None and _is_upper(nxt.text) and not starts_with_body_head(nxt.text):
                    title_span = _title(lines, after + 1)
    if titled:
        title_span = _subject_span(lines, view, titled.subject_start)
    if title_span is None:
        # A Phiếu trình and some forms print the subject as a field: "2. Trích yếu: V/v ...".
        label = _SUBJECT_FIELD.search(view, 0, min(len(view), limit * 2))
        if label:
            line_end = view.find("\n", label.end())
            title_span = (label.end(), line_end if line_end >= 0 else len(view))
    if title_span:
        result.title_span = title_span
        info.title = _title_text(text, title_span) or None

    # Issuer: the header block; what it leaves open, the preamble and the body fill in.
    anchors = [i for i in (heading[0] if heading else None, date_line) if i is not None]
    if titled:
        anchors.append(_line_index(lines, (titled.start, titled.start)) or 0)
    number_line = _line_index(lines, number_span)
    if number_line is not None:
        anchors.append(number_line)
    if vv_line is not None:
        anchors.append(vv_line)
    if number_line is None:
        label_line = _number_label_line(lines, limit)
        if label_line is not None:
            anchors.append(label_line)  # "Số: 2 § 12BCA-C04": a number line too garbled to read
    stop = min(anchors) if anchors else 0
    mottos = motto_spans(view, limit)
    bodies = _group_bodies(_issuer_lines(lines, stop, mottos, view))
    issuer_printed = bodies[-1] if bodies else None
    if (
        len(bodies) >= 2
        and issuer_printed
        and starts_with_body_head(issuer_printed) == _head_only(issuer_printed)
    ):
        # "UBND TỈNH LÂM ĐỒNG" / "VĂN PHÒNG": the office of the body above, not any office.
        issuer_printed = f"{issuer_printed} {bodies[-2]}"
    # The body starts after the last piece of the header: in a công văn the "V/v" title
    # stands above the motto and the date line.
    header_ends = [title_span[1] if title_span else 0, lines[heading[0]].end if heading else 0]
    if date_line is not None:
        header_ends.append(lines[date_line].end)
    if number_span and (title_span or heading):
        header_ends.append(number_span[1])
    header_ends += [e for s_, e in mottos if title_span or heading]
    body_start = max(header_ends)
    result.body_start = body_start
    section = next(
        (ln.start for ln in lines if ln.start >= body_start and _SECTION_START.match(ln.text)),
        len(view),
    )
    result.preamble_end = _preamble_end(lines, body_start, section)
    result.basis_ranges = [(body_start, result.preamble_end), *_basis_sections(lines)]
    if title_span:
        result.basis_ranges.append(title_span)

    news = None
    if not heading and not number and not bodies:
        news = _secondary_source(view)
    if news:
        n, news_issuer, code, news_date, _ = news
        result.secondary_source = True
        # An article has no preamble of its own: the plan it reports rests on what it names.
        result.basis_ranges.append((0, len(view)))
        info.number, info.symbol = n.number, n.symbol
        result.own_number_span = (n.start, n.end)
        issuer_printed = news_issuer
        info.doc_type = code or n.type_code
        if news_date:
            info.issued_date, info.issued_year = news_date.iso, news_date.year
        first = next((ln for ln in lines if not ln.blank), None)
        if first is not None:
            headline = regex.sub(
                r"(?i)^(?:ban hành|triển khai|phê duyệt)\s+(?:kế hoạch|quyết định|chỉ thị|chương trình)\s+",
                "",
                text[first.start : first.end],
            )
            info.title = collapse_spaces(headline)
        warnings.append(
            Message(
                code="secondary_source",
                message="This text reports on a document (a news article or notice); the metadata describe "
                "the document it reports.",
            )
        )

    if issuer_printed is None or is_bare_unit(expand_abbreviations(issuer_printed)):
        # Enacting line under the title ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI") or the preamble's subject.
        for line in lines:
            if line.start < body_start or line.start > section:
                continue
            if _is_upper(line.text) and starts_with_body_head(line.text) and len(line.text.split()) <= 12:
                candidate = regex.sub(r"(?i)^(?:chủ tịch|bộ trưởng|giám đốc|thủ tướng)\s+", "", line.text)
                if not is_bare_unit(expand_abbreviations(candidate)) or issuer_printed is None:
                    issuer_printed = candidate
                    break
        if issuer_printed is None or is_bare_unit(expand_abbreviations(issuer_printed)):
            found = _preamble_issuer(view, body_start, min(section, body_start + 3000))
            if found and (issuer_printed is None or not is_bare_unit(expand_abbreviations(found[0]))):
                issuer_printed = found[0]
            elif found and issuer_printed is None:
                issuer_printed = found[0]

    if issuer_printed is None and info.symbol:
        issuer_printed = _issuer_of_symbol(info.symbol)
    if issuer_printed:
        info.issuer = _issuer(text_of(view, text, issuer_printed), text, view, body_start, place, info)
    else:
        warnings.append(Message(code="issuer_missing", message="No issuing body is printed or stated."))

    if info.doc_type is None:
        if heading and titled and titled.code:
            # The old title opens on the heading's line and reads the type over its line break:
            # "THÔNG TƯ" / "LIÊN TỊCH BỘ TÀI CHÍNH - …" is a Thông tư liên tịch.
            info.doc_type = titled.code
        elif heading:
            info.doc_type = heading[1]
        elif titled and titled.code:
            info.doc_type = titled.code
        elif number_span and (named := _type_named_on_number_line(view, number_span[0])):
            info.doc_type = named  # "Luật số: 18/2003/QH11": a heading lost in a mixed-case line
        elif number and number.type_code:
            info.doc_type = number.type_code
        elif info.symbol and type_code_of_symbol(info.symbol):
            info.doc_type = type_code_of_symbol(info.symbol)
        elif info.number or info.symbol or vv_line is not None:
            info.doc_type = "CV"  # numbered with no type of its own, or titled "V/v …": a công văn
    info.doc_type_name = type_name(info.doc_type)
    if info.doc_type and info.doc_type not in {t.code for t in doc_type_by_code().values()}:
        info.doc_type_name = None

    signer, recipients = _signer(lines, text)
    info.signer = signer
    info.recipients = recipients
    if info.number is None and not news and blank_symbol is None:
        warnings.append(Message(code="number_missing", message="No number line (Số: …) was found."))
    return result


def _issuer(
    printed: str, text: str, view: str, body_start: int, place: str | None, info: DocumentInfo
) -> Issuer:
    """The issuer as printed, named in full: abbreviations expanded, a bare unit ("XÃ CẨM
    LONG") completed, the case of a name, an old name's alias, and the unit it is part of now."""
    undoubled = _undoubled(printed)
    respelled = _respelled_in_body(printed, text, body_start) or (
        # The doubling is known, so a short name ("SỞ YTẾ") is not found by chance.
        _respelled_in_body(undoubled, text, body_start, min_letters=4) if undoubled else None
    )
    if respelled is None and undoubled is not None and not _unknown_syllables(undoubled):
        respelled = undoubled  # every word a known one once read once ("SỞ XÂY DỰNG")
    name = _repair_head(expand_abbreviations(respelled or printed))
    name = respell_provinces(name)
    if is_bare_unit(name):
        name = complete_unit(name, view, place)
    name = display_case(name, text)
    name = issuer_aliases().get(" ".join(fold(name).split()), name)
    return Issuer(
        name=name,
        level=level_of(name),
        printed=printed,
        unit_now=unit_now(name, info.issued_date or (str(info.issued_year) if info.issued_year else None)),
    )


_ADOPTED = regex.compile(r"(?i)thông qua\s+(?=ngày)")


def _adoption_date(view: str) -> DateMention | None:
    """A law or a Quốc hội resolution prints no date line; its date closes the text:
    "Luật này được Quốc hội ... khóa XV, kỳ họp thứ 10 thông qua ngày 10 tháng 12 năm 2025."
    """
    tail = max(0, len(view) - 4000)
    for m in _ADOPTED.finditer(view, tail):
        dates = find_dates(view, m.end(), min(len(view), m.end() + 40))
        if dates and dates[0].start == m.end():
            return dates[0]
    return None


def _issuer_of_symbol(symbol: str) -> str | None:
    """The body a symbol names, when the gazetteer knows it in full: 'TT-BCA' -> 'Bộ Công an'.

    Bare names ('UBND') are not used: they do not say which unit.
    """
    for part in reversed(regex.split(r"[-/]", symbol)):
        agency = agencies().get(abbreviation_key(part))
        if agency and agency.level in ("central", "agency") and not is_bare_unit(agency.name):
            return agency.name
    return None


_BASIS_OPENER = regex.compile(
    r"^(?:[-–+•*]\s*)?(?:Căn cứ|Thực hiện|Triển khai|Theo|Tiếp tục thực hiện|Trên cơ sở|Thi hành|Xét|"
    r"Để triển khai|Để thực hiện|Nhằm triển khai|Nhằm thực hiện|Thừa lệnh|Được sự)",
    regex.IGNORECASE,
)


def _preamble_end(lines: list[Line], body_start: int, section: int) -> int:
    """Where the preamble (the part naming the document's basis) ends.

    It is the first paragraph of the body and the paragraphs after it that open like a
    basis ("Căn cứ", "Thực hiện", "Theo đề nghị", "Xét"), up to the first section. A
    line continues its paragraph unless the line before ended a sentence or clause, so
    hard-wrapped text reads as whole paragraphs. The addressees of a công văn
    ("Kính gửi:" and its list) are not a paragraph.
    """
    paragraphs = 0
    prev_text = ""
    in_addressees = False
    for line in lines:
        if line.start < body_start or line.blank:
            if line.start >= body_start and line.blank:
                prev_text = ""
            continue
        if line.start >= section:
            return section
        t = line.text
        if _ADDRESSEES.match(t):
            in_addressees = True
            prev_text = t
            continue
        if in_addressees and _BULLET.match(t):
            prev_text = t
            continue
        # The line after the addressees opens the text, even when they end without a stop
        # ("Kính gửi: Sở Giao thông vận tải" then "Theo đề nghị …" with no blank line, as DOCX gives it).
        starts = in_addressees or not prev_text or prev_text.rstrip(" *_").endswith((".", ";", ":", "!", "?"))
        in_addressees = False
        if starts:
            paragraphs += 1
            if paragraphs > 1 and not _BASIS_OPENER.match(t):
                return line.start
        prev_text = t
    return section


def _line_index(lines: list[Line], span: tuple[int, int] | None) -> int | None:
    if span is None:
        return None
    return next((i for i, ln in enumerate(lines) if ln.end >= span[0] and not ln.blank), None)


_ROMAN_HEADING = regex.compile(r"^(?:(?i:phần)\s+)?[IVX]{1,4}\s*[.\-–:)]\s*(?P<rest>.*)")
# Sections that state what the document rests on: its legal basis, or (a Phiếu trình) the
# document submitted ("I. NỘI DUNG TRÌNH").
_BASIS_HEADING = regex.compile(r"can cu|co so phap ly|co so xay dung|tai lieu can cu|noi dung trinh")


def _basis_sections(lines: list[Line]) -> list[tuple[int, int]]:
    """Sections headed as the legal basis ("I. CĂN CỨ PHÁP LÝ XÂY DỰNG KẾ HOẠCH") up to the next one."""
    ranges: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, line in enumerate(lines):
        m = _ROMAN_HEADING.match(line.text)
        if not m:
            continue
        if open_at is not None:
            ranges.append((open_at, line.start))
            open_at = None
        heading = m.group("rest") + " " + (lines[i + 1].text if i + 1 < len(lines) else "")
        if _BASIS_HEADING.search(fold_same_length(heading)[:60]):
            open_at = line.start
    if open_at is not None:
        ranges.append((open_at, lines[-1].end if lines else open_at))
    return ranges


def text_of(view: str, text: str, found: str) -> str:
    """The original spelling of a string found in the view (tones may differ)."""
    idx = view.find(found)
    if idx < 0:
        return found
    return text[idx : idx + len(found)]
