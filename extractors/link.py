"""Corpus links: which document in a run each plan implements (child -> parent edges).

A document is identified, as Nghị định 30/2020/NĐ-CP lays out its header, by its
number and symbol (số, ký hiệu), its type, its issuer (cơ quan ban hành) and its
year. A plan names its parents in its preamble ("Căn cứ Kế hoạch số 97/KH-UBND
ngày 04/6/2018 của UBND TP.Cần Thơ về ..."): every such ``basis`` reference gives
one :class:`Link`, resolved to a document of the run when one fits:

* ``number`` — the canonical numbers agree and so do issuer and year (378/QĐ-UBND
  of one province is not 378/QĐ-UBND of another);
* ``title`` — the parent has no printed number (a copy without its header): the
  issuer fits, the cited date is plausible and the cited title matches the
  document's own; the cited number becomes the document's ``inferred_number``;
* ``issuer_date_title`` — the numbers disagree (a misprint in the citation or in
  the copy) but issuer, date and title agree; lower confidence.

Inputs that are one document (a PDF and a DOCX of it, a news article about it)
form a group: links point at the group's representative and a basis reference
the representative already gives is not given again by the other members.

Everything here is pure: documents in, :class:`Links` out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

import regex

from khplan.schemas import Document, Link, LinkedDocument, Links, Reference
from khplan.schemas.compact import share_memory

from .clean import collapse_spaces, fold, normalize_tones
from .docnumber import canonical_number
from .gazetteer import abbreviation_key, doc_type_by_code, unit_levels
from .names import expand_abbreviations, unit_of

SECONDARY_SOURCE = "secondary_source"
MatchKind = Literal["number", "title", "issuer_date_title"]


@cache
def corpus_settings() -> dict[str, Any]:
    """The corpus step's word lists and thresholds (``data/corpus.json``)."""
    text = resources.files("khplan.extractors").joinpath("data", "corpus.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _link_settings() -> dict[str, Any]:
    settings: dict[str, Any] = corpus_settings()["link"]
    return settings


# --- text keys -------------------------------------------------------------------------------------------


_WORD = regex.compile(r"[a-z0-9]+")


def tokens(text: str | None) -> tuple[str, ...]:
    """Folded word tokens, tone placement normalised: 'Hoá' and 'hóa' give 'hoa'."""
    if not text:
        return ()
    return _tokens(text)


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    # Titles and issuer names recur across a corpus: cached, they are folded once.
    return tuple(_WORD.findall(fold(normalize_tones(text))))


def token_similarity(a: str | None, b: str | None, stopwords: frozenset[str] = frozenset()) -> float:
    """Token F1 of two texts after folding, ``stopwords`` left out; 0.0 when either is empty."""
    ta = Counter(t for t in tokens(a) if t not in stopwords)
    tb = Counter(t for t in tokens(b) if t not in stopwords)
    if not ta or not tb:
        return 0.0
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


@cache
def _title_stopwords() -> frozenset[str]:
    return frozenset(_link_settings()["title_stopwords"])


def title_similarity(a: str | None, b: str | None) -> float:
    """How alike two trích yếu are: token F1 without the words every plan title opens with."""
    return token_similarity(a, b, _title_stopwords())


def type_key(code: str | None) -> str | None:
    """One key per document type code: 'QĐ', 'QD', 'Qd' -> the gazetteer's code."""
    if not code:
        return None
    t = doc_type_by_code().get(abbreviation_key(code))
    return t.code if t else abbreviation_key(code)


_YEAR_IN_NUMBER = regex.compile(r"/((?:19|20)\d{2})/")
_ISO_YEAR = regex.compile(r"\d{4}-")


def year_of(number: str | None, date: str | None) -> int | None:
    """The year a document is from: its ISO date's, else the one some numbers carry (21/2022/NQ-HĐND)."""
    if date and _ISO_YEAR.match(date):
        return int(date[:4])
    m = _YEAR_IN_NUMBER.search(number or "")
    return int(m.group(1)) if m else None


# --- issuers ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IssuerKey:
    """An issuer name taken apart: the body ('ủy ban nhân dân', 'thư viện', 'sở văn hóa ...'),
    the administrative unit word ('huyện') and the place ('cẩm thủy'), all folded."""

    full: str
    head: str
    unit: str | None
    place: str


_PLACE_WORDS = regex.compile(r"^(?:(?:\p{Lu}[\p{L}\-]*|\d+|-)(?:\s+|$))+")


def issuer_key(name: str | None) -> IssuerKey | None:
    """The parts of an issuer name, or None when no name is given."""
    if not name or not name.strip():
        return None
    return _issuer_key(name)


@lru_cache(maxsize=65536)
def _issuer_key(name: str) -> IssuerKey:
    expanded = collapse_spaces(expand_abbreviations(normalize_tones(name)))
    full = " ".join(tokens(expanded))
    unit = unit_of(expanded)
    if unit is None:
        return IssuerKey(full, full, None, "")
    word, place = unit
    # The place is the run of capitalised words after the unit word; lower-case words are
    # what a reference extractor glued on ("... thành phố phát triển văn hóa đọc ...").
    m = _PLACE_WORDS.match(place)
    place_key = " ".join(tokens(m.group(0))) if m else ""
    idx = fold(expanded).rfind(fold(word))
    head = " ".join(tokens(expanded[:idx])) if idx > 0 else ""
    return IssuerKey(full, head, " ".join(tokens(word)), place_key)


def _unit_level(unit: str | None) -> str | None:
    if unit is None:
        return None
    for word, level in unit_levels().items():
        if " ".join(tokens(word)) == unit:
            return level
    return None


_LEVEL_RANK = {"central": 0, "province": 1, "district": 2, "commune": 3}


@lru_cache(maxsize=1 << 16)  # a run compares a few hundred issuer names, each many times
def issuer_agreement(cited: str | None, candidate: str | None, citing: str | None = None) -> float:
    """How sure it is that ``cited`` (as a reference states it) names ``candidate`` (a document's issuer).

    0.0 means they are different bodies. ``citing`` is the issuer of the document
    that makes the reference: a bare unit ("của UBND huyện") is read relative to it
    — its own unit when it has one of that kind, else its superior unit of that kind.
    Scores come from ``data/corpus.json``.
    """
    s = _link_settings()
    a, b = issuer_key(cited), issuer_key(candidate)
    if a is None or b is None:
        return float(s["issuer_unknown"])
    if a.full == b.full:
        return float(s["issuer_equal"])
    if a.head != b.head:
        # "Sở Văn hóa" (a name cut at a comma) for "Sở Văn hóa, Thể thao và Du lịch".
        (short, shorter), (_, longer) = sorted(((a, a.full), (b, b.full)), key=lambda kv: len(kv[1]))
        if short.unit is None and longer.startswith(shorter + " "):
            return float(s["issuer_truncated"])
        return 0.0
    if a.unit is None or b.unit is None:
        # "Sở Văn hóa, Thể thao và Du lịch" and the same Sở with its city named.
        return float(s["issuer_place_unstated"])
    if a.unit != b.unit:
        return 0.0
    if a.place and b.place:
        return float(s["issuer_equal"]) if a.place == b.place else 0.0
    # One side is a bare unit ("Ủy ban nhân dân huyện"): read it relative to the citing document.
    bare, named = (a, b) if not a.place else (b, a)
    own = issuer_key(citing)
    if own is not None and own.unit == bare.unit and own.place:
        return float(s["issuer_equal"]) if own.place == named.place else 0.0
    own_rank = _LEVEL_RANK.get(_unit_level(own.unit) or "", -1) if own else -1
    bare_rank = _LEVEL_RANK.get(_unit_level(bare.unit) or "", -1)
    if own is None or own.unit is None or (0 <= bare_rank < own_rank):
        # A superior unit of that kind: it fits, but which district a commune is in is not in the text.
        return float(s["issuer_relative"])
    return 0.0


# --- identities and groups -------------------------------------------------------------------------------


def identity_key(doc: Document) -> tuple[str | None, str | None, str | None, int | None]:
    """A document's identity (Nghị định 30/2020/NĐ-CP): canonical number, type, issuer, year."""
    return _identity_key(
        doc.document.number,
        doc.document.doc_type,
        _issuer_name(doc),
        doc.document.issued_year,
        doc.document.issued_date,
    )


@lru_cache(maxsize=65536)
def _identity_key(
    number: str | None,
    doc_type: str | None,
    issuer_name: str | None,
    issued_year: int | None,
    issued_date: str | None,
) -> tuple[str | None, str | None, str | None, int | None]:
    # Cached on the fields it reads: duplicate search asks for the same documents' keys again and again.
    issuer = issuer_key(issuer_name)
    year = issued_year or year_of(number, issued_date)
    return canonical_number(number), type_key(doc_type), issuer.full if issuer else None, year


def is_secondary(doc: Document) -> bool:
    """A news article or notice about a document rather than the document itself."""
    return any(w.code == SECONDARY_SOURCE for w in doc.warnings)


def _issuer_name(doc: Document) -> str | None:
    return doc.document.issuer.name if doc.document.issuer else None


def _year(doc: Document) -> int | None:
    return doc.document.issued_year or year_of(doc.document.number, doc.document.issued_date)


def _compatible_years(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def _same_document(a: Document, b: Document) -> bool:
    """Two inputs that are one document: same file, or same number/type/issuer/year, or (both
    unnumbered) the same issuer, date and title."""
    if a.source.sha256 and a.source.sha256 == b.source.sha256:
        return True
    ka, kb = identity_key(a), identity_key(b)
    if ka[1] and kb[1] and ka[1] != kb[1]:
        return False
    if not _compatible_years(ka[3], kb[3]):
        return False
    agreement = issuer_agreement(_issuer_name(a), _issuer_name(b))
    if ka[0] and kb[0]:
        return ka[0] == kb[0] and agreement > 0.0
    if ka[0] or kb[0]:
        return False
    return (
        agreement >= float(_link_settings()["issuer_equal"])
        and a.document.issued_date == b.document.issued_date
        and title_similarity(a.document.title, b.document.title)
        >= float(_link_settings()["title_same_document"])
    )


def _richness(doc: Document) -> int:
    return len(doc.references) + len(doc.targets) + len(doc.deadlines) + len(doc.bodies)


def document_groups(docs: Mapping[str, Document]) -> dict[str, str]:
    """Stem -> the stem representing its group (itself when the document is alone).

    The representative is the primary source (not a news article), then the one
    with the most extracted content, then the first stem.
    """
    stems = sorted(s for s, d in docs.items() if not d.errors)
    parent = {s: s for s in docs}

    def root(s: str) -> str:
        while parent[s] != s:
            s = parent[s]
        return s

    # Only inputs that share a file hash, a number, or (unnumbered) a date can be one document;
    # pairs are compared inside those buckets, so a large run is not compared pair by pair.
    buckets: dict[tuple[str, str | None], list[str]] = {}
    for s in stems:
        d = docs[s]
        if d.source.sha256:
            buckets.setdefault(("sha", d.source.sha256), []).append(s)
        number = canonical_number(d.document.number)
        key = ("number", number) if number else ("date", d.document.issued_date)
        buckets.setdefault(key, []).append(s)
    for bucket in buckets.values():
        # Each input is compared with the groups found so far in its bucket (their first member),
        # not with every other input: many copies of one document stay linear.
        heads: list[str] = []
        for b in bucket:
            for a in heads:
                if root(a) != root(b) and _same_document(docs[a], docs[b]):
                    parent[root(b)] = root(a)
                    break
            else:
                if root(b) == b:
                    heads.append(b)
    members: dict[str, list[str]] = {}
    for s in docs:
        members.setdefault(root(s), []).append(s)
    out: dict[str, str] = {}
    for group in members.values():
        rep = min(group, key=lambda s: (is_secondary(docs[s]), -_richness(docs[s]), s))
        out.update(dict.fromkeys(group, rep))
    return out


# --- resolving one reference -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a basis reference points in the run, how and how surely."""

    parent: str | None
    match: MatchKind | None
    confidence: float


_NO_MATCH = Resolution(None, None, 0.0)
_TIER = {"number": 3, "title": 2, "issuer_date_title": 1}


def _earliest_possible(doc: Document) -> str | None:
    """A document is issued no earlier than the latest document it cites."""
    dates = [r.issued_date for r in doc.references if r.issued_date]
    return max(dates) if dates else None


def _date_score(ref: Reference, cand: Document, child: Document) -> float | None:
    """1.0 when the cited date is the document's printed date, 0.5 when it is only plausible,
    None when it is impossible (another printed date or year, before what the document cites,
    after the citing document)."""
    info = cand.document
    ref_year = year_of(ref.number, ref.issued_date)
    if ref.issued_date and info.issued_date:
        return 1.0 if ref.issued_date == info.issued_date else None
    if not _compatible_years(ref_year, _year(cand)):
        return None
    earliest = _earliest_possible(cand)
    if ref.issued_date and earliest and ref.issued_date < earliest:
        return None
    if ref.issued_date and child.document.issued_date and ref.issued_date > child.document.issued_date:
        return None
    return 0.5


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _deletions(key: str) -> set[str]:
    """The key with one character left out, every way: two keys within one edit share one."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))} | {key}


def _head_word(name: str | None) -> str | None:
    key = issuer_key(name)
    return key.full.split(" ")[0] if key and key.full else None


@dataclass(frozen=True, slots=True)
class CandidateKeys:
    """What every reference compares a candidate parent by, worked out once per document."""

    number: str | None
    doc_type: str | None
    issuer: str | None
    year: int | None

    @classmethod
    def of(cls, doc: Document) -> CandidateKeys:
        info = doc.document
        return cls(canonical_number(info.number), type_key(info.doc_type), _issuer_name(doc), _year(doc))


class CandidateIndex:
    """The documents a reference may name, found without scanning the whole run.

    A reference can only resolve to a document with its number, one a character away
    (a misprint), one with its date, or one without a printed number whose title is
    similar enough; the indexes give exactly those, so the result is the same as comparing
    every document. Unnumbered documents are found through their title words: a title
    sharing too few words with the cited title cannot reach the similarity threshold.
    """

    def __init__(self, docs: Mapping[str, Document]) -> None:
        self.docs = docs
        self.keys = {stem: CandidateKeys.of(doc) for stem, doc in docs.items()}
        self.by_number: dict[str, list[str]] = {}
        # Lists, not sets: 10 000 numbers make 95 000 variants, nearly all with one document.
        self.by_deletion: dict[str, list[str]] = {}
        self.by_date: dict[str, list[str]] = {}
        self.unnumbered_by_head: dict[str | None, set[str]] = {}
        self.title_postings: dict[str, list[tuple[str, int]]] = {}
        self.title_sizes: dict[str, int] = {}
        self._similar: dict[str | None, set[str]] = {}  # many references cite the same title
        # ... and the same number: the documents with it or one a character away, by cited number
        # (a few stems each, not the deletions: those of a run's numbers took 46 MB at 10 000 plans)
        self._numbered: dict[str, tuple[str, ...]] = {}
        stop = _title_stopwords()
        for stem, doc in docs.items():
            info = doc.document
            key = self.keys[stem].number
            if key:
                self.by_number.setdefault(key, []).append(stem)
                for variant in _deletions(key):
                    self.by_deletion.setdefault(variant, []).append(stem)
            else:
                self.unnumbered_by_head.setdefault(_head_word(self.keys[stem].issuer), set()).add(stem)
                words = Counter(t for t in tokens(info.title) if t not in stop)
                self.title_sizes[stem] = sum(words.values())
                for word, count in words.items():
                    self.title_postings.setdefault(word, []).append((stem, count))
            if info.issued_date:
                self.by_date.setdefault(info.issued_date, []).append(stem)

    def _similar_titles(self, title: str | None) -> set[str]:
        """Unnumbered documents whose title can reach ``title_min`` token F1 with ``title``."""
        found = self._similar.get(title)
        if found is None:
            found = self._similar[title] = self._find_similar_titles(title)
        return found

    def _find_similar_titles(self, title: str | None) -> set[str]:
        words = Counter(t for t in tokens(title) if t not in _title_stopwords())
        size = sum(words.values())
        if not size:
            return set()
        common: Counter[str] = Counter()
        for word, count in words.items():
            for stem, other in self.title_postings.get(word, ()):
                common[stem] += min(count, other)
        threshold = float(_link_settings()["title_min"])
        return {s for s, c in common.items() if 2 * c / (size + self.title_sizes[s]) >= threshold}

    def _with_number(self, key: str) -> tuple[str, ...]:
        found = self._numbered.get(key)
        if found is None:
            stems = set(self.by_number.get(key, ()))
            for variant in _deletions(key):
                stems.update(self.by_deletion.get(variant, ()))
            found = self._numbered[key] = tuple(stems)
        return found

    def for_reference(self, ref: Reference) -> set[str]:
        stems: set[str] = set()
        key = canonical_number(ref.number)
        if key:
            stems.update(self._with_number(key))
        if ref.issued_date:
            stems.update(self.by_date.get(ref.issued_date, ()))
        similar = self._similar_titles(ref.title)
        if similar:
            head = _head_word(ref.issuer)
            if head is None:
                stems.update(similar)
            else:
                allowed = self.unnumbered_by_head.get(head, set()) | self.unnumbered_by_head.get(None, set())
                stems.update(similar & allowed)
        return stems


def resolve_reference(
    ref: Reference,
    child: Document,
    candidates: Mapping[str, Document],
    keys: Mapping[str, CandidateKeys] | None = None,
) -> Resolution:
    """The best document among ``candidates`` (stem -> document, the child's own group left out)
    that ``ref`` names, or no parent. ``keys`` (stem -> ``CandidateKeys``) spares working them out
    again for each reference of a run."""
    s = _link_settings()
    ref_key = canonical_number(ref.number)
    ref_type = type_key(ref.doc_type)
    ref_year = year_of(ref.number, ref.issued_date)
    citing = _issuer_name(child)
    best = _NO_MATCH
    for stem, cand in sorted(candidates.items()):
        info = cand.document
        own = keys[stem] if keys is not None else CandidateKeys.of(cand)
        issuer = issuer_agreement(ref.issuer, own.issuer, citing)
        if issuer <= 0.0:
            continue
        cand_type = own.doc_type
        if ref_type and cand_type and ref_type != cand_type:
            continue
        cand_key = own.number
        found: Resolution | None = None
        if ref_key and cand_key == ref_key:
            if not _compatible_years(ref_year, own.year):
                continue
            conf = float(s["number_base"]) + float(s["number_issuer_weight"]) * issuer
            if ref.issued_date and ref.issued_date == info.issued_date:
                conf += float(s["number_date_bonus"])
            found = Resolution(stem, "number", min(conf, 1.0))
        else:
            date = _date_score(ref, cand, child)
            title = title_similarity(ref.title, info.title)
            if date is None or title < float(s["title_min"]):
                continue
            w = s["title_weights"]
            conf = float(w["title"]) * title + float(w["issuer"]) * issuer + float(w["date"]) * date
            if cand_key is None:
                found = Resolution(stem, "title", round(conf, 3))
            elif date == 1.0 or (ref_key and _edit_distance(ref_key, cand_key) <= 1):
                # A misprint in one of the two numbers: the dates or the numbers nearly agree.
                found = Resolution(stem, "issuer_date_title", round(min(conf, float(s["misprint_cap"])), 3))
        if found and (_TIER[found.match or "number"], found.confidence) > (
            _TIER[best.match] if best.match else 0,
            best.confidence,
        ):
            best = found
    return best


# --- the corpus ------------------------------------------------------------------------------------------


_SENTENCE_END = regex.compile(r"(?<=[.;:!?])\s+|\n")


def reference_sentence(ref: Reference, text: str | None) -> str:
    """The sentence (or preamble clause) holding a reference, from the document's text when it is
    given and the span fits; the reference's own text otherwise."""
    fallback: str = ref.text
    start, end = ref.span
    if not text or not (0 <= start < end <= len(text)):
        return fallback
    left = 0
    for boundary in _SENTENCE_END.finditer(text, 0, start):
        left = boundary.end()
    after = _SENTENCE_END.search(text, end)
    right = after.start() if after else len(text)
    return collapse_spaces(text[left:right]).strip(" ;:") or fallback


def forget_run() -> None:
    """Empty the caches of titles and names that linking and checking a run fill (up to 65,536
    entries each: 9 MB of title words at 10 000 documents), once a run no longer needs them."""
    for cached in (_tokens, _issuer_key, issuer_agreement, _identity_key):
        cached.cache_clear()


def link_documents(
    docs: Mapping[str, Document],
    texts: Mapping[str, str] | None = None,
    groups: Mapping[str, str] | None = None,
) -> Links:
    """``corpus/links.json`` for a run: one link per basis reference, parents resolved in the run.

    ``docs`` maps output stems to documents. ``texts`` (optional, stem -> the text the
    spans point into) lets a link quote the whole citing sentence as its evidence.
    ``groups``: ``document_groups(docs)`` when the caller has it already.
    """
    groups = document_groups(docs) if groups is None else groups
    reps = {s: d for s, d in docs.items() if groups[s] == s and not d.errors}
    index = CandidateIndex(reps)
    keys = index.keys
    inferred: dict[str, tuple[str, str, float]] = {}
    links: list[Link] = []
    for stem in sorted(docs):
        doc = docs[stem]
        rep = groups[stem]
        rep_basis = (
            {canonical_number(r.number) for r in docs[rep].references if r.role == "basis"}
            if rep != stem
            else set()
        )
        seen: set[str | None] = set()
        for ref in doc.references:
            key = canonical_number(ref.number)
            if ref.role != "basis" or key in seen or key in rep_basis:
                continue
            seen.add(key)
            candidates = {s: reps[s] for s in index.for_reference(ref) if groups[s] != rep}
            res = resolve_reference(ref, doc, candidates, keys)
            links.append(
                Link(
                    child=stem,
                    parent_number=ref.number,
                    parent=res.parent,
                    match=res.match,
                    confidence=res.confidence,
                    evidence=reference_sentence(ref, (texts or {}).get(stem)),
                )
            )
            if res.match == "title" and res.parent is not None:
                previous = inferred.get(res.parent)
                if previous is None or res.confidence > previous[2]:
                    inferred[res.parent] = (ref.number, stem, res.confidence)
    documents = []
    for stem in sorted(docs):
        got = inferred.get(groups[stem])
        documents.append(
            LinkedDocument(
                stem=stem,
                number=docs[stem].document.number,
                inferred_number=got[0] if got else None,
                inferred_from=got[1] if got else None,
            )
        )
    result = Links(documents=documents, links=links)
    # A run holds its links until the tables are written: 31 000 links of 10 000 plans took 34 MB,
    # 25 MB of it field sets and equal strings (stems, cited numbers) that can be one object.
    share_memory(result, {})
    return result
