"""Saved web pages (.html): bytes -> ReadDocument, the document body only.

Scripts, styles, navigation, headers/footers of the site, forms and asides go;
the main content (``<main>``, ``<article>``, or the element holding most of the
text) is kept. Block elements become lines, table cells are kept apart by a
``|`` line so a header table reads like a flattened document.
"""

from __future__ import annotations

from typing import Any

import regex

from .clean import normalize_text
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
    "br",
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


def _walk(el: Any, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    tag = tag.lower()
    if tag in _DROP:
        return
    marker = f"{el.get('class', '')} {el.get('id', '')}"
    if tag not in ("body", "main", "article") and _CHROME.search(marker):
        return
    block = tag in _BLOCK
    if tag in ("td", "th"):
        out.append("\n|\n")
    elif block:
        out.append("\n")
    if el.text and tag:
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
    _walk(_main_element(root), out)
    lines: list[str] = []
    for ln in "".join(out).split("\n"):
        ln = " ".join(ln.split())
        if ln == "|" and (not lines or lines[-1] in ("|", "")):
            continue  # a row's first cell: no boundary before it
        lines.append(ln)
    text = "\n".join(lines)
    text = regex.sub(r"\n(?:\s*\n)+", "\n\n", text)
    text = regex.sub(r"\n\|\n\n", "\n\n", text)  # a boundary after a row's last cell
    return text.strip()


def read_html(data: bytes) -> ReadDocument:
    """A saved web page's document text (see module docstring)."""
    text = normalize_text(html_to_text(_decode(data)))
    if not text.strip():
        raise ReadError("empty_document", "the web page holds no text")
    return ReadDocument(text=text, format="html", pages=None)
