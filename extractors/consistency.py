"""Cross-level checks between linked documents (``corpus/consistency.json``).

A sub-plan implements its parent; a reader checking one against the other asks:
is it dated after the parent (``date_order``)? does it aim at least as high for
the same indicator and year (``target_below_parent``)? does it report no later
than the parent asks (``deadline_after_parent``)? Is every document it implements
in the run (``unresolved_parent``)? And has every body the parent ordered to issue
its own plan issued one that is in the run (``missing_subplan``)?

Every finding quotes the sentences it rests on in ``evidence``. Inputs that are one
document (see :func:`khplan.extractors.link.document_groups`) are checked once.
Everything here is pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import regex

from khplan.schemas import Deadline, Document, Finding, Link, Links, Target
from khplan.schemas.compact import share_memory

from .clean import fold, normalize_tones
from .docnumber import canonical_number
from .link import (
    corpus_settings,
    document_groups,
    issuer_agreement,
    issuer_key,
    token_similarity,
    tokens,
    year_of,
)
from .names import expand_abbreviations


def _settings() -> dict[str, Any]:
    settings: dict[str, Any] = corpus_settings()["consistency"]
    return settings


def _name(doc: Document) -> str | None:
    return doc.document.issuer.name if doc.document.issuer else None


def _label(stem: str, doc: Document) -> str:
    """How a message names a document: its number, else its stem."""
    number: str | None = doc.document.number
    return f"{number} ({stem})" if number else stem


# --- dates -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Dated:
    date: str | None
    year: int | None
    source: str


def _parent_date(parent: Document, child: Document, link: Link) -> _Dated:
    """The parent's printed date, else the date the child cites it with."""
    info = parent.document
    if info.issued_date or info.issued_year:
        return _Dated(info.issued_date, info.issued_year or year_of(info.number, info.issued_date), "printed")
    key = canonical_number(link.parent_number)
    for ref in child.references:
        if canonical_number(ref.number) == key and (ref.issued_date or year_of(ref.number, None)):
            return _Dated(ref.issued_date, year_of(ref.number, ref.issued_date), "cited by the child")
    return _Dated(None, None, "unknown")


def _date_order(
    child_stem: str, child: Document, parent_stem: str, parent: Document, link: Link
) -> list[Finding]:
    info = child.document
    pdate = _parent_date(parent, child, link)
    cyear = info.issued_year or year_of(info.number, info.issued_date)
    if info.issued_date and pdate.date:
        before = info.issued_date < pdate.date
    elif cyear and pdate.year:
        before = cyear < pdate.year
    else:
        return []
    if not before:
        return []
    child_when = info.issued_date or str(cyear)
    parent_when = pdate.date or str(pdate.year)
    return [
        Finding(
            kind="date_order",
            severity="warning",
            child=child_stem,
            parent=parent_stem,
            message=(
                f"{_label(child_stem, child)} is dated {child_when}, before the document it implements, "
                f"{link.parent_number or _label(parent_stem, parent)} ({parent_when}, {pdate.source})."
            ),
            evidence={
                "child_date": child_when,
                "parent_date": parent_when,
                "parent_date_source": pdate.source,
                "reference": link.evidence,
            },
        )
    ]


# --- targets ---------------------------------------------------------------------------------------------


@cache
def _indicator_stopwords() -> frozenset[str]:
    return frozenset(_settings()["indicator_stopwords"])


@cache
def _level_words() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w.split()) for w in _settings()["level_words"])


def _levels(text: str) -> frozenset[str]:
    """The administrative levels an indicator names ('cấp huyện', 'xã'), folded."""
    words = list(tokens(text))
    found: set[str] = set()
    for level in sorted(_level_words(), key=len, reverse=True):
        n = len(level)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == level:
                found.add(" ".join(level))
                del words[i : i + n]
                break
    return frozenset(found)


def indicator_similarity(a: str, b: str) -> float:
    """How alike two indicators are (token F1, folded, generic words left out); 0.0 when they
    name different administrative levels."""
    if _levels(a) != _levels(b):
        return 0.0
    return token_similarity(a, b, _indicator_stopwords())


def _unit_key(unit: str | None) -> str:
    if not unit:
        return ""
    if "%" in unit or "phan tram" in fold(unit):
        return "%"
    return " ".join(tokens(unit))


def _same_unit(a: str | None, b: str | None) -> bool:
    ka, kb = _unit_key(a), _unit_key(b)
    if ka == kb:
        return True
    # "tài khoản" and "tài khoản điện tử": one counted noun qualified.
    return bool(
        ka and kb and ka != "%" and kb != "%" and (ka.startswith(kb + " ") or kb.startswith(ka + " "))
    )


def _weaker(child: Target, parent: Target) -> bool:
    """The child commits to less: a lower floor, or a higher ceiling for an at-most target."""
    if child.value is None or parent.value is None:
        return False
    if "at_most" in (child.comparator, parent.comparator):
        return bool(child.value > parent.value)
    return bool(child.value < parent.value)


def _number(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else str(v)


def _value_text(t: Target) -> str:
    unit = t.unit or ""
    sep = "" if unit == "%" else " "
    if t.value_max is not None:
        return f"{_number(t.value)}-{_number(t.value_max)}{sep}{unit}"
    return f"{_number(t.value)}{sep}{unit}"


def _target_below(child_stem: str, child: Document, parent_stem: str, parent: Document) -> list[Finding]:
    threshold = float(_settings()["indicator_min"])
    findings: list[Finding] = []
    for ct in child.targets:
        if ct.year is None or ct.value is None:
            continue
        best: tuple[float, Target] | None = None
        for pt in parent.targets:
            if pt.year != ct.year or pt.value is None or not _same_unit(ct.unit, pt.unit):
                continue
            # A yearly increase and a share are different measures even in the same words.
            if (ct.comparator == "increase") != (pt.comparator == "increase"):
                continue
            sim = indicator_similarity(ct.indicator, pt.indicator)
            if sim >= threshold and (best is None or sim > best[0]):
                best = (sim, pt)
        if best is None or not _weaker(ct, best[1]):
            continue
        sim, pt = best
        findings.append(
            Finding(
                kind="target_below_parent",
                severity="warning",
                child=child_stem,
                parent=parent_stem,
                message=(
                    f"For {ct.year}, {_label(child_stem, child)} sets {_value_text(ct)} for “{ct.indicator}”, "
                    f"weaker than the {_value_text(pt)} its parent {_label(parent_stem, parent)} sets."
                ),
                evidence={
                    "similarity": round(sim, 3),
                    "year": ct.year,
                    "unit": ct.unit,
                    "child_value": ct.value,
                    "parent_value": pt.value,
                    "child_indicator": ct.indicator,
                    "parent_indicator": pt.indicator,
                    "child_text": ct.text,
                    "parent_text": pt.text,
                },
            )
        )
    return findings


# --- deadlines -------------------------------------------------------------------------------------------


_CLASS_UNITS = ("tinh", "thanh pho", "quan", "huyen", "thi xa", "xa", "phuong", "thi tran")


@lru_cache(maxsize=16384)
def body_class(name: str) -> tuple[str, frozenset[str]] | None:
    """A name meaning several bodies of a kind ('UBND quận, huyện', 'UBND các xã', 'UBND 16 phường'):
    its folded head ('uy ban nhan dan') and unit words; None when the name means one body."""
    markers = set(_settings()["class_markers"])
    all_words = tokens(expand_abbreviations(normalize_tones(name)))
    words = [w for w in all_words if w not in markers and not w.isdigit()]
    folded = " ".join(words)
    found = {u: m.start() for u in _CLASS_UNITS for m in [regex.search(rf"\b{u}\b", folded)] if m}
    if "thi xa" in found:
        found.pop("xa", None)  # "xã" matched inside "thị xã"
    if not found:
        return None
    key = issuer_key(name)
    bare = key is not None and key.unit is not None and not key.place
    # Several bodies: "các xã", "16 phường", or two unit words in a row ("quận, huyện").
    plural = len(words) < len(all_words) or len(found) > 1
    if not (plural or bare):
        return None
    head = folded[: min(found.values())].strip()
    return head, frozenset(found)


def body_means(body: str, issuer: str | None, citing: str | None) -> bool:
    """Whether a body a document names (``body``, as written in the document issued by ``citing``)
    is, or includes, ``issuer``, the issuer of another document."""
    if not issuer:
        return False
    cls = body_class(body)
    cand = issuer_key(issuer)
    if cls is not None and cand is not None:
        head, units = cls
        return cand.unit in units and (not head or head == cand.head)
    return issuer_agreement(body, issuer, citing) >= float(_settings()["issuer_name_min"])


def _day_of_year(d: Deadline) -> int | None:
    if d.month is None or d.day is None:
        return None
    try:
        return dt.date(2001, d.month, d.day).timetuple().tm_yday
    except ValueError:
        return None


def _days_after(child: Deadline, parent: Deadline) -> int | None:
    """How many days the child's date falls after the parent's (negative: before)."""
    if child.year and parent.year and child.recurrence is None and parent.recurrence is None:
        try:
            return (
                dt.date(child.year, child.month or 12, child.day or 28)
                - dt.date(parent.year, parent.month or 12, parent.day or 28)
            ).days
        except ValueError:
            return None
    c, p = _day_of_year(child), _day_of_year(parent)
    if c is None or p is None:
        return None
    d = (c - p) % 365
    return d - 365 if d > 182 else d


def _when(d: Deadline) -> str:
    parts = [f"{d.day:02d}/{d.month:02d}" if d.day and d.month else (f"{d.month:02d}" if d.month else "")]
    if d.year:
        parts.append(str(d.year))
    if d.recurrence:
        parts.append(f"({d.recurrence})")
    return " ".join(p for p in parts if p)


def _deadline_after(child_stem: str, child: Document, parent_stem: str, parent: Document) -> list[Finding]:
    window = int(_settings()["deadline_pair_days"])
    issuer = _name(child)
    owed = [
        d
        for d in parent.deadlines
        if d.kind == "report"
        and _day_of_year(d) is not None
        and (not d.responsible or any(body_means(r, issuer, _name(parent)) for r in d.responsible))
    ]
    if not owed:
        return []
    worst: dict[int, tuple[int, Deadline]] = {}
    for cd in child.deadlines:
        if cd.kind != "report" or _day_of_year(cd) is None:
            continue
        pairs = [(_days_after(cd, pd), i) for i, pd in enumerate(owed)]
        near = [(abs(d), d, i) for d, i in pairs if d is not None and abs(d) <= window]
        if not near:
            continue
        _, late, i = min(near)
        if late > 0 and (i not in worst or late > worst[i][0]):
            worst[i] = (late, cd)
    findings: list[Finding] = []
    for i, (late, cd) in sorted(worst.items()):
        pd = owed[i]
        findings.append(
            Finding(
                kind="deadline_after_parent",
                severity="warning",
                child=child_stem,
                parent=parent_stem,
                message=(
                    f"{_label(child_stem, child)} sets a report date of {_when(cd)}, {late} days after the "
                    f"{_when(pd)} its parent {_label(parent_stem, parent)} sets for it."
                ),
                evidence={
                    "days_late": late,
                    "child_deadline": cd.text,
                    "parent_deadline": pd.text,
                    "parent_responsible": pd.responsible,
                },
            )
        )
    return findings


# --- sub-plans -------------------------------------------------------------------------------------------


@cache
def _subplan_rules() -> tuple[tuple[regex.Pattern[str], ...], tuple[regex.Pattern[str], ...]]:
    s = _settings()
    return (
        tuple(regex.compile(p) for p in s["subplan_patterns"]),
        tuple(regex.compile(p) for p in s["subplan_exclude"]),
    )


def orders_subplan(task: str) -> bool:
    """Whether a task sentence orders its body to issue a plan of its own ('Xây dựng kế hoạch triển
    khai ...', 'Ban hành kế hoạch thực hiện ...')."""
    text = " ".join(tokens(normalize_tones(task)))
    include, exclude = _subplan_rules()
    return any(p.search(text) for p in include) and not any(p.search(text) for p in exclude)


def _missing_subplans(
    stem: str,
    doc: Document,
    docs: Mapping[str, Document],
    children: set[str],
    groups: Mapping[str, str],
    by_head: Mapping[str, list[str]],
) -> list[Finding]:
    own = _name(doc)
    findings: list[Finding] = []
    for body in doc.bodies:
        if body.role not in ("responsible", "requested"):
            continue
        if own and issuer_agreement(body.name, own, own) >= float(_settings()["issuer_name_min"]):
            continue  # the issuer telling itself to make detailed plans is not a sub-plan of another body
        tasks = [t.text for t in body.tasks if orders_subplan(t.text)]
        if not tasks:
            continue
        is_class = body_class(body.name) is not None
        # A class of bodies must have linked its plans to this one; a single body's plan shares
        # the body's head ("ủy ban nhân dân", "sở văn hóa ...") — only those are compared.
        key = issuer_key(body.name)
        pool = sorted(children) if is_class else by_head.get(key.head if key else "", [])
        found = [
            s
            for s in pool
            if groups[s] == s
            and s != stem
            and not docs[s].errors
            and body_means(body.name, _name(docs[s]), own)
        ]
        if found:
            continue
        findings.append(
            Finding(
                kind="missing_subplan",
                severity="info",
                child=None,
                parent=stem,
                message=(
                    f"{_label(stem, doc)} directs {body.name} to issue its own plan; "
                    "no plan by that body is in this run."
                ),
                evidence={"body": body.name, "tasks": tasks},
            )
        )
    return findings


# --- the corpus ------------------------------------------------------------------------------------------


def _unresolved(link: Link, child: Document) -> Finding:
    return Finding(
        kind="unresolved_parent",
        severity="info",
        child=link.child,
        parent=None,
        message=f"{_label(link.child, child)} implements {link.parent_number}, which is not in this run.",
        evidence={"parent_number": link.parent_number, "reference": link.evidence},
    )


def check_consistency(
    docs: Mapping[str, Document], links: Links, groups: Mapping[str, str] | None = None
) -> list[Finding]:
    """Every finding over a run's documents and their links, in a stable order.

    ``groups``: ``document_groups(docs)`` when the caller has it already."""
    groups = document_groups(docs) if groups is None else groups
    findings: list[Finding] = []
    children: dict[str, set[str]] = {}
    pairs: list[tuple[str, str, Link]] = []
    seen: set[tuple[str, str]] = set()
    for link in links.links:
        if link.child not in docs:
            continue
        if link.parent is None or link.parent not in docs:
            findings.append(_unresolved(link, docs[link.child]))
            continue
        child, parent = groups[link.child], groups[link.parent]
        children.setdefault(parent, set()).add(child)
        if (child, parent) in seen:
            continue
        seen.add((child, parent))
        pairs.append((link.child, link.parent, link))
    for child_stem, parent_stem, link in pairs:
        child, parent = docs[child_stem], docs[parent_stem]
        findings += _date_order(child_stem, child, parent_stem, parent, link)
        findings += _target_below(child_stem, child, parent_stem, parent)
        findings += _deadline_after(child_stem, child, parent_stem, parent)
    by_head: dict[str, list[str]] = {}
    for stem, doc in docs.items():
        key = issuer_key(_name(doc))
        if key is not None:
            by_head.setdefault(key.head, []).append(stem)
    for stem in sorted(docs):
        if groups[stem] == stem and not docs[stem].errors:
            findings += _missing_subplans(stem, docs[stem], docs, children.get(stem, set()), groups, by_head)
    return _sorted(findings)


_KIND_ORDER = (
    "date_order",
    "target_below_parent",
    "deadline_after_parent",
    "missing_subplan",
    "unresolved_parent",
)


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (_KIND_ORDER.index(f.kind), f.child or "", f.parent or ""))


def corpus_view(doc: Document, strings: dict[str, str] | None = None) -> Document:
    """The part of a document that linking and these checks read, for holding a large run in memory.

    Cited references lose their text (only basis references are quoted as evidence), bodies
    keep only the tasks by which a parent orders a sub-plan, recipients are dropped. Linking
    and checking a run give the same result over these views as over whole documents.
    ``strings`` (one dict for a run's views) lets equal strings of different views be one
    object: issuer names, types and cited numbers repeat across a run, and in 10 000 views
    only a fifth of the 57 MB of strings were distinct.
    """
    references = [
        r if r.role == "basis" else r.model_copy(update={"text": "", "title": None}) for r in doc.references
    ]
    bodies = [
        b.model_copy(update={"tasks": [t for t in b.tasks if orders_subplan(t.text)], "aliases": []})
        for b in doc.bodies
        if b.role in ("responsible", "requested")
    ]
    info = doc.document.model_copy(update={"recipients": []})
    view = doc.model_copy(update={"references": references, "bodies": bodies, "document": info})
    share_memory(view, {} if strings is None else strings)
    return view
