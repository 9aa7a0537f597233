"""Numbers written the Vietnamese way, and the quantities a target can state.

Vietnamese groups thousands with dots and writes decimals with a comma:
``29.000`` is 29000, ``2.970.000`` is 2970000, ``13,5`` is 13.5. A quantity is a
number with its unit: a percent (``60%``, ``5 - 10%``, ``từ 10% đến 15%``) or a
counted noun from ``data/units_counted.txt`` (``29.000 bản sách``, ``4/9 thư
viện``, ``hai thư viện``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .nlp import data_json, data_rows

# 2.970.000 | 13,5 | 100 — a dotted group is thousands only with groups of exactly three digits.
NUMBER = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
_NUMBER_RE = regex.compile(rf"^{NUMBER}$")


@cache
def number_words() -> dict[str, int]:
    words: dict[str, int] = data_json("number_words.json")["words"]
    return words


def parse_number(text: str) -> float | None:
    """'29.000' -> 29000.0, '13,5' -> 13.5, 'hai' -> 2.0; None when not a number."""
    t = text.strip()
    if _NUMBER_RE.match(t):
        return float(t.replace(".", "").replace(",", "."))
    word = number_words().get(t.lower())
    return float(word) if word is not None else None


@cache
def counted_units() -> tuple[str, ...]:
    """Counted nouns, longest first so 'lượt người' wins over 'lượt'."""
    return tuple(sorted(data_rows("units_counted.txt"), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, as printed at ``[start, end)`` of the view."""

    value: float
    value_max: float | None
    unit: str  # "%" or a counted noun
    start: int
    end: int  # end of the unit
    number_start: int

    @property
    def percent(self) -> bool:
        return self.unit == "%"


_SEP = r"\s*(?:-|–|—|đến|tới)\s*"


@cache
def _percent_re() -> regex.Pattern[str]:
    # "5 - 10%", "từ 10% đến 15%", "10%-15%", "60%", "13,5 %"
    return regex.compile(
        rf"(?<![\d.,/])(?:từ\s+)?(?P<lo>{NUMBER})\s*(?:%|phần trăm)?(?:{_SEP}(?P<hi>{NUMBER}))?\s*(?:%|phần trăm)",
        regex.IGNORECASE,
    )


@cache
def _count_re() -> regex.Pattern[str]:
    units = "|".join(regex.escape(u) for u in counted_units())
    words = "|".join(regex.escape(w) for w in sorted(number_words(), key=len, reverse=True))
    # "29.000 bản sách", "4/9 thư viện" (4 of 9: the target is 4), "hai thư viện", "5 - 10 lớp"
    return regex.compile(
        rf"(?<![\d.,/\p{{L}}])(?P<lo>{NUMBER}|{words})(?:/\d+)?(?:{_SEP}(?P<hi>{NUMBER}))?\s+(?P<unit>{units})(?!\p{{L}})",
        regex.IGNORECASE,
    )


def find_quantities(view: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every percent and counted quantity in ``view[start:end]``, in order."""
    stop = len(view) if end is None else end
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _percent_re().finditer(view, start, stop):
        lo = parse_number(m.group("lo"))
        hi = parse_number(m.group("hi")) if m.group("hi") else None
        if lo is None:
            continue
        found.append(Quantity(lo, hi, "%", m.start(), m.end(), m.start("lo")))
        taken.append((m.start(), m.end()))
    for m in _count_re().finditer(view, start, stop):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        lo = parse_number(m.group("lo"))
        hi = parse_number(m.group("hi")) if m.group("hi") else None
        if lo is None:
            continue
        found.append(Quantity(lo, hi, m.group("unit").lower(), m.start(), m.end(), m.start("lo")))
    return sorted(found, key=lambda q: q.start)
