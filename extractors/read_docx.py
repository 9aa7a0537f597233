"""Word 2007+ files (.docx): bytes -> ReadDocument.

The body is walked in document order: paragraphs, tables (nested too) and
content controls. A table's cells come out one after the other, separated by a
line holding ``|`` — so the usual header table (issuer | Quốc hiệu, Tiêu ngữ;
``Số:`` | place-date) reads exactly like a flattened document. Page headers and
footers (running headers, page numbers) are not part of the body and are left
out, but for a first page's header that holds the document's own header block
(see ``_header_block_in_page_header``); footnotes are appended at the end.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import regex

from .clean import fold, normalize_text
from .header import MOTTO
from .legacy import (
    HEADING_CLOSE,
    HEADING_OPEN,
    LEGACY_WARNING,
    is_heading_font,
    repair_blocks,
    restore_case,
    strip_markers,
)
from .read_pdf import is_number_cell, order_header_cells
from .reading import ReadDocument, ReadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_UNZIPPED = 200 * 1024 * 1024  # a zip bomb is refused before python-docx inflates it


Fix = Callable[[str], str]


def _run_font(t: Any) -> str | None:
    """The font a ``w:t``'s run declares (``w:rFonts``), if any."""
    run = t.getparent()
    return _declared_font(run.find(W + "rPr") if run is not None else None)


def _declared_font(props: Any) -> str | None:
    """The Latin font a ``w:rPr`` names (``w:rFonts`` ascii or hAnsi), if it names one."""
    fonts = props.find(W + "rFonts") if props is not None else None
    if fonts is None:
        return None
    name: str | None = fonts.get(W + "ascii") or fonts.get(W + "hAnsi")
    return name


def _style_fonts(styles: Any) -> tuple[dict[str, str | None], str | None, str | None]:
    """Each style's font through its ``basedOn`` chain, the default paragraph style's id, and
    the document default font (``w:docDefaults``)."""
    declared: dict[str, tuple[str | None, str | None]] = {}
    default_paragraph = None
    for style in styles.iterchildren(W + "style"):
        sid = style.get(W + "styleId")
        if not sid:
            continue
        based = style.find(W + "basedOn")
        declared[sid] = (
            based.get(W + "val") if based is not None else None,
            _declared_font(style.find(W + "rPr")),
        )
        if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true", "on"):
            default_paragraph = sid
    resolved: dict[str, str | None] = {}
    for sid in declared:
        seen: set[str] = set()
        current: str | None = sid
        font = None
        while current is not None and current in declared and current not in seen:
            seen.add(current)  # a basedOn cycle in a damaged file ends here
            based, font = declared[current]
            if font is not None:
                break
            current = based
        resolved[sid] = font
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    return resolved, default_paragraph, _declared_font(defaults)


def mark_inherited_heading_fonts(body: Any, styles: Any | None) -> None:
    """Give each run that inherits an all-capitals legacy font (.VnTimeH) from its paragraph or
    character style, or from the document's defaults, that font explicitly.

    Word 97 templates put .VnTimeH in the "Heading 1" style, so an issuer line such as "TØnh an
    giang" carries no font of its own; without this, it would not be read as capitals.
    """
    if styles is None:
        return
    fonts, default_paragraph, default_font = _style_fonts(styles)
    if not any(is_heading_font(f) for f in (*fonts.values(), default_font)):
        return
    for run in body.iter(W + "r"):
        props = run.find(W + "rPr")
        if _declared_font(props) is not None:
            continue
        font = None
        char_style = props.find(W + "rStyle") if props is not None else None
        if char_style is not None:
            font = fonts.get(char_style.get(W + "val") or "")
        if font is None:
            paragraph = next(run.iterancestors(W + "p"), None)
            style = paragraph.find(f"{W}pPr/{W}pStyle") if paragraph is not None else None
            sid = style.get(W + "val") if style is not None else default_paragraph
            font = fonts.get(sid or "") or default_font
        if not is_heading_font(font):
            continue
        if props is None:
            props = run.makeelement(W + "rPr", {})
            run.insert(0, props)
        named = props.find(W + "rFonts")
        if named is None:
            named = props.makeelement(W + "rFonts", {})
            props.insert(0, named)
        named.set(W + "ascii", font or "")


def paragraph_text(p: Any, fix: Fix = strip_markers) -> str:
    """A ``w:p`` element's text: runs, tabs and breaks; deleted text and VML fallbacks left out.

    Runs in an all-capitals legacy font (.VnTimeH) are marked for :mod:`legacy` and ``fix``
    (the document's legacy repair) turns the raw paragraph into its text.
    """
    parts: list[str] = []
    stack = [p]
    out_order: list[Any] = []
    # Depth-first, document order, skipping the fallback copy of drawings (text boxes
    # would otherwise come twice) and nested paragraphs' own handling is the same.
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag == MC_FALLBACK:
            continue
        out_order.append(node)
        stack.extend(reversed(list(node)))
    for node in out_order:
        tag = node.tag
        if tag == W + "t":
            if node.text and is_heading_font(_run_font(node)):
                parts.append(HEADING_OPEN + node.text + HEADING_CLOSE)
            else:
                parts.append(node.text or "")
        elif tag == W + "softHyphen":
            parts.append("\u00ad")  # TCVN3's ư; removed with the other invisibles otherwise
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "p" and node is not p:
            parts.append("\n")  # a paragraph inside a text box
    return fix("".join(parts))


def _cells(tbl: Any) -> Iterator[Any]:
    """Cells of a table row by row, a merged cell once (gridSpan / vMerge continuation skipped)."""
    for tr in tbl.iterchildren(W + "tr"):
        for tc in tr.iterchildren(W + "tc"):
            props = tc.find(W + "tcPr")
            vmerge = props.find(W + "vMerge") if props is not None else None
            if vmerge is not None and vmerge.get(W + "val") in (None, "continue"):
                continue
            yield tc


def _block_lines(container: Any, tables: list[list[list[str]]], fix: Fix = strip_markers) -> Iterator[str]:
    """Lines of a body, a cell or a content control, in document order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == W + "p":
            yield from paragraph_text(child, fix).split("\n")
        elif tag == W + "tbl":
            yield from _table_lines(child, tables, fix)
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _block_lines(content, tables, fix)
        elif tag in (W + "customXml", W + "ins"):
            yield from _block_lines(child, tables, fix)


def _table_lines(tbl: Any, tables: list[list[list[str]]], fix: Fix = strip_markers) -> Iterator[str]:
    """A table: each cell's lines, cells apart by a ``|`` line; blank cells skipped."""
    rows: list[list[str]] = []
    first = True
    for tr in tbl.iterchildren(W + "tr"):
        row: list[str] = []
        for tc in tr.iterchildren(W + "tc"):
            row.append(" ".join(" ".join(paragraph_text(p, fix) for p in tc.iter(W + "p")).split()))
        rows.append(row)
    tables.append(rows)
    grid = [[tc for tc in tr.iterchildren(W + "tc")] for tr in tbl.iterchildren(W + "tr")]
    if grid and all(len(r) <= 2 for r in grid):
        pairs = [
            tuple("\n".join(ln for ln in _block_lines(tc, [], fix) if ln.strip()) for tc in r) for r in grid
        ]
        cells = [(p[0] if p else "", p[1] if len(p) > 1 else "") for p in pairs]
        if any(is_number_cell(left) for left, _ in cells):
            # The header table: issuer | motto | Số (+ V/v) | place-date, whatever its rows.
            yield from order_header_cells(cells)
            yield ""
            return
    for tc in _cells(tbl):
        lines = [ln for ln in _block_lines(tc, tables, fix) if ln.strip()]
        if not lines:
            continue
        if not first:
            yield "|"
        first = False
        yield from lines
    if not first:
        yield ""


_MOTTO_LINES = 40  # a body whose first lines do not print the motto has no header block of its own


def _header_block_in_page_header(document: Any, body_lines: list[str], fix: Fix) -> list[str]:
    """The first page's header lines when they hold the document's header block and its body does
    not: a page scanned and saved as DOCX by an OCR program (ABBYY FineReader) keeps the issuer
    and the national motto ("ƯBND TỈNH AN GIANG" | "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") in text
    boxes of the page header. Otherwise none: a running header is no part of the text."""
    for line in body_lines[:_MOTTO_LINES]:
        if MOTTO.search(fold(line)):
            return []
        if is_number_cell(line):
            break  # the number line, with no motto above it (an annex may print its own below)
    if not document.sections:
        return []
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    if header.is_linked_to_previous:
        return []
    lines = [ln for ln in _block_lines(header._element, [], fix) if ln.strip()]
    if not MOTTO.search(fold("\n".join(lines))):
        return []
    # Each line holds the two columns apart by a tab ("ƯBND TỈNH AN GIANG\tCỘNG HÒA …"): read as
    # the header table's cells are, the issuer's lines first, then the motto's.
    cells = [(left.strip(), right.strip()) for left, _, right in (ln.strip().partition("\t") for ln in lines)]
    return [*order_header_cells(cells), ""]


def _inflates_past(zf: zipfile.ZipFile, limit: int) -> bool:
    """Whether the members really inflate past ``limit`` bytes, counted while streaming.

    The sizes a zip declares can lie (a bomb claiming 10 kB); python-docx would inflate
    each member whole into memory before noticing.
    """
    total = 0
    for info in zf.infolist():
        try:
            with zf.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    total += len(chunk)
                    if total > limit:
                        return True
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
            continue  # a damaged member is reported by python-docx below
    return False


def _footnotes(zf: zipfile.ZipFile) -> list[str]:
    """Footnote texts (word/footnotes.xml), separators left out."""
    from lxml import etree

    try:
        xml = zf.read("word/footnotes.xml")
    except KeyError:
        return []
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    notes: list[str] = []
    for note in root.iterchildren(W + "footnote"):
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(paragraph_text(p) for p in note.iter(W + "p")).strip()
        if text:
            notes.append(f"[{note.get(W + 'id')}] {text}")
    return notes


def _legacy_fix(body: Any) -> tuple[Fix, str | None, bool]:
    """How to turn each raw paragraph into text: the legacy repair of the whole document's
    paragraphs (TCVN3 / VNI, judged from their text), whether any run was marked as a heading."""
    raws = [paragraph_text(p, fix=lambda t: t) for p in body.iter(W + "p")]
    marked = any(HEADING_OPEN in r for r in raws)
    repaired = repair_blocks(raws)
    if repaired is None:
        return strip_markers, None, marked
    fixed, encoding = repaired
    table = dict(zip(raws, fixed, strict=True))
    return (lambda raw: table.get(raw) or strip_markers(raw)), encoding, marked


def _styles_element(document: Any) -> Any | None:
    """The ``w:styles`` element, or None where the file has no styles part."""
    try:
        return document.styles.element
    except (KeyError, ValueError, AttributeError):
        return None


def read_docx(data: bytes) -> ReadDocument:
    """A .docx file's body text (see module docstring); ``ReadError`` for damaged or protected files."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            # An OLE container named .docx is either a .doc or an encrypted .docx.
            raise ReadError(
                "encrypted_docx", "the DOCX is protected by a password (or is really a .doc)"
            ) from exc
        raise ReadError("corrupt_docx", "the DOCX is damaged: it is not a valid zip archive") from exc
    with zf:
        if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED or _inflates_past(zf, MAX_UNZIPPED):
            raise ReadError("docx_too_large", "the DOCX unpacks to more than 200 MB")
        if "word/document.xml" not in zf.namelist():
            raise ReadError("not_a_docx", "the zip archive holds no Word document (word/document.xml)")
        notes = _footnotes(zf)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ReadError("corrupt_docx", f"the DOCX is damaged ({type(exc).__name__})") from exc
    except Exception as exc:
        raise ReadError("corrupt_docx", f"the DOCX is damaged ({type(exc).__name__}: {exc})") from exc
    body = document.element.body
    mark_inherited_heading_fonts(body, _styles_element(document))
    fix, encoding, marked = _legacy_fix(body)
    tables: list[list[list[str]]] = []
    lines = list(_block_lines(body, tables, fix))
    lines = _header_block_in_page_header(document, lines, fix) + lines
    if notes:
        lines += ["", *notes]
    # Leading spaces are only indentation; runs of empty paragraphs are spacing.
    text = "\n".join(ln.strip() for ln in lines)
    if encoding == "tcvn3":
        # Headings lost their capitals unless the fonts told which runs were .VnTimeH.
        text = restore_case(text, lowercase_headings=not marked)
    text = normalize_text(text)
    text = regex.sub(r"\n{3,}", "\n\n", text).strip("\n")
    doc = ReadDocument(text=text, format="docx", pages=None, tables=tables)
    if encoding is not None:
        doc.warnings.append(("legacy_encoding", LEGACY_WARNING))
    if not text.strip():
        raise ReadError("empty_document", "the DOCX holds no text")
    return doc
