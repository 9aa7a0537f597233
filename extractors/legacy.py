"""Legacy Vietnamese 8-bit font encodings (TCVN3/ABC, VNI) detected from the text and converted.

Archives hold many files typed with .VnTime (TCVN3) or VNI-Times fonts. Read as bytes,
their text is mojibake ("Céng hoµ x· héi", "Coäng hoøa"). The conversion tables and the
content-based detector are viparse's (MIT, standard library only); the choice is made from
the text itself, never from font names, because modern Unicode files still declare old
fonts. Headings typed for .VnTimeH (upper case through the font) come out in lower case:
their case is restored.
"""

from __future__ import annotations

import unicodedata

import regex
import viparse

from .reading import ReadDocument

_VIETNAMESE_MARKED = regex.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵÀÁẢÃẠÈÉẺẼẸÌÍỈĨỊÒÓỎÕỌÙÚỦŨỤỲÝỶỸỴ]"
)
_LETTER = regex.compile(r"\p{L}")


def vietnamese_share(text: str) -> float:
    """Share of letters that carry Vietnamese marks: ~0.2-0.4 in real Vietnamese text."""
    sample = unicodedata.normalize("NFC", text[:200_000])
    letters = len(_LETTER.findall(sample))
    return len(_VIETNAMESE_MARKED.findall(sample)) / letters if letters else 0.0


def convert_legacy(text: str) -> str | None:
    """The Unicode text when ``text`` is TCVN3 or VNI mojibake (bytes read as Latin-1), else None."""
    fixed = viparse.fix(text, encoding="auto")
    if fixed == text or vietnamese_share(fixed) < max(0.08, vietnamese_share(text) + 0.05):
        return None
    return restore_heading_case(fixed)


def restore_heading_case(text: str) -> str:
    """Lines mostly in capitals with lower-case marked vowels (.VnTimeH) are put in capitals."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        letters = [c for c in line if c.isalpha()]
        if len(letters) < 4:
            continue
        upper = sum(c.isupper() for c in letters)
        lower = [c for c in letters if c.islower()]
        if upper >= 0.5 * len(letters) and all(_VIETNAMESE_MARKED.match(c) for c in lower):
            lines[i] = line.upper()
    return "\n".join(lines)


# Precomposed Vietnamese letters (ạ … ỹ): present in any Unicode Vietnamese text, impossible in
# a legacy font's text, which only holds Latin-1 and Windows-1252 characters.
_UNICODE_VIETNAMESE = regex.compile(r"[\u1ea0-\u1ef9]")
_LATIN1_LETTER = regex.compile(r"[\u00c0-\u00ff]")
LEGACY_WARNING = "The file was typed in a legacy Vietnamese font encoding (TCVN3 or VNI); converted."


def repair_legacy(read: ReadDocument) -> ReadDocument:
    """A DOCX, .doc, RTF or HTML typed with a .VnTime (TCVN3) or VNI font holds mojibake as its
    characters ("Sè: 12/Q§-UB"); convert it in place, with a ``legacy_encoding`` warning.

    A cheap look at the opening decides first: Unicode Vietnamese is left alone without running
    the converter (it costs more than reading a document).
    """
    sample = read.text[:20_000]
    if _UNICODE_VIETNAMESE.search(sample) or not _LATIN1_LETTER.search(sample):
        return read
    fixed = convert_legacy(read.text)
    if fixed is None:
        return read
    read.text = fixed
    read.tables = [[[convert_legacy(cell) or cell for cell in row] for row in table] for table in read.tables]
    read.page_offsets = [0]
    read.warnings.append(("legacy_encoding", LEGACY_WARNING))
    return read
