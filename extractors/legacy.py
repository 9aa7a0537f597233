"""Legacy Vietnamese 8-bit font encodings (TCVN3/ABC, VNI) detected from the text and converted.

Archives hold many files typed with .VnTime (TCVN3) or VNI-Times fonts. Read as bytes,
their text is mojibake ("Céng hoµ x· héi", "Coäng hoøa"). The conversion tables are
viparse's (MIT, standard library only) with the entries it lacks added from
``data/legacy_encodings.json``; the choice is made from the text itself, never from font
names, because modern Unicode files still declare old fonts.

The text is judged block by block (a paragraph, a line): a block holding letters only
Unicode has is Unicode, a block holding legacy signs is legacy, a block holding neither
takes its nearest neighbours' side. So a document typed partly in .VnTime and partly in
Unicode (an old template filled in later) is converted where it needs it and left alone
elsewhere.

TCVN3 has no capital toned letters: headings were set in an all-capitals font (.VnTimeH)
and typed in small letters. Readers that know the fonts mark such runs
(``HEADING_OPEN`` ... ``HEADING_CLOSE``) and they are put in capitals; without fonts, a
paragraph with no capital at all is taken for such a heading (:func:`restore_case`).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex
from viparse.normalize.tables import Charmap, build_charmap
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI

from .clean import fold, fold_same_length
from .gazetteer import doc_type_by_heading, province_names
from .nlp import data_json
from .reading import ReadDocument

_VIETNAMESE_MARKED = regex.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵÀÁẢÃẠÈÉẺẼẸÌÍỈĨỊÒÓỎÕỌÙÚỦŨỤỲÝỶỸỴ]"
)
_LETTER = regex.compile(r"\p{L}")
HEADING_OPEN = "\ue000"  # a run typed in an all-capitals font (.VnTimeH) starts ...
HEADING_CLOSE = "\ue001"  # ... and ends: see module docstring
_MARKERS = regex.compile(f"[{HEADING_OPEN}{HEADING_CLOSE}]")
_MARKED_RUN = regex.compile(f"{HEADING_OPEN}([^{HEADING_CLOSE}]*){HEADING_CLOSE}")
LEGACY_WARNING = "The file was typed in a legacy Vietnamese font encoding (TCVN3 or VNI); converted."
# A PDF printed from Word puts these in the text layer for TCVN3's ư (0xAD, the soft-hyphen
# slot) and ã (0xB7); they are letters only next to a letter.
_GLYPH_SUBSTITUTIONS = {"\u2212": "\u00ad", "\u2219": "\u00b7"}


@dataclass(frozen=True)
class _Tables:
    charmaps: dict[str, Charmap]
    index: dict[str, dict[str, tuple[tuple[str, str], ...]]]  # encoding -> first char -> pairs
    signs: frozenset[str]  # characters that only legacy text holds
    unicode_only: regex.Pattern[str]
    heading_fonts: regex.Pattern[str]
    alien: frozenset[str]
    foreign_word: regex.Pattern[str]  # a word with a Latin letter no Vietnamese text uses


@functools.cache
def _tables() -> _Tables:
    data = data_json("legacy_encodings.json")
    charmaps = {
        "tcvn3": build_charmap("tcvn3", [*TCVN3.pairs, *map(tuple, data["extra_pairs"]["tcvn3"])]),
        "vni": build_charmap("vni", [*VNI.pairs, *map(tuple, data["extra_pairs"]["vni"])]),
    }
    index: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {}
    signs: set[str] = set()
    for name, charmap in charmaps.items():
        grouped: dict[str, list[tuple[str, str]]] = {}
        for seq, out in charmap.pairs:
            grouped.setdefault(seq[0], []).append((seq, out))
            signs.update(c for c in seq if not c.isascii())
        index[name] = {k: tuple(v) for k, v in grouped.items()}
    return _Tables(
        charmaps=charmaps,
        index=index,
        signs=frozenset(signs - set(data["vietnamese_latin1"])),
        unicode_only=regex.compile(data["unicode_only"]),
        heading_fonts=regex.compile(data["heading_fonts"]),
        alien=frozenset(data["alien_letters"]),
        foreign_word=regex.compile(
            r"(?V1)(?<!\S)\S*?[[\p{Latin}&&\p{L}]--[\x00-\x7F]--["
            + data["vietnamese_latin1"]
            + data["vietnamese_lookalikes"]
            + "]--"
            + data["unicode_only"]
            + r"]\S*"
        ),
    )


def foreign_words(text: str) -> int:
    """How many words of ``text`` hold a Latin letter that Vietnamese never uses ("näm", "cüa",
    "phñc": a scanner's OCR for another language, or legacy font signs left unconverted)."""
    return len(_tables().foreign_word.findall(text))


def is_heading_font(name: str | None) -> bool:
    """Whether a font draws every letter as a capital (.VnTimeH, .VnArialH, ABCDEF+.VnTimeH)."""
    return bool(name) and _tables().heading_fonts.match(name or "") is not None


def vietnamese_share(text: str) -> float:
    """Share of letters that carry Vietnamese marks: ~0.2-0.4 in real Vietnamese text."""
    sample = unicodedata.normalize("NFC", text[:200_000])
    letters = len(_LETTER.findall(sample))
    return len(_VIETNAMESE_MARKED.findall(sample)) / letters if letters else 0.0


def convert(text: str, encoding: str) -> str:
    """``text`` converted with one table (``"tcvn3"`` or ``"vni"``)."""
    index = _tables().index[encoding]
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        sub = _GLYPH_SUBSTITUTIONS.get(char)
        if sub is not None and encoding == "tcvn3":
            near = (i > 0 and text[i - 1].isalpha()) or (i + 1 < n and text[i + 1].isalpha())
            char = sub if near else char
        for seq, repl in index.get(char, ()):
            if (char + text[i + 1 : i + len(seq)]) == seq:
                out.append(repl)
                i += len(seq)
                break
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _signs(text: str) -> int:
    signs = _tables().signs
    return sum(c in signs for c in text)


def _block_kind(block: str) -> int:
    """1: legacy (legacy signs, no Unicode-only letter); -1: Unicode; 0: cannot tell."""
    if _tables().unicode_only.search(block):
        return -1
    return 1 if _signs(block) else 0


def _reads_as_vietnamese(text: str) -> bool:
    words = [w for w in regex.findall(r"\p{L}{2,}", text)]
    if not words:
        return False
    alien = _tables().alien
    return sum(1 for w in words if alien & set(w)) / len(words) <= 0.05


def detect_encoding(text: str) -> str | None:
    """``"tcvn3"`` or ``"vni"`` when ``text`` (legacy blocks only) reads as Vietnamese through that
    table and clearly better than through the other and than as it is; else None."""
    sample = text[:100_000]
    if _signs(sample) < 3:
        return None
    before = vietnamese_share(sample)
    scored: list[tuple[float, str, str]] = []
    for name in ("tcvn3", "vni"):
        converted = convert(sample, name)
        # Signs the table left behind count against it: the right table converts them all.
        left = _signs(converted) / max(1, len(_LETTER.findall(converted)))
        scored.append((vietnamese_share(converted) - 2 * left, name, converted))
    scored.sort(reverse=True)
    score, name, converted = scored[0]
    if score < max(0.08, before + 0.05) or not _reads_as_vietnamese(converted):
        return None
    return name


@dataclass(frozen=True)
class LegacyPlan:
    """Which table converts a document and which of its blocks need it."""

    encoding: str
    legacy: list[bool]

    @property
    def mixed(self) -> bool:
        return not all(self.legacy)


def plan_blocks(blocks: Sequence[str]) -> LegacyPlan | None:
    """The conversion a document's blocks need (see module docstring), or None for Unicode text."""
    kinds = [_block_kind(_MARKERS.sub("", b)) for b in blocks]
    if 1 not in kinds:
        return None
    encoding = detect_encoding("\n".join(b for b, k in zip(blocks, kinds, strict=True) if k == 1))
    if encoding is None:
        return None
    if -1 not in kinds:
        return LegacyPlan(encoding, [True] * len(blocks))
    # Mixed: a block that cannot tell takes the side of the nearest block that can.
    legacy = [k == 1 for k in kinds]
    known = [i for i, k in enumerate(kinds) if k]
    for i, k in enumerate(kinds):
        if k == 0 and not blocks[i].isascii():
            nearest = min(known, key=lambda j: (abs(j - i), j > i))
            legacy[i] = kinds[nearest] == 1
    return LegacyPlan(encoding, legacy)


def _upper_marked(block: str) -> str:
    return _MARKED_RUN.sub(lambda m: m.group(1).upper(), block)


def strip_markers(text: str) -> str:
    return _MARKERS.sub("", text)


def repair_blocks(blocks: Sequence[str]) -> tuple[list[str], str] | None:
    """The blocks converted where they are legacy, marked heading runs in capitals, markers removed;
    with the encoding. None when nothing is legacy (markers are then the caller's to strip)."""
    plan = plan_blocks(blocks)
    if plan is None:
        return None
    out: list[str] = []
    for block, legacy in zip(blocks, plan.legacy, strict=True):
        if not legacy:
            out.append(strip_markers(block))
            continue
        fixed = convert(block, plan.encoding)
        out.append(strip_markers(_upper_marked(fixed) if plan.encoding == "tcvn3" else fixed))
    return out, plan.encoding


def convert_legacy(text: str) -> str | None:
    """The Unicode text when ``text`` is TCVN3 or VNI mojibake (bytes read as Latin-1), else None."""
    repaired = repair_blocks(text.split("\n"))
    if repaired is None:
        return None
    lines, encoding = repaired
    fixed = unicodedata.normalize("NFC", "\n".join(lines))
    return restore_case(fixed, lowercase_headings=encoding == "tcvn3")


# -------------------------------------------------------------------------------------- case

_BODY_LINE = regex.compile(r"^\P{L}*\p{Lu}.*\p{Ll}")


def _all_capitals(line: str) -> bool:
    """Mostly capitals with small toned letters (.VnTimeH typed with Caps Lock: "KÕ HO¹CH")."""
    # Words only: "Sè: 155/KH-UBND" is not a heading for its symbol's capitals.
    letters = [c for w in line.split() if regex.fullmatch(r"\p{L}+\p{P}?", w) for c in w if c.isalpha()]
    if len(letters) < 4:
        return False
    upper = sum(c.isupper() for c in letters)
    lower = [c for c in letters if c.islower()]
    return upper >= 0.5 * len(letters) and all(_VIETNAMESE_MARKED.match(c) for c in lower)


def _no_capitals(line: str) -> bool:
    """A paragraph with no capital at all (.VnTimeH typed in small letters: "kÕ ho¹ch")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and len(line.split()) >= 2 and not any(c.isupper() for c in letters)


@functools.cache
def _names_typed_in_capitals() -> regex.Pattern[str]:
    """Names that no one types in small letters (provinces, "Việt Nam"), folded."""
    names = sorted({fold(n) for n in province_names()} | {"viet nam"}, key=len, reverse=True)
    return regex.compile(r"(?<=\p{L}\s+)(?:" + "|".join(regex.escape(n) for n in names) + r")(?!\p{L})")


@functools.cache
def _type_headings() -> frozenset[str]:
    return frozenset(fold(h) for h in doc_type_by_heading())


def _typed_for_capitals(line: str) -> bool:
    """A header line in small letters but for its first word, read where no font tells which
    runs were .VnTimeH: told by a name in small letters ("Tỉnh an giang", "Cộng hòa xã hội chủ
    nghĩa việt nam") or by a type heading standing alone ("Bản Quy định")."""
    core = line.strip()
    if not core or len(core.split()) > 10:
        return False
    if fold(core) in _type_headings():
        return True
    folded = fold_same_length(core)
    return any(
        not any(c.isupper() for c in core[m.start() : m.end()])
        for m in _names_typed_in_capitals().finditer(folded)
    )


def restore_case(text: str, lowercase_headings: bool = True, header_only: bool = False) -> str:
    """Capitals a TCVN3 text lost: lines in capitals but for their toned letters, and (with
    ``lowercase_headings``, when no font told) paragraphs with no capital at all; with
    ``header_only`` (lines of a page rather than paragraphs) only those above the body's first
    sentence. A paragraph opening with a small toned letter (.VnTime has no capital "Ở") gets
    its capital."""
    lines = text.split("\n")
    in_header = True
    above_body = True
    for i, line in enumerate(lines):
        core = line.strip()
        if above_body and _BODY_LINE.match(core) and (len(core) >= 60 or core[-1:] in ".;:"):
            above_body = False
            in_header = not header_only
        if _all_capitals(line) or (
            lowercase_headings
            and (in_header or not header_only)
            and (_no_capitals(line) or (above_body and _typed_for_capitals(line)))
        ):
            lines[i] = line.upper()
        elif not header_only:
            m = regex.match(r"^(\P{L}*)(\p{Ll})(\p{L}*)(?=\s)(.*\p{Lu})", line)
            if m and _VIETNAMESE_MARKED.match(m.group(2)) and m.group(1).strip() in ("", "-", "+", "*"):
                lines[i] = m.group(1) + m.group(2).upper() + line[m.end(2) :]
    return "\n".join(lines)


# -------------------------------------------------------------------------------- documents


def has_legacy_warning(read: ReadDocument) -> bool:
    return any(code == "legacy_encoding" for code, _ in read.warnings)


def repair_legacy(read: ReadDocument) -> ReadDocument:
    """A document whose reader did not convert it (see the readers) holding mojibake
    ("Sè: 12/Q§-UB"): converted in place, with a ``legacy_encoding`` warning.

    A cheap look decides first: text without a single legacy sign is left alone without
    running the converter.
    """
    if has_legacy_warning(read) or not _signs(read.text[:200_000]):
        return read
    fixed = convert_legacy(read.text)
    if fixed is None:
        return read
    read.text = fixed
    read.tables = [[[convert_legacy(cell) or cell for cell in row] for row in table] for table in read.tables]
    read.page_offsets = [0]
    read.warnings.append(("legacy_encoding", LEGACY_WARNING))
    return read
