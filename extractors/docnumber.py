"""Document numbers (số, ký hiệu): '155/KH-TVTP', '21/2022/NQ-HĐND', '02-NQ/TU', '1520/QĐ-Ttg'."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from .gazetteer import abbreviation_key, doc_type_by_code

_SEGMENT = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
# A symbol is code segments joined by '-' or '/'. Spaces are tolerated around a dash
# only before an upper-case segment ("164/TTr- SKHCN", "2865/GDĐT –KT&KĐCL"), and one after a
# slash only before a code in capitals that goes on ("10/2000/TTLT/ BKH-BTP-BNG-BCA").
# A unit code may follow in brackets: "83/TTr-CAT(PA05)".
_SYMBOL = (
    rf"{_SEGMENT}(?:(?:[ \t]*[-–][ \t]*|/(?:[ \t](?=[A-ZĐ]{{2}}[A-ZĐ0-9&]*[-–/]))?|\.(?=[A-ZĐ])){_SEGMENT})*"
    r"(?:\([A-ZĐ0-9]+\))?"
)

NUMBER = regex.compile(
    rf"""(?<![\w/\-])(?<!(?:^|[^.…_])\.)         # a dot before only as part of a blank's dots
    (?:…|[.…_]{{2,}})?                            # the blank's dots the number was typed into
    (?P<num>\d{{1,5}}(?:\.\d{{1,3}})?[a-z]?)     # 155, 36a, 66.15
    (?P<fill>(?<=[.…_]\d{{1,5}})[.…_]+(?=[ \t]*/))?  # typed into a dotted blank: "…05…./2006/QĐ-UBND"
    (?:[ \t]*/[ \t]*(?P<year>(?:19|20)\d{{2}}))?
    (?:
        [ \t]*/[ \t]*(?P<sym>-?{_SYMBOL})               # 155/KH-TVTP, 21/2022/NQ-HĐND, 1281/-UBND (code left out)
      | [ \t]?-(?P<psym>{_SEGMENT}/{_SYMBOL})    # party style: 02-NQ/TU, "156 -CV/TĐTN"
    )
    (?![\p{{Ll}}\d])""",
    regex.VERBOSE,
)

# A blank number in a draft or a template: "Số: /KH-UBND", "Số      /NQ-HĐND", "số …../TTr-UBND".
BLANK_NUMBER = regex.compile(rf"[\s.…_]*/\s*(?P<sym>{_SYMBOL})")
# A number the reader could not make out: "Số: 3 49/C04-P6", "Số: *Š/QĐ-TTg" (handwritten on a scan).
# Handwritten digits OCR'd as marks, a slash among them ("Số: /?§ /GM-UBND" for 275/GM-UBND).
UNREADABLE_NUMBER = regex.compile(rf"[^\n]{{1,12}}?/\s*(?P<sym>{_SYMBOL})")


@dataclass(frozen=True, slots=True)
class DocNumber:
    number: str
    symbol: str
    type_code: str | None
    start: int
    end: int


# Compiled once: these run for every reference of every document when a corpus is linked.
_NUMBER_NOISE = regex.compile(r"[\s\-–_.]")
_SPACES = regex.compile(r"\s+")
_SYMBOL_PART = regex.compile(r"[-–/.\s]")
_WORD_IN_SYMBOL = regex.compile(r"\p{Ll}{3,}")


def canonical_number(number: str | None) -> str | None:
    """One key per document number: '1520/QĐ-Ttg' == '1520/QD-TTG' == '1520/QĐTTg'."""
    if not number:
        return None
    s = unicodedata.normalize("NFC", number).upper().replace("Đ", "D")
    s = _NUMBER_NOISE.sub("", s)
    return s or None


def clean_number(printed: str) -> str:
    """As printed, whitespace removed and dashes made plain."""
    return _SPACES.sub("", printed).replace("–", "-")


def type_code_of_symbol(symbol: str) -> str | None:
    """The type code a symbol carries: KH-UBND -> KH; NQ/TU -> NQ; BGDĐT-QLCL -> None (a công văn)."""
    first = _SYMBOL_PART.split(symbol, maxsplit=1)[0]
    t = doc_type_by_code().get(abbreviation_key(first))
    return t.code if t else None


def plausible_symbol(symbol: str) -> bool:
    """Codes are capitals ('QĐ-TTg', 'CTr', 'Ttg'); a run of small letters is a word ('2005/Pursuant')."""
    return _WORD_IN_SYMBOL.search(symbol) is None


def parse_number(m: regex.Match[str]) -> DocNumber:
    # The blank's dots around a number typed into it ("…05…./2006/QĐ-UBND") are not printed.
    whole = m.string[m.start("num") : m.end()]
    if m.group("fill"):
        cut = m.start("fill") - m.start("num"), m.end("fill") - m.start("num")
        whole = whole[: cut[0]] + whole[cut[1] :]
    printed = clean_number(whole)
    symbol = clean_number(m.group("sym") or m.group("psym"))
    return DocNumber(printed, symbol, type_code_of_symbol(symbol), m.start(), m.end())


def find_number_matches(text: str, pos: int = 0, endpos: int | None = None) -> list[regex.Match[str]]:
    """Every document number in ``text[pos:endpos]`` whose symbol looks like a code."""
    end = len(text) if endpos is None else endpos
    return [m for m in NUMBER.finditer(text, pos, end) if plausible_symbol(m.group("sym") or m.group("psym"))]


def find_numbers(text: str, pos: int = 0, endpos: int | None = None) -> list[DocNumber]:
    return [parse_number(m) for m in find_number_matches(text, pos, endpos)]
