"""The plan's content: targets (chỉ tiêu), deadlines (thời hạn) and bodies (cơ quan, đơn vị).

One outline of the body is built per document and every extractor reads it, so
each item carries the section it stands in. Matching runs on the view; spans and
``text`` fields come from the text. The view is parsed once (``nlp.parse``) for
the stages that read its spaCy ``Doc`` (bodies).
"""

from __future__ import annotations

from khplan.schemas import Body, Deadline, Target

from .bodies import find_bodies
from .deadlines import find_deadlines
from .header import HeaderResult
from .nlp import parse
from .outline import build_outline
from .targets import find_targets, years_in


def _body_start(view: str, header: HeaderResult) -> int:
    """Where the plan's own content starts: after the preamble, or after the title of an article."""
    if header.secondary_source or header.preamble_end >= len(view.rstrip()):
        return header.body_start
    return max(header.preamble_end, header.body_start)


def extract_content(
    text: str, view: str, header: HeaderResult
) -> tuple[list[Target], list[Deadline], list[Body]]:
    """Targets, deadlines and bodies of one document (pure: no I/O)."""
    outline = build_outline(view, _body_start(view, header))
    title_year = None
    if header.title_span:
        found = years_in(view, *header.title_span)
        title_year = found[-1][1] if found else None
    issuer = header.info.issuer.name if header.info.issuer else None
    bodies, responsible_at = find_bodies(text, view, parse(view), outline, issuer)
    targets = find_targets(text, view, outline, title_year)
    deadlines = find_deadlines(text, view, outline, header.title_span, responsible_at)
    return targets, deadlines, bodies
