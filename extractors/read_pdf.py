"""PDF files: bytes -> ReadDocument.

* The first page is read word by word (pdfplumber) so that the two-column header
  (issuer block left; Quốc hiệu, Tiêu ngữ and the place-date line right; ``Số:``
  under the issuer) comes out in the order a flattened document has it: issuer
  lines, ``|``, motto lines, ``|``, the ``Số:`` line, ``|``, the place-date line.
* Other pages are read with pypdfium2: the same characters, some 30 times faster.
* E-signed PDFs (Ban Cơ yếu Chính phủ / VGCA) draw the number and the date as
  signature-widget appearances, outside the page's text layer; their text is read
  from the widgets' ``/AP /N`` streams and put where the widget stands.
* Running headers (``CÔNG BÁO/Số 302/Ngày 02-06-2026 70``) and page numbers go.
* Scans and garbage text layers are read by OCR (tesseract ``vie``) when installed.
"""

from __future__ import annotations

import functools
import io
import statistics
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import regex
from numpy.typing import NDArray

from .clean import fold, normalize_text
from .gazetteer import doc_type_by_heading, mention_names
from .handwriting import Page, fill_handwritten
from .legacy import LEGACY_WARNING, convert, convert_legacy, foreign_words, plan_blocks, restore_case
from .names import is_folded_syllable
from .ocr import INSTALL_HINT, OcrWord, ocr_chars, ocr_image, tesseract_available
from .reading import ReadDocument, ReadError

OCR_DPI = 300
# A scan longer than this is OCRed in part: its header (number, date, issuer, title) is on page 1.
# Tesseract takes 5 to 14 s a page on a 2-core machine, so 30 pages ran past the default 180 s
# per-file limit and the whole file failed; 10 pages leave room for a busy machine.
MAX_OCR_PAGES = 10
MIN_CHARS_PER_PAGE = 40  # fewer letters than this per page: the text layer is absent
FOREIGN_WORDS = 0.01  # share of words with a letter foreign to Vietnamese that marks a foreign OCR layer
MIN_QUALITY = 0.7  # share of Vietnamese-syllable words below which a text layer is garbage (real: > 0.95)


@dataclass(slots=True)
class Word:
    """One word on a page, in points from the top-left corner (pdfplumber's frame)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    widget: bool = False

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


Row = list[Word]

# Running headers and footers of the Official Gazette and bare page numbers.
_GAZETTE = regex.compile(
    r"^\s*(?:\d{1,4}\s+)?CÔNG\s*BÁO\s*/\s*Số\s*[\d\s+]+/\s*Ngày\s*[\d\-./]+(?:\s+\d{1,4})?\s*$"
)
_PAGE_NUMBER = regex.compile(r"^\s*(?:[-–]\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–])?\s*$")
# A digital-signature stamp printed on the page: "Ký bởi: ... Cơ quan: ... Thời gian ký: ...".
_STAMP_LINE = regex.compile(
    r"^\s*(?:Ký bởi|Người ký|Cơ quan|Thời gian ký|Email|Ngày ký)\s*:", regex.IGNORECASE
)
_STAMP_START = regex.compile(r"^\s*(?:Ký bởi|Người ký)\s*:", regex.IGNORECASE)

# The place-date cell, folded: "ha noi, ngay 20 thang 5 nam 2026" or "20/5/2026" ("Việt Nam" is no date).
_DATE_WORD = regex.compile(r"(?:^|[\s,])ngay(?:\s|$|\d|o\d)|\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}")


_SYLLABLE_PARTS = regex.compile(r"[-/]")
_TOKEN_EDGE = ".,;:!?()[]{}\"'“”‘’…*-–"


@functools.lru_cache(maxsize=65536)
def _token_kind(token: str) -> int:
    """1 for a Vietnamese word, -1 for garbage, 0 for a number or a symbol (cached: words repeat)."""
    core = token.strip(_TOKEN_EDGE)
    if not core or any("0" <= c <= "9" for c in core) or not any(c.isalpha() for c in core):
        return 0
    parts = _SYLLABLE_PARTS.split(core)
    if all(
        p.isalpha() and (is_folded_syllable(fold(p)) or (p.isascii() and p.isupper())) for p in parts if p
    ):
        return 1
    return -1


def text_quality(text: str) -> float:
    """Share of the words that are Vietnamese syllables (0-1): low for TCVN3/VNI garbage.

    Text typed without tone marks still passes (its syllables are valid); a legacy
    font mapping ("Quy Õt ®Þnh") or a broken ToUnicode table does not.
    """
    good = bad = 0
    for token in text.split():
        kind = _token_kind(token)
        good += kind == 1
        bad += kind == -1
    return good / (good + bad) if good + bad else 0.0


_DIGIT_IN_WORD = regex.compile(r"\p{Ll}\d|\d\p{Ll}")
_UNIT_OR_HOUR = regex.compile(r"\d+h\d*|\d*(?:m|km|cm|mm|ha|kg|kw|kwh)\d?")
_LETTER_TOKEN = regex.compile(r"(?<!\S)\S*?\p{L}\S*")  # a word (between spaces) with a letter in it
_VIETNAMESE_TOKEN = regex.compile(r"(?<!\S)\S*?(?=\p{L})[^\x00-\x7F]\S*")  # ... with a letter beyond ASCII


def foreign_ocr_layer(text: str) -> bool:
    """Whether a text layer is a scanner's OCR made without a Vietnamese model: its words carry
    next to no Vietnamese letter and many mix digits into words for the letters it could not
    read ("Kinh g£ri'. Sd N6i vp tinh Lam Dang", "ngay 03thang 9 nam 2025"). Such a layer passes
    the syllable check (toneless syllables are valid) but holds no usable number or date.

    Text typed without tone marks has no such digits and is kept. A scanner's OCR for another
    language that does put marks on letters puts foreign ones among them ("Kiên Giang, ngày 4C)
    tháng 10 näm 2017 … cüa Uy ban"): one word in a hundred with a letter Vietnamese never uses
    is such a layer (real text layers: fewer than one in a thousand).
    """
    # Counted by regex over the whole text: a Python loop over every character of a 36-page
    # gazette was a sixth of reading it.
    words = _LETTER_TOKEN.findall(text)
    if len(words) < 40:
        return False
    if foreign_words(text) >= FOREIGN_WORDS * len(words):
        return True
    if len(_VIETNAMESE_TOKEN.findall(text)) >= 0.05 * len(words):
        return False
    stripped = (w.strip(".,;:()'\"") for w in words)
    mixed = sum(1 for w in stripped if _DIGIT_IN_WORD.search(w) and not _UNIT_OR_HOUR.fullmatch(w.lower()))
    return mixed >= 0.02 * len(words)


# --------------------------------------------------------------------------- rows and lines


# Words more than this many times the page's median word height, or less than its inverse, set no
# row. A stamp's smudge OCR'd as one tall "word" ("ss", 150 px high beside 45 px text) joined the
# two lines of text it spans into one row, their words interleaved ("ChươngV/vtrìnhchuẩnMTQGbị tổ
# chức"); a stamp's small fragment set a band so thin that half its line's words missed it.
ODD_WORD = 2.0


def group_rows(words: Iterable[Word]) -> list[Row]:
    """Words -> rows (top to bottom), each row's words left to right.

    A word joins the row above when their vertical extents overlap by half the
    smaller height: accents (Độc) and descenders (lập) shift a word's middle, not its band.
    A word much taller or smaller than the page's (``ODD_WORD``) then joins the row it overlaps
    most, by half the smaller height, or stands alone.
    """
    ordered = sorted(words, key=lambda w: (w.top, w.x0))
    if not ordered:
        return []
    median = statistics.median_low(w.height for w in ordered)
    rows: list[Row] = []
    bands: list[tuple[float, float]] = []
    odd: list[Word] = []
    for w in ordered:
        if not median / ODD_WORD <= w.height <= median * ODD_WORD:
            odd.append(w)
            continue
        if rows:
            top, bottom = bands[-1]
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(w.height, bottom - top):
                rows[-1].append(w)  # the band stays the first word's: rows must not creep downwards
                continue
        rows.append([w])
        bands.append((w.top, w.bottom))
    for w in odd:
        overlaps = [(min(bottom, w.bottom) - max(top, w.top), i) for i, (top, bottom) in enumerate(bands)]
        best = max(
            ((o, i) for o, i in overlaps if o >= 0.5 * min(w.height, bands[i][1] - bands[i][0])),
            default=None,
        )
        if best is not None:
            rows[best[1]].append(w)
        else:
            rows.append([w])
            bands.append((w.top, w.bottom))
    if odd:
        order = sorted(range(len(rows)), key=lambda i: bands[i])
        rows = [rows[i] for i in order]
    for row in rows:
        row.sort(key=lambda w: w.x0)
    return rows


def join_words(words: Sequence[Word]) -> str:
    """Words of one line -> text; a widget's number glues to a ``/`` next to it (2003 + /CĐ-VPCP)."""
    out = ""
    prev: Word | None = None
    for w in words:
        if prev is not None:
            glue = (prev.widget or w.widget) and (
                w.text.startswith(("/", "-")) or prev.text.endswith(("/", "-"))
            )
            # Glyphs set edge to edge belong to one word however the PDF spaced them ("21/C" "T-TTg").
            glue = glue or w.x0 - prev.x1 < 0.05 * min(w.height, prev.height)
            out += "" if glue else " "
        out += w.text
        prev = w
    return out


def _top(row: Row) -> float:
    return min(w.top for w in row)


def _bottom(row: Row) -> float:
    return max(w.bottom for w in row)


def _row_height(row: Row) -> float:
    return statistics.median(w.height for w in row)


def _split_row(row: Row, split: float) -> tuple[Row, Row]:
    """A header row -> (left cell words, right cell words), cut at the widest gap near ``split``."""
    best: int | None = None
    best_gap = 0.0
    height = _row_height(row)
    for i in range(1, len(row)):
        gap = row[i].x0 - row[i - 1].x1
        if row[i - 1].x1 <= split + 3 * height and row[i].x0 >= split - 3 * height and gap > best_gap:
            best, best_gap = i, gap
    if best is not None and best_gap >= 0.8 * height:
        return row[:best], row[best:]
    return [w for w in row if (w.x0 + w.x1) / 2 < split], [w for w in row if (w.x0 + w.x1) / 2 >= split]


def is_number_cell(text: str) -> bool:
    """Whether a left cell opens the number line (``Số: 155/KH-UBND``, ``Số:   /UBND``, or with the
    type name first as a Quốc hội body prints it: ``Nghị quyết số: 24/2022/UBTVQH15``)."""
    m = regex.match(r"(?i)(?P<type>(?:\p{L}+\s+){0,3}?)s[ốôo]\s*[:.]", text.strip())
    if not m or not fold(m.group(0)).split()[-1].startswith("so"):
        return False
    return not m.group("type") or " ".join(fold(m.group("type")).split()) in _type_names()


@functools.cache
def _type_names() -> frozenset[str]:
    return frozenset(" ".join(fold(name).split()) for name in mention_names())


_SUBJECT_OPENERS = ("V/v", "v/v", "V/V", "Về")


def _is_heading_row(row: Row) -> bool:
    """Whether a row is the type heading (QUYẾT ĐỊNH, GIẤY MỜI); specks of a stamp beside it in a
    scan ("_.S GIÁY MỜI") are not words."""
    words = [w.text for w in row if sum(map(str.isalpha, w.text)) >= 2]
    return bool(words) and _is_type_heading(" ".join(words))


def is_date_cell(text: str) -> bool:
    """Whether a right cell holds the place-date line (``Hà Nội, ngày 20 tháng 5 năm 2026``)."""
    return bool(text) and bool(_DATE_WORD.search(fold(text)))


def order_header_cells(cells: Sequence[tuple[str, str]]) -> list[str]:
    """Rows of a two-column header (left cell, right cell) -> lines in reading order.

    Issuer lines (left, above ``Số:``), ``|``, motto lines (right, above the date),
    ``|``, the ``Số:`` line and what follows it on the left (V/v ...), ``|``, the
    place-date line and its continuation: the order of a flattened document.
    """
    number_at = next((i for i, (left, _) in enumerate(cells) if is_number_cell(left)), len(cells))
    date_at = next((i for i, (_, right) in enumerate(cells) if is_date_cell(right)), len(cells))
    issuer = [left for i, (left, _) in enumerate(cells) if left and i < number_at]
    motto = [right for i, (_, right) in enumerate(cells) if right and i < date_at]
    number = [left for i, (left, _) in enumerate(cells) if left and i >= number_at]
    date = [right for i, (_, right) in enumerate(cells) if right and i >= date_at]
    lines: list[str] = []
    for block in (issuer, motto, number, date):
        if not block:
            continue
        if lines:
            lines.append("|")
        lines.extend(block)
    return lines


@dataclass(slots=True)
class HeaderLayout:
    """The header's lines in reading order and the rows it spans."""

    lines: list[str]
    first_row: int
    end_row: int  # first row after the header


def layout_header(rows: list[Row], page_height: float) -> HeaderLayout | None:
    """Find the two-column header on a first page and flatten it (see module docstring)."""
    motto_row = cong = None
    for i, row in enumerate(rows):
        if _top(row) > 0.5 * page_height:
            break
        folded = [fold(w.text) for w in row]
        for j in range(len(row) - 1):
            # The right column's first line: the State's motto, or a Party or Youth Union body's
            # (ĐẢNG CỘNG SẢN VIỆT NAM, ĐOÀN TNCS HỒ CHÍ MINH), whose issuer stands left of it.
            if (folded[j] == "cong" and folded[j + 1] in ("hoa", "hoà")) or (
                j > 0
                and (folded[j : j + 3] == ["dang", "cong", "san"] or folded[j : j + 2] == ["doan", "tncs"])
            ):
                motto_row, cong = i, row[j]
                break
        if motto_row is not None:
            break
    if motto_row is None or cong is None:
        return None
    left_of = [w.x1 for w in rows[motto_row] if w.x1 <= cong.x0 + 0.5]
    split = (max(left_of) + cong.x0) / 2 if left_of else cong.x0 - 2
    height = _row_height(rows[motto_row])

    # The issuer may start a line or two above the motto (BỘ CÔNG AN / CỤC ...).
    first = motto_row
    while first > 0:
        above = rows[first - 1]
        if _top(rows[first]) - _bottom(above) > 1.2 * height or any(w.x1 > split + height for w in above):
            break
        if _GAZETTE.match(join_words(above)) or _PAGE_NUMBER.match(join_words(above)):
            break
        first -= 1

    cells: list[tuple[int, str, str]] = []  # (row index, left text, right text)
    number_row = date_row = None
    subject_rows: set[int] = set()  # rows of the "V/v ..." under the number
    end = first
    prev_bottom = _top(rows[first])
    for i in range(first, min(len(rows), motto_row + 25)):
        row = rows[i]
        if i > motto_row and _top(row) - prev_bottom > 2.2 * height:
            break
        if i > motto_row and _is_heading_row(row):
            # The type heading (NGHỊ QUYẾT) ends the header even when no date line came first (a
            # Quốc hội body's resolution): the centred title under it is not cut into columns.
            break
        left, right = _split_row(row, split)
        ltext, rtext = join_words(left), join_words(right)
        if date_row is not None and i > date_row:
            # After the place-date line only the date's own continuation (right) and the
            # number's trích yếu (V/v ..., left) belong to the header.
            date_done = regex.search(
                r"năm\s*\d{4}|\d{4}\s*$", " ".join(c[2] for c in cells if c[0] >= date_row)
            )
            # A "V/v" begun beside the date line runs on below it from the left margin, its lines
            # sometimes wider than the issuer's column: the whole row is the subject's.
            subject_open = (i - 1) in subject_rows
            if subject_open and date_done and row[0].x0 < split - height and row[-1].x1 < cong.x0 + height:
                left, right = row, []
                ltext, rtext = join_words(row), ""
            if right and (date_done or left):
                break
            if left and (
                number_row is None
                or not (ltext.startswith(_SUBJECT_OPENERS) or cells[-1][1] or (subject_open and not right))
            ):
                break
        if number_row is None and is_number_cell(ltext):
            number_row = i
        if (
            number_row is not None
            and (ltext.startswith(_SUBJECT_OPENERS) or (i - 1) in subject_rows)
            and ltext
        ):
            subject_rows.add(i)
        if date_row is None and is_date_cell(rtext) and i >= motto_row:
            date_row = i
        cells.append((i, ltext, rtext))
        prev_bottom = _bottom(row)
        end = i + 1
    if date_row is None and number_row is None:
        return None
    return HeaderLayout(order_header_cells([(lt, rt) for _, lt, rt in cells]), first, end)


def clean_page_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop running headers, page numbers and signature-stamp lines; return (kept, stamp lines)."""
    kept, stamp = _clean_page([TextLine(ln) for ln in lines], set())
    return [ln.text for ln in kept], stamp


def _clean_page(lines: list[TextLine], running: set[str]) -> tuple[list[TextLine], list[str]]:
    kept = [TextLine(ln.text.rstrip(), ln.box) for ln in lines]
    while kept and not kept[0].text.strip():
        kept.pop(0)
    while kept and not kept[-1].text.strip():
        kept.pop()

    def furniture(text: str) -> bool:
        return bool(_GAZETTE.match(text) or _PAGE_NUMBER.match(text)) or _running_key(text) in running

    for _ in range(3):
        if kept and furniture(kept[0].text):
            kept.pop(0)
    for _ in range(3):
        if kept and furniture(kept[-1].text):
            kept.pop()
    stamp: list[str] = []
    out: list[TextLine] = []
    in_stamp = False
    for ln in kept:
        if _STAMP_START.match(ln.text):
            in_stamp = True
        if in_stamp and _STAMP_LINE.match(ln.text):
            stamp.append(ln.text.strip())
            continue
        in_stamp = False
        out.append(ln)
    return out, stamp


_HYPHEN_BREAK = regex.compile(r"(?<=[A-Za-z]{2})-\n(?=[a-z]{2})")


def repair_breaks(text: str) -> str:
    """Join a Latin word hyphenated across a line break (``infor-\\nmation``).

    Vietnamese is written syllable by syllable and never hyphenates a word at a
    line end, so a hyphen there is real (``2021 -\\n2025``, ``kinh tế -\\nxã hội``)
    and is left alone.
    """
    text = text.replace("\ufffe", "").replace("\x02", "")
    return _HYPHEN_BREAK.sub("", text)


@dataclass(slots=True)
class TextLine:
    """One line of a page and its box (x0, x1, top, bottom in points), None when re-assembled."""

    text: str
    box: tuple[float, float, float, float] | None = None


# A line that opens a new item even when the line above fills the column.
_ITEM_START = regex.compile(
    r"^\s*(?:[-+•–*]|(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)[.\-]\s|[a-zđ]\)\s|"
    r"(?:Điều|Chương|Mục|Phần)\s+[\dIVXLC]+\b|Nơi nhận\b)"
)


def _margins(lines: Sequence[TextLine]) -> tuple[float, float] | None:
    """(left, right) edges of a page's text column: where most lines start and end."""
    boxes = [ln.box for ln in lines if ln.box is not None and len(ln.text) >= 20]
    if len(boxes) < 3:
        return None
    lefts = sorted(b[0] for b in boxes)
    rights = sorted(b[1] for b in boxes)
    return lefts[len(lefts) // 10], rights[-1 - len(rights) // 10]


def continues(a: TextLine, b: TextLine, margins: tuple[float, float], across_page: bool = False) -> bool:
    """Whether line ``b`` carries on the paragraph of line ``a`` (a wrapped line, not a new one).

    Only layout decides: ``a`` fills the column to its right edge (a justified or
    wrapped line), ``b`` starts at the left edge (no first-line indent, not centred),
    both in one font size, ``b`` just below ``a``; and ``b`` does not open a list
    item or a heading (``-``, ``a)``, ``2.``, ``Điều 3``).
    """
    if a.box is None or b.box is None or not a.text.strip() or not b.text.strip():
        return False
    left, right = margins
    _, ax1, atop, abot = a.box
    bx0, _, btop, bbot = b.box
    ha, hb = max(abot - atop, 1.0), max(bbot - btop, 1.0)
    if not 0.6 <= ha / hb <= 1.7:  # loose boxes of brackets and marks vary a little
        return False
    if not across_page and not (atop + 0.5 * ha < btop and btop - abot <= 1.5 * max(ha, hb)):
        return False
    if ax1 < right - 1.5 * ha or bx0 > left + 0.5 * hb:
        return False
    return not _ITEM_START.match(b.text)


def join_paragraphs(lines: Sequence[TextLine], margins: tuple[float, float] | None) -> list[str]:
    """A page's lines -> its lines with wrapped paragraph lines joined by a space."""
    out: list[str] = []
    prev: TextLine | None = None
    for ln in lines:
        if prev is not None and margins is not None and out and continues(prev, ln, margins):
            out[-1] = out[-1].rstrip() + " " + ln.text.strip()
        else:
            out.append(ln.text)
        prev = ln
    return out


_TITLE_LINES = 6  # a subject (trích yếu) is at most this many lines under its type heading


def end_title_block(lines: list[TextLine]) -> list[TextLine]:
    """A first page's lines with a blank line where the body begins under the title: the type
    heading (CHỈ THỊ, KẾ HOẠCH) and the subject under it end before the first line that only a
    body line or a stamp can be, told by its box.

    The short rule that ends a title is a drawing, so neither a scan's OCR nor a PDF's text reads
    it, and a body that opens without a preamble's words ("Thời gian qua, …") ran on in the title.
    A body line is one that starts left of the text column (a stamp or a note in the margin), a
    paragraph's first line (indented, running to the right edge), or a line well below the last.
    """
    margins = _margins(lines)
    heading = next(
        (i for i, ln in enumerate(lines) if ln.box is not None and _is_type_heading(ln.text)), None
    )
    if margins is None or heading is None:
        return lines
    left, right = margins
    above = lines[heading]
    for i in range(heading + 1, min(len(lines), heading + 1 + _TITLE_LINES)):
        line = lines[i]
        if line.box is None or above.box is None or not line.text.strip():
            return lines
        x0, x1, top, bottom = line.box
        h = max(bottom - top, 1.0)
        first_line = left + h <= x0 <= left + 5 * h and x1 >= right - 0.5 * h
        if i > heading + 1 and (x0 < left - h or first_line or top - above.box[3] > 2 * h):
            return [*lines[:i], TextLine(""), *lines[i:]]
        above = line
    return lines


def _is_type_heading(text: str) -> bool:
    return " ".join(fold(text).split()) in doc_type_by_heading()


def _running_key(text: str) -> str:
    return regex.sub(r"\d+", "#", " ".join(text.split()))


def running_lines(pages: Sequence[Sequence[str]], edge: int = 2) -> set[str]:
    """Keys of lines repeated at the top or foot of pages: running headers and footers.

    A line counts when, digits aside, it stands among the first or last ``edge``
    lines of at least two pages and of half the pages.
    """
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for lines in pages:
        texts = [t for t in lines if t.strip()]
        keys = {_running_key(t) for t in texts[:edge] + texts[-edge:]}
        for key in keys:
            if len(key) >= 3 and regex.search(r"\p{L}", key):
                seen[key] = seen.get(key, 0) + 1
    return {k for k, n in seen.items() if n >= 2 and n * 2 >= len(pages)}


# --------------------------------------------------------------------------- the PDF itself


def _pdfium_error() -> type[Exception]:
    import pypdfium2 as pdfium

    error: type[Exception] = pdfium.PdfiumError
    return error


def _open_pdfium(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc).lower()
        if "password" in reason:
            raise ReadError("encrypted_pdf", "the PDF is protected by a password") from exc
        raise ReadError("corrupt_pdf", f"the PDF is damaged and cannot be opened ({exc})") from exc


def _widget_words(
    data: bytes, page_heights: list[float], pages: Collection[int] = ()
) -> tuple[dict[int, list[Word]], list[str]]:
    """Text drawn by form-field widgets (e-signature number/date fields), per page index;
    ``pages``: the indexes of the pages that have widgets, when known (others are skipped).

    pdfminer renders each widget's normal appearance (``/AP /N``) on its own; the
    characters it finds are mapped from the appearance's BBox to the widget's Rect.
    Stamp-like widget text (Ký bởi ...) is returned apart, for a warning.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer, LTItem
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    def chars(item: LTItem) -> Iterator[LTChar]:
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            for child in item:
                yield from chars(child)

    result: dict[int, list[Word]] = {}
    stamps: list[str] = []
    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    manager = PDFResourceManager()
    last = max(pages) if pages else len(page_heights) - 1
    for index, page in enumerate(PDFPage.create_pages(doc)):
        if index > last or index >= len(page_heights):
            break  # pdfminer parses each page it lists: a gazette's widgets are all on page 1
        if pages and index not in pages:
            continue
        annots = resolve1(page.annots) or []
        if not isinstance(annots, list):
            continue
        for ref in annots:
            annot = resolve1(ref)
            if not isinstance(annot, dict) or resolve1(annot.get("Subtype")) != LIT("Widget"):
                continue
            ap = resolve1(annot.get("AP"))
            normal = resolve1(ap.get("N")) if isinstance(ap, dict) else None
            rect = resolve1(annot.get("Rect"))
            if not isinstance(normal, PDFStream) or not isinstance(rect, list) or len(rect) != 4:
                continue
            x0, x1 = sorted(float(resolve1(v)) for v in rect[0::2])
            y0, y1 = sorted(float(resolve1(v)) for v in rect[1::2])
            bbox = [float(resolve1(v)) for v in resolve1(normal.get("BBox")) or [0, 0, 1, 1]]
            bw, bh = (bbox[2] - bbox[0]) or 1.0, (bbox[3] - bbox[1]) or 1.0
            device = PDFPageAggregator(manager, laparams=None)
            interpreter = PDFPageInterpreter(manager, device)
            fake_page = type("P", (), {"pageid": index, "mediabox": bbox, "cropbox": bbox, "rotate": 0})()
            device.begin_page(fake_page, (1, 0, 0, 1, 0, 0))
            interpreter.init_resources({"XObject": {"AP": normal}})
            interpreter.init_state((1, 0, 0, 1, 0, 0))
            interpreter.do_Do(LIT("AP"))
            device.end_page(fake_page)
            found = list(chars(device.get_result()))
            text = "".join(c.get_text() for c in found).strip()
            if not text:
                continue
            if _STAMP_START.match(text) or "Thời gian ký" in text:
                stamps.append(" ".join(text.split()))
                continue
            sx, sy = (x1 - x0) / bw, (y1 - y0) / bh
            cy0 = min(c.y0 for c in found)
            cy1 = max(c.y1 for c in found)
            height = page_heights[index]
            word = Word(
                text=" ".join(text.split()),
                x0=x0 + (min(c.x0 for c in found) - bbox[0]) * sx,
                x1=x0 + (max(c.x1 for c in found) - bbox[0]) * sx,
                top=height - (y0 + (cy1 - bbox[1]) * sy),
                bottom=height - (y0 + (cy0 - bbox[1]) * sy),
                widget=True,
            )
            result.setdefault(index, []).append(word)
    return result, stamps


_DIGITS = regex.compile(r"^\d{1,4}$")


def not_stamped_over(words: list[Word], stamped: list[Word]) -> list[Word]:
    """The page's words less the digits a widget's digits are drawn over. A draft's placeholder
    ("tháng 4") stays in the text layer when signing stamps the real month on top of it: a person
    reads the stamp, and "tháng54" would be no date."""
    over = [g for g in stamped if _DIGITS.match(g.text)]
    if not over:
        return words
    return [
        w
        for w in words
        if not (
            _DIGITS.match(w.text)
            and any(
                min(w.x1, g.x1) - max(w.x0, g.x0) >= 0.5 * (w.x1 - w.x0)
                and min(w.bottom, g.bottom) > max(w.top, g.top)
                for g in over
            )
        )
    ]


def has_widgets(page: Any) -> bool:
    """Whether a pypdfium2 page holds form-field widgets (e-signature fields).

    Reading widget appearances needs pdfminer to parse the file: it is only done for
    PDFs that have widgets at all.
    """
    import pypdfium2.raw as pdfium_c

    for j in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, j)
        if not annot:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_WIDGET:
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False


MIN_RULES = 6  # path objects (lines, boxes) on a page before pdfplumber is asked for ruled tables


def ruled(page: Any, enough: int = MIN_RULES) -> bool:
    """Whether a pypdfium2 page draws at least ``enough`` paths: the cheap sign of a ruled table."""
    import pypdfium2.raw as pdfium_c

    found = 0
    for j in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, j)
        if obj and pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH:
            found += 1
            if found >= enough:
                return True
    return False


def table_rows(cells: Sequence[Sequence[str | None]]) -> list[list[str]] | None:
    """A pdfplumber table -> rows of cell texts (merged cells empty); None unless 2 rows and 2 columns."""
    rows = [[normalize_text(" ".join((c or "").split())) for c in row] for row in cells]
    rows = [r for r in rows if any(r)]
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    return rows


def _plumber_tables(data: bytes, pages: Sequence[int]) -> list[list[list[str]]]:
    """Ruled tables of the given pages, read by pdfplumber (only pages that draw rules are asked)."""
    import pdfplumber

    tables: list[list[list[str]]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index in pages:
            page = pdf.pages[index]
            for table in page.find_tables():
                rows = table_rows(table.extract())
                if rows is not None:
                    tables.append(rows)
            page.close()
    return tables


def _plumber_words(data: bytes, index: int) -> tuple[list[Word], float, float]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[index]
        words = [
            Word(str(w["text"]), float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
            for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
        ]
        return words, float(page.width), float(page.height)


_NON_SPACE = regex.compile(r"[^\s\x00\ufffe\x02]+")


def _pdfium_words(textpage: Any, text: str, height: float) -> list[Word]:
    """Words of a page from pypdfium2: each run of non-blank characters with the box of its ends.

    pdfium's text has one character per character index (its own spaces and line
    breaks included), so a word's box is that of its first and last characters
    (``loose``: the font's ascent and descent, as pdfplumber's top and bottom).
    """
    words: list[Word] = []
    for m in _NON_SPACE.finditer(text):
        left, bottom0, _, top0 = textpage.get_charbox(m.start(), loose=True)
        _, bottom1, right, top1 = textpage.get_charbox(m.end() - 1, loose=True)
        if right < left:  # a run that wraps onto the next line without a break: split it
            for k in range(m.start(), m.end()):
                x0, b, x1, t = textpage.get_charbox(k, loose=True)
                words.append(Word(text[k], x0, x1, height - t, height - b))
            continue
        words.append(Word(m.group(), left, right, height - max(top0, top1), height - min(bottom0, bottom1)))
    return words


def _pdfium_lines(textpage: Any, text: str, height: float) -> list[TextLine]:
    """pdfium's own lines of a page, each with the box of its first and last characters."""
    lines: list[TextLine] = []
    pos = 0
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        start, end = pos, pos + len(line)
        pos += len(raw) + 1
        core = line.strip()
        if not core:
            lines.append(TextLine(line))
            continue
        first = start + (len(line) - len(line.lstrip()))
        last = start + len(line.rstrip()) - 1
        if last >= end:
            lines.append(TextLine(line))
            continue
        left, b0, _, t0 = textpage.get_charbox(first, loose=True)
        _, b1, right, t1 = textpage.get_charbox(last, loose=True)
        lines.append(TextLine(line, (left, right, height - max(t0, t1), height - min(b0, b1))))
    return lines


def _row_lines(rows: Sequence[Row]) -> list[TextLine]:
    return [
        TextLine(join_words(r), (min(w.x0 for w in r), max(w.x1 for w in r), _top(r), _bottom(r)))
        for r in rows
    ]


def _layout_lines(words: list[Word], page_height: float, first_page: bool) -> tuple[list[TextLine], bool]:
    """Words of one page -> its lines; on a first page the header is flattened in reading order."""
    rows = group_rows(words)
    layout = layout_header(rows, page_height) if first_page else None
    if layout is None:
        return _row_lines(rows), False
    # A header that opens with the motto found no issuer left of it (a one-column page): the rows
    # above it, the issuer and number typed one under the other, are kept, not dropped.
    no_issuer = bool(layout.lines) and fold(layout.lines[0]).startswith("cong hoa")
    above = _row_lines(rows[: layout.first_row]) if no_issuer else []
    lines = above + [TextLine(t) for t in layout.lines] + _row_lines(rows[layout.end_row :])
    return lines, True


def _rgb_render(page: Any) -> Callable[[], NDArray[np.uint8]]:
    def render() -> NDArray[np.uint8]:
        return np.asarray(page.render(scale=OCR_DPI / 72).to_pil().convert("RGB"), dtype=np.uint8)

    return render


def _ocr_pdf(pdf: Any, pages: int, warnings: list[tuple[str, str]]) -> tuple[list[list[TextLine]], float]:
    """OCR every page (up to MAX_OCR_PAGES): lines per page and the mean word confidence. The
    handwritten number and date of page 1, when read, are filled in, with their warnings."""
    confs: list[float] = []
    page_lines: list[list[TextLine]] = []
    for index in range(min(pages, MAX_OCR_PAGES)):
        page = pdf[index]
        bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
        buf = io.BytesIO()
        bitmap.to_pil().save(buf, format="PNG")
        found: list[OcrWord] = ocr_image(buf.getvalue())
        confs.extend(w.conf for w in found if w.conf >= 0)
        if index == 0:
            # Digits handwritten into the number and date blanks: read from the ink, or left blank.
            try:
                filled = fill_handwritten(
                    found, Page((bitmap.width, bitmap.height), _rgb_render(page)), ocr_chars
                )
            except Exception as exc:  # the blanks stay blank; the page's text is not lost over them
                warnings.append(
                    ("handwriting_unread", f"Handwritten digits not read ({type(exc).__name__}).")
                )
            else:
                found = filled.words
                warnings.extend(filled.warnings)
        words = [Word(w.text, w.x0, w.x1, w.top, w.bottom) for w in found]
        lines, _ = _layout_lines(words, float(bitmap.height), first_page=index == 0)
        if index == 0:
            lines = end_title_block(lines)
        page_lines.append([TextLine(ln.text) for ln in lines])  # OCR lines are not re-flowed
    return page_lines, (statistics.fmean(confs) if confs else 0.0)


def read_pdf(
    data: bytes, *, allow_ocr: bool = True, tables: bool = False, max_pages: int | None = None
) -> ReadDocument:
    """A PDF's text (see module docstring); ``ReadError`` for encrypted, damaged or unreadable files.

    ``tables=True`` also fills ``ReadDocument.tables`` with the ruled tables (rows of cell
    texts) of the pages that draw rules, read by pdfplumber. It is off by default: on the
    real gazette PDFs it costs some 6x the text path (23 against 138 pages per CPU-second).
    A PDF of more than ``max_pages`` pages is refused before any page is read.
    """
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise ReadError("not_a_pdf", "the file does not start like a PDF (%PDF-)")
    pdf = _open_pdfium(data)
    try:
        if max_pages is not None and len(pdf) > max_pages:
            raise ReadError(
                "too_many_pages",
                f"{len(pdf)} pages, over the limit of {max_pages} (khplan run --max-pages)",
            )
        return _read(data, pdf, allow_ocr, tables)
    except _pdfium_error() as exc:
        # A page that cannot be loaded (a page tree that contains itself, a broken object).
        raise ReadError("corrupt_pdf", f"the PDF is damaged: a page cannot be read ({exc})") from exc
    finally:
        pdf.close()


def _legacy_pages(page_texts: list[list[TextLine]], raw: str) -> list[list[TextLine]] | None:
    """The pages' lines converted when the text layer is a legacy font's (a .VnTime or VNI-Times
    PDF without a Unicode map reads "Sè: 155/KH-UBND"), else None: it goes to OCR then."""
    fixed = convert_legacy(raw)
    if fixed is None or text_quality(fixed) < MIN_QUALITY:
        return None
    lines = fixed.split("\n")
    if len(lines) != raw.count("\n") + 1:
        return None
    it = iter(lines)
    return [[replace(ln, text=next(it)) for ln in page] for page in page_texts]


def _convert_legacy_layer(page_texts: list[list[TextLine]], words_of: dict[int, list[Word]]) -> str | None:
    """A text layer in a legacy font (.VnTime, VNI-Times: "Sè: 155/KH-UBND") converted in place,
    before the header is laid out (its cells are found by their words). Words of the laid-out
    pages and lines of the others are the blocks judged (a document part Unicode, part TCVN3
    is converted where it needs it). The encoding, or None."""
    blocks: list[Word | TextLine] = []
    for index, lines in enumerate(page_texts):
        blocks.extend(words_of.get(index, lines))
    texts = [b.text for b in blocks]
    plan = plan_blocks(texts)
    if plan is None:
        return None
    for block, legacy in zip(blocks, plan.legacy, strict=True):
        if legacy:
            block.text = convert(block.text, plan.encoding)
    # Judged word by word, a few words of a foreign OCR layer ("näm", "cüa") can pass for legacy
    # signs; converted, they read worse ("nỏm", "Kiờn"), while a legacy layer reads far better.
    if text_quality("\n".join(b.text for b in blocks)) < text_quality("\n".join(texts)):
        for block, text in zip(blocks, texts, strict=True):
            block.text = text
        return None
    return plan.encoding


def _read(data: bytes, pdf: Any, allow_ocr: bool, want_tables: bool) -> ReadDocument:
    pages = len(pdf)
    if pages == 0:
        raise ReadError("empty_pdf", "the PDF has no pages")
    warnings: list[tuple[str, str]] = []
    heights = [float(pdf.get_page_size(i)[1]) for i in range(pages)]
    page_texts: list[list[TextLine]] = []
    words_of: dict[int, list[Word]] = {}  # pages laid out from words: page 1 and widget pages
    with_widgets: set[int] = set()
    with_rules: list[int] = []
    for index in range(pages):
        page = pdf[index]
        textpage = page.get_textpage()
        try:
            text = str(textpage.get_text_range())
            if has_widgets(page):
                with_widgets.add(index)
            if want_tables and ruled(page):
                with_rules.append(index)
            if index == 0 or index in with_widgets:
                words_of[index] = _pdfium_words(textpage, text, heights[index])
                page_texts.append([])
            else:
                page_texts.append(_pdfium_lines(textpage, text, heights[index]))
        finally:
            textpage.close()
            page.close()

    legacy_encoding = _convert_legacy_layer(page_texts, words_of)
    if legacy_encoding is not None:
        warnings.append(("legacy_encoding", LEGACY_WARNING))
    widgets: dict[int, list[Word]] = {}
    stamps: list[str] = []
    if with_widgets:
        try:
            widgets, stamps = _widget_words(data, heights, with_widgets)
        except (RecursionError, Exception) as exc:
            warnings.append(("pdf_widgets_unread", f"Form fields could not be read ({type(exc).__name__})."))
    layout_found = False
    for index, words in words_of.items():
        stamped = widgets.get(index, [])
        lines, found = _layout_lines(not_stamped_over(words, stamped) + stamped, heights[index], index == 0)
        layout_found = layout_found or found
        page_texts[index] = end_title_block(lines) if index == 0 else lines
    if legacy_encoding == "tcvn3" and page_texts:
        # .VnTimeH headings come out in small letters: capitals again above the first sentence.
        first = page_texts[0]
        cased = restore_case("\n".join(ln.text for ln in first), header_only=True).split("\n")
        page_texts[0] = [replace(ln, text=t) for ln, t in zip(first, cased, strict=True)]

    raw = "\n".join(ln.text for p in page_texts for ln in p)
    # A scan signed electronically carries the signature's fields as its only text ("TRUNG TÂM CÔNG
    # BÁO VÀ TIN HỌC … 07.01.2025 10:44:25"): they are no text layer of the page.
    stamped_letters = sum(sum(map(str.isalpha, w.text)) for ws in widgets.values() for w in ws)
    letters = sum(map(str.isalpha, raw)) - stamped_letters
    ocr = False
    if legacy_encoding is None and letters >= MIN_CHARS_PER_PAGE * pages and text_quality(raw) < MIN_QUALITY:
        legacy = _legacy_pages(page_texts, raw)
        if legacy is not None:
            page_texts = legacy
            raw = "\n".join(ln.text for p in page_texts for ln in p)
            warnings.append(("legacy_encoding", LEGACY_WARNING))
    if letters < MIN_CHARS_PER_PAGE * pages or text_quality(raw) < MIN_QUALITY or foreign_ocr_layer(raw):
        reason = (
            "has no text layer" if letters < MIN_CHARS_PER_PAGE * pages else "has an unreadable text layer"
        )
        if not allow_ocr:
            raise ReadError("ocr_needed", f"the PDF {reason} and OCR is turned off")
        if not tesseract_available():
            raise ReadError(
                "ocr_unavailable", f"the PDF {reason} (a scan) and OCR is not installed: {INSTALL_HINT}"
            )
        handwritten: list[tuple[str, str]] = []
        page_texts, conf = _ocr_pdf(pdf, pages, handwritten)
        ocr = True
        warnings.append(
            ("ocr", f"The PDF {reason}; its text was read by OCR (mean word confidence {conf:.0f}%).")
        )
        warnings.extend(handwritten)
        if pages > MAX_OCR_PAGES:
            warnings.append(("ocr_partial", f"Only the first {MAX_OCR_PAGES} of {pages} pages were OCRed."))
    elif not layout_found:
        warnings.append(
            ("pdf_header_layout", "The two-column header was not found on page 1; text kept in PDF order.")
        )

    running = running_lines([[ln.text for ln in p] for p in page_texts])
    all_stamps = list(stamps)
    cleaned: list[list[TextLine]] = []
    for lines in page_texts:
        kept, stamp = _clean_page(lines, running)
        all_stamps.extend(stamp)
        cleaned.append(kept)
    texts: list[str] = []
    offsets: list[int] = []
    pos = 0
    prev_margins: tuple[float, float] | None = None
    for index, kept in enumerate(cleaned):
        margins = _margins(kept)
        page_text = normalize_text(repair_breaks("\n".join(join_paragraphs(kept, margins))))
        sep = "\n"
        if index and texts and kept and cleaned[index - 1] and prev_margins and margins:
            # A paragraph that runs on over the page break: the last line fills the column.
            a, b = cleaned[index - 1][-1], kept[0]
            if continues(a, b, (margins[0], prev_margins[1]), across_page=True):
                sep = " "
        if texts:
            pos += len(sep)
        offsets.append(pos)
        texts.append(sep + page_text if texts else page_text)
        pos += len(page_text)
        prev_margins = margins
    tables: list[list[list[str]]] = []
    if with_rules and not ocr:
        try:
            tables = _plumber_tables(data, with_rules)
        except (RecursionError, Exception) as exc:
            warnings.append(("pdf_tables_unread", f"Tables could not be read ({type(exc).__name__})."))
    if all_stamps:
        warnings.append(("signature_stamp", "Digital signature: " + "; ".join(dict.fromkeys(all_stamps))))
    return ReadDocument(
        text="".join(texts),
        format="pdf",
        pages=pages,
        page_offsets=offsets,
        tables=tables,
        ocr=ocr,
        warnings=warnings,
    )
