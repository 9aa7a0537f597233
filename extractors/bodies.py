"""Bodies the plan gives responsibilities (cơ quan, đơn vị) and their roles.

Where they come from:

* the implementation section (Tổ chức thực hiện): each sub-heading naming bodies
  ("1. Sở Văn hóa, Thể thao và Du lịch", "7. Báo Cần Thơ, Đài Phát thanh và
  Truyền hình thành phố") — one body per name; a comma inside a name ("Sở Văn
  hóa, Thể thao và Du lịch", "Ủy ban nhân dân quận, huyện") does not split it,
  because what follows that comma does not open a body name. "Đề nghị X"
  makes X ``requested``; otherwise ``responsible``;
* the subject of a task sentence anywhere ("Bảo tàng thành phố tiến hành ký
  kết …", "X chủ trì, phối hợp …"): ``responsible`` (``requested`` under a
  "Đề nghị" heading);
* "phối hợp với X": ``coordinating`` unless X has a stronger role.

Names are expanded through the gazetteer ("Thư viện TP" -> "Thư viện thành
phố"), and a name the issuer's full name begins with becomes the issuer's name.
Cue words live in ``data/bodies.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from khplan.schemas import Body, Task

from .clean import fold
from .gazetteer import body_heads
from .names import display_case, expand_abbreviations
from .nlp import data_json
from .outline import HEADING, Outline, Section
from .targets import sentence_spans, trim_span

_TRAILING_PAREN = regex.compile(r"\s*\([^)]*\)\s*$")
_SEMICOLON = regex.compile(r";\s*")
_ENACTING = regex.compile(r"(?i)(?:cụ thể )?như sau\s*:?\s*$")
_ROLE_RANK = {"responsible": 3, "requested": 2, "coordinating": 1, "mentioned": 0}


@dataclass(frozen=True, slots=True)
class _Patterns:
    head: regex.Pattern[str]  # a body head at this position (capitalised)
    head_ok: regex.Pattern[str]  # a head that truly opens a name ("Ban Tuyên giáo", not "Ban hành")
    not_name: regex.Pattern[str]  # words that open with a head but name no body ("Ban hành", "Báo cáo")
    head_upper: regex.Pattern[str]  # the same in a heading printed in capitals
    split: regex.Pattern[str]  # a separator followed by another body's head
    split_upper: regex.Pattern[str]
    colon: regex.Pattern[str]  # "- Sở Tài chính: bố trí kinh phí …" in the implementation section
    requested: regex.Pattern[str]
    strip_lead: regex.Pattern[str]
    heading_cut: regex.Pattern[str]
    subject: regex.Pattern[str]
    coordinate: regex.Pattern[str]
    generic: regex.Pattern[str]


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _patterns() -> _Patterns:
    c = data_json("bodies.json")
    heads = _alt([*body_heads(), *c["heads"]])
    lower = _alt(c["lower_heads"])
    units = _alt(c["unit_words"])
    head = rf"(?:{heads})(?!\p{{L}})"
    any_head = rf"(?:{heads}|(?i:{lower}))(?!\p{{L}})"
    verbs = _alt(c["task_verbs"])
    adverbs = _alt(c["adverbs"])
    # A capitalised word may carry one or two lower-case syllables of the same name
    # ("Văn hóa", "Người cao tuổi"), never a verb or a linking word.
    stop = rf"(?i:{verbs}|{adverbs}|{_alt(c['name_stop_words'])})(?!\p{{L}})"
    word = rf"\p{{Lu}}[\p{{L}}\-&]*(?:\s+(?!{stop})\p{{Ll}}{{1,7}}(?!\p{{L}})){{0,2}}"
    # A name after its head: such words, numbers, unit words, "và"/"-" before a capital, and
    # a comma before a capital that opens no other body ("Sở Văn hóa, Thể thao và Du lịch").
    tail = (
        rf"(?:\s+(?:{word}|\d+|{units}|(?:và|&|[-–])(?=\s+\p{{Lu}})|(?:các|cấp)(?=\s+(?:{units})(?!\p{{L}})))(?!\p{{L}})"
        rf"|,\s+(?!{any_head}){word}(?!\p{{L}}))*"
    )
    name = rf"{head}{tail}(?:,\s+(?:{any_head}{tail}|(?:{units})(?!\p{{L}})))*"
    subject = (
        rf"(?:(?P<lead>(?i:giao|đề nghị))\s+)?(?:[^,.;:\n]{{1,40}},\s+)?(?P<name>{name})"
        rf"(?:\s+(?:{adverbs}))*\s+(?:{verbs})(?!\p{{L}})"
    )
    return _Patterns(
        head=regex.compile(rf"^{head}"),
        not_name=regex.compile(rf"(?i)^(?:{_alt(c['not_names'])})(?!\p{{L}})"),
        head_ok=regex.compile(
            rf"(?:(?i:các)\s|(?:{_alt(c['standalone_heads'])})(?!\p{{L}})|(?:{heads})"
            rf"(?:\s*$|\s+(?:\p{{Lu}}|\d|các\s|cấp\s|(?:{units})(?!\p{{L}})|[-–&])))"
        ),
        head_upper=regex.compile(rf"(?i)^{head}"),
        split=regex.compile(rf"(?:,|;|\s+và)\s+(?={any_head})"),
        # In capitals "BAN" could be a head or a word of "CÁC SỞ, BAN, NGÀNH": only full heads split.
        split_upper=regex.compile(rf"(?:,|;|\s+VÀ)\s+(?=(?i:{heads})\s+\p{{Lu}}{{2}})"),
        colon=regex.compile(rf"(?:(?P<lead>(?i:giao|đề nghị))\s+)?(?P<name>{name})\s*:"),
        requested=regex.compile(c["requested"]),
        strip_lead=regex.compile(c["strip_lead"]),
        heading_cut=regex.compile(rf"\s+(?:{_alt(c['heading_cut'])})(?!\p{{L}})"),
        subject=regex.compile(subject),
        coordinate=regex.compile(rf"{c['coordinate']}(?P<name>{name})"),
        generic=regex.compile(c["generic_not_subject"]),
    )


@dataclass(slots=True)
class _Found:
    name: str
    aliases: list[str] = field(default_factory=list)
    role: str = "mentioned"
    tasks: list[Task] = field(default_factory=list)


def _clean_name(name: str) -> str:
    name = " ".join(name.split()).strip(" ,.;:-–")
    name = _TRAILING_PAREN.sub("", name)
    return name


def split_names(view: str, start: int, end: int, *, upper: bool = False) -> list[tuple[int, int]]:
    """The bodies a heading names, as spans: 'Báo Cần Thơ, Đài Phát thanh …' -> two."""
    p = _patterns()
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in (p.split_upper if upper else p.split).finditer(view, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    return [(s, e) for s, e in pieces if view[s:e].strip()]


class _Registry:
    """Bodies found so far, one per folded full name, strongest role kept."""

    def __init__(self, issuer: str | None) -> None:
        self.items: dict[str, _Found] = {}
        self.issuer = issuer
        self._names: dict[str, str] = {}

    def full_name(self, printed: str) -> str:
        if printed not in self._names:
            self._names[printed] = self._full_name(printed)
        return self._names[printed]

    def _full_name(self, printed: str) -> str:
        name = expand_abbreviations(printed)
        name = name[:1].upper() + name[1:]
        if self.issuer:
            fi, fn = fold(self.issuer).split(), fold(name).split()
            # "Thư viện TP" in a plan issued by "Thư viện thành phố Cần Thơ" is the issuer.
            if 2 <= len(fn) < len(fi) and fi[: len(fn)] == fn:
                return self.issuer
        return name

    def add(self, printed: str, role: str, task: Task | None = None) -> str:
        printed = _clean_name(printed)
        name = self.full_name(printed)
        key = fold(name)
        found = self.items.setdefault(key, _Found(name))
        if printed != name and printed not in found.aliases:
            found.aliases.append(printed)
        if _ROLE_RANK[role] > _ROLE_RANK[found.role]:
            found.role = role
        if task and task not in found.tasks:
            found.tasks.append(task)
        return name


def _is_upper(view: str, start: int, end: int) -> bool:
    letters = [c for c in view[start:end] if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _heading_bodies(view: str, sec: Section) -> tuple[str, list[tuple[int, int]], int | None]:
    """(role, name spans, start of inline task text) of an implementation sub-heading."""
    p = _patterns()
    s, e = sec.title_start, sec.title_end
    colon = view.find(":", s, e)
    inline = None
    if colon >= 0:
        inline, e = colon + 1, colon
    role = "responsible"
    # The data patterns are anchored with "^", which only holds at a string's real start.
    m = p.requested.match(view[s:e])
    if m:
        role, s = "requested", s + m.end()
    m = p.strip_lead.match(view[s:e])
    if m:
        s = s + m.end()
    upper = _is_upper(view, s, e)
    # A sub-heading of this part names bodies unless it opens with a phrase that names none:
    # "Ban công tác Mặt trận các khu phố" is a body, "Ban hành kế hoạch" is not.
    if not (p.head_upper if upper else p.head).match(view[s:e]) or p.not_name.match(view[s:e]):
        return role, [], inline
    cut = p.heading_cut.search(view, s, e)
    if cut:
        inline = inline if inline is not None else cut.start()
        e = cut.start()
    if len(view[s:e].split()) > 30:
        return role, [], inline
    return role, split_names(view, s, e, upper=upper), inline


def find_bodies(
    text: str, view: str, outline: Outline, issuer: str | None
) -> tuple[list[Body], dict[str, list[str]]]:
    """Bodies and their roles, and the bodies answerable in each section id (for deadlines)."""
    p = _patterns()
    reg = _Registry(issuer)
    responsible_at: dict[str, list[str]] = {}
    requested_sections: set[int] = set()
    # 1. Sub-headings of the implementation section.
    for idx, sec in enumerate(outline.sections):
        if sec.level < 2 or outline.role_at(sec.start) != "implementation":
            continue
        parent_named = any(sid in responsible_at for sid in [c.id for c in outline.chain(sec.parent)])
        if parent_named:
            continue
        role, spans, inline = _heading_bodies(view, sec)
        if not spans:
            continue
        if role == "requested":
            requested_sections.add(idx)
        tasks: list[Task] = []
        if inline is not None and view[inline : sec.title_end].strip():
            s, e = trim_span(view, inline, sec.title_end)
            tasks.append(Task(section=sec.id, text=text[s:e]))
        for para in outline.paragraphs:
            if sec.title_end <= para.start < sec.end:
                s, e = trim_span(view, para.start, para.end)
                if para.kind == HEADING:
                    sub = outline.sections[para.section] if para.section is not None else None
                    if sub is not None:
                        s, e = trim_span(view, sub.title_start, sub.title_end)
                tasks.append(Task(section=outline.section_id(para.start), text=text[s:e]))
        names = []
        for s, e in spans:
            printed = text[s:e]
            if _is_upper(view, s, e):
                printed = display_case(" ".join(printed.split()), text)
            first = tasks[0] if tasks else None
            name = reg.add(printed, role, first)
            for t in tasks[1:]:
                reg.add(printed, role, t)
            names.append(name)
        for sub in outline.sections:
            if sec.start <= sub.start < sec.end:
                responsible_at[sub.id] = names
    # 2. Subjects of task sentences, and partners after "phối hợp với".
    first_section = outline.sections[0].start if outline.sections else outline.body_start
    for para in outline.paragraphs:
        # Before the first numbered part stands the preamble ("Ủy ban nhân dân quận xây dựng kế
        # hoạch … như sau:"): the issuer enacting the plan, not a task it gives itself.
        if para.start < first_section or _ENACTING.search(view, para.start, para.end):
            continue
        in_requested = any(c.index in requested_sections for c in outline.chain(para.section))
        start = para.start
        if para.kind == HEADING and para.section is not None:
            start = outline.sections[para.section].title_start
        for s, e in sentence_spans(view, start, para.end):
            s, e = trim_span(view, s, e)
            for clause_start in [s, *[m.end() for m in _SEMICOLON.finditer(view[s:e])]]:
                cs = clause_start if clause_start == s else s + clause_start
                m = p.subject.match(view, cs, e)
                if not m and outline.role_at(cs) == "implementation":
                    m = p.colon.match(view, cs, e)
                if not m or p.generic.match(m.group("name")) or not p.head_ok.match(view, m.start("name"), e):
                    continue
                lead = (m.group("lead") or "").lower()
                role = "requested" if in_requested or lead == "đề nghị" else "responsible"
                task = Task(section=outline.section_id(cs), text=text[cs:e])
                for ns, ne in split_names(view, m.start("name"), m.end("name")):
                    reg.add(text[ns:ne], role, task)
            for m in p.coordinate.finditer(view, s, e):
                for ns, ne in split_names(view, m.start("name"), m.end("name")):
                    reg.add(text[ns:ne], "coordinating")
    bodies = [Body(name=f.name, aliases=f.aliases, role=f.role, tasks=f.tasks) for f in reg.items.values()]
    return bodies, responsible_at
