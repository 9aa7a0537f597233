"""The five seeds rendered as DOCX and as PDF (tests/fixtures/render_seeds.py) score as the plain text does.

Issue 4, "done when": over the seeds rendered as DOCX and as PDF, ``score.py``'s
figures equal the plain-text run's within 0.01 on every field. The rendered
files are committed (LibreOffice is not needed here); the gold and ``score.py``
come from the shared evaluation folder beside the clone.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from khplan.api import extract_path
from khplan.extractors.link import link_documents
from khplan.output import document_path, write_model

from .conftest import EVAL

RENDERED = Path(__file__).parent / "fixtures" / "seeds"
TOLERANCE = 0.01


def _score_module() -> ModuleType:
    path = EVAL / "score.py"
    if not path.is_file() or not (EVAL / "seeds" / "gold").is_dir():
        pytest.skip(f"the shared evaluation folder ({EVAL}: score.py, seeds/gold) is not beside this clone")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(paths: list[Path], out: Path) -> Path:
    """Extract ``paths`` into ``out`` as ``khplan run`` does (documents/<stem>.json, corpus/links.json)."""
    docs = {}
    for path in paths:
        docs[path.stem] = extract_path(path, path.name)
        write_model(document_path(out, path.stem), docs[path.stem])
    write_model(out / "corpus" / "links.json", link_documents(docs))
    return out


@pytest.fixture(scope="module")
def text_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    score = _score_module()
    seeds = sorted((EVAL / "seeds" / "docs").glob("*.txt"))
    out = _run(seeds, tmp_path_factory.mktemp("text"))
    result, missing = score.score(EVAL / "seeds" / "gold", out)
    assert not missing
    return dict(result)


def test_every_seed_is_rendered() -> None:
    if not (EVAL / "seeds" / "docs").is_dir():
        pytest.skip(f"the shared seeds ({EVAL / 'seeds' / 'docs'}) are not beside this clone")
    stems = {p.stem for p in (EVAL / "seeds" / "docs").glob("*.txt")}
    for suffix in (".docx", ".pdf"):
        assert {p.stem for p in RENDERED.glob("*" + suffix)} == stems, suffix


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_rendered_seeds_score_as_text(suffix: str, text_scores: dict[str, Any], tmp_path: Path) -> None:
    score = _score_module()
    out = _run(sorted(RENDERED.glob("*" + suffix)), tmp_path)
    result, missing = score.score(EVAL / "seeds" / "gold", out)
    assert not missing
    off = {
        field: (text_scores[field], result.get(field))
        for field, want in text_scores.items()
        if isinstance(want, float)
        and not (isinstance(result.get(field), float) and abs(result[field] - want) <= TOLERANCE)
    }
    assert not off, f"{suffix} fields off the plain-text figures (text, {suffix}): {off}"
