"""Text repair and the matching view.

Two texts exist for every document:

* ``text`` — what ``source`` describes: the reader's output in Unicode NFC with
  invisible and odd spaces made plain. Spans in the output point into it.
* the *view* — the same length as ``text``, character for character, but with
  one tone-mark placement style (``hoá`` -> ``hóa``, ``thuỷ`` -> ``thủy``) and
  layout markup (Markdown ``**``/``#``, table pipes) blanked out. Every rule
  matches against the view, so a match's offsets are valid in ``text`` too.
"""

from __future__ import annotations

import unicodedata

import regex

from .nlp import data_json

# Zero-width characters vanish; every other kind of space becomes a plain one. (Regexes, not
# str.translate: translate with a dict costs ~20x more on non-ASCII text.)
_INVISIBLE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_SPACES = regex.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\x0b\x0c]")


def normalize_text(raw: str) -> str:
    """NFC, Windows line ends, invisible characters and odd spaces repaired, and letters a font
    or a web page put in place of Vietnamese or Latin ones ("hƣớng", "TT-BTС") given back."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    misread, lookalikes = _repairs()
    for wrong, right in misread.items():
        if wrong in text:
            text = text.replace(wrong, right)
    if _CYRILLIC.search(text) is not None:
        text = _MIXED_WORD.sub(lambda m: _latin_word(m.group(0), lookalikes), text)
    return unicodedata.normalize("NFC", text)


_CYRILLIC = regex.compile(r"\p{Cyrillic}")
# A word or a number with its symbol ("152/2025/TT-BTС") that has Cyrillic letters.
_MIXED_WORD = regex.compile(r"[\p{L}\p{M}\p{N}/-]*\p{Cyrillic}[\p{L}\p{M}\p{N}/-]*")
_LATIN_OR_DIGIT = regex.compile(r"[\p{Latin}\p{N}]")


def _latin_word(word: str, lookalikes: dict[str, str]) -> str:
    if _LATIN_OR_DIGIT.search(word) is None:
        return word  # a Cyrillic word: a Russian name in a treaty stays as it is
    letters = [c for c in word if _CYRILLIC.match(c)]
    if any(c not in lookalikes for c in letters):
        return word  # a letter with no Latin twin: not a look-alike slip
    return "".join(lookalikes.get(c, c) for c in word)


def _repairs() -> tuple[dict[str, str], dict[str, str]]:
    data = data_json("text_repairs.json")
    return data["misread_letters"], data["latin_lookalikes"]


_TONES = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}

# The old style puts the tone on the second vowel of oa/oe/uy in an open syllable
# (hoá, khoẻ, thuỷ); the new style on the first (hóa, khỏe, thủy). "quý" keeps its
# mark on y in both styles because "qu" is one consonant.
_OLD_STYLE = regex.compile(r"(?<![qQ])([oOuU])([\p{L}])(?!\p{L})")


def _move_tone(m: regex.Match[str]) -> str:
    first, second = m.group(1), m.group(2)
    decomposed = unicodedata.normalize("NFD", second)
    base, marks = decomposed[0], decomposed[1:]
    tone = [c for c in marks if c in _TONES]
    if not tone or base.lower() not in ("a", "e", "y") or (first.lower() == "u") != (base.lower() == "y"):
        return m.group(0)
    rest = "".join(c for c in marks if c not in _TONES)
    new_first = unicodedata.normalize("NFC", first + tone[0])
    new_second = unicodedata.normalize("NFC", base + rest)
    return new_first + new_second


def normalize_tones(text: str) -> str:
    """One tone placement style (the new one: hóa, thủy), length preserved."""
    return _OLD_STYLE.sub(_move_tone, text)


_MARKUP = regex.compile(r"\*\*|__|(?m:^[ \t]*#{1,6}(?=\s))|(?m:^[ \t]*>(?=\s))")


def matching_view(text: str) -> str:
    """The view every rule reads: same length as ``text`` (see module docstring)."""
    view = normalize_tones(text)
    view = _MARKUP.sub(lambda m: " " * len(m.group(0)), view)
    # Header tables flattened to text keep their cells apart with pipes; a pipe is a
    # cell boundary, which the header rules treat like a line break.
    return view.replace("|", "\n")


_COMBINING = regex.compile(r"\p{Mn}+")


def fold(text: str) -> str:
    """Lower case without diacritics (đ -> d): for comparing names and keys."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return _COMBINING.sub("", unicodedata.normalize("NFD", text)).lower()


def collapse_spaces(text: str) -> str:
    """Runs of whitespace (line breaks included) become one space; ends trimmed."""
    return " ".join(text.split())


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x2000):
        c = chr(code)
        f = fold(c)
        if len(f) == 1 and f != c:
            table[code] = f
    return table


_FOLD_TABLE = _build_fold_table()


def fold_same_length(text: str) -> str:
    """Like :func:`fold` but character for character, so offsets stay valid."""
    return text.translate(_FOLD_TABLE).lower()
