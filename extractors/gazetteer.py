"""Language knowledge loaded from the data files in ``extractors/data`` (once per process)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

import regex

from .clean import fold, normalize_tones


def _data_text(name: str) -> str:
    return resources.files("khplan.extractors").joinpath("data", name).read_text(encoding="utf-8")


def _rows(name: str) -> list[str]:
    return [line for line in _data_text(name).splitlines() if line.strip() and not line.startswith("#")]


_NOT_KEY = regex.compile(r"[^A-Z0-9]")


def abbreviation_key(text: str) -> str:
    """Folded key of an abbreviation: 'Sở VH,TT&DL' and 'SVHTTDL' -> 'SVHTTDL'."""
    return _NOT_KEY.sub("", fold(text).upper())


@dataclass(frozen=True, slots=True)
class DocType:
    code: str
    name: str
    codes: tuple[str, ...]
    headings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Agency:
    abbreviation: str
    name: str
    level: str | None


@cache
def doc_types() -> tuple[DocType, ...]:
    data = json.loads(_data_text("doc_types.json"))
    return tuple(
        DocType(t["code"], t["name"], tuple(t["codes"]), tuple(t["headings"])) for t in data["types"]
    )


@cache
def doc_type_by_code() -> dict[str, DocType]:
    """Every spelling of a type code, folded (QĐ, QD, Qd) -> its type."""
    table: dict[str, DocType] = {}
    for t in doc_types():
        for code in (t.code, *t.codes):
            table.setdefault(abbreviation_key(code), t)
    return table


@cache
def doc_type_by_heading() -> dict[str, DocType]:
    """Folded heading ('ke hoach') -> type."""
    return {fold(h): t for t in doc_types() for h in t.headings}


@cache
def mention_names() -> dict[str, str]:
    """Type names that introduce a reference in running text -> type code, longest first."""
    data: dict[str, str] = json.loads(_data_text("doc_types.json"))["mention_names"]
    return dict(sorted(data.items(), key=lambda kv: -len(kv[0])))


@cache
def type_code_by_name() -> dict[str, str]:
    """A type's name in lower case ('thông tư') -> its code: for a name printed in any case."""
    return {name.lower(): code for name, code in mention_names().items()}


def type_name(code: str | None) -> str | None:
    if not code:
        return None
    t = doc_type_by_code().get(abbreviation_key(code))
    return t.name if t else None


@cache
def agencies() -> dict[str, Agency]:
    """Folded abbreviation -> agency; the first row of a key wins."""
    table: dict[str, Agency] = {}
    for line in _rows("agencies.tsv"):
        cells = [*line.split("\t"), "", ""]
        abbr, name, level = cells[0].strip(), cells[1].strip(), cells[2].strip() or None
        table.setdefault(abbreviation_key(abbr), Agency(abbr, name, level))
    return table


@cache
def units() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_data_text("units.json"))
    return data


@cache
def unit_levels() -> dict[str, str]:
    """Unit word ('thành phố') -> level, longest first."""
    table: dict[str, str] = units()["units"]
    return dict(sorted(table.items(), key=lambda kv: -len(kv[0])))


@cache
def provinces() -> dict[str, bool]:
    """Folded province name -> True when it is a centrally-run city (thành phố trực thuộc TW)."""
    table: dict[str, bool] = {}
    for line in _rows("provinces.txt"):
        name = line.lstrip("*").strip()
        table[fold(name)] = line.startswith("*")
    return table


@cache
def province_names() -> tuple[str, ...]:
    return tuple(line.lstrip("*").strip() for line in _rows("provinces.txt"))


@cache
def body_heads() -> tuple[str, ...]:
    """Words that begin a body's name, longest first, in the matching tone style."""
    return tuple(sorted((normalize_tones(r.strip()) for r in _rows("body_heads.txt")), key=len, reverse=True))


@cache
def issuer_aliases() -> dict[str, str]:
    """Folded composed issuer name -> the name the body is known by (``data/issuer_aliases.tsv``)."""
    table: dict[str, str] = {}
    for line in _rows("issuer_aliases.tsv"):
        composed, _, name = line.partition("\t")
        table[" ".join(fold(composed).split())] = name.strip()
    return table


_WORD = regex.compile(r"[a-z0-9]+")


def word_key(text: str) -> tuple[str, ...]:
    """Folded words without punctuation: 'Phòng, chống' -> ('phong', 'chong')."""
    return tuple(_WORD.findall(fold(text)))


@cache
def abbreviation_contexts() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Folded abbreviation -> (words that may follow it, its meaning before them), longest words first
    (``data/abbreviation_contexts.tsv``): 'BCH' before 'Đoàn' is the Ban Chấp hành."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for line in _rows("abbreviation_contexts.tsv"):
        abbr, name, following = (cell.strip() for cell in [*line.split("\t"), "", ""][:3])
        for words in following.split("|"):
            if word_key(words):
                table.setdefault(abbreviation_key(abbr), []).append((word_key(words), name))
    return {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in table.items()}


@dataclass(frozen=True, slots=True)
class SyllableGrammar:
    onsets: tuple[str, ...]  # longest first
    rhymes: frozenset[str]  # without the tone mark
    stop_finals: tuple[str, ...]


@cache
def syllable_grammar() -> SyllableGrammar:
    """What a Vietnamese syllable may be made of (``data/syllables.json``)."""
    data = json.loads(_data_text("syllables.json"))
    return SyllableGrammar(
        tuple(sorted(data["onsets"], key=len, reverse=True)),
        frozenset(data["rhymes"]),
        tuple(data["stop_finals"]),
    )


_PHRASE = regex.compile(r"\p{L}+(?: \p{L}+)*")


def syllable_phrases(text: str) -> list[tuple[str, ...]]:
    """``text`` cut at punctuation into runs of words, each as lower-case syllables in the matching
    tone style: 'Sở Văn hóa, Thể thao' -> [('sở', 'văn', 'hóa'), ('thể', 'thao')]."""
    return [tuple(normalize_tones(phrase.lower()).split()) for phrase in _PHRASE.findall(text)]


@cache
def _gazetteer_phrases() -> tuple[tuple[str, ...], ...]:
    """The names the gazetteers hold (bodies, units, places), as lower-case syllables in the matching
    tone style, cut at punctuation: the words a header's issuer block is made of."""
    sources = [
        "\n".join(a.name for a in agencies().values()),
        "\n".join(body_heads()),
        "\n".join(province_names()),
        "\n".join(units()["units"]),
        "\n".join(f"{t.name}\n{chr(10).join(t.headings)}" for t in doc_types()),
        "\n".join(_rows("abbreviation_contexts.tsv")),
        "\n".join(_rows("admin_units.tsv")),
    ]
    return tuple(phrase for text in sources for phrase in syllable_phrases(text))


@cache
def known_syllables() -> frozenset[str]:
    """Every syllable of the gazetteers' names."""
    return frozenset(w for phrase in _gazetteer_phrases() for w in phrase)


@cache
def known_syllable_pairs() -> frozenset[tuple[str, str]]:
    """Every two syllables that follow one another in a gazetteer name ('công', 'an')."""
    return frozenset(pair for phrase in _gazetteer_phrases() for pair in pairwise(phrase))
