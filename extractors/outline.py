"""The numbered structure of a plan (bố cục): sections, sub-sections, items, paragraphs.

A Kế hoạch is laid out as roman sections (``I. MỤC ĐÍCH, YÊU CẦU`` … ``V. TỔ CHỨC
THỰC HIỆN``, also written ``I-``), arabic sub-sections (``1.``, ``2)``), lettered
items (``a)``, ``đ)``) and dash or plus bullets. The outline turns those lines
into a tree whose ids read like a citation ("V.1.c"), and cuts the text into
paragraphs, each knowing its section. Markdown markers are already blanked in
the view. How headings are numbered and which section titles play which part
live in ``data/outline.json``.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex

from .clean import fold
from .nlp import data_text

# Paragraph kinds.
HEADING = "heading"
BULLET = "bullet"
TEXT = "text"

# A line that opens the signature block or the recipients list ends the body.
# "1.000 người", "2,5 triệu": a number, not a heading number ("2.1. Thống nhất" is one).
_DECIMAL = regex.compile(r"\d{1,3}(?:[.,]\d+)+(?!\s*[.)]\s*\p{L})")
_END_OF_BODY = regex.compile(r"(?i)^\W*(?:nơi nhận|noi nhan)\s*:?")


@dataclass(frozen=True, slots=True)
class Section:
    """One numbered heading and the text under it."""

    id: str  # "V.1.c"
    level: int  # 1 roman, 2 arabic ("2.1" is 3), 6 lettered
    title: str  # the heading's words after its number (view text, one line)
    start: int  # where the heading line starts
    title_start: int
    title_end: int
    end: int  # where the next heading of the same or a higher level starts
    parent: int | None  # index of the enclosing section in Outline.sections
    role: str | None  # implementation | reporting | objectives | budget, from the top section's title
    index: int = 0  # its own index in Outline.sections


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A heading line, a bullet, or a run of text lines; continuation lines joined."""

    start: int
    end: int
    kind: str  # heading | bullet | text
    section: int | None  # index into Outline.sections of the innermost section


@dataclass(slots=True)
class Outline:
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0
    _starts: list[int] = field(default_factory=list)

    def section_index(self, pos: int) -> int | None:
        """Innermost section holding ``pos`` (headings included)."""
        best: int | None = None
        i = bisect.bisect_right(self._starts, pos) - 1
        while i >= 0:
            s = self.sections[i]
            if s.start <= pos < s.end:
                best = i
                break
            i -= 1
        return best

    def section_id(self, pos: int) -> str | None:
        i = self.section_index(pos)
        return self.sections[i].id if i is not None else None

    def chain(self, index: int | None) -> list[Section]:
        """The section and its ancestors, innermost first."""
        out: list[Section] = []
        while index is not None:
            out.append(self.sections[index])
            index = self.sections[index].parent
        return out

    def role_at(self, pos: int) -> str | None:
        for s in self.chain(self.section_index(pos)):
            if s.role:
                return s.role
        return None

    def paragraph_at(self, pos: int) -> Paragraph | None:
        for p in self.paragraphs:
            if p.start <= pos < p.end:
                return p
        return None


@cache
def _config() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_text("outline.json"))
    return data


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    c = _config()
    return (
        regex.compile(c["roman"]),
        regex.compile(c["arabic"]),
        regex.compile(c["letter"]),
        regex.compile(c["bullet"]),
    )


def section_role(title: str) -> str | None:
    """Which part a top-level title plays ('TỔ CHỨC THỰC HIỆN' -> implementation).

    The title must open with the words and be heading-short: "4. Giúp Quốc hội tổ chức
    thực hiện …" is a numbered sentence, not the implementation part.
    """
    f = " ".join(regex.findall(r"[a-z0-9]+", fold(title)))
    if len(f.split()) > 12:
        return None
    for role, keys in _config()["roles"].items():
        if any(f.startswith(k) for k in keys):
            return str(role)
    return None


def _lines(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line in ``view[start:end]``, stripped."""
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = view.find("\n", pos, end)
        stop = end if nl < 0 else nl
        seg = view[pos:stop]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if seg.strip():
            out.append((pos + lead, pos + trail))
        pos = stop + 1
    return out


def _plausible_roman(num: str, expected: int) -> bool:
    values = {"I": 1, "V": 5, "X": 10}
    total, prev = 0, 0
    for c in reversed(num):
        v = values[c]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    # "I" after "H" is a letter item in some plans; a roman heading counts up from I.
    return total == expected or (total == 1 and expected > 1) or abs(total - expected) <= 1


def build_outline(view: str, start: int, end: int | None = None) -> Outline:
    """The outline of ``view[start:end]`` (the body after the title and preamble)."""
    stop = len(view) if end is None else end
    roman, arabic, letter, bullet = _patterns()
    lines = _lines(view, start, stop)
    for i, (s, e) in enumerate(lines):
        if _END_OF_BODY.match(view[s:e]):
            stop = s
            lines = lines[:i]
            break
    raw: list[tuple[int, str, int, int, int]] = []  # level, number, line start, title start, title end
    kinds: list[str] = []
    next_roman = 1
    for s, e in lines:
        line = view[s:e]
        m = roman.match(line)
        # A roman heading is short or written in capitals; "I. " opening a sentence is rare.
        title_letters = [c for c in m.group("title") if c.isalpha()] if m else []
        caps = bool(title_letters) and all(c.isupper() for c in title_letters)
        if m and (_plausible_roman(m.group("num"), next_roman) or caps):
            raw.append((1, m.group("num"), s, s + m.start("title"), e))
            kinds.append(HEADING)
            next_roman += 1
            continue
        m = arabic.match(line)
        if m and not _DECIMAL.match(line):
            level = 2 + m.group("num").count(".")
            raw.append((level, m.group("num"), s, s + m.start("title"), e))
            kinds.append(HEADING)
            continue
        m = letter.match(line)
        if m:
            # Below any depth of arabic numbering ("2.1.", "2.1.1.").
            raw.append((6, m.group("num"), s, s + m.start("title"), e))
            kinds.append(HEADING)
            continue
        kinds.append(BULLET if bullet.match(line) else TEXT)
    outline = Outline(body_start=start, body_end=stop)
    # Sections: each heading runs until the next heading of the same or a higher level.
    stack: list[int] = []
    top_role: str | None = None
    for k, (level, num, s, ts, te) in enumerate(raw):
        while stack and outline.sections[stack[-1]].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        pid = outline.sections[parent].id if parent is not None else ""
        sid = f"{pid}.{num}" if pid else num
        sec_end = stop
        for level2, _n, s2, _ts2, _te2 in raw[k + 1 :]:
            if level2 <= level:
                sec_end = s2
                break
        title = " ".join(view[ts:te].split())
        if level == 1:
            top_role = section_role(title)
        role = top_role if level == 1 else (section_role(title) if parent is None else None)
        outline.sections.append(
            Section(sid, level, title, s, ts, te, sec_end, parent, role, len(outline.sections))
        )
        stack.append(len(outline.sections) - 1)
    outline._starts = [s.start for s in outline.sections]
    # Paragraphs: a line starting in lower case continues the one before it (a page or
    # line break inside a sentence), unless that one is a heading.
    for (s, e), kind in zip(lines, kinds, strict=True):
        first = view[s]
        if outline.paragraphs and kind == TEXT and first.islower() and outline.paragraphs[-1].kind != HEADING:
            prev = outline.paragraphs[-1]
            outline.paragraphs[-1] = Paragraph(prev.start, e, prev.kind, prev.section)
            continue
        outline.paragraphs.append(Paragraph(s, e, kind, outline.section_index(s)))
    return outline
