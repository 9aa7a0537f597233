"""RTF -> text without LibreOffice: the paragraphs of the body, and tables as antiword prints them.

Government sites published their documents of 1995-2008 as .rtf as often as .doc, most of them
typed in a TCVN3 or VNI font. LibreOffice reads them best (``read_legacy``), but it is a 300 MB
install; this reader needs nothing. It keeps what the header and content rules read: paragraphs,
line breaks, table rows (``|cell|cell|``, one line per paragraph of the cells, the way antiword
lays out a .doc's header table, so both go through ``read_legacy.antiword_to_text``), and the
characters as the file's code page gives them. A legacy font's text comes out as its bytes read in
that code page ("Sè: 120/2000/TTLT"), which ``legacy.repair_blocks`` then converts, as it does
antiword's. Unicode escapes (``\\uN``) are read; pictures, fonts, styles, headers, footers, fields'
instructions and other destinations are skipped. A file cut short is read as far as it goes.
"""

from __future__ import annotations

import codecs

import regex

_TOKEN = regex.compile(
    rb"\\(?P<word>[a-zA-Z]{1,32})(?P<arg>-?\d{1,10})? ?"
    rb"|\\'(?P<hex>[0-9a-fA-F]{2})"
    rb"|\\(?P<symbol>[^a-zA-Z])"
    rb"|(?P<open>\{)|(?P<close>\})"
    rb"|(?P<newline>[\r\n]+)"
    rb"|(?P<text>[^\\{}\r\n]+)"
)

# Destinations whose text is not the document's body.
_SKIP = frozenset(
    b"""fonttbl colortbl stylesheet info pict object header headerl headerr headerf footer footerl
    footerr footerf listtable listoverridetable rsidtbl themedata colorschememapping datastore
    latentstyles generator xmlnstbl mmathPr fldinst filetbl revtbl pgdsctbl author operator title
    subject keywords comment doccomm company category bkmkstart bkmkend xe tc footnote annotation
    atnid atnauthor protusertbl wgrffmtfilter pnseclvl pntext pntxta pntxtb listtext sp sn sv
    shprslt shppict nonshppict template""".split()
)
# Starred destinations that hold text: a shape's instructions, whose text box (\shptxt) often
# holds a header's issuer and number; its properties (\sp) and its fallback (\shprslt) are skipped.
_READ_STARRED = frozenset({b"shpinst"})
# \fcharset -> code page, for the bytes of a font that names its own (a Unicode document's
# Vietnamese runs are often cp1258 bytes in a "Times New Roman (Vietnamese)" font).
_CHARSET_PAGES = {
    161: 1253,
    162: 1254,
    163: 1258,
    177: 1255,
    178: 1256,
    186: 1257,
    204: 1251,
    222: 874,
    238: 1250,
    128: 932,
    129: 949,
    134: 936,
    136: 950,
}
_FONT_DEF = regex.compile(rb"\{\\f(\d+)[^{};]*?\\fcharset(\d+)")

_CHARACTERS = {
    b"emdash": "—",
    b"endash": "–",
    b"lquote": "‘",
    b"rquote": "’",
    b"ldblquote": "“",
    b"rdblquote": "”",
    b"bullet": "•",
    b"emspace": " ",
    b"enspace": " ",
    b"qmspace": " ",
}
_SYMBOLS = {b"~": "\u00a0", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}", b"\t": "\t"}


def _codec(page: int) -> str:
    name = f"cp{page}"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


class _Writer:
    """Paragraphs of the body; cells and rows of its tables."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.paragraph: list[str] = []
        self.cell: list[str] = []  # the paragraphs of the current cell
        self.row: list[list[str]] = []  # the cells of the current row
        self.in_table = False

    def text(self, s: str) -> None:
        self.paragraph.append(s)

    def _take(self) -> str:
        s = "".join(self.paragraph)
        self.paragraph = []
        return s

    def par(self) -> None:
        if self.in_table:
            self.cell.append(self._take())
        else:
            self.lines.append(self._take())

    def end_cell(self) -> None:
        if self.paragraph or not self.cell:
            self.cell.append(self._take())
        self.row.append([p for p in (" ".join(c.split()) for c in self.cell) if p] or [""])
        self.cell = []

    def end_row(self) -> None:
        if self.paragraph:
            self.end_cell()
        if self.row:
            for k in range(max(len(c) for c in self.row)):
                self.lines.append("|" + "|".join(c[k] if k < len(c) else "" for c in self.row) + "|")
        self.row = []
        self.in_table = False

    def result(self) -> str:
        if self.row or self.cell:
            self.end_row()
        if self.paragraph:
            self.lines.append(self._take())
        return "\n".join(self.lines)


def rtf_to_text(data: bytes) -> str:
    """The text of an RTF file (see the module docstring)."""
    out = _Writer()
    codec = "cp1252"
    # ANSI fonts (\fcharset0) and unknown charsets read in the document's code page
    font_codecs = {
        int(f): _codec(_CHARSET_PAGES[int(c)]) for f, c in _FONT_DEF.findall(data) if int(c) in _CHARSET_PAGES
    }
    # Per group: skipped, the count of fallback characters after \uN, the font, and whether the
    # group has only just opened (an ignorable destination "{\*\…" is known by its first word).
    skip, uc, font, fresh = False, 1, -1, False
    default_font = -1
    stack: list[tuple[bool, int, int]] = []
    pending = bytearray()  # \'hh bytes, decoded together (a code page may need two of them)
    to_skip = 0  # fallback characters still to drop after a \uN
    star = False

    def flush() -> None:
        if pending:
            if not skip:
                out.text(pending.decode(font_codecs.get(font, codec), "replace"))
            pending.clear()

    for m in _TOKEN.finditer(data):
        kind = m.lastgroup
        if kind == "hex":
            if to_skip:
                to_skip -= 1
                continue
            pending.append(int(m.group("hex"), 16))
            fresh = False
            continue
        flush()
        if kind == "open":
            stack.append((skip, uc, font))
            fresh, star, to_skip = True, False, 0
            continue
        if kind == "close":
            if stack:
                skip, uc, font = stack.pop()
            fresh, star, to_skip = False, False, 0
            continue
        if kind == "newline":
            continue
        if kind == "text":
            raw = m.group("text")
            if to_skip:
                drop = min(to_skip, len(raw))
                raw, to_skip = raw[drop:], to_skip - drop
            if raw and not skip:
                out.text(raw.decode(codec, "replace"))
            fresh = False
            continue
        if kind == "symbol":
            sym = m.group("symbol")
            if sym == b"*":
                star = True
                continue
            if to_skip:
                to_skip -= 1
                continue
            if not skip and sym in _SYMBOLS:
                out.text(_SYMBOLS[sym])
            elif not skip and sym in (b"\r", b"\n"):
                out.par()
            fresh = False
            continue
        word, arg = m.group("word"), m.group("arg")
        if fresh and ((star and word not in _READ_STARRED) or word in _SKIP):
            skip = True  # a destination: its whole group is left out
        fresh, star = False, False
        if word == b"ansicpg" and arg:
            codec = _codec(int(arg))
        elif word == b"deff" and arg:
            default_font = font = int(arg)
        elif word == b"f" and arg and not skip:
            font = int(arg)
        elif word == b"plain":
            font = default_font
        elif word == b"uc" and arg:
            uc = int(arg)
        elif word == b"u" and arg:
            n = int(arg)
            if not skip:
                out.text(chr(n + 65536 if n < 0 else n))
            to_skip = uc
        elif skip:
            continue
        elif word in (b"par", b"sect", b"page"):
            out.par()
        elif word == b"line":
            out.text("\n")
        elif word == b"tab":
            out.text("\t")
        elif word == b"intbl":
            out.in_table = True
        elif word in (b"cell", b"nestcell"):
            out.in_table = True
            out.end_cell()
        elif word in (b"row", b"nestrow"):
            out.end_row()
        elif word in _CHARACTERS:
            out.text(_CHARACTERS[word])
    flush()
    return out.result()
