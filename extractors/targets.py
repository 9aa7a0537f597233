"""Quantitative targets (chỉ tiêu): a measured thing, a value and the year it is due.

A target is a percent or a counted quantity stated as something to reach:
"Đến năm 2025, đạt 100% thư viện công cộng cấp tỉnh", "tăng bình quân 10% mỗi
năm", "Năm 2019: Bổ sung 29.000 bản sách". Its year is the nearest horizon the
text gives it: in the sentence, earlier in the paragraph, in a heading above
("Mục tiêu cụ thể đến năm 2020"), else the plan's own horizon in its title.
Not targets: numbers of articles, dates, phone numbers, recipients, shares of a
budget. The words that decide live in ``data/targets.json``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from khplan.schemas import Target

from .nlp import data_json
from .numbers import Quantity, find_quantities
from .outline import TEXT, Outline, Paragraph

_SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=[\p{Lu}\d“\"(])|\n+")
_AVERAGE_RISE = regex.compile(r"(?i)(?<!\p{L})tăng(?:\s+bình quân|\s+trung bình)(?!\p{L})")
# The indicator after a figure ends at punctuation, a dash between items, or the next year.
_INDICATOR_END = regex.compile(r"[;,.]|\s[–-]\s|\s(?:và|đến năm|vào năm)\s")
_LEAD_YEAR = regex.compile(r"(?i)^[-–+•\s]*(?:(?:đến|tới|vào)\s+năm\s+\d{4}\s*[:,]?\s*)")
_TRAIL_VERB = regex.compile(r"(?i)\s*(?:tăng bình quân|tăng trung bình|đạt|là|tăng|:)\s*$")


@dataclass(frozen=True, slots=True)
class _Config:
    count_verbs: regex.Pattern[str]
    comparators: tuple[tuple[str, regex.Pattern[str]], ...]
    not_before: regex.Pattern[str]
    not_after: regex.Pattern[str]
    year_markers: regex.Pattern[str]
    past: regex.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _config() -> _Config:
    c = data_json("targets.json")
    # The verb must stand right before the number, an adverb or two allowed between.
    verbs = regex.compile(
        rf"(?i)(?<!\p{{L}})(?:{_alternation(c['count_verbs'])})(?:\s+(?:thêm|mới|được|tổng cộng|ít nhất|tối thiểu|trên|khoảng))*\s*:?\s*$"
    )
    comps = tuple(
        (
            name,
            regex.compile(
                rf"(?i)(?<!\p{{L}})(?:{_alternation(words)})(?:\s+(?:bình quân|trung bình|từ))?\s*$"
            ),
        )
        for name, words in c["comparators"].items()
    )
    not_before = regex.compile(
        rf"(?i)(?<!\p{{L}})(?:{_alternation(c['not_before'])})\s*(?:tối đa|bằng|là|:)?\s*$"
    )
    not_after = regex.compile(rf"(?i)^\s*(?:{_alternation(c['not_after'])})(?!\p{{L}})")
    past = regex.compile(rf"(?i)(?<!\p{{L}})(?:{_alternation(c['past_markers'])})(?!\p{{L}})")
    return _Config(verbs, comps, not_before, not_after, regex.compile(c["year_markers"]), past)


@lru_cache(maxsize=4096)
def sentence_spans(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``view[start:end]``: cut after . ! ? before a capital, and at line breaks."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END.finditer(view, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return [(s, e) for s, e in out if view[s:e].strip()]


def trim_span(view: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding spaces and a leading bullet mark."""
    seg = view[start:end]
    lead = len(seg) - len(seg.lstrip(" -–+•*\t\n"))
    trail = len(seg.rstrip(" \t\n"))
    return start + lead, start + max(trail, lead)


def years_in(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """(position, year) of each horizon marker ('đến năm 2025', 'Năm 2019:', '(2019 – 2020)')."""
    seg = view[start:end]
    return [(start + m.start(), int(m.group("year"))) for m in _config().year_markers.finditer(seg)]


def _is_summary_line(view: str, para: Paragraph, outline: Outline) -> bool:
    """An unnumbered line with no closing punctuation that stands over other lines: a sub-heading.

    A sub-heading sums up the targets spelled out under it ("Phấn đấu 100% bảo tàng …
    vào năm 2030"), so its figures are not targets of their own.
    """
    if para.kind != TEXT:
        return False
    line = view[para.start : para.end].rstrip()
    if not line or line[-1] in ".;:!?…,":
        return False
    return len(line) <= 160 and para is not outline.paragraphs[-1]


def _year_for(
    view: str, q: Quantity, sent: tuple[int, int], para: Paragraph, outline: Outline, title_year: int | None
) -> int | None:
    before = [y for p, y in years_in(view, sent[0], q.start)]
    if before:
        return before[-1]
    after = [y for p, y in years_in(view, q.end, sent[1])]
    if after:
        return after[0]
    earlier = [y for p, y in years_in(view, para.start, sent[0])]
    if earlier:
        return earlier[-1]
    for s in outline.chain(para.section):
        found = years_in(view, s.title_start, s.title_end)
        if found:
            return found[-1][1]
    return title_year


def _comparator(view: str, q: Quantity, sent_start: int) -> str | None:
    head = view[max(sent_start, q.start - 40) : q.start]
    for name, pattern in _config().comparators:
        if pattern.search(head):
            return name
    # "tăng bình quân 10% mỗi năm" with words between: any "tăng" earlier in the clause.
    clause = view[sent_start : q.start]
    if _AVERAGE_RISE.search(clause):
        return "increase"
    return None


def _indicator(view: str, q: Quantity, sent: tuple[int, int], others: list[Quantity]) -> str:
    """The sentence's own words for what is measured: after the figure, else before it."""
    nxt = min([o.start for o in others if o.start > q.start] + [sent[1]])
    after = _INDICATOR_END.split(view[q.end : nxt], maxsplit=1)[0].strip()
    unit = "" if q.percent else q.unit + " "
    if len(after.split()) >= 2:
        return (unit + after).strip()
    before = view[sent[0] : q.number_start]
    before = _LEAD_YEAR.sub("", before)
    before = _TRAIL_VERB.sub("", before).strip(" ,:-–")
    return (unit + before).strip() or view[sent[0] : sent[1]].strip()


def find_targets(text: str, view: str, outline: Outline, title_year: int | None) -> list[Target]:
    """Every target in the plan's body, each with its section and a span into ``text``."""
    cfg = _config()
    targets: list[Target] = []
    # One pass over the body for figures; each sentence then takes its own.
    every = find_quantities(view, outline.body_start, outline.body_end)
    starts = [q.start for q in every]
    for para in outline.paragraphs:
        if bisect.bisect_left(starts, para.start) == bisect.bisect_left(starts, para.end):
            continue  # no figure in this paragraph
        if outline.role_at(para.start) in ("budget", "situation") or _is_summary_line(view, para, outline):
            continue
        for sent in sentence_spans(view, para.start, para.end):
            lo, hi = bisect.bisect_left(starts, sent[0]), bisect.bisect_left(starts, sent[1])
            qs = [q for q in every[lo:hi] if q.end <= sent[1]]
            if not qs:
                continue
            for q in qs:
                # "đã đạt 85%", "hiện có 12 thư viện": the clause reports, it does not aim.
                clause_start = max(
                    sent[0], view.rfind(";", sent[0], q.start) + 1, view.rfind(",", sent[0], q.start) + 1
                )
                if cfg.past.search(view, clause_start, q.start):
                    continue
                before = view[max(sent[0], q.start - 30) : q.start]
                if cfg.not_before.search(before) or cfg.not_after.match(view[q.end : q.end + 30]):
                    continue
                if not q.percent:
                    # A counted figure is a target only when a verb sets it ("Bổ sung 29.000 bản
                    # sách") and the text ties it to a year, a yearly rate or the objectives part.
                    if not cfg.count_verbs.search(view[max(sent[0], q.start - 40) : q.start]):
                        continue
                    tied = (
                        years_in(view, para.start, para.end)
                        or any(
                            years_in(view, s.title_start, s.title_end) for s in outline.chain(para.section)
                        )
                        or outline.role_at(para.start) == "objectives"
                    )
                    if not tied:
                        continue
                year = _year_for(view, q, sent, para, outline, title_year)
                s, e = trim_span(view, *sent)
                targets.append(
                    Target(
                        indicator=" ".join(_indicator(view, q, sent, qs).split()),
                        value=q.value,
                        value_max=q.value_max,
                        unit=q.unit,
                        comparator=_comparator(view, q, sent[0]),
                        year=year,
                        section=outline.section_id(q.start),
                        text=text[s:e],
                        span=(s, e),
                    )
                )
    return targets


__all__ = ["find_targets", "sentence_spans", "trim_span", "years_in"]
