"""The shared spaCy pipeline and the content data files, each loaded once per process.

The pipeline is a blank Vietnamese one (no model download, no pyvi word
segmentation) whose tokenizer also splits punctuation off words, then two rule
components:

* ``entity_ruler`` — ``BODY`` entities: agency names and abbreviations from the
  gazetteer (``agencies.tsv``) and token patterns from ``patterns_bodies.jsonl``
  (a body head from ``body_heads.txt`` and ``bodies.json`` then the words of its
  name: "Sở Văn hóa", "Ủy ban nhân dân 16 phường", "Thư viện thành phố");
* ``role_cues`` — spans in ``doc.spans["roles"]`` labelled by the cue they are
  (``task``, ``adverb``, ``coordinate``, ``request``, ``assign``, ``report``),
  from ``patterns_roles.jsonl``.

``parse(view)`` runs it once over a document's view; the ``Doc``'s character
offsets are the view's, which is as long as the text, so spans carry over.
Character-level patterns (numbers, dates) stay with the ``regex`` package.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is imported on first use: a run that reads no content never loads it
    from spacy.language import Language
    from spacy.tokens import Doc

BODY = "BODY"
_CLAUSE_END = frozenset({".", ";", ":"})
ROLES = "roles"

# Tokens kept whole although the default rules would split them: document numbers
# ("155/KH-UBND", "06/2020/NĐ-CP"). Anchored at both ends, so a trailing comma still splits.
_DOC_NUMBER = r"^\d+(?:/\d{2,4})?/[A-ZĐ][\wĐđ&.]*(?:-[\wĐđ&.]*[\wĐđ&])+$"


def data_text(name: str) -> str:
    """The text of ``extractors/data/<name>``."""
    return resources.files("khplan.extractors").joinpath("data", name).read_text(encoding="utf-8")


@cache
def data_json(name: str) -> dict[str, Any]:
    """A JSON data file, parsed once."""
    data: dict[str, Any] = json.loads(data_text(name))
    return data


@cache
def data_rows(name: str) -> tuple[str, ...]:
    """The non-blank, non-comment lines of a data file."""
    return tuple(
        line.strip() for line in data_text(name).splitlines() if line.strip() and not line.startswith("#")
    )


def data_jsonl(name: str) -> list[dict[str, Any]]:
    """The objects of a JSON-lines data file."""
    return [json.loads(line) for line in data_text(name).splitlines() if line.strip()]


def _tokenizer(nlp: Language) -> Any:
    """spaCy's own prefix, suffix and infix rules, plus a dot glued between capitals ('TP.Cần Thơ').

    The exceptions for white space ("\\n", " ") are left out: they give the same tokens as the
    plain rules, but once a document hits one, spaCy caches none of its later words, so every
    line after the first was tokenized afresh (three times slower over a plan).
    """
    from spacy.lang.char_classes import ALPHA_UPPER
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    d = nlp.Defaults
    infixes = [*(d.infixes or ()), rf"(?<=[{ALPHA_UPPER}])\.(?=[{ALPHA_UPPER}])"]
    return Tokenizer(
        nlp.vocab,
        rules={k: v for k, v in (d.tokenizer_exceptions or {}).items() if k.strip()},
        prefix_search=compile_prefix_regex(d.prefixes or ()).search,
        suffix_search=compile_suffix_regex(d.suffixes or ()).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=re.compile(_DOC_NUMBER).match,
        url_match=d.url_match,
    )


def _phrases(nlp: Language, words: Iterable[str]) -> list[tuple[str, ...]]:
    return sorted({tuple(t.text for t in nlp.make_doc(w)) for w in words})


@dataclass(frozen=True, slots=True)
class _NameRules:
    """What may follow a body head inside its name, as token tuples (from the data files)."""

    heads: list[tuple[str, ...]]  # capitalised heads and abbreviations of bodies ("UBND")
    lower_heads: list[tuple[str, ...]]  # heads that open a further name in lower case (", thư viện quận")
    standalone: frozenset[tuple[str, ...]]  # heads that are whole names ("Công an", "Tỉnh ủy")
    units: dict[str, list[tuple[str, ...]]]  # first word -> unit words ("thành phố")
    stops: dict[str, list[tuple[str, ...]]]  # first word -> phrases that end a name (verbs, linking words)
    connectors: frozenset[str]
    collectives: frozenset[str]
    max_lower: int


def _by_first(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in sorted(phrases, key=len, reverse=True):
        out.setdefault(p[0], []).append(p)
    return out


def _name_rules(nlp: Language) -> _NameRules:
    from .gazetteer import agencies, body_heads

    c = data_json("bodies.json")
    words = {*body_heads(), *c["heads"]}
    firsts = {h.split()[0] for h in words}
    # An abbreviation heads a name when the body it stands for does ("UBND" -> "Ủy ban nhân dân").
    words |= {
        a.abbreviation for a in agencies().values() if a.name.split()[:1] and a.name.split()[0] in firsts
    }
    kinds = {row["kind"]: row for row in data_jsonl("patterns_bodies.jsonl")}
    stops = [*c["task_verbs"], *c["adverbs"], *c["name_stop_words"]]
    return _NameRules(
        heads=_phrases(nlp, words),
        lower_heads=_phrases(nlp, c["lower_heads"]),
        standalone=frozenset(_phrases(nlp, c["standalone_heads"])),
        units=_by_first(_phrases(nlp, c["unit_words"])),
        stops=_by_first(_phrases(nlp, [w.lower() for w in stops])),
        connectors=frozenset(kinds["connector"]["words"]),
        collectives=frozenset(kinds["collective"]["words"]),
        max_lower=int(kinds["max_lower"]["count"]),
    )


def _at(doc: Doc, i: int, table: dict[str, list[tuple[str, ...]]], *, lower: bool = False) -> int:
    """Length of the longest phrase of ``table`` at token ``i`` (0 when none)."""
    first = doc[i].lower_ if lower else doc[i].text
    for phrase in table.get(first, ()):
        n = len(phrase)
        if i + n <= len(doc) and all(
            (doc[i + k].lower_ if lower else doc[i + k].text) == phrase[k] for k in range(n)
        ):
            return n
    return 0


def _is_capital(text: str) -> bool:
    return text[:1].isupper()


def _gap(doc: Doc, i: int) -> bool:
    """Only spaces (no line break) between token ``i`` and the next one."""
    return "\n" not in doc[i].whitespace_ and i + 1 < len(doc) and not doc[i + 1].is_space


def _tail(doc: Doc, i: int, rules: _NameRules) -> int:
    """Where a name whose head ends before token ``i`` ends: the words that may follow a head."""
    end = i
    n = len(doc)
    while end < n and _gap(doc, end - 1):
        t = doc[end].text
        if _is_capital(t) and not doc[end].is_punct:
            end += 1
            # A capitalised word carries a few lower-case words of the same name ("Văn hóa").
            for _ in range(rules.max_lower):
                if (
                    end < n
                    and _gap(doc, end - 1)
                    and doc[end].is_lower
                    and not _at(doc, end, rules.stops)
                    and not _at(doc, end, rules.units)
                ):
                    end += 1
                else:
                    break
            continue
        # "TP.Cần Thơ": a dot glued between capitals is inside the name.
        if t == "." and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
            if end + 1 < n and _is_capital(doc[end + 1].text):
                end += 1
                continue
        if doc[end].is_digit:
            end += 1
            continue
        k = _at(doc, end, rules.units)
        if k:
            end += k
            continue
        if t in rules.connectors and end + 1 < n and _gap(doc, end) and _is_capital(doc[end + 1].text):
            end += 1
            continue
        if t in rules.collectives and end + 1 < n and _gap(doc, end) and _at(doc, end + 1, rules.units):
            end += 1
            continue
        break
    return end


def _make_body_names(nlp: Language, name: str) -> Any:
    """The ``body_names`` component: body heads found by a ``PhraseMatcher``, each grown into its name.

    A head opens a name only before a capitalised word, a number, a unit word or
    'các' ("Ban Tuyên giáo", "Thư viện huyện"; not "Ban hành"), or when it is a whole
    name itself ("Công an") or a collective ("Các sở thực hiện …"). A name goes on
    after a comma with another name or unit words ("Ủy ban nhân dân quận, huyện"; "Thư viện thành phố, thư viện quận"): such a
    run is one ``BODY`` entity, which the bodies stage splits. Gazetteer names already
    found by the entity ruler win where they are longer.
    """
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Span
    from spacy.util import filter_spans

    rules = _name_rules(nlp)
    heads = PhraseMatcher(nlp.vocab)
    heads.add("head", [nlp.make_doc(" ".join(h)) for h in rules.heads])
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    lower.add("lower", [nlp.make_doc(" ".join(h)) for h in rules.lower_heads])

    def whole(doc: Doc, start: int, end: int) -> bool:
        """A head that is a name by itself: a standalone one, or a collective ("Các sở")."""
        return (
            doc[start].lower_ in rules.collectives
            or tuple(t.text for t in doc[start:end]) in rules.standalone
        )

    def grow(doc: Doc, start: int, end: int, *, need_tail: bool) -> int:
        stop = _tail(doc, end, rules)
        if stop == end and need_tail and not whole(doc, start, end):
            nxt = doc[end] if end < len(doc) else None
            # A bare head ends a name only where the clause ends ("… giao Công an.").
            if nxt is not None and "\n" not in doc[end - 1].whitespace_ and nxt.text not in _CLAUSE_END:
                return -1
        return stop

    def body_names(doc: Doc) -> Doc:
        lower_at = {s: e for _, s, e in lower(doc)}
        found: list[Span] = []
        for _, s, e in sorted(heads(doc), key=lambda m: (m[1], -m[2])):
            if found and s < found[-1].end:
                continue  # inside a name already grown
            stop = grow(doc, s, e, need_tail=True)
            if stop < 0:
                continue
            # ", thư viện quận, huyện", ", huyện": further names or units after a comma.
            while stop + 1 < len(doc) and doc[stop].text == "," and _gap(doc, stop):
                if stop + 1 in lower_at and not _at(doc, stop + 1, rules.units):
                    nxt = grow(doc, stop + 1, lower_at[stop + 1], need_tail=False)
                else:
                    k = _at(doc, stop + 1, rules.units)
                    nxt = stop + 1 + k if k else -1
                if nxt < 0:
                    break
                stop = nxt
            found.append(Span(doc, s, stop, label=BODY))
        doc.ents = filter_spans([*doc.ents, *found])
        return doc

    return body_names


def _make_role_cues(nlp: Language, name: str) -> Any:
    """The ``role_cues`` component: cue phrases (``patterns_roles.jsonl``) as spans in ``doc.spans``.

    Overlapping cues are all kept ("phối hợp" is a task verb and a partner cue).
    """
    from spacy.matcher import PhraseMatcher

    c = data_json("bodies.json")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for row in data_jsonl("patterns_roles.jsonl"):
        phrases = c[row["list"]] if "list" in row else row["phrases"]
        matcher.add(row["label"], [nlp.make_doc(p.lower()) for p in phrases])

    def role_cues(doc: Doc) -> Doc:
        doc.spans[ROLES] = matcher(doc, as_spans=True)
        return doc

    return role_cues


def gazetteer_patterns() -> list[dict[str, Any]]:
    """Entity-ruler patterns: full names of bodies in ``agencies.tsv`` ("Sở Văn hóa, Thể thao và Du lịch")."""
    from .gazetteer import agencies

    names = {a.name for a in agencies().values() if a.level and a.name[:1].isupper()}
    return [{"label": BODY, "pattern": n, "id": "gazetteer"} for n in sorted(names)]


@cache
def load_nlp() -> Language:
    """The blank Vietnamese pipeline with its rule components, built once per process."""
    import spacy
    from spacy.language import Language

    for factory, make in (("body_names", _make_body_names), ("role_cues", _make_role_cues)):
        if factory not in Language.factories:
            Language.factory(factory)(make)
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = _tokenizer(nlp)
    # Phrase patterns only: the ruler then runs a PhraseMatcher, not a token Matcher.
    ruler = nlp.add_pipe("entity_ruler", config={"validate": False, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("body_names")
    nlp.add_pipe("role_cues")
    # spaCy refuses texts over 1,000,000 characters to protect its parsers' memory; this
    # pipeline has none, and how long a text may be is khplan's own limit (--max-chars).
    nlp.max_length = 50_000_000
    return nlp


# spaCy's vocabulary keeps every distinct word it has seen, with its tokenizer-cache entry (about
# 1.5 KB each), and document numbers, dates and names add new ones with every document: a worker
# grew 35 MB over 5,000 plans. So the pipeline is built afresh (0.1 s) once it knows this many
# words. 200 real national documents (6.4 M characters) bring it to 8,400. spaCy's own
# ``memory_zone`` frees a document's words after it, but then no word stays cached across
# documents and extraction was 1.8 times slower.
MAX_VOCAB = 20_000


_DIGIT = re.compile(r"\d")


def parse(view: str) -> Doc:
    """One spaCy pass over the whole view of a document, its digits read as 0s.

    No rule reads a digit's value from a token (names, roles and their offsets need only that it is
    one), and every distinct number, date or document number was a new word in spaCy's vocabulary
    and tokenizer cache: most of a worker's growth over a long run. ``doc.text`` keeps the view's
    length, so every offset stays the view's.
    """
    nlp = load_nlp()
    if len(nlp.vocab) > MAX_VOCAB:
        load_nlp.cache_clear()
        nlp = load_nlp()
    return nlp(_DIGIT.sub("0", view))
