from __future__ import annotations

import json
from pathlib import Path

import pytest

from khplan.cli import EXIT_COULD_NOT_RUN, EXIT_OK, EXIT_SOME_FAILED, main

from .conftest import SAMPLES


def test_extract_prints_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SAMPLES / "seeds" / "002_21bd684ebe220878.txt")]) == EXIT_OK
    doc = json.loads(capsys.readouterr().out)
    assert doc["document"]["number"] == "155/KH-TVTP"
    assert doc["document"]["issuer"]["name"] == "Thư viện thành phố Cần Thơ"


def test_extract_of_a_bad_file_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert main(["extract", str(empty)]) == EXIT_SOME_FAILED
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "empty_file"


def test_run_with_missing_input_could_not_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == EXIT_COULD_NOT_RUN
    assert "no such file or folder" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["document", "links", "consistency", "run"])
def test_schema(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", name]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["$schema"].startswith("https://json-schema.org/")
