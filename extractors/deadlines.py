"""Deadlines (thời hạn): reports, due dates, horizons and dated recurring events.

* ``horizon`` — "đến năm 2025", "giai đoạn 2021 - 2025" (the end year), from the
  title and the body; not from the title of another document the text cites.
* ``report`` — a reporting obligation ("định kỳ 6 tháng (trước ngày 10 tháng 6)
  và năm (trước ngày 30 tháng 11) hằng năm" is two, each ``annual``; "báo cáo …
  theo quy định" is one with no date).
* ``due`` — a task's completion date ("hoàn thành trước ngày 30/6/2024").
* ``event`` — a named day the plan celebrates every year ("Ngày Sách Việt Nam
  (21/4)"), or once in a given year.

Patterns live in ``data/deadlines.json``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

import regex

from khplan.schemas import Deadline

from .nlp import data_json
from .outline import Outline
from .targets import sentence_spans, trim_span

# A numbered document ("208/QĐ-TTg", "60/KH-UBND"): a horizon after it in the same
# sentence belongs to that document's title, not to this plan.
_DOC_NUMBER = regex.compile(r"\d+\s*/\s*(?:\d{4}\s*/\s*)?[\p{Lu}Đ]{1,10}[-–][\p{L}Đ]")
_DUE_DATE = regex.compile(
    r"(?i:(?:trước|chậm nhất(?:\s+là)?|hạn chót|hoàn thành(?:\s+trong|\s+trước)?|xong(?:\s+trước)?|"
    r"thời gian(?:\s+thực hiện|\s+hoàn thành)?\s*:\s*(?:trong\s+)?)\s*(?:ngày\s+)?)"
    r"(?:(?P<day>\d{1,2})\s*(?:tháng\s+|/\s*|-\s*)(?P<month>\d{1,2})"
    r"(?:\s*(?:năm\s+|/\s*|-\s*)(?P<year>(?:19|20)\d{2}))?(?![\d/])"
    r"|(?i:tháng)\s+(?P<month2>\d{1,2})\s*(?:/\s*|năm\s+)(?P<year2>(?:19|20)\d{2})"
    r"|(?i:quý)\s+(?P<quarter>I{1,3}|IV|[1-4])\s*(?:/\s*|năm\s+)(?P<year3>(?:19|20)\d{2})"
    r"|(?i:năm)\s+(?P<year4>(?:19|20)\d{2})(?![\d/]))"
)


@dataclass(frozen=True, slots=True)
class _Config:
    horizon: regex.Pattern[str]
    report_obligation: regex.Pattern[str]
    report_not: regex.Pattern[str]
    day_each: regex.Pattern[str]
    periodic: regex.Pattern[str]
    recurrence: tuple[tuple[str, regex.Pattern[str]], ...]
    day_month: regex.Pattern[str]
    event: regex.Pattern[str]
    event_year: regex.Pattern[str]


@cache
def _config() -> _Config:
    c = data_json("deadlines.json")
    return _Config(
        regex.compile(c["horizon"]),
        regex.compile(c["report_obligation"]),
        regex.compile(c["report_not"]),
        regex.compile(c["day_each"]),
        regex.compile(c["periodic"]),
        tuple((name, regex.compile(p)) for name, p in c["recurrence"]),
        regex.compile(c["day_month"]),
        regex.compile(c["event"]),
        regex.compile(c["event_year"]),
    )


def _deadline(
    text: str,
    view: str,
    kind: str,
    start: int,
    end: int,
    section: str | None,
    *,
    year: int | None = None,
    month: int | None = None,
    day: int | None = None,
    recurrence: str | None = None,
    responsible: list[str] | None = None,
) -> Deadline:
    s, e = trim_span(view, start, end)
    return Deadline(
        kind=kind,
        year=year,
        month=month,
        day=day,
        recurrence=recurrence,
        responsible=responsible or [],
        section=section,
        text=text[s:e],
        span=(s, e),
    )


def find_horizons(
    text: str, view: str, start: int, end: int, section: str | None, *, check_citations: bool = True
) -> list[Deadline]:
    """'đến năm 2025', 'giai đoạn 2021 - 2025' in ``view[start:end]``."""
    out: list[Deadline] = []
    for s, e in sentence_spans(view, start, end) if check_citations else [(start, end)]:
        for m in _config().horizon.finditer(view, s, e):
            if check_citations and _DOC_NUMBER.search(view, s, m.start()):
                continue
            year = int(m.group("y1") or m.group("y2") or m.group("y3"))
            out.append(_deadline(text, view, "horizon", m.start(), m.end(), section, year=year))
    return out


def _recurrences(sentence: str) -> list[str]:
    found: list[str] = []
    for name, pattern in _config().recurrence:
        if pattern.search(sentence):
            found.append(name)
    return found


def find_reports(
    text: str, view: str, start: int, end: int, section: str | None, responsible: list[str]
) -> list[Deadline]:
    """Reporting obligations in one sentence ``view[start:end]``."""
    cfg = _config()
    sent = view[start:end]
    # "báo cáo tài chính", "theo báo cáo của ..." name a report; an obligation asks for one.
    cleaned = cfg.report_not.sub(lambda m: " " * len(m.group(0)), sent)
    duty = cfg.report_obligation.search(cleaned)
    if not duty:
        return []
    out: list[Deadline] = []
    for m in cfg.day_each.finditer(sent):
        unit = m.group("unit").lower()
        rec: str | None = "monthly" if unit == "tháng" else "quarterly"
        out.append(
            _deadline(
                text,
                view,
                "report",
                start + m.start(),
                start + m.end(),
                section,
                day=int(m.group("day")),
                recurrence=rec,
                responsible=responsible,
            )
        )
    if out:
        return out
    dated = [m for m in cfg.day_month.finditer(sent) if 1 <= int(m.group("month")) <= 12]
    if dated:
        # A day and month with no year come round every year when the text says the
        # report is periodic ("định kỳ 6 tháng (trước ngày 10 tháng 6) và năm (…) hằng năm").
        periodic = bool(cfg.periodic.search(sent))
        for m in dated:
            year = int(m.group("year")) if m.group("year") else None
            rec = "annual" if periodic and year is None else None
            out.append(
                _deadline(
                    text,
                    view,
                    "report",
                    start + m.start(),
                    start + m.end(),
                    section,
                    year=year,
                    month=int(m.group("month")),
                    day=int(m.group("day")),
                    recurrence=rec,
                    responsible=responsible,
                )
            )
        return out
    if sent.rstrip().endswith(":"):
        return out  # "Thời hạn gửi báo cáo:" introduces the reports listed under it
    # The clause holding the duty ("…; định kỳ 06 tháng, năm báo cáo kết quả …") is its text.
    c_start = sent.rfind(";", 0, duty.start()) + 1
    c_end = sent.find(";", duty.end())
    c_end = len(sent) if c_end < 0 else c_end
    recs: list[str | None] = list(_recurrences(sent))
    for each in recs or [None]:
        out.append(
            _deadline(
                text,
                view,
                "report",
                start + c_start,
                start + c_end,
                section,
                recurrence=each,
                responsible=responsible,
            )
        )
    return out


def find_dues(
    text: str, view: str, start: int, end: int, section: str | None, responsible: list[str]
) -> list[Deadline]:
    """Completion dates of tasks in one sentence."""
    out: list[Deadline] = []
    for m in _DUE_DATE.finditer(view, start, end):
        y: int | None
        if m.group("day"):
            y = int(m.group("year")) if m.group("year") else None
            mo, d = int(m.group("month")), int(m.group("day"))
        elif m.group("year2"):
            y, mo, d = int(m.group("year2")), int(m.group("month2")), None
        elif m.group("year3"):
            y, mo, d = int(m.group("year3")), None, None
        elif m.group("year4") and m.group(0)[:9].lower() == "thời gian":
            # "Thời gian thực hiện: năm 2024"; "trước năm 2030" is a horizon, not a due date.
            y, mo, d = int(m.group("year4")), None, None
        else:
            continue
        if mo is not None and not 1 <= mo <= 12:
            continue
        out.append(
            _deadline(
                text,
                view,
                "due",
                m.start(),
                m.end(),
                section,
                year=y,
                month=mo,
                day=d,
                responsible=responsible,
            )
        )
    return out


def find_events(text: str, view: str, start: int, end: int, section: str | None) -> list[Deadline]:
    """Named days: 'Ngày Sách Việt Nam (21/4)' every year; '“Ngày sách Việt Nam” lần thứ 7 - năm 2020'."""
    cfg = _config()
    out: list[Deadline] = []
    for m in cfg.event.finditer(view, start, end):
        month, day = int(m.group("month")), int(m.group("day"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append(
                _deadline(
                    text,
                    view,
                    "event",
                    m.start(),
                    m.end(),
                    section,
                    month=month,
                    day=day,
                    recurrence="annual",
                )
            )
    for m in cfg.event_year.finditer(view, start, end):
        s, e = sentence_bounds(view, m.start(), start, end)
        out.append(_deadline(text, view, "event", s, e, section, year=int(m.group("year"))))
    return out


def sentence_bounds(view: str, pos: int, start: int, end: int) -> tuple[int, int]:
    for s, e in sentence_spans(view, start, end):
        if s <= pos < e:
            return s, e
    return start, end


def _hits(pattern: regex.Pattern[str], view: str, start: int, end: int) -> list[int]:
    return [m.start() for m in pattern.finditer(view, start, end)]


def _any_in(starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(starts, start)
    return i < len(starts) and starts[i] < end


def find_deadlines(
    text: str,
    view: str,
    outline: Outline,
    title_span: tuple[int, int] | None,
    responsible_at: dict[str, list[str]],
) -> list[Deadline]:
    """Every deadline of the plan: title horizons first, then the body in order."""
    cfg = _config()
    out: list[Deadline] = []
    if title_span:
        out += find_horizons(text, view, *title_span, "title", check_citations=False)
    # One pass per pattern over the body; only paragraphs holding a hit are looked at closely.
    body = (outline.body_start, outline.body_end)
    horizons = _hits(cfg.horizon, view, *body)
    events = sorted(_hits(cfg.event, view, *body) + _hits(cfg.event_year, view, *body))
    duties = sorted(_hits(cfg.report_obligation, view, *body) + _hits(_DUE_DATE, view, *body))
    for para in outline.paragraphs:
        has_horizon = _any_in(horizons, para.start, para.end)
        has_event = _any_in(events, para.start, para.end)
        if not (has_horizon or has_event or _any_in(duties, para.start, para.end)):
            continue
        sec = outline.section_id(para.start)
        who = responsible_at.get(sec or "", [])
        # A period in the part on the present situation is one already lived, not a horizon.
        if has_horizon and outline.role_at(para.start) != "situation":
            out += find_horizons(text, view, para.start, para.end, sec)
        if has_event:
            out += find_events(text, view, para.start, para.end, sec)
        for s, e in sentence_spans(view, para.start, para.end):
            if not _any_in(duties, s, e):
                continue
            reports = find_reports(text, view, s, e, sec, who)
            out += reports
            if not reports:
                out += find_dues(text, view, s, e, sec, who)
    return _merge_repeats(out)


def _merge_repeats(items: list[Deadline]) -> list[Deadline]:
    """One horizon or event per date, listing every section that states it ("title; II.2")."""
    merged: list[Deadline] = []
    seen: dict[tuple[object, ...], int] = {}
    for d in items:
        key = (d.kind, d.year, d.month, d.day, d.recurrence)
        if d.kind not in ("horizon", "event") or key not in seen:
            if d.kind in ("horizon", "event"):
                seen[key] = len(merged)
            merged.append(d)
            continue
        first = merged[seen[key]]
        sections = (first.section or "").split("; ") if first.section else []
        if d.section and d.section not in sections:
            merged[seen[key]] = first.model_copy(update={"section": "; ".join([*sections, d.section])})
    return merged
