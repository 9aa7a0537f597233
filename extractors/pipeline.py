"""One document through every stage: read text -> header -> references -> contract model."""

from __future__ import annotations

from khplan.schemas import Document, Message, Source

from .clean import matching_view
from .content import extract_content
from .header import extract_header
from .reading import ReadDocument
from .references import find_references


def extract_document(read: ReadDocument, source: Source) -> Document:
    """Everything khplan extracts from one read document (pure: no I/O)."""
    text = read.text
    view = matching_view(text)
    source = source.model_copy(update={"chars": len(text), "pages": read.pages, "ocr": read.ocr})
    header = extract_header(text, view)
    references = find_references(text, view, header)
    targets, deadlines, bodies = extract_content(text, view, header)
    read_warnings = read.warnings
    if header.info.number is None:
        # The reader's doubt about digits it read beside a handwritten day ("2J/4/TB-SYT") is moot
        # when no number came of them: the header's number_blank says what there is to say.
        read_warnings = [(c, m) for c, m in read_warnings if c != "number_unsure"]
    warnings = [Message(code=c, message=m) for c, m in read_warnings] + header.warnings
    return Document(
        source=source,
        document=header.info,
        references=references,
        targets=targets,
        deadlines=deadlines,
        bodies=bodies,
        warnings=warnings,
    )
