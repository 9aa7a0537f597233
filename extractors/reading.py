"""The common result of every reader: text plus what the reader learnt about its layout."""

from __future__ import annotations

from dataclasses import dataclass, field


class ReadError(Exception):
    """A file that cannot be read; ``code`` is stable, the message names the reason in plain words."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(slots=True)
class ReadDocument:
    """What a reader gives the extractors.

    ``text`` is the document's text after repair (NFC, odd spaces removed); every
    span in the output points into it. ``page_offsets[i]`` is where page ``i + 1``
    starts in ``text`` (one entry for formats without pages).
    """

    text: str
    format: str
    pages: int | None = None
    page_offsets: list[int] = field(default_factory=lambda: [0])
    tables: list[list[list[str]]] = field(default_factory=list)
    ocr: bool = False
    warnings: list[tuple[str, str]] = field(default_factory=list)
