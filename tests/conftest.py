"""Shared test fixtures: where the repo, its samples and the shared evaluation sets are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"
EVAL = SHARED / "eval"


def eval_set(name: str) -> Path:
    """A shared evaluation set, or a skip saying why it is missing."""
    folder = EVAL / name
    if not (folder / "docs").is_dir():
        pytest.skip(f"the shared evaluation set {folder} is not beside this clone")
    return folder


def gold_cases(name: str) -> list[tuple[Path, dict[str, Any]]]:
    """(input path, gold annotation) for every document of an evaluation set; empty when absent."""
    folder = EVAL / name
    if not (folder / "gold").is_dir():
        return []
    cases = []
    for gold in sorted((folder / "gold").glob("*.json")):
        if gold.name == "links.json":
            continue
        docs = sorted((folder / "docs").glob(gold.stem + ".*"))
        if docs:
            cases.append((docs[0], json.loads(gold.read_text(encoding="utf-8"))))
    return cases
