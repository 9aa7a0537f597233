"""Vietnamese dates: 'ngày 27 tháng 01 năm 2014', '04/6/2018', '03.12.2007', blanks left in drafts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

_BLANK = r"[\s.…_]*"
# "ngày 27 tháng 01 năm 2014", "ngày    tháng 3 năm 2026" (blank day), "Ngày 30 tháng 9 năm 2025"
_LONG_DATE_HEAD = (
    # A day or month typed into a blank's dots: "ngày …25..tháng 01".
    rf"(?i:ngày|ngay){_BLANK}(?P<day>\d{{1,2}})?{_BLANK}(?i:tháng|thang){_BLANK}(?P<month>\d{{1,2}})?{_BLANK}"
    # "tháng 6 tháng 2025": a misprinted year word still introduces the year. Without diacritics
    # ("ngay 5 thang 3 nam 2026"), as a text typed on a keyboard with no Vietnamese input has it.
    r"(?i:năm|tháng|nam|thang)\s*"
)
LONG_DATE = regex.compile(_LONG_DATE_HEAD + r"(?P<year>(?:19|20)\d{2})(?!\d)")
# "năm 20264": the text layer of a Công báo page holds a digit hidden after the year.
_YEAR_AND_A_DIGIT = regex.compile(_LONG_DATE_HEAD + r"(?P<year>(?:19|20)\d{2})\d(?!\d)")
# "ngày Ÿ tháng/2năm 2025": the day and month of a scan handwritten, and read by OCR as marks;
# the ink may take the "t" of "tháng" with it ("ngày S2háng 8 năm 2020").
# A handwritten stroke OCR'd as "|" breaks the line in the matching view ("ngày -?£ tháng |C năm
# 2023"): the marks may hold one line break.
_SMUDGE = r"[^\n]{0,8}?(?:\n[^\n]{0,6}?)??"
_SMUDGED_DATE = regex.compile(
    r"(?i:ngày)" + _SMUDGE + r"(?i:t?háng)" + _SMUDGE + r"(?i:năm)\s*"
    r"(?P<year>(?:19|20)\d{2})(?!\d)"
)
# "04/6/2018", "15-11-2015", "03.12.2007"
SHORT_DATE = regex.compile(
    r"(?<![\d/.\-])(?P<day>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<year>(?:19|20)\d{2})(?![\d/])"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int

    @property
    def iso(self) -> str | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if month is None or day is None:
        return month is None or 1 <= month <= 12
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _from_match(m: regex.Match[str]) -> DateMention | None:
    year = int(m.group("year"))
    month = int(m.group("month")) if m.group("month") else None
    day = int(m.group("day")) if m.group("day") else None
    if not _valid(year, month, day):
        return None
    return DateMention(year, month, day, m.start(), m.end())


def find_dates(text: str, pos: int = 0, endpos: int | None = None) -> list[DateMention]:
    """Every date in ``text[pos:endpos]``, in order, long forms preferred where they overlap."""
    end = len(text) if endpos is None else endpos
    long_dates = [d for m in LONG_DATE.finditer(text, pos, end) if (d := _from_match(m))]
    # Long matches do not overlap one another and come in order, so a short match is checked
    # against its neighbours only (a linear pass, whatever the text's length).
    found = list(long_dates)
    i = 0
    for m in SHORT_DATE.finditer(text, pos, end):
        while i < len(long_dates) and long_dates[i].end <= m.start():
            i += 1
        if i < len(long_dates) and long_dates[i].start < m.end():
            continue
        d = _from_match(m)
        if d:
            found.append(d)
    return sorted(found, key=lambda d: d.start)


def date_at(text: str, pos: int, window: int = 40) -> DateMention | None:
    """The date that starts within ``window`` characters after ``pos`` ('... ngày 04/6/2018')."""
    for d in find_dates(text, pos, min(len(text), pos + window + 40)):
        if d.start - pos <= window:
            return d
        break
    return None


_DATE_WORD = regex.compile(r"(?i:ngày)\s*")


def date_opening(text: str, pos: int) -> DateMention | None:
    """The date ``text[pos:]`` opens with, introduced by "ngày": 'ngày 01 tháng 11 năm 1995',
    'NGÀY 1-3-1997' (an old title's date, after its number)."""
    m = LONG_DATE.match(text, pos)
    if m is None:
        word = _DATE_WORD.match(text, pos)
        m = SHORT_DATE.match(text, word.end()) if word else None
    return _from_match(m) if m else None


def date_with_extra_digit(text: str, pos: int, endpos: int) -> DateMention | None:
    """A long date in ``text[pos:endpos]`` whose year has one digit too many ('ngày 23 tháng 02 năm
    20264'), read as the year its first four digits make when that is one from 1945 to next year.
    For a date line only: a caller checks the rest of the line reads as one."""
    m = _YEAR_AND_A_DIGIT.search(text, pos, endpos)
    if m is None or not 1945 <= int(m.group("year")) <= dt.date.today().year + 1:
        return None
    return _from_match(m)


_BLANK_DATE = regex.compile(
    r"(?i:ngày)[\s._…\-]*(?i:tháng)[\s._…\-]*(?i:năm)[\s._…\-]*(?:(?:19|20)[\s._…]*)?$"
)


def blank_date(text: str, pos: int, endpos: int) -> DateMention | None:
    """A date line left blank to be filled in at signing ('Hà Nội, ngày ..... tháng ..... năm .......'):
    a mention with no year, month or day, so that the line still gives its place."""
    m = _BLANK_DATE.search(text, pos, endpos)
    return DateMention(None, None, None, m.start(), m.end()) if m else None


def smudged_date(text: str, pos: int, endpos: int) -> DateMention | None:
    """A date line in ``text[pos:endpos]`` whose day and month are marks OCR could not read
    ('ngày Ÿ tháng/2năm 2025'): its year only. For a header's date line: never a date in the body."""
    m = _SMUDGED_DATE.search(text, pos, endpos)
    if m is None or not 1945 <= int(m.group("year")) <= dt.date.today().year + 1:
        return None
    return DateMention(int(m.group("year")), None, None, m.start(), m.end())
