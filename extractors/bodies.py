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

Running text is read from the document's spaCy ``Doc`` (``nlp.parse``, once per
document): the names are its ``BODY`` entities, the verbs, adverbs and "phối hợp
với" / "Giao" / "Đề nghị" before or after them its role cues
(``doc.spans["roles"]``). Implementation sub-headings are read with the regex
rules below: they may be printed in capitals or continue in lower case
("Ban công tác Mặt trận các khu phố"), which the entity rules do not take.

Names are expanded through the gazetteer ("Thư viện TP" -> "Thư viện thành
phố"), and a name the issuer's full name begins with becomes the issuer's name.
Cue words live in ``data/bodies.json``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import regex

from khplan.schemas import Body, Task

from .clean import fold
from .gazetteer import body_heads
from .names import display_case, expand_abbreviations
from .nlp import BODY, ROLES, data_json
from .outline import HEADING, Outline, Section
from .targets import sentence_spans, trim_span

if TYPE_CHECKING:
    from spacy.tokens import Doc

_TRAILING_PAREN = regex.compile(r"\s*\([^)]*\)\s*$")
_SEMICOLON = regex.compile(r";\s*")
_ENACTING = regex.compile(r"(?i)(?:cụ thể )?như sau\s*:?\s*$")
_LEADS = frozenset({"giao", "đề nghị"})  # role cues that may open a clause before its subject
_OPENING_STOPS = frozenset({",", ".", ";", ":"})
_ROLE_RANK = {"responsible": 3, "requested": 2, "coordinating": 1, "mentioned": 0}


@dataclass(frozen=True, slots=True)
class _Patterns:
    head: regex.Pattern[str]  # a body head at this position (capitalised)
    not_name: regex.Pattern[str]  # words that open with a head but name no body ("Ban hành", "Báo cáo")
    head_upper: regex.Pattern[str]  # the same in a heading printed in capitals
    split: regex.Pattern[str]  # a separator followed by another body's head
    split_upper: regex.Pattern[str]
    requested: regex.Pattern[str]
    strip_lead: regex.Pattern[str]
    heading_cut: regex.Pattern[str]
    generic: regex.Pattern[str]  # "Các sở, ban, ngành có liên quan": no subject of a task


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _patterns() -> _Patterns:
    c = data_json("bodies.json")
    heads = _alt([*body_heads(), *c["heads"]])
    lower = _alt(c["lower_heads"])
    head = rf"(?:{heads})(?!\p{{L}})"
    any_head = rf"(?:{heads}|(?i:{lower}))(?!\p{{L}})"
    return _Patterns(
        head=regex.compile(rf"^{head}"),
        not_name=regex.compile(rf"(?i)^(?:{_alt(c['not_names'])})(?!\p{{L}})"),
        head_upper=regex.compile(rf"(?i)^{head}"),
        split=regex.compile(rf"(?:,|;|\s+và)\s+(?={any_head})"),
        # In capitals "BAN" could be a head or a word of "CÁC SỞ, BAN, NGÀNH": only full heads split.
        split_upper=regex.compile(rf"(?:,|;|\s+VÀ)\s+(?=(?i:{heads})\s+\p{{Lu}}{{2}})"),
        requested=regex.compile(c["requested"]),
        strip_lead=regex.compile(c["strip_lead"]),
        heading_cut=regex.compile(rf"\s+(?:{_alt(c['heading_cut'])})(?!\p{{L}})"),
        generic=regex.compile(c["generic_not_subject"]),
    )


class _Names(NamedTuple):
    """``BODY`` entities in a row, joined by commas ("Bộ Quốc phòng, Bộ Công an"): tokens and view span."""

    end: int  # the token after the last name
    start_char: int
    end_char: int


class _Reading:
    """The parsed document as the bodies stage reads it: ``BODY`` names and role cues by token.

    Spans of the view map to tokens through the Doc's character offsets, which are the view's.
    Only the token offsets are read for every token (a ``Token`` object per token would cost
    more than the whole parse); other token attributes are looked up where needed.
    """

    def __init__(self, doc: Doc, view: str) -> None:
        from spacy.attrs import IDX

        self.doc = doc
        self.text = view  # what ``doc.text`` would rebuild token by token
        self.n = len(doc)
        self.idx: list[int] = doc.to_array(IDX).tolist() if self.n else []
        # first token -> (end token, start and end character) of each body name
        self.names = {e.start: _Names(e.end, e.start_char, e.end_char) for e in doc.ents if e.label_ == BODY}
        # label -> first token -> the cue's end tokens, longest first
        self.cues: dict[str, dict[int, list[int]]] = {}
        for cue in doc.spans[ROLES]:
            self.cues.setdefault(cue.label_, {}).setdefault(cue.start, []).append(cue.end)
        for ends in (e for by_start in self.cues.values() for e in by_start.values()):
            ends.sort(reverse=True)
        self.partner_cues = sorted(self.cues.get("coordinate", {}))

    def tok(self, i: int) -> str:
        return self.doc[i].text if i < self.n else ""

    def end_char(self, i: int) -> int:
        """Where token ``i`` ends."""
        return self.idx[i] + len(self.doc[i])

    def word(self, i: int) -> int:
        """Token ``i`` or the first one after it that is not white space (a space token starts with one)."""
        while i < self.n and self.text[self.idx[i]].isspace():
            i += 1
        return i

    def word_at(self, pos: int) -> int:
        """The first word token starting at or after character ``pos``."""
        return self.word(bisect_left(self.idx, pos))

    def cue(self, label: str, i: int) -> list[int]:
        return self.cues.get(label, {}).get(i, [])

    def name(self, i: int, end: int) -> _Names | None:
        """The body names starting at token ``i``, one after a comma after another, within ``end``.

        Such a run is split into its bodies by ``split_names``.
        """
        found = self.names.get(i)
        if found is None or found.end_char > end:
            return None
        while True:
            k = self.word(found.end)
            nxt = self.names.get(self.word(k + 1)) if self.tok(k) == "," else None
            if nxt is None or nxt.end_char > end:
                return found
            found = _Names(nxt.end, found.start_char, nxt.end_char)

    def _acts(self, i: int, end: int) -> bool:
        """A task verb at token ``i``, maybe after adverbs ("thường xuyên phối hợp"), within ``end``."""
        if any(self.end_char(k - 1) <= end for k in self.cue("task", i)):
            return True
        return any(self._acts(self.word(k), end) for k in self.cue("adverb", i))

    def _openings(self, start: int, end: int, *, opening: bool = True) -> list[tuple[str | None, int]]:
        """Where a clause's subject may start: (lead cue, token), first choice first.

        After "Giao" / "Đề nghị" or not, then (with ``opening``) after a short phrase and a
        comma or not ("Trên cơ sở đó, Sở Nội vụ …").
        """
        i = self.word_at(start)
        out: list[tuple[str | None, int]] = [
            (label, self.word(k))
            for label in ("request", "assign")
            for k in self.cue(label, i)
            if self.text[self.idx[i] : self.end_char(k - 1)].lower() in _LEADS
        ]
        out.append((None, i))
        if not opening:
            return out
        for lead, j in list(out):
            # The phrase before the comma: 1 to 40 characters on one line.
            stop = min(end, self.idx[j] + 41) if j < self.n else end
            k = j
            while k < self.n and self.idx[k] < stop and self.tok(k) not in _OPENING_STOPS:
                k += 1
            if (
                k < self.n
                and self.idx[k] < stop
                and self.tok(k) == ","
                and self.idx[k] > self.idx[j]
                and "\n" not in self.text[self.idx[j] : self.idx[k]]
            ):
                out.append((lead, self.word(k + 1)))
        return out

    def subject(self, start: int, end: int) -> tuple[str | None, _Names] | None:
        """(lead cue, name) of a clause opening with a body and a task verb ("Sở Y tế chủ trì …")."""
        for lead, i in self._openings(start, end):
            span = self.name(i, end)
            if span is not None and self._acts(self.word(span.end), end):
                return lead, span
        return None

    def colon(self, start: int, end: int) -> tuple[str | None, _Names] | None:
        """(lead cue, name) of a line "- Sở Tài chính: bố trí kinh phí …"."""
        for lead, i in self._openings(start, end, opening=False):
            span = self.name(i, end)
            if span is not None:
                k = self.word(span.end)
                if self.tok(k) == ":" and self.idx[k] < end:
                    return lead, span
        return None

    def partners(self, start: int, end: int) -> list[_Names]:
        """Names right after a partner cue ("phối hợp với X") in ``[start, end)``."""
        out: list[_Names] = []
        after = 0  # the end of the last name taken: cues inside it are part of it
        cues = self.partner_cues
        for c in range(bisect_left(cues, self.word_at(start)), len(cues)):
            i = cues[c]
            if self.idx[i] >= end:
                break
            if i < after:
                continue
            for k in self.cues["coordinate"][i]:
                span = self.name(self.word(k), end)
                if span is not None:
                    out.append(span)
                    after = span.end
                    break
        return out


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
    text: str, view: str, parsed: Doc, outline: Outline, issuer: str | None
) -> tuple[list[Body], dict[str, list[str]]]:
    """Bodies and their roles, and the bodies answerable in each section id (for deadlines).

    ``parsed`` is ``nlp.parse(view)``.
    """
    p = _patterns()
    doc = _Reading(parsed, view)
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
                found = doc.subject(cs, e)
                if not found and outline.role_at(cs) == "implementation":
                    found = doc.colon(cs, e)
                if not found or p.generic.match(view[found[1].start_char : found[1].end_char]):
                    continue
                lead, run = found
                role = "requested" if in_requested or lead == "request" else "responsible"
                task = Task(section=outline.section_id(cs), text=text[cs:e])
                for ns, ne in split_names(view, run.start_char, run.end_char):
                    reg.add(text[ns:ne], role, task)
            for run in doc.partners(s, e):
                for ns, ne in split_names(view, run.start_char, run.end_char):
                    reg.add(text[ns:ne], "coordinating")
    bodies = [Body(name=f.name, aliases=f.aliases, role=f.role, tasks=f.tasks) for f in reg.items.values()]
    return bodies, responsible_at
