"""Legacy .doc through LibreOffice scores as through antiword on the real files of shared/eval/formats.

``read_legacy`` prefers LibreOffice when it is installed (``scripts/system-deps.sh
--with-libreoffice``); this checks that the switch costs nothing on the real .doc set
(header fields and references, ``score.py``'s figures within 0.01). It needs
``soffice`` and ``antiword`` and is skipped, saying which is missing, without them.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest

from khplan.api import extract_path
from khplan.extractors import read_legacy as legacy  # the module the pipeline calls (not a second copy)
from khplan.output import document_path, write_model

from .conftest import EVAL

FORMATS = EVAL / "formats"


def _score(paths: list[Path], gold: Path, out: Path) -> dict[str, Any]:
    path = EVAL / "score.py"
    spec = importlib.util.spec_from_file_location("shared_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for p in paths:
        write_model(document_path(out, p.stem), extract_path(p, p.name))
    result, missing = module.score(gold, out)
    assert not missing
    return dict(result)


def test_doc_through_soffice_scores_as_antiword(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if legacy.soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed: scripts/system-deps.sh --with-libreoffice")
    if legacy.antiword_path() is None:
        pytest.skip("antiword is not installed (scripts/system-deps.sh): nothing to compare LibreOffice with")
    if not (FORMATS / "docs").is_dir() or not (EVAL / "score.py").is_file():
        pytest.skip(f"the shared evaluation set {FORMATS} is not beside this clone")
    docs = sorted((FORMATS / "docs").glob("*.doc"))
    assert docs
    gold = tmp_path / "gold"
    gold.mkdir()
    for p in docs:
        shutil.copy(FORMATS / "gold" / f"{p.stem}.json", gold)

    through_soffice = _score(docs, gold, tmp_path / "soffice")
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    through_antiword = _score(docs, gold, tmp_path / "antiword")

    off = {
        field: (want, through_soffice.get(field))
        for field, want in through_antiword.items()
        if isinstance(want, float) and abs((through_soffice.get(field) or 0.0) - want) > 0.01
    }
    assert not off, f"fields off between antiword and LibreOffice (antiword, soffice): {off}"
