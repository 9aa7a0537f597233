"""The shared spaCy pipeline and the content data files, each loaded once per process.

The pipeline is a blank Vietnamese one (no model download, no pyvi word
segmentation), for token-level rules; the content rules in this package match
characters on the view with the ``regex`` package and do not need it. Data
files live in ``data/`` and are read through ``importlib.resources`` like the
gazetteers.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is imported on first use: the content rules do not need it loaded
    from spacy.language import Language
    from spacy.tokens import Doc


def data_text(name: str) -> str:
    """The text of ``extractors/data/<name>``."""
    return resources.files("khplan.extractors").joinpath("data", name).read_text(encoding="utf-8")


@cache
def data_json(name: str) -> dict[str, Any]:
    """A JSON data file, parsed once."""
    data: dict[str, Any] = json.loads(data_text(name))
    return data


@cache
def data_rows(name: str) -> tuple[str, ...]:
    """The non-blank, non-comment lines of a data file."""
    return tuple(
        line.strip() for line in data_text(name).splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def load_nlp() -> Language:
    """The blank Vietnamese pipeline (tokenizer only), built once per process."""
    import spacy

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def parse(view: str) -> Doc:
    """One spaCy pass over the whole view of a document."""
    return load_nlp()(view)
