"""Saved web pages (.html): bytes -> ReadDocument, the document body only.

Scripts, styles, navigation, headers/footers of the site, forms and asides go;
the main content (``<main>``, ``<article>``, or the element holding most of the
text) is kept. Block elements become lines, table cells are kept apart by a
``|`` line so a header table reads like a flattened document.
"""

from __future__ import annotations

from typing import Any

import regex

from .clean import fold, normalize_text
from .read_pdf import is_number_cell, order_header_cells
from .read_text import decode_text
from .reading import ReadDocument, ReadError

_DROP = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "menu",
    "head",
    "link",
    "meta",
}
_BLOCK = {
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "main",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "center",
    "address",
    "figure",
}
# Site chrome that is not marked up as <nav>/<footer>: class or id names of menus, banners, sharing.
_CHROME = regex.compile(
    r"(?i)(?:^|[\s_-])(?:menu|navbar|nav|breadcrumbs?|sidebar|footer|header|banner|share|social|"
    r"comments?|related|advert|ads|cookie|popup|modal|topbar)(?:$|[\s_-])"
)
_CHARSET = regex.compile(rb"""(?i)<meta[^>]+charset\s*=\s*["']?([\w-]+)""")


def _decode(data: bytes) -> str:
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)[0]


def _text_len(el: Any) -> int:
    return len("".join(el.itertext()).strip())


def _main_element(root: Any) -> Any:
    """The element holding the document: <main>/<article>, else the densest block."""
    for xpath in ("//main", "//article", "//*[@id='content' or @class='content' or @id='main']"):
        found = root.xpath(xpath)
        if found:
            best = max(found, key=_text_len)
            if _text_len(best) > 200:
                return best
    body = root.find("body")
    return body if body is not None else root


# What opens a Vietnamese document, folded: the national motto (Quốc hiệu, Tiêu ngữ) or the Party's.
_DOCUMENT_OPENING = regex.compile(
    r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia|doc\s*lap\s*-\s*tu\s*do|dang\s*cong\s*san\s*viet\s*nam"
)
OPENING_CHARS = 3000  # where a document's header stands in its own text
MOST_OF_THE_TEXT = 0.8


def _document_element(main: Any) -> Any:
    """Within the main content, the element holding the document itself. Legal-document sites
    put their own heading, status and tabs above it ("Còn hiệu lực", "Ngày cập nhật", "Nội dung
    Thuộc tính Lược đồ"), and the heading repeats the document's name with a date that is not its
    own. Step down while one child holds most of the text and the document's opening (the
    national motto) is still in it; a page with no motto keeps the whole main content."""
    total = _text_len(main)
    el = main
    while True:
        kids = [c for c in el if isinstance(c.tag, str) and c.tag.lower() not in _DROP]
        if not kids:
            return el
        best = max(kids, key=_text_len)
        text = "".join(best.itertext()).strip()
        # Folded: pages may spell Vietnamese with combining marks, or with a slip ("NGHÍA").
        if len(text) < MOST_OF_THE_TEXT * total or not _DOCUMENT_OPENING.search(fold(text[:OPENING_CHARS])):
            return el
        el = best


def _cell_text(cell: Any) -> str:
    out: list[str] = []
    for child in cell:
        _walk(child, out)
    text = (cell.text or "") + "".join(out)
    return "\n".join(" ".join(ln.split()) for ln in text.split("\n") if ln.strip())


def _table(table: Any, out: list[str]) -> None:
    """A table: a two-column header in reading order, else its cells apart by ``|`` lines."""
    rows = [
        [_cell_text(c) for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        for tr in table.iter("tr")
    ]
    rows = [r for r in rows if any(r)]
    if rows and all(len(r) <= 2 for r in rows) and any(r and is_number_cell(r[0]) for r in rows):
        out.append(
            "\n" + "\n".join(order_header_cells([(r[0], r[1] if len(r) > 1 else "") for r in rows])) + "\n"
        )
        return
    cells = [c for r in rows for c in r if c]
    out.append("\n" + "\n|\n".join(cells) + "\n")


def _walk(el: Any, out: list[str]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _DROP or not tag:
        if el.tail and tag not in _DROP:
            out.append(el.tail)
        return
    marker = f"{el.get('class', '')} {el.get('id', '')}"
    if tag not in ("body", "main", "article") and _CHROME.search(marker):
        return
    if tag == "br":
        # A line break inside a paragraph (a title's lines), not a paragraph's end: one newline.
        out.append("\n")
    elif tag == "table":
        _table(el, out)
    else:
        block = tag in _BLOCK
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            _walk(child, out)
        if block:
            out.append("\n")
    if el.tail:
        out.append(el.tail)


def html_to_text(html: str) -> str:
    """The visible text of the page's main content, one block per line."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception as exc:
        raise ReadError("corrupt_html", f"the HTML cannot be parsed ({exc})") from exc
    out: list[str] = []
    _walk(_document_element(_main_element(root)), out)
    text = "\n".join(" ".join(ln.split()) for ln in "".join(out).split("\n"))
    return regex.sub(r"\n(?:\s*\n)+", "\n\n", text).strip()


def read_html(data: bytes) -> ReadDocument:
    """A saved web page's document text (see module docstring)."""
    text = normalize_text(html_to_text(_decode(data)))
    if not text.strip():
        raise ReadError("empty_document", "the web page holds no text")
    return ReadDocument(text=text, format="html", pages=None)
